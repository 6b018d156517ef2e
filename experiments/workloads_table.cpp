#include "experiments/workloads_table.h"

#include <iomanip>

#include "experiments/human_text.h"
#include "workloads/layer_arithmetic.h"
#include "workloads/op_names.h"

namespace archex::exp {

void print_workload_table(std::ostream& out, const workload::Workload& w) {
  out << w.name() << ": " << w.layers().size() << " layers, " << human_count(w.total_macs()) << " MACs ("
      << w.total_macs() << "), " << human_count(w.total_params()) << " params (" << w.total_params()
      << "), weights " << w.weight_bytes() << " B, peak activations " << w.peak_activation_bytes()
      << " B at " << w.bytes_per_element() << " byte(s) per element\n\n";
  out << std::left << std::setw(5) << "#" << std::setw(32) << "layer" << std::setw(24) << "op"
      << std::setw(26) << "inputs" << std::setw(16) << "output" << std::right << std::setw(12) << "MACs"
      << std::setw(12) << "params" << std::setw(12) << "vector ops" << "\n";
  for (std::size_t i = 0; i < w.layers().size(); ++i) {
    const workload::Layer& l = w.layers()[i];
    std::string op(workload::op_kind_name(l.kind));
    if (l.activation != workload::ActivationKind::kNone) {
      op += l.kind == workload::OpKind::kActivation ? ":" : "+";  // function, or fused post-op
      op += workload::activation_name(l.activation);
    }
    std::string inputs;
    for (const auto& s : l.inputs) {
      if (!inputs.empty()) inputs += ' ';
      inputs += workload::shape_text(s);
    }
    out << std::left << std::setw(5) << i << std::setw(32) << fit_text(l.name, 31) << std::setw(24) << op << std::setw(26)
        << inputs << std::setw(16) << workload::shape_text(l.output) << std::right << std::setw(12)
        << human_count(l.macs) << std::setw(12) << human_count(l.params) << std::setw(12)
        << human_count(l.vector_ops) << "\n";
  }
}

void print_workload_line(std::ostream& out, const std::string& source, const workload::Workload& w,
                         const std::string& summary) {
  out << std::left << std::setw(20) << fit_text(w.name(), 19) << std::setw(7) << source << std::right << std::setw(5)
      << w.layers().size() << " layers " << std::setw(10) << human_count(w.total_macs()) << " MACs "
      << std::setw(10) << human_count(w.total_params()) << " params  " << summary << "\n";
}

}  // namespace archex::exp
