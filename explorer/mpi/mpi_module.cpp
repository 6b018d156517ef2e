// libarchex_mpi: the only code that links Open MPI (or any MPI). The archex
// executable loads it with dlopen() when it runs under mpirun / srun (or with
// --mpi), so commands outside MPI never pay for loading libmpi; the table of
// plain C functions below is all archex sees (explorer/mpi_transport.h).

#include <mpi.h>

#include "explorer/mpi_api.h"

namespace {

int init(int* rank, int* size) {
  int provided = 0;
  // One thread of archex makes every MPI call after MPI_Init (its message loop).
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) return 1;
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return 0;
}

int send(int dest, int tag, const char* data, long size) {
  return MPI_Send(data, static_cast<int>(size), MPI_CHAR, dest, tag, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : 1;
}

int probe(int* source, int* tag, long* size) {
  int flag = 0;
  MPI_Status status;
  if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status) != MPI_SUCCESS) return -1;
  if (!flag) return 0;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  *source = status.MPI_SOURCE;
  *tag = status.MPI_TAG;
  *size = count;
  return 1;
}

int recv(int source, int tag, char* data, long size) {
  return MPI_Recv(data, static_cast<int>(size), MPI_CHAR, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE) ==
                 MPI_SUCCESS
             ? 0
             : 1;
}

void finalize() { MPI_Finalize(); }
void abort_job(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

const ArchexMpiApi kApi = {ARCHEX_MPI_API_VERSION, init, send, probe, recv, finalize, abort_job};

}  // namespace

extern "C" const ArchexMpiApi* archex_mpi_api() { return &kApi; }
