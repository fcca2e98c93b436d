#include "avatar/grid_min_cut.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

namespace pxav {

namespace {
using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    boost::property<boost::edge_index_t, uint32_t>>;
using Edge = Traits::edge_descriptor;
}  // namespace

struct GridCutGraph {
  Graph graph;
  int width = 0, height = 0;
  std::vector<int32_t> capacity, residual;
  std::vector<Edge> reverse;
  std::vector<boost::default_color_type> colour;
  // Per pixel, the edge from the source and the edge to the sink (capacities set per solve).
  std::vector<uint32_t> from_source, to_sink;
  size_t source = 0, sink = 0;
};

void GridCutGraphDeleter::operator()(GridCutGraph* graph) const { delete graph; }

namespace {

// An edge a -> b of capacity c and its reverse b -> a of capacity rc; returns the first's index.
uint32_t add_pair(GridCutGraph& g, size_t a, size_t b, int32_t c, int32_t rc) {
  const auto index = static_cast<uint32_t>(g.capacity.size());
  const Edge forward = boost::add_edge(a, b, index, g.graph).first;
  const Edge backward = boost::add_edge(b, a, index + 1, g.graph).first;
  g.capacity.push_back(c);
  g.capacity.push_back(rc);
  g.reverse.push_back(backward);
  g.reverse.push_back(forward);
  return index;
}

}  // namespace

GridCut make_grid_cut(int width, int height, const GridPairWeights& weights) {
  GridCut g(new GridCutGraph);
  const size_t n = static_cast<size_t>(width) * height;
  g->width = width;
  g->height = height;
  g->graph = Graph(n + 2);
  g->source = n;
  g->sink = n + 1;
  g->capacity.reserve(n * 12);
  g->reverse.reserve(n * 12);
  g->from_source.resize(n);
  g->to_sink.resize(n);
  for (size_t i = 0; i < n; ++i) {
    g->from_source[i] = add_pair(*g, g->source, i, 0, 0);
    g->to_sink[i] = add_pair(*g, i, g->sink, 0, 0);
  }
  constexpr int kDx[4] = {1, 0, 1, -1}, kDy[4] = {0, 1, 1, 1};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int k = 0; k < 4; ++k) {
        const int nx = x + kDx[k], ny = y + kDy[k];
        if (nx < 0 || nx >= width || ny >= height) continue;
        const size_t i = static_cast<size_t>(y) * width + x;
        const int32_t w = weights[k][i];
        if (w > 0) add_pair(*g, i, static_cast<size_t>(ny) * width + nx, w, w);
      }
  g->residual.resize(g->capacity.size());
  g->colour.resize(n + 2);
  return g;
}

std::vector<uint8_t> solve_grid_cut(GridCut& g, const std::vector<int32_t>& cost_subject,
                                    const std::vector<int32_t>& cost_background) {
  const size_t n = static_cast<size_t>(g->width) * g->height;
  // Only the difference counts: one terminal edge per pixel carries it. Labelled background,
  // a pixel is cut from the source and pays cost_background; labelled subject, it pays cost_subject.
  for (size_t i = 0; i < n; ++i) {
    const int32_t d = cost_background[i] - cost_subject[i];
    g->capacity[g->from_source[i]] = d > 0 ? d : 0;
    g->capacity[g->to_sink[i]] = d < 0 ? -d : 0;
  }
  const auto index = boost::get(boost::edge_index, g->graph);
  boost::boykov_kolmogorov_max_flow(
      g->graph, boost::make_iterator_property_map(g->capacity.begin(), index),
      boost::make_iterator_property_map(g->residual.begin(), index),
      boost::make_iterator_property_map(g->reverse.begin(), index),
      boost::make_iterator_property_map(g->colour.begin(), boost::get(boost::vertex_index, g->graph)),
      boost::get(boost::vertex_index, g->graph), g->source, g->sink);
  std::vector<uint8_t> labels(n);
  for (size_t i = 0; i < n; ++i) labels[i] = g->colour[i] == boost::black_color ? 1 : 0;
  return labels;
}

}  // namespace pxav
