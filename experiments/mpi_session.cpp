#include "experiments/mpi_session.h"

#include "experiments/interrupt.h"

namespace archex::exp {

std::unique_ptr<MpiSession> MpiSession::start(bool forced, int local_slots) {
  if (!forced && !explore::launched_by_mpi()) return nullptr;
  auto session = std::unique_ptr<MpiSession>(new MpiSession());
  session->transport_ = explore::MpiTransport::start();
  if (!session->is_worker())
    session->dispatcher_ = std::make_unique<explore::MpiEvaluationDispatcher>(*session->transport_, local_slots);
  return session;
}

MpiSession::~MpiSession() {
  dispatcher_.reset();
  transport_.reset();
}

void MpiSession::serve() {
  // mpirun forwards Ctrl-C to every rank: a worker lets rank 0 end the job.
  InterruptHandler interrupt;
  explore::serve_evaluations(*transport_, interrupt.stop_flag());
}

}  // namespace archex::exp
