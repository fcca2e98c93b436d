#include "avatar/grid_min_cut.h"

#include <algorithm>
#include <limits>

namespace pxav {

namespace {
// The eight neighbours; direction 7 - d is the opposite of d.
constexpr int kDx[8] = {-1, 0, 1, -1, 1, -1, 0, 1}, kDy[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
// GridPairWeights holds each pair once, at its upper or left pixel ([0] right, [1] below,
// [2] below-right, [3] below-left): for direction d, which array, and whether the pair is held
// at the neighbour (the directions up and left) or at the pixel itself.
constexpr int kWeights[8] = {2, 1, 3, 0, 0, 3, 1, 2};
constexpr bool kHeldByNeighbour[8] = {true, true, true, true, false, false, false, false};

// A node's parent: the arc from it towards its tree's terminal, or one of these.
constexpr int32_t kTerminal = -1, kOrphan = -2, kNone = -3;
enum Tree : uint8_t { kFree = 0, kSource = 1, kSink = 2 };
constexpr uint32_t kFar = std::numeric_limits<uint32_t>::max();
}  // namespace

// Boykov and Kolmogorov's max-flow ("An experimental comparison of min-cut/max-flow algorithms
// for energy minimization in vision", 2004), written for the grid: nodes are the pixels of the
// grid framed by one pixel of nodes that no arc reaches (capacity 0 both ways), so a neighbour
// needs no bounds test; arc (i, d) is i * 8 + d and its reverse is (i + step[d]) * 8 + 7 - d. A
// node's terminal capacity is one signed number: above 0 from the source, below 0 to the sink.
struct GridCutGraph {
  int width = 0, height = 0, stride = 0;  // stride: the framed grid's width
  int32_t step[8] = {};
  std::vector<int32_t> capacity;  // per framed node, 8 arcs
  // The solver's state, kept between solves so its memory is allocated once.
  std::vector<int32_t> residual, terminal, parent, queue, orphans;
  // The last solve's terminal capacities (cost_background - cost_subject per node), whose flow
  // the residual capacities still hold; empty before the first solve.
  std::vector<int32_t> difference;
  std::vector<uint8_t> tree, active;
  std::vector<uint32_t> stamp, distance;

  int32_t head(int32_t arc) const { return (arc >> 3) + step[arc & 7]; }
  int32_t reverse(int32_t arc) const { return head(arc) * 8 + 7 - (arc & 7); }
  void activate(int32_t i) {
    if (!active[i]) active[i] = 1, queue.push_back(i);
  }
  void orphan(int32_t i) { parent[i] = kOrphan, orphans.push_back(i); }
  // Whether flow can pass along arc a towards the tree's terminal side: into a source-tree node
  // from its neighbour (the reverse arc), out of a sink-tree node to its neighbour (a itself).
  bool open(uint8_t side, int32_t arc) const { return (side == kSource ? residual[reverse(arc)] : residual[arc]) > 0; }
  void solve();
  void augment(int32_t middle);
  void adopt(uint32_t time);
};

void GridCutGraphDeleter::operator()(GridCutGraph* graph) const { delete graph; }

GridCut make_grid_cut(int width, int height, const GridPairWeights& weights) {
  GridCut g(new GridCutGraph);
  g->width = width;
  g->height = height;
  g->stride = width + 2;
  for (int d = 0; d < 8; ++d) g->step[d] = kDy[d] * g->stride + kDx[d];
  const size_t nodes = static_cast<size_t>(width + 2) * (height + 2);
  g->capacity.assign(nodes * 8, 0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      const size_t node = static_cast<size_t>(y + 1) * g->stride + x + 1;
      for (int d = 0; d < 8; ++d) {
        const int nx = x + kDx[d], ny = y + kDy[d];
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const size_t j = static_cast<size_t>(ny) * width + nx;
        const int32_t w = weights[kWeights[d]][kHeldByNeighbour[d] ? j : i];
        g->capacity[node * 8 + d] = w > 0 ? w : 0;
      }
    }
  g->terminal.resize(nodes);
  g->parent.resize(nodes);
  g->tree.resize(nodes);
  g->active.resize(nodes);
  g->stamp.resize(nodes);
  g->distance.resize(nodes);
  return g;
}

// Pushes the most the path through middle carries; nodes whose arc to their parent (or to the
// terminal) it saturates become orphans.
void GridCutGraph::augment(int32_t middle) {
  const int32_t s = middle >> 3, t = head(middle);
  int32_t flow = residual[middle];
  for (int32_t k = s;;) {
    const int32_t a = parent[k];
    if (a == kTerminal) {
      flow = std::min(flow, terminal[k]);
      break;
    }
    flow = std::min(flow, residual[reverse(a)]);
    k = head(a);
  }
  for (int32_t k = t;;) {
    const int32_t a = parent[k];
    if (a == kTerminal) {
      flow = std::min(flow, -terminal[k]);
      break;
    }
    flow = std::min(flow, residual[a]);
    k = head(a);
  }
  residual[middle] -= flow;
  residual[reverse(middle)] += flow;
  for (int32_t k = s;;) {
    const int32_t a = parent[k];
    if (a == kTerminal) {
      terminal[k] -= flow;
      if (terminal[k] == 0) orphan(k);
      break;
    }
    const int32_t r = reverse(a), next = head(a);
    residual[a] += flow;
    residual[r] -= flow;
    if (residual[r] == 0) orphan(k);
    k = next;
  }
  for (int32_t k = t;;) {
    const int32_t a = parent[k];
    if (a == kTerminal) {
      terminal[k] += flow;
      if (terminal[k] == 0) orphan(k);
      break;
    }
    const int32_t next = head(a);
    residual[reverse(a)] += flow;
    residual[a] -= flow;
    if (residual[a] == 0) orphan(k);
    k = next;
  }
}

void GridCutGraph::adopt(uint32_t time) {
  for (size_t o = 0; o < orphans.size(); ++o) {
    const int32_t i = orphans[o];
    const uint8_t side = tree[i];
    // A new parent in the same tree whose own path still reaches the terminal, the nearest.
    int32_t best = kNone;
    uint32_t best_distance = kFar;
    for (int d = 0; d < 8; ++d) {
      const int32_t a = i * 8 + d, j = i + step[d];
      if (tree[j] != side || !open(side, a)) continue;
      uint32_t length = 0;
      for (int32_t k = j;;) {
        if (stamp[k] == time) {
          length += distance[k];
          break;
        }
        const int32_t p = parent[k];
        ++length;
        if (p == kTerminal) {
          stamp[k] = time, distance[k] = 1;
          break;
        }
        if (p == kOrphan) {
          length = kFar;
          break;
        }
        k = head(p);
      }
      if (length == kFar) continue;
      if (length < best_distance) best = a, best_distance = length;
      for (int32_t k = j; stamp[k] != time; k = head(parent[k])) stamp[k] = time, distance[k] = length--;
    }
    if (best != kNone) {
      parent[i] = best, stamp[i] = time, distance[i] = best_distance + 1;
      continue;
    }
    // None: i leaves its tree; neighbours that could grow into it again become active, and its
    // children become orphans.
    tree[i] = kFree, parent[i] = kNone;
    for (int d = 0; d < 8; ++d) {
      const int32_t a = i * 8 + d, j = i + step[d];
      if (tree[j] != side) continue;
      if (open(side, a)) activate(j);
      const int32_t p = parent[j];
      if (p >= 0 && head(p) == i) orphan(j);
    }
  }
  orphans.clear();
}

void GridCutGraph::solve() {
  uint32_t time = 0;
  size_t first = 0;  // the queue's front
  for (;;) {
    int32_t i = -1;
    while (first < queue.size()) {
      const int32_t k = queue[first];
      if (tree[k] != kFree) {
        i = k;
        break;
      }
      active[k] = 0, ++first;
    }
    if (i < 0) break;
    // Grow i's tree onto its free neighbours until it touches the other tree.
    int32_t middle = -1;  // the arc from the source tree to the sink tree
    const uint8_t side = tree[i];
    for (int d = 0; d < 8; ++d) {
      const int32_t a = i * 8 + d, j = i + step[d], back = j * 8 + 7 - d;
      if (side == kSource ? residual[a] == 0 : residual[back] == 0) continue;
      if (tree[j] == kFree) {
        tree[j] = side, parent[j] = back, stamp[j] = stamp[i], distance[j] = distance[i] + 1;
        activate(j);
      } else if (tree[j] != side) {
        middle = side == kSource ? a : back;
        break;
      } else if (stamp[j] <= stamp[i] && distance[j] > distance[i]) {
        // A shorter path to the terminal through i (Kolmogorov's heuristic).
        parent[j] = back, stamp[j] = stamp[i], distance[j] = distance[i] + 1;
      }
    }
    if (middle < 0) {
      active[i] = 0, ++first;
      if (first == queue.size()) queue.clear(), first = 0;
      continue;
    }
    ++time;
    augment(middle);
    adopt(time);
  }
  queue.clear();
}

std::vector<uint8_t> solve_grid_cut(GridCut& g, const std::vector<int32_t>& cost_subject,
                                    const std::vector<int32_t>& cost_background) {
  const int w = g->width, h = g->height;
  // A second solve (new costs, the same pairs) keeps the flow the first one found: only the
  // terminal capacities change, and adding the change to a node's residual terminal capacity
  // leaves the flow valid (a node's two terminal arcs may both grow by a constant, which shifts
  // the energy but not its minimum). Max-flow then only finds the flow the change allows.
  if (g->difference.empty()) {
    g->residual = g->capacity;
    std::fill(g->terminal.begin(), g->terminal.end(), 0);
    g->difference.assign(g->terminal.size(), 0);
  }
  std::fill(g->tree.begin(), g->tree.end(), kFree);
  std::fill(g->parent.begin(), g->parent.end(), kNone);
  std::fill(g->active.begin(), g->active.end(), 0);
  std::fill(g->stamp.begin(), g->stamp.end(), 0);
  g->queue.clear();
  // Only the difference counts: labelled background, a pixel is cut from the source and pays
  // cost_background; labelled subject, it pays cost_subject.
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      const int32_t node = (y + 1) * g->stride + x + 1;
      const int32_t d = cost_background[i] - cost_subject[i];
      g->terminal[node] += d - g->difference[node];
      g->difference[node] = d;
      const int32_t t = g->terminal[node];
      if (t == 0) continue;
      g->tree[node] = t > 0 ? kSource : kSink;
      g->parent[node] = kTerminal, g->distance[node] = 1;
      g->activate(node);
    }
  g->solve();
  // The source's tree is every node the source still reaches: the least subject of least cost.
  std::vector<uint8_t> labels(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      labels[static_cast<size_t>(y) * w + x] = g->tree[static_cast<size_t>(y + 1) * g->stride + x + 1] == kSource;
  return labels;
}

}  // namespace pxav
