// Workloads from Python: the zoo, saved workloads and files by name, ONNX
// import, and layers as dicts (both ways: a workload from a dict in the
// workload file format, and every layer as `archex workloads show --json`
// prints it).

#include <pybind11/stl.h>

#include "experiments/python/bindings.h"
#include "experiments/python/python_json.h"
#include "workloads/onnx_import.h"
#include "workloads/registry.h"
#include "workloads/workload_json.h"
#include "workloads/workload_yaml.h"

namespace archex::py {

namespace pyb = pybind11;

void bind_workloads(pyb::module_& m) {
  pyb::class_<workload::Workload, std::shared_ptr<workload::Workload>>(m, "Workload",
                                                                       "A neural network as a graph of layers.")
      .def(pyb::init([](const std::string& name, int bytes_per_element) {
             return std::make_shared<workload::Workload>(workload::load_workload(name, bytes_per_element));
           }),
           pyb::arg("name"), pyb::arg("bytes_per_element") = 1,
           "A zoo model (archex.zoo()), a saved workload, or a .yaml / .json / .onnx file.")
      .def_static(
          "from_dict",
          [](pyb::handle spec, int bytes_per_element) {
            const std::string text = from_python(spec, "workload").dump();
            return std::make_shared<workload::Workload>(workload::parse_workload_yaml(
                text, "workload dict", workload::BuildOptions{.bytes_per_element = bytes_per_element}));
          },
          pyb::arg("spec"), pyb::arg("bytes_per_element") = 1,
          "A workload from a dict in the workload file format: {'name': ..., 'layers': [{'name': ..., 'op': ...}, ...]}.")
      .def_static(
          "import_onnx",
          [](const std::string& path, const std::string& name) {
            return std::make_shared<workload::Workload>(workload::import_onnx_file(path, {.name = name}));
          },
          pyb::arg("path"), pyb::arg("name") = "", "Imports an ONNX model (shape inference; weights need no data).")
      .def_property_readonly("name", &workload::Workload::name)
      .def_property_readonly("bytes_per_element", &workload::Workload::bytes_per_element)
      .def_property_readonly("total_macs", &workload::Workload::total_macs)
      .def_property_readonly("total_params", &workload::Workload::total_params)
      .def_property_readonly("peak_activation_bytes", &workload::Workload::peak_activation_bytes)
      .def_property_readonly(
          "layers", [](const workload::Workload& w) { return to_python(workload::workload_to_json(w)["layers"]); },
          "Every layer as a dict (as `archex workloads show --json` prints it).")
      .def(
          "to_dict", [](const workload::Workload& w) { return to_python(workload::workload_to_json(w)); },
          "The workload as `archex workloads show --json` prints it.")
      .def(
          "to_yaml", [](const workload::Workload& w) { return workload::workload_to_yaml(w); },
          "The workload in the workload file format.")
      .def("__len__", [](const workload::Workload& w) { return w.layers().size(); })
      .def("__repr__", [](const workload::Workload& w) {
        return "<archex.Workload '" + w.name() + "': " + std::to_string(w.layers().size()) + " layers>";
      });

  m.def("zoo_names", &workload::zoo_names, "Names of the built-in zoo models.");
  m.def("saved_workload_names", &workload::saved_workload_names, "Names of the saved workloads.");
}

}  // namespace archex::py
