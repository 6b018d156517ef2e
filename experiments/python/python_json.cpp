#include "experiments/python/python_json.h"

#include <string>

namespace archex::py {

namespace pyb = pybind11;

nlohmann::json from_python(pyb::handle value, const std::string& where) {
  if (value.is_none()) return nullptr;
  if (pyb::isinstance<pyb::bool_>(value)) return value.cast<bool>();
  if (pyb::isinstance<pyb::int_>(value)) return value.cast<std::int64_t>();
  if (pyb::isinstance<pyb::float_>(value)) return value.cast<double>();
  if (pyb::isinstance<pyb::str>(value)) return value.cast<std::string>();
  if (pyb::isinstance<pyb::dict>(value)) {
    nlohmann::json object = nlohmann::json::object();
    for (auto [key, item] : value.cast<pyb::dict>()) {
      const std::string name = pyb::str(key).cast<std::string>();
      object[name] = from_python(item, where + "." + name);
    }
    return object;
  }
  if (pyb::isinstance<pyb::list>(value) || pyb::isinstance<pyb::tuple>(value)) {
    nlohmann::json array = nlohmann::json::array();
    std::size_t i = 0;
    for (auto item : value) array.push_back(from_python(item, where + "[" + std::to_string(i++) + "]"));
    return array;
  }
  // NumPy scalars and other numbers: anything with __index__ or __float__.
  const auto object = pyb::reinterpret_borrow<pyb::object>(value);
  if (pyb::hasattr(value, "__index__")) return pyb::int_(object).cast<std::int64_t>();
  if (pyb::hasattr(value, "__float__")) return pyb::float_(object).cast<double>();
  throw pyb::type_error(where + ": cannot be stored as JSON (a " +
                        pyb::str(pyb::type::handle_of(value).attr("__name__")).cast<std::string>() + ")");
}

}  // namespace archex::py
