#pragma once
// The parts of the `_archex` extension module (archex_module.cpp puts them
// together) and what they share: a template with its cost model, and configs
// given as Python dicts.

#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "accelerator-template/template.h"
#include "cost-models/cost_model.h"
#include "workloads/workload.h"

namespace archex::py {

// A template and the cost model archex uses for it (the registry's
// "analytical": the generic model for architecture templates, the edge model
// otherwise), made once so repeated evaluations reuse its prepared workloads.
struct TemplateHandle {
  arch::Template tmpl;
  std::shared_ptr<const cost::CostModel> model;
  // A shipped name or a file; "" for the default ($ARCHEX_TEMPLATE, else apollo_edge).
  static std::shared_ptr<TemplateHandle> load(const std::string& name_or_file);
};


// {name: value} (a choice parameter also by label) over the baseline, or the
// baseline for None. Throws TemplateError naming the parameter and the allowed
// values, or TypeError naming `where` for a value that is not an integer or label.
arch::Config config_from_python(const arch::Template& tmpl, pybind11::handle config, const std::string& where);
// {name: value} in template order.
pybind11::dict config_to_python(const arch::Template& tmpl, const arch::Config& config);

void bind_errors(pybind11::module_& m);
void bind_workloads(pybind11::module_& m);
void bind_templates(pybind11::module_& m);
void bind_evaluate(pybind11::module_& m);
void bind_studies(pybind11::module_& m);
void bind_optimize(pybind11::module_& m);

}  // namespace archex::py
