#pragma once
// The one number formatter of the reports (CSV, Markdown, HTML): the shortest
// form with `precision` significant digits ("%g").

#include <sstream>
#include <string>

namespace archex::exp {

inline std::string format_number(double v, int precision = 4) {
  std::ostringstream s;
  s.precision(precision);
  s << v;
  return s.str();
}

}  // namespace archex::exp
