#include "accelerator-template/architecture_yaml.h"

#include <algorithm>
#include <set>

#include "accelerator-template/template.h"

namespace archex::arch {

void raise_template_error(const std::string& message) { throw TemplateError(message); }

namespace {

template <typename T>
T required(std::optional<T> value, TemplateFields& f, const std::string& key) {
  if (!value) f.fail(key, "a value (the field is required)");
  return *value;
}

Dim parse_dim(const std::string& text, TemplateFields& f, const std::string& key);

// One order ([N, P, K]) or several candidates ([[N, P, K], [N, K, P]]).
std::vector<std::vector<Dim>> parse_orders(TemplateFields& f, const std::string& key) {
  const std::string expected = "a list of loop dimensions, or a list of such lists (candidate orders)";
  const auto found = f.raw(key);
  if (!found || !found->IsSequence() || found->size() == 0) f.fail(key, expected);
  const YAML::Node node = *found;
  std::vector<std::vector<Dim>> orders;
  const bool nested = node[0].IsSequence();
  for (std::size_t i = 0; i < (nested ? node.size() : 1); ++i) {
    const YAML::Node list = nested ? node[i] : node;
    if (!list.IsSequence()) f.fail(key, expected);
    std::vector<Dim> order;
    for (const auto& item : list) {
      if (!item.IsScalar()) f.fail(key, expected);
      const Dim d = parse_dim(item.Scalar(), f, key);
      if (std::find(order.begin(), order.end(), d) != order.end())
        f.fail(key, std::string("each dimension at most once per order (") + dim_name(d) + " appears twice)");
      order.push_back(d);
    }
    orders.push_back(std::move(order));
  }
  return orders;
}

Dim parse_dim(const std::string& text, TemplateFields& f, const std::string& key) {
  for (int d = 0; d < kDims; ++d)
    if (text == dim_name(static_cast<Dim>(d))) return static_cast<Dim>(d);
  f.fail(key, "loop dimensions among N, G, K, C, P, Q, R, S (got '" + text + "')");
}

std::vector<Dim> parse_dims(TemplateFields& f, const std::string& key, bool required_field) {
  const auto names = f.names(key);
  if (!names) {
    if (required_field) f.fail(key, "a list of loop dimensions (N, G, K, C, P, Q, R, S)");
    return {};
  }
  std::vector<Dim> dims;
  for (const std::string& name : *names) {
    const Dim d = parse_dim(name, f, key);
    if (std::find(dims.begin(), dims.end(), d) != dims.end())
      f.fail(key, "each dimension at most once (" + name + " appears twice)");
    dims.push_back(d);
  }
  return dims;
}

// An energy given in pJ or relative to one MAC (Eyeriss' normalisation).
double energy(TemplateFields& f, const std::string& pj_key, const std::string& relative_key, double mac_pj,
              bool required_field) {
  const auto pj = f.number_in(pj_key, 0.0, 1e9);
  const auto relative = f.number_in(relative_key, 0.0, 1e9);
  if (pj && relative) f.fail(relative_key, "either " + pj_key + " or " + relative_key + ", not both");
  if (pj) return *pj;
  if (relative) return *relative * mac_pj;
  if (required_field) f.fail(pj_key, "an energy per word (" + pj_key + " or " + relative_key + ")");
  return 0.0;
}

Technology read_technology(const YAML::Node& node, const std::string& source) {
  TemplateFields f(node, source, "architecture.technology");
  Technology t;
  t.node = f.text("node");
  t.mac_area_um2 = required(f.number_in("mac_area_um2", 0.0, 1e9), f, "mac_area_um2");
  t.sram_um2_per_bit = required(f.number_in("sram_um2_per_bit", 0.0, 1e6), f, "sram_um2_per_bit");
  t.register_file_um2_per_bit =
      required(f.number_in("register_file_um2_per_bit", 0.0, 1e6), f, "register_file_um2_per_bit");
  t.chip_fixed_mm2 = f.number_in("chip_fixed_mm2", 0.0, 1e6).value_or(0.0);
  t.dram_phy_mm2_per_gbps = f.number_in("dram_phy_mm2_per_gbps", 0.0, 1e6).value_or(0.0);
  f.reject_unknown_fields();
  return t;
}

Fanout read_fanout(const YAML::Node& node, const std::string& source, std::size_t index, bool& pe) {
  TemplateFields f(node, source, "architecture.fanouts[" + std::to_string(index) + "]");
  Fanout out;
  out.name = f.text("name");
  f.set_owner("fan-out '" + out.name + "'");
  out.size = required(f.integer("size", 1), f, "size");
  out.area_um2_each = f.number_in("area_um2_each", 0.0, 1e12).value_or(0.0);
  pe = f.boolean("pe").value_or(false);
  f.reject_unknown_fields();
  return out;
}

StorageLevel read_level(const YAML::Node& node, const std::string& source, std::size_t index,
                        const Architecture& a) {
  TemplateFields f(node, source, "architecture.storage[" + std::to_string(index) + "]");
  StorageLevel l;
  l.name = f.text("name");
  f.set_owner("storage level '" + l.name + "'");
  l.dram = f.boolean("dram").value_or(false);
  for (const std::string& t : required(f.names("holds"), f, "holds")) {
    int k = 0;
    while (k < kTensors && t != tensor_name(static_cast<TensorKind>(k))) ++k;
    if (k == kTensors) f.fail("holds", "tensors among weights, inputs, outputs (got '" + t + "')");
    l.holds[k] = true;
  }
  l.access_energy_pj = energy(f, "access_energy_pj", "access_energy_relative", a.mac_energy_pj, true);
  l.network_energy_pj = energy(f, "network_energy_pj", "network_energy_relative", a.mac_energy_pj, false);
  if (const auto network = f.optional_text("network")) {
    if (*network != "multicast" && *network != "unicast") f.fail("network", "multicast or unicast");
    l.multicast = *network == "multicast";
  }
  if (l.dram) {
    if (index != 0) f.fail("dram", "DRAM to be the first (outermost) storage level");
    l.bandwidth_gbps = required(f.number_in("bandwidth_gbps", 1e-6, 1e6), f, "bandwidth_gbps");
    l.area_mm2_fixed = 0.0;
    f.reject_unknown_fields();
    return l;
  }
  if (const auto per = f.optional_text("per"); per && *per != "chip") {
    const int fanout = a.fanout_index(*per);
    if (fanout < 0) f.fail("per", "'chip' or the name of a fan-out declared above");
    l.depth = fanout + 1;
  }
  l.capacity_words = required(f.integer("capacity_words", 1), f, "capacity_words");
  l.bandwidth_words_per_cycle = f.number_in("bandwidth_words_per_cycle", 1e-6, 1e12).value_or(0.0);
  const std::string area = f.optional_text("area").value_or("sram");
  if (area == "sram") l.area = StorageArea::kSram;
  else if (area == "register_file") l.area = StorageArea::kRegisterFile;
  else if (area == "none") l.area = StorageArea::kNone;
  else f.fail("area", "sram, register_file or none");
  l.area_mm2_fixed = f.number_in("area_mm2_fixed", 0.0, 1e6).value_or(0.0);
  f.reject_unknown_fields();
  return l;
}

Dataflow read_dataflow(const YAML::Node& node, const std::string& source, std::size_t index, const Architecture& a) {
  TemplateFields f(node, source, "architecture.dataflows[" + std::to_string(index) + "]");
  Dataflow d;
  d.name = f.text("name");
  f.set_owner("dataflow '" + d.name + "'");
  std::set<int> mapped_fanouts;
  const YAML::Node spatial = f.list("spatial");
  for (std::size_t i = 0; i < spatial.size(); ++i) {
    TemplateFields s(spatial[i], source, "dataflow '" + d.name + "' spatial[" + std::to_string(i) + "]");
    SpatialMapping m;
    const std::string fanout = s.text("fanout");
    m.fanout = a.fanout_index(fanout);
    if (m.fanout < 0) s.fail("fanout", "the name of a declared fan-out");
    if (!mapped_fanouts.insert(m.fanout).second) s.fail("fanout", "each fan-out mapped once ('" + fanout + "' twice)");
    m.dims = parse_dims(s, "dims", true);
    s.reject_unknown_fields();
    d.spatial.push_back(std::move(m));
  }
  d.orders = parse_orders(f, "order");
  if (f.has("level_orders")) {
    TemplateFields orders(f.map("level_orders"), source, "dataflow '" + d.name + "' level_orders");
    for (const auto& entry : orders.node()) {
      const std::string name = entry.first.Scalar();
      const int level = a.level_index(name);
      if (level < 0) orders.fail(name, "the name of a declared storage level (unknown level '" + name + "')");
      d.level_orders[level] = parse_orders(orders, name);
    }
  }
  if (const auto bypass = f.names("bypass")) {
    for (const std::string& name : *bypass) {
      const int level = a.level_index(name);
      if (level < 0) f.fail("bypass", "names of declared storage levels (unknown level '" + name + "')");
      if (a.levels[level].dram) f.fail("bypass", "on-chip levels (DRAM cannot be bypassed)");
      d.bypass[level] = true;
    }
  }
  f.reject_unknown_fields();
  return d;
}

// Every tensor must have a path from DRAM to the MACs under every dataflow.
void check_tensor_paths(const Architecture& a, TemplateFields& f) {
  for (const Dataflow& d : a.dataflows) {
    for (int t = 0; t < kTensors; ++t) {
      bool held = false;
      for (std::size_t l = 0; l < a.levels.size(); ++l) held |= a.levels[l].holds[t] && !d.bypass[l];
      if (!held)
        f.fail("storage", std::string("a level holding ") + tensor_name(static_cast<TensorKind>(t)) +
                              " under dataflow '" + d.name + "'");
    }
  }
}

}  // namespace

Architecture read_architecture(const YAML::Node& node, const std::string& source) {
  TemplateFields f(node, source, "architecture");
  Architecture a;
  a.clock_mhz = required(f.number_in("clock_mhz", 1e-3, 1e6), f, "clock_mhz");
  a.word_bits = static_cast<int>(required(f.integer("word_bits", 1), f, "word_bits"));
  if (a.word_bits > 64) f.fail("word_bits", "an integer in [1, 64]");
  a.mac_energy_pj = required(f.number_in("mac_energy_pj", 0.0, 1e6), f, "mac_energy_pj");
  a.layer_overhead_cycles = f.number_in("layer_overhead_cycles", 0.0, 1e12).value_or(0.0);
  a.mapper_search_rounds = static_cast<int>(f.integer("mapper_search_rounds", 0).value_or(a.mapper_search_rounds));
  if (a.mapper_search_rounds > 100) f.fail("mapper_search_rounds", "an integer in [0, 100]");
  a.mapper_samples = static_cast<int>(f.integer("mapper_samples", 0).value_or(a.mapper_samples));
  if (a.mapper_samples > 100000) f.fail("mapper_samples", "an integer in [0, 100000]");
  a.technology = read_technology(f.map("technology"), source);
  if (const auto supports = f.names("supports")) {
    for (const std::string& name : *supports) {
      const auto& known = kOperatorClassNames;
      if (std::find(std::begin(known), std::end(known), name) == std::end(known))
        f.fail("supports", "operator classes among mac, matmul, vector, special, copy ('" + name + "' is not one)");
    }
    a.supports = *supports;
  }

  const YAML::Node fanouts = f.list("fanouts");
  if (fanouts.size() > static_cast<std::size_t>(kMaxFanouts))
    f.fail("fanouts", "at most " + std::to_string(kMaxFanouts) + " fan-outs");
  bool pes_done = false;
  for (std::size_t i = 0; i < fanouts.size(); ++i) {
    bool pe = false;
    Fanout fanout = read_fanout(fanouts[i], source, i, pe);
    if (a.fanout_index(fanout.name) >= 0) f.fail("fanouts", "unique names ('" + fanout.name + "' twice)");
    if (pe && pes_done) f.fail("fanouts", "the fan-outs marked 'pe: true' to come first (outermost)");
    if (pe) a.pe_depth = static_cast<int>(i) + 1;
    else pes_done = true;
    a.fanouts.push_back(std::move(fanout));
  }

  const YAML::Node storage = f.list("storage");
  if (storage.size() > static_cast<std::size_t>(kMaxLevels))
    f.fail("storage", "at most " + std::to_string(kMaxLevels) + " storage levels");
  for (std::size_t i = 0; i < storage.size(); ++i) {
    StorageLevel level = read_level(storage[i], source, i, a);
    if (a.level_index(level.name) >= 0) f.fail("storage", "unique level names ('" + level.name + "' twice)");
    if (!a.levels.empty() && level.depth < a.levels.back().depth)
      f.fail("storage", "levels ordered from the outermost in: '" + level.name + "' sits above '" +
                            a.levels.back().name + "'");
    a.levels.push_back(std::move(level));
  }
  if (!a.levels.front().dram) f.fail("storage", "the first level to be DRAM (dram: true)");

  const YAML::Node dataflows = f.list("dataflows");
  for (std::size_t i = 0; i < dataflows.size(); ++i) {
    Dataflow d = read_dataflow(dataflows[i], source, i, a);
    if (a.dataflow_index(d.name) >= 0) f.fail("dataflows", "unique names ('" + d.name + "' twice)");
    a.dataflows.push_back(std::move(d));
  }
  check_tensor_paths(a, f);
  f.reject_unknown_fields();
  return a;
}

ParameterBinding read_binding(const std::string& target, const Architecture& a, TemplateFields& f) {
  ParameterBinding b;
  if (target == "dataflow") {
    b.field = ParameterBinding::Field::kDataflow;
    return b;
  }
  const auto first = target.find('.');
  const auto last = target.rfind('.');
  const std::string expected =
      "fanouts.<name>.size, storage.<name>.capacity_words, storage.<name>.bandwidth_words_per_cycle, "
      "storage.<name>.bandwidth_gbps or dataflow (got '" + target + "')";
  if (first == std::string::npos || first == last) f.fail("binds", expected);
  const std::string section = target.substr(0, first);
  const std::string name = target.substr(first + 1, last - first - 1);
  const std::string field = target.substr(last + 1);
  if (section == "fanouts" && field == "size") {
    b.field = ParameterBinding::Field::kFanoutSize;
    b.index = a.fanout_index(name);
    if (b.index < 0) f.fail("binds", "a declared fan-out (unknown fan-out '" + name + "')");
    return b;
  }
  if (section != "storage") f.fail("binds", expected);
  b.index = a.level_index(name);
  if (b.index < 0) f.fail("binds", "a declared storage level (unknown level '" + name + "')");
  const bool dram = a.levels[b.index].dram;
  if (field == "capacity_words" && !dram) b.field = ParameterBinding::Field::kCapacityWords;
  else if (field == "bandwidth_words_per_cycle" && !dram) b.field = ParameterBinding::Field::kBandwidthWordsPerCycle;
  else if (field == "bandwidth_gbps" && dram) b.field = ParameterBinding::Field::kBandwidthGbps;
  else f.fail("binds", dram ? "storage." + name + ".bandwidth_gbps for the DRAM level" : expected);
  return b;
}

}  // namespace archex::arch
