#include "tests/fuzz/model_check.h"

#include <cmath>
#include <fstream>
#include <iterator>

#include "cost-models/registry.h"
#include "tests/fuzz/fuzz_support.h"

namespace archex::fuzz {
namespace {

bool good(double value) { return std::isfinite(value) && value >= 0.0; }

}  // namespace

void check_metrics(const cost::Metrics& m, const std::string& what) {
  if (!m.feasible) {
    if (m.reason.empty()) finding(what + ": infeasible without a reason");
    return;
  }
  if (!(std::isfinite(m.area_mm2) && m.area_mm2 > 0.0)) finding(what + ": area " + std::to_string(m.area_mm2));
  if (m.latency_cycles < 0 || m.dram_bytes < 0)
    finding(what + ": negative count (latency " + std::to_string(m.latency_cycles) + " cycles, DRAM " +
            std::to_string(m.dram_bytes) + " bytes)");
  for (double v : {m.latency_ms, m.throughput_ips, m.energy_uj})
    if (!good(v)) finding(what + ": latency / throughput / energy " + std::to_string(v));
  for (double v : m.area_mm2_by_component)
    if (!good(v)) finding(what + ": area component " + std::to_string(v));
  for (double v : m.energy_uj_by_level)
    if (!good(v)) finding(what + ": energy level " + std::to_string(v));
  for (const auto* named : {&m.area_by_name, &m.energy_by_name})
    for (double v : named->values)
      if (!good(v)) finding(what + ": named area / energy " + std::to_string(v));
  for (const cost::LayerMetrics& l : m.layers) {
    if (l.cycles < 0 || l.dram_bytes < 0) finding(what + ": a layer has a negative count");
    if (!good(l.energy_pj) || !good(l.latency_ms) || !good(l.utilization))
      finding(what + ": a layer's energy / latency / utilization is not a finite non-negative number");
  }
}

void evaluate_and_check(const cost::CostModel& model, const arch::Template& tmpl, const workload::Workload& workload,
                        const arch::Config& config, const std::string& what) {
  for (int batch : {1, 4}) {
    if (batch > 1 && tmpl.architecture() == nullptr) break;  // the edge model takes batch 1 only
    const cost::Metrics m = model.evaluate(workload, config, {.per_layer = true, .batch_size = batch});
    check_metrics(m, what + " (batch " + std::to_string(batch) + ")");
  }
}

const arch::Template& apollo_edge() {
  static const arch::Template t = arch::Template::load_named("apollo_edge");
  return t;
}

// Without the mapper's random samples and local search (greedy tiles only):
// the same model code at a fraction of the cost per input.
const arch::Template& eyeriss_v1() {
  static const arch::Template t = [] {
    std::ifstream in(arch::Template::shipped_dir() / "eyeriss_v1.yaml");
    std::string text{std::istreambuf_iterator<char>(in), {}};
    const std::string key = "\narchitecture:\n";
    const auto at = text.find(key);
    if (at == std::string::npos) finding("eyeriss_v1.yaml has no architecture section");
    text.insert(at + key.size(), "  mapper_samples: 0\n  mapper_search_rounds: 0\n");
    return arch::Template::load(write_temp_file("eyeriss_v1_greedy.yaml", text));
  }();
  return t;
}

const cost::CostModel& apollo_edge_model() {
  static const auto model = cost::make_cost_model("analytical", apollo_edge());
  return *model;
}

const cost::CostModel& eyeriss_v1_model() {
  static const auto model = cost::make_cost_model("analytical", eyeriss_v1());
  return *model;
}

void evaluate_on_shipped_templates(const workload::Workload& workload, const std::string& what) {
  evaluate_and_check(apollo_edge_model(), apollo_edge(), workload, apollo_edge().baseline(), what + " on apollo_edge");
  evaluate_and_check(eyeriss_v1_model(), eyeriss_v1(), workload, eyeriss_v1().baseline(), what + " on eyeriss_v1");
}

}  // namespace archex::fuzz
