#include "workloads/onnx_shape_folding.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "workloads/onnx_tensors.h"

namespace archex::workload::onnx_detail {
namespace {

using Node = onnx::NodeProto;
using T = onnx::TensorProto;

// An integer tensor known at import time (shape and index arithmetic).
struct IntTensor {
  std::vector<std::int64_t> dims;
  std::vector<std::int64_t> data;
  int type = T::INT64;  // INT64, INT32 or BOOL
};

// Shape values stay small; anything larger is not shape arithmetic.
constexpr std::size_t kMaxFoldedElements = 1 << 16;

bool integer_type(int type) { return type == T::INT64 || type == T::INT32 || type == T::BOOL; }

std::optional<IntTensor> read_int_tensor(const T& t) {
  if (!integer_type(t.data_type())) return std::nullopt;
  const auto values = tensor_values(t);
  IntTensor v{tensor_dims(t), {}, t.data_type()};
  if (values) {
    for (const double d : *values) v.data.push_back(static_cast<std::int64_t>(d));
  } else if (t.data_type() == T::BOOL && t.has_raw_data()) {
    for (const char c : t.raw_data()) v.data.push_back(c != 0);
  } else if (t.data_type() == T::BOOL) {
    for (const int b : t.int32_data()) v.data.push_back(b != 0);
  }
  if (static_cast<std::int64_t>(v.data.size()) != element_count(v.dims)) return std::nullopt;
  return v;
}

T write_int_tensor(const std::string& name, const IntTensor& v) {
  T t;
  t.set_name(name);
  t.set_data_type(v.type);
  for (const std::int64_t d : v.dims) t.add_dims(d);
  for (const std::int64_t x : v.data) {
    if (v.type == T::INT64) t.add_int64_data(x);
    else t.add_int32_data(static_cast<std::int32_t>(x));
  }
  return t;
}

const onnx::AttributeProto* attribute(const Node& node, const char* name) {
  for (const auto& a : node.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

std::int64_t normalized(std::int64_t index, std::int64_t size) { return index < 0 ? index + size : index; }

// NumPy broadcasting of rank <= 1 operands (scalars and vectors).
std::optional<IntTensor> binary(const IntTensor& a, const IntTensor& b, int type,
                                const std::function<std::int64_t(std::int64_t, std::int64_t)>& f) {
  if (a.dims.size() > 1 || b.dims.size() > 1) return std::nullopt;
  const std::size_t n = std::max(a.data.size(), b.data.size());
  if ((a.data.size() != n && a.data.size() != 1) || (b.data.size() != n && b.data.size() != 1)) return std::nullopt;
  IntTensor out{a.dims.size() >= b.dims.size() ? a.dims : b.dims, {}, type};
  if (!out.dims.empty()) out.dims[0] = static_cast<std::int64_t>(n);
  for (std::size_t i = 0; i < n; ++i)
    out.data.push_back(f(a.data[a.data.size() == 1 ? 0 : i], b.data[b.data.size() == 1 ? 0 : i]));
  return out;
}

class Folder {
 public:
  explicit Folder(onnx::GraphProto& graph) : graph_(graph) {}

  // One pass over the nodes; true when some node was folded.
  bool fold() {
    collect();
    std::vector<int> folded;
    for (int i = 0; i < graph_.node_size(); ++i) {
      const Node& node = graph_.node(i);
      std::vector<IntTensor> outputs;
      if (!evaluate(node, outputs) || outputs.size() != static_cast<std::size_t>(node.output_size())) continue;
      bool small = true;
      for (const auto& o : outputs) small &= o.data.size() <= kMaxFoldedElements;
      if (!small) continue;
      for (int k = 0; k < node.output_size(); ++k) {
        known_[node.output(k)] = outputs[static_cast<std::size_t>(k)];
        *graph_.add_initializer() = write_int_tensor(node.output(k), outputs[static_cast<std::size_t>(k)]);
      }
      folded.push_back(i);
    }
    for (auto it = folded.rbegin(); it != folded.rend(); ++it) graph_.mutable_node()->DeleteSubrange(*it, 1);
    return !folded.empty();
  }

 private:
  void collect() {
    known_.clear();
    dims_.clear();
    for (const auto& t : graph_.initializer())
      if (auto v = read_int_tensor(t)) known_[t.name()] = *v;
    for (const Node& node : graph_.node())
      if (node.op_type() == "Constant" && node.output_size() > 0)  // the importer refuses one without
        if (const auto* a = attribute(node, "value"))
          if (auto v = read_int_tensor(a->t())) known_[node.output(0)] = *v;
    auto record = [&](const onnx::ValueInfoProto& v) {
      if (auto d = type_dims(v.type())) dims_[v.name()] = *d;
    };
    for (const auto& v : graph_.input()) record(v);
    for (const auto& v : graph_.value_info()) record(v);
  }

  const IntTensor* value(const Node& node, int i) const {
    if (node.input_size() <= i || node.input(i).empty()) return nullptr;
    auto it = known_.find(node.input(i));
    return it == known_.end() ? nullptr : &it->second;
  }

  std::vector<std::int64_t> axes_of(const Node& node, int input) const {
    if (const auto* a = attribute(node, "axes")) return {a->ints().begin(), a->ints().end()};
    if (const IntTensor* v = value(node, input)) return v->data;
    return {};
  }

  bool evaluate(const Node& node, std::vector<IntTensor>& out) const {
    const std::string& op = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx") return false;
    if (op == "Shape" || op == "Size") {
      auto it = dims_.find(node.input(0));
      if (it == dims_.end()) return false;
      const auto& d = it->second;
      if (std::any_of(d.begin(), d.end(), [](std::int64_t x) { return x < 0; })) return false;
      if (op == "Size") {
        out.push_back({{}, {element_count(d)}, T::INT64});
        return true;
      }
      const auto rank = static_cast<std::int64_t>(d.size());
      const auto* s = attribute(node, "start");
      const auto* e = attribute(node, "end");
      const std::int64_t start = std::clamp<std::int64_t>(s ? normalized(s->i(), rank) : 0, 0, rank);
      const std::int64_t end = std::clamp<std::int64_t>(e ? normalized(e->i(), rank) : rank, 0, rank);
      IntTensor v{{std::max<std::int64_t>(end - start, 0)}, {}, T::INT64};
      for (std::int64_t i = start; i < end; ++i) v.data.push_back(d[static_cast<std::size_t>(i)]);
      out.push_back(std::move(v));
      return true;
    }
    // Every other op needs all its inputs known.
    for (int i = 0; i < node.input_size(); ++i)
      if (!node.input(i).empty() && !value(node, i)) return false;
    const IntTensor* a = value(node, 0);
    const IntTensor* b = value(node, 1);
    if (op == "Gather") {
      if (!a || !b || a->dims.size() != 1) return false;
      IntTensor v{b->dims, {}, a->type};
      for (const std::int64_t i : b->data) {
        const std::int64_t k = normalized(i, static_cast<std::int64_t>(a->data.size()));
        if (k < 0 || k >= static_cast<std::int64_t>(a->data.size())) return false;
        v.data.push_back(a->data[static_cast<std::size_t>(k)]);
      }
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Unsqueeze" || op == "Squeeze") {
      if (!a) return false;
      IntTensor v = *a;
      auto axes = axes_of(node, 1);
      if (op == "Unsqueeze") {
        const auto rank = static_cast<std::int64_t>(v.dims.size() + axes.size());
        for (auto& x : axes) x = normalized(x, rank);
        std::sort(axes.begin(), axes.end());
        for (const std::int64_t x : axes) {
          if (x < 0 || x > static_cast<std::int64_t>(v.dims.size())) return false;
          v.dims.insert(v.dims.begin() + x, 1);
        }
      } else {
        std::vector<std::int64_t> kept;
        const auto rank = static_cast<std::int64_t>(v.dims.size());
        for (std::int64_t i = 0; i < rank; ++i) {
          const bool listed = axes.empty() ? v.dims[static_cast<std::size_t>(i)] == 1
                                           : std::any_of(axes.begin(), axes.end(), [&](std::int64_t x) {
                                               return normalized(x, rank) == i;
                                             });
          if (!listed) kept.push_back(v.dims[static_cast<std::size_t>(i)]);
        }
        v.dims = kept;
      }
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Concat") {
      IntTensor v{{0}, {}, a ? a->type : T::INT64};
      for (int i = 0; i < node.input_size(); ++i) {
        const IntTensor* x = value(node, i);
        if (!x || x->dims.size() != 1) return false;
        v.data.insert(v.data.end(), x->data.begin(), x->data.end());
      }
      v.dims[0] = static_cast<std::int64_t>(v.data.size());
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Slice") return slice_rows(node, out);
    if (op == "Reshape") {
      if (!a || !b) return false;
      std::vector<std::int64_t> dims = b->data;
      std::int64_t known = 1, unknown = -1;
      for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == 0 && i < a->dims.size()) dims[i] = a->dims[i];
        if (dims[i] == -1) unknown = static_cast<std::int64_t>(i);
        else known *= dims[i];
      }
      if (unknown >= 0 && known > 0) dims[static_cast<std::size_t>(unknown)] = static_cast<std::int64_t>(a->data.size()) / known;
      if (element_count(dims) != static_cast<std::int64_t>(a->data.size())) return false;
      out.push_back({dims, a->data, a->type});
      return true;
    }
    if (op == "Transpose") {  // of a matrix (torch's pad-argument arithmetic)
      if (!a || a->dims.size() != 2) return false;
      const std::int64_t rows = a->dims[0], cols = a->dims[1];
      IntTensor v{{cols, rows}, {}, a->type};
      for (std::int64_t c = 0; c < cols; ++c)
        for (std::int64_t r = 0; r < rows; ++r) v.data.push_back(a->data[static_cast<std::size_t>(r * cols + c)]);
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Cast") {
      const auto* to = attribute(node, "to");
      if (!a || !to || !integer_type(static_cast<int>(to->i()))) return false;
      IntTensor v = *a;
      v.type = static_cast<int>(to->i());
      if (v.type == T::BOOL)
        for (auto& x : v.data) x = x != 0;
      out.push_back(std::move(v));
      return true;
    }
    if (op == "ConstantOfShape") {
      const auto* fill = attribute(node, "value");
      const auto fill_value = fill ? read_int_tensor(fill->t()) : std::nullopt;
      if (!a || !fill_value || fill_value->data.size() != 1) return false;  // a float fill is data
      const std::int64_t n = element_count(a->data);
      if (n < 0 || static_cast<std::size_t>(n) > kMaxFoldedElements) return false;
      out.push_back({a->data, std::vector<std::int64_t>(static_cast<std::size_t>(n), fill_value->data[0]),
                     fill_value->type});
      return true;
    }
    if (op == "Range") {
      const IntTensor* delta = value(node, 2);
      if (!a || !b || !delta || delta->data.empty() || delta->data[0] == 0) return false;
      IntTensor v{{0}, {}, a->type};
      for (std::int64_t x = a->data.at(0); delta->data[0] > 0 ? x < b->data.at(0) : x > b->data.at(0);
           x += delta->data[0]) {
        v.data.push_back(x);
        if (v.data.size() > kMaxFoldedElements) return false;
      }
      v.dims[0] = static_cast<std::int64_t>(v.data.size());
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Where") {
      const IntTensor* c = value(node, 2);
      if (!a || !b || !c || a->dims.size() > 1 || b->dims.size() > 1 || c->dims.size() > 1) return false;
      const std::size_t n = std::max({a->data.size(), b->data.size(), c->data.size()});
      IntTensor v{{static_cast<std::int64_t>(n)}, {}, b->type};
      auto at = [](const IntTensor* t, std::size_t i) { return t->data[t->data.size() == 1 ? 0 : i]; };
      for (std::size_t i = 0; i < n; ++i) v.data.push_back(at(a, i) ? at(b, i) : at(c, i));
      if (a->dims.empty() && b->dims.empty() && c->dims.empty()) v.dims.clear();
      out.push_back(std::move(v));
      return true;
    }
    if (op == "Neg" && a) {
      IntTensor v = *a;
      for (auto& x : v.data) x = -x;
      out.push_back(std::move(v));
      return true;
    }
    using Op = std::function<std::int64_t(std::int64_t, std::int64_t)>;
    static const std::unordered_map<std::string, std::pair<Op, bool>> kBinary = {
        {"Add", {std::plus<>(), false}},
        {"Sub", {std::minus<>(), false}},
        {"Mul", {std::multiplies<>(), false}},
        {"Div", {[](std::int64_t x, std::int64_t y) { return y == 0 ? 0 : x / y; }, false}},
        {"Mod", {[](std::int64_t x, std::int64_t y) { return y == 0 ? 0 : x % y; }, false}},
        {"Max", {[](std::int64_t x, std::int64_t y) { return std::max(x, y); }, false}},
        {"Min", {[](std::int64_t x, std::int64_t y) { return std::min(x, y); }, false}},
        {"Equal", {[](std::int64_t x, std::int64_t y) { return std::int64_t{x == y}; }, true}},
        {"Less", {[](std::int64_t x, std::int64_t y) { return std::int64_t{x < y}; }, true}},
        {"Greater", {[](std::int64_t x, std::int64_t y) { return std::int64_t{x > y}; }, true}},
    };
    if (auto it = kBinary.find(op); it != kBinary.end() && a && b && node.input_size() == 2) {
      if ((op == "Div" || op == "Mod") && std::find(b->data.begin(), b->data.end(), 0) != b->data.end()) return false;
      auto v = binary(*a, *b, it->second.second ? T::BOOL : a->type, it->second.first);
      if (!v) return false;
      out.push_back(std::move(*v));
      return true;
    }
    return false;
  }

  // Slice along the first axis (any step), the only one shape arithmetic uses.
  bool slice_rows(const Node& node, std::vector<IntTensor>& out) const {
    const IntTensor* a = value(node, 0);
    const IntTensor* starts = value(node, 1);
    const IntTensor* ends = value(node, 2);
    const IntTensor* axes = value(node, 3);
    const IntTensor* steps = value(node, 4);
    if (!a || a->dims.empty() || !starts || !ends || starts->data.size() != 1 || ends->data.size() != 1) return false;
    const auto rank = static_cast<std::int64_t>(a->dims.size());
    if (axes && (axes->data.size() != 1 || normalized(axes->data[0], rank) != 0)) return false;
    const std::int64_t step = steps && !steps->data.empty() ? steps->data[0] : 1;
    if (step == 0) return false;
    const std::int64_t n = a->dims[0];
    const std::int64_t inner = n == 0 ? 0 : static_cast<std::int64_t>(a->data.size()) / n;
    // ONNX Slice: clamp to [0, n] going forward, [-1, n - 1] going backward.
    const std::int64_t low = step > 0 ? 0 : -1, high = step > 0 ? n : n - 1;
    const std::int64_t start = std::clamp<std::int64_t>(normalized(starts->data[0], n), step > 0 ? 0 : 0, high);
    const std::int64_t end = std::clamp<std::int64_t>(ends->data[0] < -n ? -1 : normalized(ends->data[0], n), low, high);
    IntTensor v{a->dims, {}, a->type};
    v.dims[0] = 0;
    for (std::int64_t i = start; step > 0 ? i < end : i > end; i += step) {
      const auto first = a->data.begin() + i * inner;
      v.data.insert(v.data.end(), first, first + inner);
      ++v.dims[0];
    }
    out.push_back(std::move(v));
    return true;
  }

  onnx::GraphProto& graph_;
  std::unordered_map<std::string, IntTensor> known_;
  std::unordered_map<std::string, std::vector<std::int64_t>> dims_;
};

void run_inference(onnx::ModelProto& model) {
  model.mutable_graph()->clear_value_info();  // symbolic dims of the last round must not stick
  try {
    onnx::ShapeInferenceOptions options{/*check_type=*/false, /*error_mode=*/0, /*data_prop=*/true};
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception&) {
    // A help, not a requirement: the importer reports any shape it lacks.
  }
}

}  // namespace

void infer_shapes(onnx::ModelProto& model) {
  constexpr int kMaxRounds = 16;  // each round folds at least one more level of the shape arithmetic
  Folder folder(*model.mutable_graph());
  for (int round = 0; round < kMaxRounds; ++round) {
    run_inference(model);
    if (!folder.fold()) return;
  }
  run_inference(model);
}

}  // namespace archex::workload::onnx_detail
