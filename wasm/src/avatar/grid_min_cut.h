// The minimum cut of a two-label energy on an image grid: each pixel pays one cost if labelled
// subject and another if background, and each pair of 8-neighbours that the cut separates pays
// their smoothness weight. Solved exactly by Boykov-Kolmogorov max-flow, the algorithm built for
// such grid graphs, written for the grid (no graph structure to build: a cell's arcs are found by
// arithmetic). Integer capacities, so every build finds the same flow; of several labellings of
// least energy it returns the one with the least subject (what the source still reaches).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace pxav {

// The grid's neighbour pairs, built once: several energies with the same smoothness (the
// subject cut re-learns its per-pixel terms and cuts again) reuse the graph.
struct GridCutGraph;
struct GridCutGraphDeleter {
  void operator()(GridCutGraph* graph) const;
};
using GridCut = std::unique_ptr<GridCutGraph, GridCutGraphDeleter>;

// Neighbour weights (>= 0), width * height each, indexed by the pixel above or left of the pair:
// [0] to the right, [1] below, [2] below-right, [3] below-left. Entries without a neighbour are
// ignored.
using GridPairWeights = std::array<std::vector<int32_t>, 4>;

GridCut make_grid_cut(int width, int height, const GridPairWeights& weights);

// Labels (1 = subject, the source's side) of the cut of least cost, one per pixel. cost_subject
// and cost_background: width * height each, >= 0; only their difference matters per pixel. A
// graph solved again starts from the flow its last solve found (the same labels, found sooner
// when the costs changed little).
std::vector<uint8_t> solve_grid_cut(GridCut& graph, const std::vector<int32_t>& cost_subject,
                                    const std::vector<int32_t>& cost_background);

}  // namespace pxav
