#pragma once
// MPI for archex without linking it: when archex runs under mpirun / srun (or
// is given --mpi), MpiTransport loads libarchex_mpi (built beside the
// executable from explorer/mpi/, the only code linked with libmpi) and speaks
// through its table of C functions. Processes started any other way never
// load libmpi, so their start-up does not pay for it.
//
// Threads: MPI runs "serialized": callers make sure only one thread uses the
// transport at a time (the evaluation dispatcher's message thread does).

#include <memory>
#include <optional>
#include <string>

struct ArchexMpiApi;

namespace archex::explore {

// Whether the launcher of this process is an MPI one (Open MPI's mpirun,
// MPICH / Intel MPI's hydra, Slurm's srun with PMI / PMIx): the environment
// variables they set for every rank.
bool launched_by_mpi();

class MpiTransport {
 public:
  // Loads the module ($ARCHEX_MPI_MODULE, else libarchex_mpi.so beside the
  // executable) and initialises MPI. Throws ExploreError naming what is
  // missing (archex built without MPI, libmpi not installed).
  static std::unique_ptr<MpiTransport> start();
  ~MpiTransport();  // MPI_Finalize
  MpiTransport(const MpiTransport&) = delete;
  MpiTransport& operator=(const MpiTransport&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  void send(int dest, int tag, const std::string& data);
  struct Message {
    int source = 0, tag = 0;
    std::string data;
  };
  // The next waiting message from any rank, or none (does not block).
  std::optional<Message> poll();
  // Ends every rank of the job (MPI_Abort).
  [[noreturn]] void abort(int code);

 private:
  MpiTransport(void* module, const ArchexMpiApi* api);
  void* module_ = nullptr;
  const ArchexMpiApi* api_ = nullptr;
  int rank_ = 0, size_ = 1;
};

}  // namespace archex::explore
