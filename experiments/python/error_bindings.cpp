// archex's C++ errors as Python exceptions with the same message the CLI
// prints after "archex: error: ". Input errors (a bad config, workload,
// template, spec, optimizer setting) are also ValueErrors.

#include <pybind11/pybind11.h>

#include "accelerator-template/template.h"
#include "cost-models/registry.h"
#include "experiments/commands.h"
#include "experiments/python/bindings.h"
#include "explorer/errors.h"
#include "optimizers/registry.h"
#include "workloads/registry.h"

namespace archex::py {

namespace pyb = pybind11;

namespace {

PyObject* new_error(pyb::module_& m, const char* name, pyb::handle bases, const char* doc) {
  const std::string full = std::string("archex.") + name;  // as the package re-exports it
  PyObject* type = PyErr_NewExceptionWithDoc(full.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw pyb::error_already_set();
  m.add_object(name, pyb::handle(type));
  return type;
}

}  // namespace

void bind_errors(pyb::module_& m) {
  static PyObject* error = new_error(m, "Error", PyExc_Exception, "Base of every archex error.");
  auto input = [&](const char* name, const char* doc) {
    return new_error(m, name, pyb::make_tuple(pyb::handle(error), pyb::handle(PyExc_ValueError)), doc);
  };
  static PyObject* spec = input("SpecError", "A bad study spec, or one that differs from the stored study.");
  static PyObject* store = new_error(m, "StoreError", error, "The trial database: not archex's, newer, corrupt, locked; an unknown study.");
  static PyObject* tmpl = input("TemplateError", "A bad template file, an unknown parameter or a value outside the template.");
  static PyObject* wl = input("WorkloadError", "An unknown workload or a malformed workload / ONNX file.");
  static PyObject* optimizer = input("OptimizerError", "An unknown optimizer or a bad optimizer setting.");
  static PyObject* cost = input("CostModelError", "An unknown cost model or bad model coefficients.");
  static PyObject* usage = input("UsageError", "Conflicting or out-of-range arguments.");
  pyb::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const explore::SpecError& e) {
      PyErr_SetString(spec, e.what());
    } catch (const explore::StoreError& e) {
      PyErr_SetString(store, e.what());
    } catch (const explore::ExploreError& e) {
      PyErr_SetString(error, e.what());
    } catch (const arch::TemplateError& e) {
      PyErr_SetString(tmpl, e.what());
    } catch (const workload::WorkloadError& e) {
      PyErr_SetString(wl, e.what());
    } catch (const opt::OptimizerError& e) {
      PyErr_SetString(optimizer, e.what());
    } catch (const cost::CostModelError& e) {
      PyErr_SetString(cost, e.what());
    } catch (const exp::UsageError& e) {
      PyErr_SetString(usage, e.what());
    }
  });
}

}  // namespace archex::py
