#!/usr/bin/python3
"""Exports the ONNX fixtures of tests/workloads/fixtures/ and their expected counts.

Needs Debian 12's python3-torch (1.13) and python3-torchvision (0.14); the
test suite does not: the fixtures are committed with their weights stripped
(float tensors keep their dims, lose their data), so they are small and the
importer, which needs shapes only, reads them as it reads the full exports.

The expected MACs are counted here, independently of archex: forward hooks on
nn.Conv2d (output elements x in_channels / groups x kernel area) and nn.Linear
(output elements x in_features), plus the attention products (Q.K^T and A.V:
2 x tokens^2 x dim per layer, which no module hook sees) and the projections
that torch's multi-head attention applies functionally (nn.MultiheadAttention,
torchvision's Swin). Parameters are sum(p.numel()) over model.parameters().

usage: scripts/export-onnx-fixtures.py [output-dir]   (default tests/workloads/fixtures)
"""

import math
import os
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import swin_transformer

OPSET = 14  # torch 1.13's default export opset
# Float tensors with more elements than this lose their data; smaller ones
# (scalars of Div / Pow / Clip, epsilon) are kept because the importer reads them.
KEEP_FLOAT_ELEMENTS = 16


class BertSelfAttention(nn.Module):
    """BERT-base attention (Devlin et al. 2019), batch-first, no mask."""

    def __init__(self, d, heads, counter):
        super().__init__()
        self.heads, self.counter = heads, counter
        self.q, self.k, self.v, self.out = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x):
        b, n, d = x.shape
        dh = d // self.heads
        split = lambda t: t.view(b, n, self.heads, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dh)
        context = torch.matmul(scores.softmax(dim=-1), v)
        self.counter[0] += 2 * n * n * d  # Q.K^T and A.V over all heads
        return self.out(context.transpose(1, 2).reshape(b, n, d))


class BertLayer(nn.Module):
    def __init__(self, d, heads, ffn, counter):
        super().__init__()
        self.attention = BertSelfAttention(d, heads, counter)
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.up, self.down = nn.Linear(d, ffn), nn.Linear(ffn, d)

    def forward(self, x):
        x = self.norm1(x + self.attention(x))
        return self.norm2(x + self.down(F.gelu(self.up(x))))


class BertBase(nn.Module):
    """bert-base-uncased's dims: vocab 30522, 512 positions, 2 token types, 12 x (768, 12 heads, 3072), pooler."""

    def __init__(self, counter, layers=12, d=768, heads=12, ffn=3072, vocab=30522, positions=512):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(vocab, d), nn.Embedding(positions, d), nn.Embedding(2, d)
        self.norm = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList(BertLayer(d, heads, ffn, counter) for _ in range(layers))
        self.pooler = nn.Linear(d, d)

    def forward(self, ids):
        n = ids.shape[1]
        position = torch.arange(n).unsqueeze(0)
        x = self.words(ids) + self.positions(position) + self.types(torch.zeros_like(position))
        x = self.norm(x)
        for layer in self.layers:
            x = layer(x)
        return torch.tanh(self.pooler(x[:, 0]))


def count_macs(model, example, extra):
    """Conv2d / Linear MACs by forward hooks, plus what `extra` counted during the run."""
    total = [0]

    def conv(m, inputs, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, inputs, out):
        total[0] += out.numel() * m.in_features

    def mha(m, inputs, out):  # nn.MultiheadAttention (batch first): projections applied functionally
        n, d = out[0].shape[1], m.embed_dim
        total[0] += n * d * 3 * d + n * d * d + 2 * n * n * d

    def swin(m, inputs, out):  # torchvision ShiftedWindowAttention: F.linear inside
        _, h, w, c = inputs[0].shape
        ws = m.window_size
        hp, wp = -(-h // ws[0]) * ws[0], -(-w // ws[1]) * ws[1]
        tokens = hp * wp
        total[0] += tokens * c * 3 * c + tokens * c * c + 2 * tokens * ws[0] * ws[1] * c

    handles = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv))
        elif isinstance(m, nn.MultiheadAttention):
            handles.append(m.register_forward_hook(mha))
        elif isinstance(m, swin_transformer.ShiftedWindowAttention):
            handles.append(m.register_forward_hook(swin))
        elif isinstance(m, nn.Linear) and not isinstance(m, nn.modules.linear.NonDynamicallyQuantizableLinear):
            handles.append(m.register_forward_hook(linear))
    with torch.no_grad():
        model(example)
    for h in handles:
        h.remove()
    return total[0] + extra[0]


def strip(path):
    model = onnx.load(path)
    tensors = list(model.graph.initializer)
    tensors += [a.t for n in model.graph.node if n.op_type == "Constant" for a in n.attribute if a.name == "value"]
    floats = (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.DOUBLE)
    for t in tensors:
        if t.data_type in floats and math.prod(t.dims) > KEEP_FLOAT_ELEMENTS:
            t.ClearField("raw_data")
            t.ClearField("float_data")
            t.ClearField("double_data")
    for n in model.graph.node:
        n.doc_string = ""
    onnx.save(model, path)


def export(name, model, example, out_dir, extra=None, input_name="input"):
    model.eval()
    # Distinct random values: torch.onnx merges initializers with equal
    # contents (every LayerNorm's initial ones and zeros would become one).
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p))
    extra = extra if extra is not None else [0]
    extra[0] = 0
    macs = count_macs(model, example, extra)
    params = sum(p.numel() for p in model.parameters())
    # The export folds each BatchNorm (2 parameters per channel) into its
    # bias-free convolution (1 bias per channel).
    bn_channels = sum(m.num_features for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    path = os.path.join(out_dir, name + ".onnx")
    # With gradients enabled: torch 1.13's nn.MultiheadAttention otherwise takes
    # its fused fast path, which has no ONNX export.
    torch.onnx.export(model, example, path, opset_version=OPSET, input_names=[input_name],
                      output_names=["output"], do_constant_folding=True)
    strip(path)
    print(f"{name}: macs {macs} params {params} batch-norm channels {bn_channels} "
          f"params as exported {params - bn_channels} bytes {os.path.getsize(path)}", flush=True)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests",
                                                                   "workloads", "fixtures")
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    image = torch.randn(1, 3, 224, 224)
    m = torchvision.models
    export("vit_b_16", m.vit_b_16(), image, out_dir)
    export("convnext_tiny", m.convnext_tiny(), image, out_dir)
    export("shufflenet_v2_x1_0", m.shufflenet_v2_x1_0(), image, out_dir)
    export("swin_t", m.swin_t(), image, out_dir)
    counter = [0]
    export("bert_base_seq128", BertBase(counter), torch.zeros(1, 128, dtype=torch.long), out_dir, counter,
           input_name="input_ids")


if __name__ == "__main__":
    main()
