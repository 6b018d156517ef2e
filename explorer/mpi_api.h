#pragma once
// The table of functions libarchex_mpi (explorer/mpi/mpi_module.cpp) exports
// to archex: plain C types only, so archex needs no MPI header. Messages are
// byte strings on MPI_COMM_WORLD.

#define ARCHEX_MPI_API_VERSION 1

extern "C" {

struct ArchexMpiApi {
  int version;  // ARCHEX_MPI_API_VERSION
  // MPI_Init_thread (serialized); 0 on success.
  int (*init)(int* rank, int* size);
  int (*send)(int dest, int tag, const char* data, long size);
  // 1 and the envelope when a message is waiting, 0 when none, -1 on error.
  int (*probe)(int* source, int* tag, long* size);
  int (*recv)(int source, int tag, char* data, long size);
  void (*finalize)();
  void (*abort)(int code);
};

// The one symbol the module exports.
const ArchexMpiApi* archex_mpi_api();
}
