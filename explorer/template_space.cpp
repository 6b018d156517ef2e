#include "explorer/template_space.h"

#include <algorithm>
#include <set>

#include "explorer/errors.h"
#include "explorer/trial.h"

namespace archex::explore {
namespace {

int index_of_value(const arch::TemplateParameter& parameter, std::int64_t value) {
  auto it = std::find(parameter.values.begin(), parameter.values.end(), value);
  if (it == parameter.values.end()) {
    std::string allowed;
    for (auto v : parameter.values) allowed += (allowed.empty() ? "" : ", ") + std::to_string(v);
    throw ExploreError("parameter '" + parameter.name + "': value " + std::to_string(value) +
                       " is not in the template (allowed: " + allowed + ")");
  }
  return static_cast<int>(it - parameter.values.begin());
}

}  // namespace

TemplateSpace::TemplateSpace(std::vector<arch::TemplateParameter> parameters, arch::Config baseline)
    : parameters_(std::move(parameters)), baseline_(std::move(baseline)) {
  if (parameters_.empty()) throw ExploreError("the template has no parameters");
  std::set<std::string> names;
  std::vector<opt::Parameter> generic;
  for (const auto& p : parameters_) {
    if (p.values.empty()) throw ExploreError("template parameter '" + p.name + "' has no values");
    if (!names.insert(p.name).second) throw ExploreError("template parameter '" + p.name + "' appears twice");
    generic.push_back({p.name, std::vector<double>(p.values.begin(), p.values.end()), true});
  }
  space_ = opt::SearchSpace(std::move(generic));
  if (baseline_.values.size() != parameters_.size())
    throw ExploreError("the template baseline has " + std::to_string(baseline_.values.size()) +
                       " values for " + std::to_string(parameters_.size()) + " parameters");
  to_point(baseline_);  // every baseline value must be in the template
}

TemplateSpace TemplateSpace::from_template(const arch::Template& tmpl) {
  return TemplateSpace(tmpl.parameters(), tmpl.baseline());
}

arch::Config TemplateSpace::to_config(const opt::Point& point) const {
  if (!space_.contains(point))
    throw ExploreError("point " + encode_point(point) + " is outside the template space (" +
                       std::to_string(parameters_.size()) + " parameters)");
  arch::Config config;
  config.values.reserve(point.size());
  for (std::size_t i = 0; i < point.size(); ++i)
    config.values.push_back(parameters_[i].values[static_cast<std::size_t>(point[i])]);
  return config;
}

opt::Point TemplateSpace::to_point(const arch::Config& config) const {
  if (config.values.size() != parameters_.size())
    throw ExploreError("a config has " + std::to_string(config.values.size()) + " values, the template " +
                       std::to_string(parameters_.size()) + " parameters");
  opt::Point point(parameters_.size());
  for (std::size_t i = 0; i < point.size(); ++i) point[i] = index_of_value(parameters_[i], config.values[i]);
  return point;
}

std::string TemplateSpace::params_json(const opt::Point& point) const {
  // Written by hand in template order (nlohmann would sort the keys), and it
  // is on the per-trial path.
  const arch::Config config = to_config(point);
  std::string text = "{";
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (i) text += ',';
    text += '"';
    text += parameters_[i].name;
    text += "\":";
    text += std::to_string(config.values[i]);
  }
  text += '}';
  return text;
}

opt::Point TemplateSpace::point_from_params(const nlohmann::json& params) const {
  if (!params.is_object()) throw ExploreError("params must be a JSON object of parameter values");
  opt::Point point(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    auto it = params.find(parameters_[i].name);
    if (it == params.end() || !it->is_number_integer())
      throw ExploreError("params lack an integer value for parameter '" + parameters_[i].name + "'");
    point[i] = index_of_value(parameters_[i], it->get<std::int64_t>());
  }
  return point;
}

nlohmann::json TemplateSpace::describe() const {
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& p : parameters_) {
    nlohmann::json j = {{"name", p.name}, {"values", p.values}};
    if (!p.unit.empty()) j["unit"] = p.unit;  // reports print sizes in KiB / MiB
    if (!p.labels.empty()) j["labels"] = p.labels;  // a choice parameter (e.g. the dataflow)
    parameters.push_back(std::move(j));
  }
  return {{"parameters", parameters}, {"baseline", baseline_.values}};
}

}  // namespace archex::explore
