// The `_archex` extension module: archex's C++ libraries for Python. The
// `archex` package (archex/__init__.py) wraps it with friendlier signatures.

#include <pybind11/pybind11.h>

#include "experiments/python/bindings.h"

PYBIND11_MODULE(_archex, m) {
  m.doc() = "archex: design-space explorer for deep-learning accelerators (C++ core)";
  archex::py::bind_errors(m);
  archex::py::bind_workloads(m);
  archex::py::bind_templates(m);
  archex::py::bind_evaluate(m);
  archex::py::bind_studies(m);
  archex::py::bind_optimize(m);
}
