#include "avatar/grid_min_cut.h"

#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace pxav {

namespace {
// Compressed sparse rows: the whole graph in a few arrays, built in one pass, where an
// adjacency list would allocate a vector per pixel.
using Graph = boost::compressed_sparse_row_graph<boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// The eight neighbours, and for each the index of the opposite direction.
constexpr int kDx[8] = {-1, 0, 1, -1, 1, -1, 0, 1}, kDy[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
constexpr int kOpposite[8] = {7, 6, 5, 4, 3, 2, 1, 0};
// GridPairWeights holds each pair once, at its upper or left pixel ([0] right, [1] below,
// [2] below-right, [3] below-left): for direction d, which array, and whether the pair is held
// at the neighbour (the directions up and left) or at the pixel itself.
constexpr int kWeights[8] = {2, 1, 3, 0, 0, 3, 1, 2};
constexpr bool kHeldByNeighbour[8] = {true, true, true, true, false, false, false, false};
}  // namespace

struct GridCutGraph {
  Graph graph;
  int width = 0, height = 0;
  std::vector<int32_t> capacity, residual;
  std::vector<Edge> reverse;
  std::vector<boost::default_color_type> colour;
  std::vector<uint32_t> first;  // per pixel, its first out-edge: to the source, to the sink, then neighbours
  uint32_t from_source = 0;     // the source's out-edges: from_source + pixel
  Vertex source = 0, sink = 0;
};

void GridCutGraphDeleter::operator()(GridCutGraph* graph) const { delete graph; }

GridCut make_grid_cut(int width, int height, const GridPairWeights& weights) {
  GridCut g(new GridCutGraph);
  const size_t n = static_cast<size_t>(width) * height;
  g->width = width;
  g->height = height;
  g->source = n;
  g->sink = n + 1;
  const auto inside = [&](int x, int y) { return x >= 0 && y >= 0 && x < width && y < height; };
  // Out-edges in source order, so each edge's index is its place in the list.
  std::vector<std::pair<Vertex, Vertex>> edges;
  edges.reserve(n * 12);
  g->first.resize(n);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      g->first[i] = static_cast<uint32_t>(edges.size());
      edges.push_back({i, g->source});
      edges.push_back({i, g->sink});
      for (int d = 0; d < 8; ++d)
        if (inside(x + kDx[d], y + kDy[d])) edges.push_back({i, static_cast<size_t>(y + kDy[d]) * width + x + kDx[d]});
    }
  g->from_source = static_cast<uint32_t>(edges.size());
  for (size_t i = 0; i < n; ++i) edges.push_back({g->source, i});
  const uint32_t from_sink = static_cast<uint32_t>(edges.size());
  for (size_t i = 0; i < n; ++i) edges.push_back({g->sink, i});
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
  // GCC 12 inlines Boost's CSR constructor (a one-element vector, then resized) and warns of a
  // write past the one element that its own resize made room for: a false positive of
  // -Warray-bounds; clang and the sanitizers see nothing.
  g->graph = Graph(boost::edges_are_sorted, edges.begin(), edges.end(), n + 2);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

  g->capacity.assign(edges.size(), 0);
  g->reverse.resize(edges.size());
  const auto edge = [&](uint32_t index) { return Edge(edges[index].first, index); };
  // The slot of direction d among pixel (x, y)'s neighbour edges: 2 + d inside the frame.
  const auto slot = [&](int x, int y, int d) {
    if (x > 0 && y > 0 && x + 1 < width && y + 1 < height) return static_cast<uint32_t>(2 + d);
    uint32_t s = 2;
    for (int k = 0; k < d; ++k) s += inside(x + kDx[k], y + kDy[k]);
    return s;
  };
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      const uint32_t to_source = g->first[i], to_sink = g->first[i] + 1;
      g->reverse[to_source] = edge(g->from_source + static_cast<uint32_t>(i));
      g->reverse[g->from_source + i] = edge(to_source);
      g->reverse[to_sink] = edge(from_sink + static_cast<uint32_t>(i));
      g->reverse[from_sink + i] = edge(to_sink);
      for (int d = 0; d < 8; ++d) {
        const int nx = x + kDx[d], ny = y + kDy[d];
        if (!inside(nx, ny)) continue;
        const size_t j = static_cast<size_t>(ny) * width + nx;
        const uint32_t mine = g->first[i] + slot(x, y, d), theirs = g->first[j] + slot(nx, ny, kOpposite[d]);
        g->reverse[mine] = edge(theirs);
        const int32_t w = weights[kWeights[d]][kHeldByNeighbour[d] ? j : i];
        g->capacity[mine] = w > 0 ? w : 0;
      }
    }
  g->residual.resize(edges.size());
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
    g->capacity[g->from_source + i] = d > 0 ? d : 0;
    g->capacity[g->first[i] + 1] = d < 0 ? -d : 0;
  }
  const auto index = boost::get(boost::edge_index, g->graph);
  const auto vertex_index = boost::get(boost::vertex_index, g->graph);
  boost::boykov_kolmogorov_max_flow(g->graph, boost::make_iterator_property_map(g->capacity.begin(), index),
                                    boost::make_iterator_property_map(g->residual.begin(), index),
                                    boost::make_iterator_property_map(g->reverse.begin(), index),
                                    boost::make_iterator_property_map(g->colour.begin(), vertex_index), vertex_index,
                                    g->source, g->sink);
  std::vector<uint8_t> labels(n);
  for (size_t i = 0; i < n; ++i) labels[i] = g->colour[i] == boost::black_color ? 1 : 0;
  return labels;
}

}  // namespace pxav
