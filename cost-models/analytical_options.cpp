#include "cost-models/analytical_options.h"

#include <cmath>
#include <sstream>

#include "cost-models/registry.h"

namespace archex::cost {

namespace {

void require(bool ok, const char* field, double value, const char* constraint) {
  if (ok) return;
  std::ostringstream msg;
  msg << "AnalyticalOptions." << field << " = " << value << " violates " << constraint;
  throw CostModelError(msg.str());
}

}  // namespace

void AnalyticalOptions::validate() const {
  auto fraction = [](double v) { return std::isfinite(v) && v > 0.0 && v <= 1.0; };
  auto non_negative = [](double v) { return std::isfinite(v) && v >= 0.0; };
  require(fraction(compute_efficiency), "compute_efficiency", compute_efficiency, "0 < x <= 1");
  require(fraction(onchip_efficiency), "onchip_efficiency", onchip_efficiency, "0 < x <= 1");
  require(fraction(dram_efficiency), "dram_efficiency", dram_efficiency, "0 < x <= 1");
  require(non_negative(layer_overhead_cycles), "layer_overhead_cycles", layer_overhead_cycles, "x >= 0");
  require(non_negative(dram_chunk_overhead_cycles), "dram_chunk_overhead_cycles", dram_chunk_overhead_cycles,
          "x >= 0");
  require(instruction_bytes >= 1, "instruction_bytes", static_cast<double>(instruction_bytes), "x >= 1");
  require(instructions_per_layer >= 1, "instructions_per_layer", static_cast<double>(instructions_per_layer),
          "x >= 1");
}

nlohmann::json options_to_json(const AnalyticalOptions& o) {
  return {{"compute_efficiency", o.compute_efficiency},
          {"onchip_efficiency", o.onchip_efficiency},
          {"dram_efficiency", o.dram_efficiency},
          {"layer_overhead_cycles", o.layer_overhead_cycles},
          {"dram_chunk_overhead_cycles", o.dram_chunk_overhead_cycles},
          {"instruction_bytes", o.instruction_bytes},
          {"instructions_per_layer", o.instructions_per_layer}};
}

AnalyticalOptions options_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw CostModelError("analytical options: expected a JSON object");
  AnalyticalOptions o;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_number())
      throw CostModelError("analytical options: field '" + key + "' must be a number, got " + value.dump());
    if (key == "compute_efficiency") o.compute_efficiency = value.get<double>();
    else if (key == "onchip_efficiency") o.onchip_efficiency = value.get<double>();
    else if (key == "dram_efficiency") o.dram_efficiency = value.get<double>();
    else if (key == "layer_overhead_cycles") o.layer_overhead_cycles = value.get<double>();
    else if (key == "dram_chunk_overhead_cycles") o.dram_chunk_overhead_cycles = value.get<double>();
    else if (key == "instruction_bytes") o.instruction_bytes = value.get<std::int64_t>();
    else if (key == "instructions_per_layer") o.instructions_per_layer = value.get<std::int64_t>();
    else throw CostModelError("analytical options: unknown field '" + key + "'");
  }
  o.validate();
  return o;
}

}  // namespace archex::cost
