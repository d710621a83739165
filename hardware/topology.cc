// The cluster as a Boost.Graph tree, and ring bandwidth from flows counted on its edges.
//
//   GPU ─ switch ─ NIC ─┐        one switch per node: its NVSwitch (or NVLink fabric), or its PCIe
//   GPU ─┘   (node 0)   ├ fabric root complex when intra_node.kind is pcie; edge = the GPU's link.
//   GPU ─ switch ─ NIC ─┘        one NIC vertex per node stands for all its NICs (rail-optimised:
//   GPU ─┘   (node 1)            GPU i uses NIC i); edges = the node's inter-node bandwidth. The
//                                fabric is non-blocking (a full fat tree). A single node has no
//                                NIC or fabric vertex: it has no network to model.
// Every edge carries bytes_per_s in each direction independently (full duplex).
//
// Ring(group) routes every hop of every ring of that shape at once over the tree (the unique path
// climbs to the lowest common ancestor), counts flows per edge and direction, and returns the
// tightest edge's bandwidth / flows. nccl-tests doc/PERFORMANCE.md: a ring's bus bandwidth is set
// by its slowest link, so this is the per-rank B of cost-model.md §8.3. For k ranks of a group in
// each node, each of the gpus_per_node/k groups touching a node sends one flow out of it, so
//   B = min(intra_node, inter_node · k / gpus_per_node)
// e.g. a 32-GPU ring on 4 DGX H100 gets min(450, 400·8/8) = 400 GB/s, and 8 rings with one GPU
// per node share each node's NICs: 400/8 = 50 GB/s.
#include "hardware/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <cassert>
#include <limits>
#include <vector>

namespace fitplan {
namespace {

// α per collective step (calculon systems/*.json, cost-model.md §8.3): NVLink 1e-5 s, InfiniBand
// 2e-5 s. PCIe has no figure of its own; it takes NVLink's (llm-analysis' intra-node minimum,
// 8e-6 s, is the same order).
constexpr double kIntraNodeLatencyS = 1e-5;
constexpr double kInterNodeLatencyS = 2e-5;

enum class VertexKind { kGpu, kSwitch, kNic, kFabric };

struct VertexProps {
  VertexKind kind = VertexKind::kGpu;
  int32_t node = 0;
};

struct EdgeProps {
  double bytes_per_s = 0;   // each direction
  int64_t index = 0;        // 0 .. num_edges-1, for the flow counters
  bool inter_node = false;  // switch–NIC or NIC–fabric
};

using BoostGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexProps, EdgeProps>;
using Vertex = BoostGraph::vertex_descriptor;
using Edge = BoostGraph::edge_descriptor;

// Records the breadth-first tree: each vertex's parent, the edge to it, and the depth.
class TreeRecorder : public boost::default_bfs_visitor {
 public:
  TreeRecorder(std::vector<Vertex>* parent, std::vector<int64_t>* parent_edge,
               std::vector<int32_t>* depth)
      : parent_(parent), parent_edge_(parent_edge), depth_(depth) {}

  void tree_edge(Edge e, const BoostGraph& g) const {
    const Vertex u = boost::source(e, g), v = boost::target(e, g);
    (*parent_)[v] = u;
    (*parent_edge_)[v] = g[e].index;
    (*depth_)[v] = (*depth_)[u] + 1;
  }

 private:
  std::vector<Vertex>* parent_;
  std::vector<int64_t>* parent_edge_;
  std::vector<int32_t>* depth_;
};

}  // namespace

struct Topology::Graph {
  BoostGraph g;
  std::vector<EdgeProps> edges;  // by EdgeProps::index
  // The routing tree rooted at the fabric (the node's switch for one node).
  std::vector<Vertex> parent;
  std::vector<int64_t> parent_edge;
  std::vector<int32_t> depth;

  void AddLink(Vertex u, Vertex v, double bytes_per_s, bool inter_node) {
    const EdgeProps props{bytes_per_s, int64_t(edges.size()), inter_node};
    boost::add_edge(u, v, props, g);
    edges.push_back(props);
  }

  // Counts one flow a → b: `up` on edges climbed from a (child → parent), `down` on edges
  // descended to b.
  void Route(Vertex a, Vertex b, std::vector<int32_t>* up, std::vector<int32_t>* down) const {
    while (a != b) {
      if (depth[a] >= depth[b]) {
        ++(*up)[parent_edge[a]];
        a = parent[a];
      } else {
        ++(*down)[parent_edge[b]];
        b = parent[b];
      }
    }
  }
};

Topology::Topology(const Cluster& cluster) : graph_(std::make_unique<Graph>()), cluster_(cluster) {
  Graph& t = *graph_;
  const int64_t gpus = cluster.total_gpus(), nodes = cluster.nodes;
  // Vertex ids: GPUs 0..gpus-1 (vertex = global rank), then switches, then NICs, then the fabric.
  for (int64_t r = 0; r < gpus; ++r) {
    boost::add_vertex(VertexProps{VertexKind::kGpu, int32_t(r / cluster.gpus_per_node)}, t.g);
  }
  for (int32_t n = 0; n < nodes; ++n) boost::add_vertex(VertexProps{VertexKind::kSwitch, n}, t.g);
  const auto switch_of = [&](int64_t node) { return Vertex(gpus + node); };
  for (int64_t r = 0; r < gpus; ++r) {
    t.AddLink(Vertex(r), switch_of(r / cluster.gpus_per_node), cluster.intra_node.bytes_per_s,
              false);
  }
  Vertex root = switch_of(0);
  if (nodes > 1) {
    for (int32_t n = 0; n < nodes; ++n) boost::add_vertex(VertexProps{VertexKind::kNic, n}, t.g);
    root = boost::add_vertex(VertexProps{VertexKind::kFabric, -1}, t.g);
    for (int64_t n = 0; n < nodes; ++n) {
      const Vertex nic = Vertex(gpus + nodes + n);
      t.AddLink(switch_of(n), nic, cluster.inter_node.bytes_per_s, true);
      t.AddLink(nic, root, cluster.inter_node.bytes_per_s, true);
    }
  }
  const size_t v = boost::num_vertices(t.g);
  t.parent.assign(v, root);
  t.parent_edge.assign(v, -1);
  t.depth.assign(v, 0);
  boost::breadth_first_search(t.g, root,
                              boost::visitor(TreeRecorder(&t.parent, &t.parent_edge, &t.depth)));
}

Topology::~Topology() = default;

GroupLink Topology::Ring(RankGroup group) const {
  const int64_t gpus = cluster_.total_gpus();
  assert(group.size >= 1 && group.stride >= 1 && group.size * group.stride <= gpus);
  // One rank talks to nobody: no latency; the GPU's own link keeps S/B finite for callers.
  if (group.size == 1) return {cluster_.intra_node.bytes_per_s, 0, false};

  const Graph& t = *graph_;
  std::vector<int32_t> up(t.edges.size()), down(t.edges.size());
  // Every group of this shape: ranks base + j·stride, base = block·size·stride + offset.
  const int64_t span = group.size * group.stride;
  for (int64_t block = 0; block + span <= gpus; block += span) {
    for (int64_t offset = 0; offset < group.stride; ++offset) {
      for (int64_t j = 0; j < group.size; ++j) {
        const int64_t from = block + offset + j * group.stride;
        const int64_t to = block + offset + (j + 1) % group.size * group.stride;
        t.Route(Vertex(from), Vertex(to), &up, &down);
      }
    }
  }
  GroupLink link{std::numeric_limits<double>::infinity(), kIntraNodeLatencyS, false};
  for (const EdgeProps& e : t.edges) {
    const int32_t flows = std::max(up[e.index], down[e.index]);
    if (flows == 0) continue;
    link.bytes_per_s = std::min(link.bytes_per_s, e.bytes_per_s / flows);
    link.crosses_nodes = link.crosses_nodes || e.inter_node;
  }
  if (link.crosses_nodes) link.latency_s = kInterNodeLatencyS;
  return link;
}

int64_t Topology::num_vertices() const { return int64_t(boost::num_vertices(graph_->g)); }

int64_t Topology::num_edges() const { return int64_t(boost::num_edges(graph_->g)); }

}  // namespace fitplan
