// Real torch / torchvision exports (tests/workloads/fixtures/, made by
// scripts/export-onnx-fixtures.py with weights stripped): MACs and
// parameters against counts derived independently of archex, in the export
// script (forward hooks, sum of p.numel()) and by hand below.

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "tests/workloads/test_helpers.h"
#include "workloads/onnx_import.h"

namespace archex::workload {
namespace {

Workload fixture(const std::string& name) {
  return import_onnx_file(std::string(ARCHEX_SOURCE_DIR) + "/tests/workloads/fixtures/" + name + ".onnx");
}

std::int64_t count_kind(const Workload& w, OpKind kind) {
  return std::count_if(w.layers().begin(), w.layers().end(), [&](const Layer& l) { return l.kind == kind; });
}

std::int64_t macs_of(const Workload& w, OpKind kind) {
  std::int64_t n = 0;
  for (const Layer& l : w.layers())
    if (l.kind == kind) n += l.macs;
  return n;
}

// torchvision vit_b_16 (224 x 224, 16 x 16 patches: 196 + 1 class token = 197 tokens, d 768, 12 layers, MLP 3072):
//   patch conv    768 x (3 x 16 x 16) x 14 x 14            =    115,605,504
//   linear        12 x 197 x 768 x (3*768 + 768 + 2*3072)  = 16,732,127,232
//   attention     12 x 2 x 197^2 x 768 (Q.K^T and A.V)     =    715,327,488
//   head          768 x 1000                               =        768,000
//   total                                                  = 17,563,828,224
// The export script's hooks give the same total; parameters: torchvision's 86,567,656.
TEST(OnnxRealExports, VitB16) {
  const Workload w = fixture("vit_b_16");
  EXPECT_EQ(w.total_macs(), 17'563'828'224);
  EXPECT_EQ(w.total_params(), 86'567'656);
  EXPECT_EQ(macs_of(w, OpKind::kMatMul), 715'327'488);
  EXPECT_EQ(count_kind(w, OpKind::kMatMul), 24);
  EXPECT_EQ(count_kind(w, OpKind::kSoftmax), 12);
  for (const Layer& l : w.layers()) {
    if (l.kind == OpKind::kMatMul) {
      EXPECT_EQ(l.loops.groups, 12);  // one product per head
    }
    if (l.kind == OpKind::kSoftmax) {
      // 12 heads x 197 rows of 197: 5 ops per element + 1 reciprocal per row.
      EXPECT_EQ(l.loops.in_channels, 197);
      EXPECT_EQ(l.vector_ops, 5 * 12 * 197 * 197 + 12 * 197);
      EXPECT_EQ(l.special_ops, 12 * 197 * 197 + 12 * 197);
    }
  }
  // The class token: a Concat with a constant operand, its 768 values parameters.
  const auto cls = std::find_if(w.layers().begin(), w.layers().end(),
                                [](const Layer& l) { return l.kind == OpKind::kConcat; });
  ASSERT_NE(cls, w.layers().end());
  EXPECT_EQ(cls->output, (TensorShape{768, 197, 1}));
  EXPECT_EQ(cls->params, 768);
}

// A BERT-base encoder (bert-base-uncased dims, sequence 128, the export
// script's BertBase):
//   linear      12 x 128 x 768 x (4*768 + 2*3072) = 10,871,635,968
//   attention   12 x 2 x 128^2 x 768              =    301,989,888
//   pooler      768 x 768 (the first token)        =        589,824
//   total                                          = 11,174,215,680
// Parameters 109,482,240, bert-base-uncased's count: embeddings (30522 + 512
// + 2) x 768 and their LayerNorm, 12 layers, pooler.
TEST(OnnxRealExports, BertBaseSequence128) {
  const Workload w = fixture("bert_base_seq128");
  EXPECT_EQ(w.total_macs(), 11'174'215'680);
  EXPECT_EQ(w.total_params(), 109'482'240);
  EXPECT_EQ(macs_of(w, OpKind::kMatMul), 301'989'888);
  ASSERT_EQ(count_kind(w, OpKind::kEmbedding), 1);  // word ids; positions and types are constants
  const Layer& words = *std::find_if(w.layers().begin(), w.layers().end(),
                                     [](const Layer& l) { return l.kind == OpKind::kEmbedding; });
  EXPECT_EQ(words.params, 30522 * 768);
  EXPECT_EQ(words.output, (TensorShape{768, 128, 1}));
  // GELU in its Erf form: one Erf per FFN element, 12 layers x 128 x 3072.
  std::int64_t erf = 0;
  for (const Layer& l : w.layers())
    if (l.activation == ActivationKind::kErf) erf += l.special_ops;
  EXPECT_EQ(erf, 12 * 128 * 3072);
}

// torchvision convnext_tiny: MACs by the export script's hooks (Conv2d and
// Linear: the depthwise 7x7 convs, the pointwise Linears on NHWC tensors,
// stem, downsampling, head); parameters torchvision's 28,589,128. Its
// LayerNorms are the decomposed form on the channel axis after a permute.
TEST(OnnxRealExports, ConvNextTiny) {
  const Workload w = fixture("convnext_tiny");
  EXPECT_EQ(w.total_macs(), 4'455'531'264);
  EXPECT_EQ(w.total_params(), 28'589'128);
  EXPECT_GT(count_kind(w, OpKind::kReduceMean), 0);
  EXPECT_GT(count_kind(w, OpKind::kCopy), 0);  // NCHW <-> NHWC permutes move data
}

// torchvision shufflenet_v2_x1_0: hooks 144,907,992 MACs. torchvision's
// 2,278,604 parameters count 2 per batch-norm channel (8,090 channels); the
// export folds each into its bias-free conv as 1 bias: 2,270,514.
TEST(OnnxRealExports, ShuffleNetV2) {
  const Workload w = fixture("shufflenet_v2_x1_0");
  EXPECT_EQ(w.total_macs(), 144'907'992);
  EXPECT_EQ(w.total_params(), 2'278'604 - 8'090);
  // Channel split (Slice) and shuffle (5-D Transpose) are copies, not views.
  EXPECT_GE(count_kind(w, OpKind::kCopy), 16);
}

// torchvision swin_t: hooks 4,490,566,656 MACs (incl. window attention:
// 2 x tokens x 49 x dim per block). Parameters: torchvision's 28,288,354,
// but the export's constant folding replaces each block's relative-position
// table (169 x heads) by the bias it gathers (heads x 49 x 49): + (2401 - 169)
// x (2*3 + 2*6 + 6*12 + 2*24 heads) = + 308,016.
TEST(OnnxRealExports, SwinTiny) {
  const Workload w = fixture("swin_t");
  EXPECT_EQ(w.total_macs(), 4'490'566'656);
  EXPECT_EQ(w.total_params(), 28'288'354 + (2401 - 169) * (2 * 3 + 2 * 6 + 6 * 12 + 2 * 24));
}

}  // namespace
}  // namespace archex::workload
