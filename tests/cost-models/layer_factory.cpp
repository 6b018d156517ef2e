#include "tests/cost-models/layer_factory.h"

namespace archex::cost::testing {

using workload::Layer;
using workload::OpKind;

Layer input_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w) {
  Layer l;
  l.name = name;
  l.kind = OpKind::kInput;
  l.output = {c, h, w};
  return l;
}

Layer conv_layer(const std::string& name, std::int64_t cin, std::int64_t h, std::int64_t w, std::int64_t cout,
                 std::int64_t kernel, std::int64_t stride, std::int64_t pad, std::int64_t groups) {
  Layer l;
  l.name = name;
  l.kind = OpKind::kConv2d;
  l.inputs = {{cin, h, w}};
  const std::int64_t oh = (h + 2 * pad - kernel) / stride + 1;
  const std::int64_t ow = (w + 2 * pad - kernel) / stride + 1;
  l.output = {cout, oh, ow};
  l.loops = {groups, cout / groups, cin / groups, oh, ow, kernel, kernel, stride, stride, 1, 1};
  l.pad_top = l.pad_bottom = l.pad_left = l.pad_right = pad;
  l.macs = l.loops.macs();
  l.params = cout * (cin / groups) * kernel * kernel;
  return l;
}

Layer fc_layer(const std::string& name, std::int64_t in, std::int64_t out) {
  Layer l;
  l.name = name;
  l.kind = OpKind::kFullyConnected;
  l.inputs = {{in, 1, 1}};
  l.output = {out, 1, 1};
  l.loops = {1, out, in, 1, 1, 1, 1, 1, 1, 1, 1};
  l.macs = l.loops.macs();
  l.params = in * out + out;
  return l;
}

Layer add_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w) {
  Layer l;
  l.name = name;
  l.kind = OpKind::kAdd;
  l.inputs = {{c, h, w}, {c, h, w}};
  l.output = {c, h, w};
  l.vector_ops = c * h * w;
  return l;
}

Layer global_pool_layer(const std::string& name, std::int64_t c, std::int64_t h, std::int64_t w) {
  Layer l;
  l.name = name;
  l.kind = OpKind::kGlobalAvgPool;
  l.inputs = {{c, h, w}};
  l.output = {c, 1, 1};
  l.vector_ops = c * h * w;
  return l;
}

std::vector<Layer> mini_mobilenet() {
  std::vector<Layer> net;
  net.push_back(input_layer("input", 3, 224, 224));
  net.push_back(conv_layer("stem", 3, 224, 224, 32, 3, 2, 1));
  std::int64_t c = 32, size = 112;
  struct Block { std::int64_t out, stride, expand; };
  const Block blocks[] = {{24, 2, 6}, {24, 1, 6}, {64, 2, 6}, {64, 1, 6}, {160, 2, 6}, {160, 1, 6}};
  int index = 0;
  for (const Block& b : blocks) {
    const std::string p = "block" + std::to_string(index++) + "_";
    const std::int64_t hidden = c * b.expand;
    net.push_back(conv_layer(p + "expand", c, size, size, hidden, 1, 1, 0));
    net.push_back(conv_layer(p + "dw", hidden, size, size, hidden, 3, b.stride, 1, hidden));
    const std::int64_t out_size = size / b.stride;
    net.push_back(conv_layer(p + "project", hidden, out_size, out_size, b.out, 1, 1, 0));
    if (b.stride == 1 && b.out == c) net.push_back(add_layer(p + "add", b.out, out_size, out_size));
    c = b.out;
    size = out_size;
  }
  net.push_back(conv_layer("head", c, size, size, 1280, 1, 1, 0));
  net.push_back(global_pool_layer("pool", 1280, size, size));
  net.push_back(fc_layer("classifier", 1280, 1000));
  return net;
}

}  // namespace archex::cost::testing
