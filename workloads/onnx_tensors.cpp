#include "workloads/onnx_tensors.h"

#include <cstring>

namespace archex::workload::onnx_detail {
namespace {

template <typename T>
std::vector<double> from_raw(const std::string& raw) {
  std::vector<double> values(raw.size() / sizeof(T));
  for (std::size_t i = 0; i < values.size(); ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // ONNX raw data is little-endian
    values[i] = static_cast<double>(v);
  }
  return values;
}

template <typename Field>
std::vector<double> from_field(const Field& field) {
  return std::vector<double>(field.begin(), field.end());
}

}  // namespace

std::optional<std::vector<std::int64_t>> type_dims(const onnx::TypeProto& type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return std::nullopt;
  std::vector<std::int64_t> dims;
  for (const auto& d : type.tensor_type().shape().dim()) dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
  return dims;
}

std::vector<std::int64_t> tensor_dims(const onnx::TensorProto& tensor) {
  return {tensor.dims().begin(), tensor.dims().end()};
}

std::int64_t element_count(const std::vector<std::int64_t>& dims) {
  std::int64_t n = 1;
  for (std::int64_t d : dims)
    if (__builtin_mul_overflow(n, d, &n)) return -1;  // no tensor of that size: as unknown
  return n;
}

std::optional<std::vector<double>> tensor_values(const onnx::TensorProto& t) {
  const bool raw = t.has_raw_data();
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (raw) return from_raw<float>(t.raw_data());
      if (t.float_data_size() > 0) return from_field(t.float_data());
      break;
    case onnx::TensorProto::DOUBLE:
      if (raw) return from_raw<double>(t.raw_data());
      if (t.double_data_size() > 0) return from_field(t.double_data());
      break;
    case onnx::TensorProto::INT64:
      if (raw) return from_raw<std::int64_t>(t.raw_data());
      if (t.int64_data_size() > 0) return from_field(t.int64_data());
      break;
    case onnx::TensorProto::INT32:
      if (raw) return from_raw<std::int32_t>(t.raw_data());
      if (t.int32_data_size() > 0) return from_field(t.int32_data());
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<TensorShape> to_tensor_shape(const std::vector<std::int64_t>& dims) {
  if (dims.empty()) return std::nullopt;
  // The leading dim of rank >= 2 is the batch when it is 1 or symbolic (counts
  // are per sample); any other leading dim is data ([heads, tokens, dim]).
  const std::size_t first = dims.size() >= 2 && dims[0] <= 1 ? 1 : 0;
  double elements = 1.0;
  for (std::size_t i = first; i < dims.size(); ++i) {
    if (dims[i] < 1) return std::nullopt;
    elements *= static_cast<double>(dims[i]);
  }
  // Beyond what archex counts (layer.h): the builder refuses the layer, naming it.
  if (elements > static_cast<double>(kMaxElements)) return TensorShape{kMaxElements + 1, 1, 1};
  const std::vector<std::int64_t> d(dims.begin() + static_cast<std::ptrdiff_t>(first), dims.end());
  switch (d.size()) {
    case 1: return TensorShape{d[0], 1, 1};
    case 2: return TensorShape{d[1], d[0], 1};  // tokens x features
    default: {
      // [C, H, W]; higher ranks fold their leading axes into C.
      std::int64_t c = 1;
      for (std::size_t i = 0; i + 2 < d.size(); ++i) c *= d[i];
      return TensorShape{c, d[d.size() - 2], d.back()};
    }
  }
}

}  // namespace archex::workload::onnx_detail
