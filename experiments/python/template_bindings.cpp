// Templates from Python: load by name or file, parameters, baseline, space
// size, the area of a config; configs as {name: value} dicts.

#include <map>

#include <pybind11/stl.h>

#include "accelerator-template/config_io.h"
#include "cost-models/registry.h"
#include "experiments/python/bindings.h"

namespace archex::py {

namespace pyb = pybind11;

std::shared_ptr<TemplateHandle> TemplateHandle::load(const std::string& name_or_file) {
  auto handle = std::make_shared<TemplateHandle>(TemplateHandle{arch::load_template(name_or_file), nullptr});
  handle->model = cost::make_cost_model("analytical", handle->tmpl);
  return handle;
}

arch::Config config_from_python(const arch::Template& tmpl, pyb::handle config, const std::string& where) {
  if (config.is_none()) return tmpl.baseline();
  if (!pyb::isinstance<pyb::dict>(config))
    throw pyb::type_error(where + ": expected a dict of parameter name -> value, got a " +
                          pyb::str(pyb::type::handle_of(config).attr("__name__")).cast<std::string>());
  std::map<std::string, std::int64_t> values;
  for (auto [key, value] : config.cast<pyb::dict>()) {
    const std::string name = pyb::str(key).cast<std::string>();
    if (pyb::isinstance<pyb::str>(value)) {
      // A choice parameter by label (dataflow="row-stationary"), as `--set` takes it.
      values.insert(arch::parse_assignment(tmpl, name + "=" + value.cast<std::string>()));
    } else if (!pyb::isinstance<pyb::bool_>(value) && pyb::hasattr(value, "__index__")) {
      values[name] = pyb::int_(pyb::reinterpret_borrow<pyb::object>(value)).cast<std::int64_t>();
    } else {
      throw pyb::type_error(where + ": parameter '" + name + "': expected an integer (or a label), got " +
                            pyb::repr(value).cast<std::string>());
    }
  }
  return tmpl.make_config(values);
}

pyb::dict config_to_python(const arch::Template& tmpl, const arch::Config& config) {
  pyb::dict out;
  for (const auto& [name, value] : arch::named_values(tmpl, config)) out[pyb::str(name)] = value;
  return out;
}

void bind_templates(pyb::module_& m) {
  pyb::class_<TemplateHandle, std::shared_ptr<TemplateHandle>>(m, "Template",
                                                               "An accelerator template and its cost model.")
      .def(pyb::init([](const std::string& name) { return TemplateHandle::load(name); }), pyb::arg("name") = "",
           "A shipped template by name (archex.templates()) or a template file; '' for the default "
           "($ARCHEX_TEMPLATE, else apollo_edge).")
      .def_property_readonly("name", [](const TemplateHandle& t) { return t.tmpl.name(); })
      .def_property_readonly("description", [](const TemplateHandle& t) { return t.tmpl.description(); })
      .def_property_readonly("file", [](const TemplateHandle& t) { return t.tmpl.file().string(); })
      .def_property_readonly("model", [](const TemplateHandle& t) { return t.model->name() + "/" + t.model->version(); })
      .def_property_readonly(
          "parameters",
          [](const TemplateHandle& t) {
            pyb::list out;
            for (const auto& p : t.tmpl.parameters()) {
              pyb::dict d;
              d["name"] = p.name;
              d["unit"] = p.unit;
              d["description"] = p.description;
              d["values"] = p.values;
              if (!p.labels.empty()) d["labels"] = p.labels;
              out.append(d);
            }
            return out;
          },
          "One dict per parameter: name, unit, description, values (and labels of a choice parameter).")
      .def_property_readonly(
          "baseline", [](const TemplateHandle& t) { return config_to_python(t.tmpl, t.tmpl.baseline()); },
          "The baseline config, {name: value}.")
      .def_property_readonly("space_size", [](const TemplateHandle& t) { return t.tmpl.space_size(); },
                             "Number of configurations (a float: it may exceed 2**63).")
      .def_property_readonly("area_budgets", [](const TemplateHandle& t) { return t.tmpl.area_budgets_mm2(); },
                             "Area budgets (mm2) the template's authors study.")
      .def(
          "space",
          [](const TemplateHandle& t) {
            pyb::list out;
            for (const auto& p : t.tmpl.parameters()) out.append(pyb::make_tuple(p.name, pyb::cast(p.values)));
            return out;
          },
          "[(name, values), ...] in template order.")
      .def(
          "config",
          [](const TemplateHandle& t, pyb::object config) {
            return config_to_python(t.tmpl, config_from_python(t.tmpl, config, "config"));
          },
          pyb::arg("config") = pyb::none(),
          "A complete, validated config: the given values over the baseline, {name: value}.")
      .def(
          "area",
          [](const TemplateHandle& t, pyb::object config) {
            return t.model->area_mm2(config_from_python(t.tmpl, config, "config"));
          },
          pyb::arg("config") = pyb::none(), "Area of a config (default: the baseline) in mm2.")
      .def(
          "area_components",
          [](const TemplateHandle& t, pyb::object config) {
            pyb::dict out;
            for (const auto& [name, area] : t.model->area_components(config_from_python(t.tmpl, config, "config")))
              out[pyb::str(name)] = area;
            return out;
          },
          pyb::arg("config") = pyb::none(), "Area of a config by component, mm2.")
      .def("__repr__", [](const TemplateHandle& t) { return "<archex.Template '" + t.tmpl.name() + "'>"; });

  m.def("template_names", &arch::Template::shipped_names, "Names of the shipped templates.");
}

}  // namespace archex::py
