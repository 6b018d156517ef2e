#include "explorer/workload_fingerprint.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace archex::explore {
namespace {

// FNV-1a, 64 bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/).
class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ull;
    }
    add_int(static_cast<std::int64_t>(bytes.size()));
  }
  void add_int(std::int64_t value) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= static_cast<unsigned char>(value >> (8 * i));
      hash_ *= 0x100000001b3ull;
    }
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

void add_shape(Fnv1a& h, const workload::TensorShape& s) {
  h.add_int(s.c);
  h.add_int(s.h);
  h.add_int(s.w);
}

}  // namespace

std::string workload_fingerprint(const workload::Workload& workload) {
  Fnv1a h;
  h.add_int(workload.bytes_per_element());
  for (const auto& layer : workload.layers()) {
    h.add(layer.name);
    h.add_int(static_cast<int>(layer.kind));
    h.add_int(static_cast<int>(layer.activation));
    h.add_int(static_cast<std::int64_t>(layer.inputs.size()));
    for (const auto& s : layer.inputs) add_shape(h, s);
    add_shape(h, layer.output);
    const auto& l = layer.loops;
    for (auto v : {l.groups, l.out_channels, l.in_channels, l.out_h, l.out_w, l.kernel_h, l.kernel_w, l.stride_h,
                   l.stride_w, l.dilation_h, l.dilation_w, layer.pad_top, layer.pad_bottom, layer.pad_left,
                   layer.pad_right, layer.macs, layer.vector_ops, layer.params})
      h.add_int(v);
  }
  for (const auto& preds : workload.predecessors()) {
    h.add_int(static_cast<std::int64_t>(preds.size()));
    for (auto p : preds) h.add_int(static_cast<std::int64_t>(p));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
  return workload.name() + "#" + hex;
}

}  // namespace archex::explore
