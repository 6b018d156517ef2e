#pragma once
// A command run as one rank of an MPI job (`mpirun -n N archex run ...`).
// Rank 0 runs the command as usual but hands evaluations to the other ranks
// (explorer/mpi_evaluation.h); the other ranks only evaluate and return when
// rank 0 is done. Outside MPI (and without --mpi) nothing is loaded.

#include <memory>

#include "explorer/mpi_evaluation.h"
#include "explorer/mpi_transport.h"

namespace archex::exp {

class MpiSession {
 public:
  // A session when this process runs under an MPI launcher or `forced`
  // (--mpi), else nullptr. `local_slots`: evaluations rank 0 runs itself
  // besides the workers. Throws when MPI cannot be started.
  static std::unique_ptr<MpiSession> start(bool forced, int local_slots);
  // Rank 0 stops the workers first, then every rank finalises MPI.
  ~MpiSession();

  bool is_worker() const { return transport_->rank() != 0; }
  int ranks() const { return transport_->size(); }
  // Worker ranks: evaluate until rank 0 says stop (Ctrl-C cuts an evaluation short).
  void serve();
  // Rank 0.
  explore::MpiEvaluationDispatcher& dispatcher() { return *dispatcher_; }

 private:
  std::unique_ptr<explore::MpiTransport> transport_;
  std::unique_ptr<explore::MpiEvaluationDispatcher> dispatcher_;
};

}  // namespace archex::exp
