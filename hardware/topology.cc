// The cluster as a Boost.Graph tree, and ring bandwidth from flows counted on its links.
//
//   GPU ─┐
//   GPU ─┴ switch ═ NICs ═ port ─┐
//          (node 0)              ├ core
//   GPU ─┬ switch ═ NICs ═ port ─┘
//   GPU ─┘ (node 1)
//
// GPU–switch: the GPU's link (intra_node); the switch is the node's NVSwitch (or NVLink fabric),
// or its PCIe root complex when intra_node.kind is pcie. switch═port: the node's NICs, one edge
// per NIC of bytes_per_s / nics (inter_node.nics > 0), else one edge of the node's total.
// port–core: the fabric's capacity per node, bytes_per_s / oversubscription (an N:1 fabric
// carries 1/N of the nodes' NIC bandwidth across its core when every node sends at once). A
// single node has no NIC, port or core: it has no network to model.
// Every edge carries bytes_per_s in each direction independently (full duplex).
//
// Routing counts flows per *link*: an edge, or the parallel NIC edges of one node, which pool
// their bandwidth: a ring's traffic out of a node is striped over all its NICs (NCCL opens
// channels on every NIC; PXN forwards over NVLink to the NIC on the peer's rail), so one flow can
// use all of them and n flows share them evenly. Every cross-node flow climbs to the core: the
// model does not know which nodes share a leaf switch, so with oversubscription > 1 it is
// pessimistic for traffic inside one leaf.
//
// Ring(group) routes every hop of every ring of that shape at once over the tree (the unique path
// climbs to the lowest common ancestor), counts flows per link and direction, and returns the
// tightest link's bandwidth / flows. nccl-tests doc/PERFORMANCE.md: a ring's bus bandwidth is set
// by its slowest link, so this is the per-rank B of cost-model.md §8.3. For k ranks of a group in
// each node, each of the gpus_per_node/k groups touching a node sends one flow out of it, so
//   B = min(intra_node, inter_node / oversubscription · k / gpus_per_node)
// e.g. a 32-GPU ring on 4 DGX H100 gets min(450, 400/1·8/8) = 400 GB/s, and 8 rings with one GPU
// per node share each node's NICs: 400/8 = 50 GB/s (25 GB/s on a 2:1 fabric).
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

enum class VertexKind { kGpu, kSwitch, kPort, kCore };

struct VertexProps {
  VertexKind kind = VertexKind::kGpu;
  int32_t node = 0;
};

struct EdgeProps {
  double bytes_per_s = 0;  // each direction
  int64_t link = 0;        // the Link this edge belongs to (parallel NIC edges share one)
};

// What flows are counted on: one edge, or the parallel NIC edges of one node.
struct Link {
  double bytes_per_s = 0;   // each direction: the sum over its edges
  bool inter_node = false;  // NICs or port–core
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
    (*parent_edge_)[v] = g[e].link;
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
  std::vector<Link> links;  // by EdgeProps::link
  // The routing tree rooted at the fabric core (the node's switch for one node); parent_edge is
  // the Link to the parent.
  std::vector<Vertex> parent;
  std::vector<int64_t> parent_edge;
  std::vector<int32_t> depth;

  // Adds `count` parallel edges u–v of bytes_per_s each as one Link.
  void AddLink(Vertex u, Vertex v, double bytes_per_s, bool inter_node, int64_t count = 1) {
    links.push_back({0, inter_node});
    for (int64_t i = 0; i < count; ++i) {
      boost::add_edge(u, v, EdgeProps{bytes_per_s, int64_t(links.size()) - 1}, g);
      links.back().bytes_per_s += bytes_per_s;
    }
  }

  // Counts one flow a → b: `up` on links climbed from a (child → parent), `down` on links
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
  // Vertex ids: GPUs 0..gpus-1 (vertex = global rank), then switches, then ports, then the core.
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
    const LinkSpec& fabric = cluster.inter_node;
    assert(fabric.nics >= 0 && fabric.oversubscription >= 1);
    const int64_t nics = std::max<int64_t>(fabric.nics, 1);  // 0: one edge for the node's total
    for (int32_t n = 0; n < nodes; ++n) boost::add_vertex(VertexProps{VertexKind::kPort, n}, t.g);
    root = boost::add_vertex(VertexProps{VertexKind::kCore, -1}, t.g);
    for (int64_t n = 0; n < nodes; ++n) {
      const Vertex port = Vertex(gpus + nodes + n);
      t.AddLink(switch_of(n), port, fabric.bytes_per_s / double(nics), true, nics);
      t.AddLink(port, root, fabric.bytes_per_s / fabric.oversubscription, true);
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
  const std::pair<int64_t, int64_t> key{group.size, group.stride};
  {
    const std::lock_guard<std::mutex> lock(ring_cache_mutex_);
    const auto it = ring_cache_.find(key);
    if (it != ring_cache_.end()) return it->second;
  }
  const GroupLink link = ComputeRing(group);
  const std::lock_guard<std::mutex> lock(ring_cache_mutex_);
  ring_cache_.emplace(key, link);
  return link;
}

GroupLink Topology::ComputeRing(RankGroup group) const {
  const int64_t gpus = cluster_.total_gpus();
  assert(group.size >= 1 && group.stride >= 1 && group.size * group.stride <= gpus);
  // One rank talks to nobody: no latency; the GPU's own link keeps S/B finite for callers.
  if (group.size == 1) return {cluster_.intra_node.bytes_per_s, 0, false};

  const Graph& t = *graph_;
  std::vector<int32_t> up(t.links.size()), down(t.links.size());
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
  for (size_t i = 0; i < t.links.size(); ++i) {
    const int32_t flows = std::max(up[i], down[i]);
    if (flows == 0) continue;
    link.bytes_per_s = std::min(link.bytes_per_s, t.links[i].bytes_per_s / flows);
    link.crosses_nodes = link.crosses_nodes || t.links[i].inter_node;
  }
  if (link.crosses_nodes) link.latency_s = kInterNodeLatencyS;
  return link;
}

int64_t Topology::num_vertices() const { return int64_t(boost::num_vertices(graph_->g)); }

int64_t Topology::num_edges() const { return int64_t(boost::num_edges(graph_->g)); }

}  // namespace fitplan
