#pragma once
// The adapter between the accelerator template and the optimizers' generic
// search space: each template parameter becomes an ordinal opt::Parameter
// whose values are the template's values in order, so a point (one index per
// parameter) and an arch::Config (one value per parameter) map one to one.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accelerator-template/template.h"
#include "optimizers/search_space.h"

namespace archex::explore {

class TemplateSpace {
 public:
  // Throws ExploreError for an empty template, a parameter without values, a
  // repeated name, or a baseline that is not in the template.
  TemplateSpace(std::vector<arch::TemplateParameter> parameters, arch::Config baseline);
  static TemplateSpace from_template(const arch::Template& tmpl);

  const opt::SearchSpace& space() const { return space_; }
  const std::vector<arch::TemplateParameter>& parameters() const { return parameters_; }
  const arch::Config& baseline() const { return baseline_; }
  opt::Point baseline_point() const { return to_point(baseline_); }

  // Point -> config. The point must belong to the space (ExploreError otherwise).
  arch::Config to_config(const opt::Point& point) const;
  // Config -> point; throws ExploreError naming the parameter when a value is
  // not one of the template's.
  opt::Point to_point(const arch::Config& config) const;

  // {"pe_x": 4, ...} in template order (what the database stores as params).
  std::string params_json(const opt::Point& point) const;
  // Reads params JSON back to a point; throws ExploreError naming the missing
  // parameter or the value that is not in the template.
  opt::Point point_from_params(const nlohmann::json& params) const;

  // The parameters and their values, for the study context (so a changed
  // template file is noticed before a study is continued).
  nlohmann::json describe() const;

 private:
  std::vector<arch::TemplateParameter> parameters_;
  arch::Config baseline_;
  opt::SearchSpace space_;
};

}  // namespace archex::explore
