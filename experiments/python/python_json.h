#pragma once
// nlohmann::json <-> Python objects (dict, list, str, int, float, bool, None),
// so the module hands out the same JSON the CLI prints as native objects.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace archex::py {

// json or ordered_json (whose key order the dict keeps).
template <typename Json>
pybind11::object to_python(const Json& value) {
  namespace pyb = pybind11;
  using Type = typename Json::value_t;
  switch (value.type()) {
    case Type::boolean: return pyb::bool_(value.template get<bool>());
    case Type::number_integer: return pyb::int_(value.template get<std::int64_t>());
    case Type::number_unsigned: return pyb::int_(value.template get<std::uint64_t>());
    case Type::number_float: return pyb::float_(value.template get<double>());
    case Type::string: return pyb::str(value.template get_ref<const std::string&>());
    case Type::array: {
      pyb::list list(value.size());
      for (std::size_t i = 0; i < value.size(); ++i) list[i] = to_python(value[i]);
      return list;
    }
    case Type::object: {
      pyb::dict dict;
      for (const auto& [key, item] : value.items()) dict[pyb::str(key)] = to_python(item);
      return dict;
    }
    default: return pyb::none();  // null (binary / discarded are never produced by archex)
  }
}

// Throws pybind11::type_error naming `where` for an object JSON cannot hold.
nlohmann::json from_python(pybind11::handle value, const std::string& where);

}  // namespace archex::py
