#include "explorer/mpi_transport.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "explorer/errors.h"
#include "explorer/mpi_api.h"

namespace archex::explore {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

namespace {

std::filesystem::path module_path() {
  if (const char* path = std::getenv("ARCHEX_MPI_MODULE")) return path;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return (error ? std::filesystem::path(".") : exe.parent_path()) / "libarchex_mpi.so";
}

}  // namespace

std::unique_ptr<MpiTransport> MpiTransport::start() {
  const auto path = module_path();
  // RTLD_GLOBAL: Open MPI's own plugins resolve libmpi's symbols through it.
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!module)
    throw ExploreError("cannot load the MPI module " + path.string() + ": " + dlerror() +
                       " (archex was built without MPI, or Open MPI's libraries are not installed: "
                       "apt-get install libopenmpi-dev openmpi-bin, then rebuild)");
  using Entry = const ArchexMpiApi* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(module, "archex_mpi_api"));
  const ArchexMpiApi* api = entry ? entry() : nullptr;
  if (!api || api->version != ARCHEX_MPI_API_VERSION) {
    dlclose(module);
    throw ExploreError("the MPI module " + path.string() + " does not belong to this archex build; rebuild it");
  }
  std::unique_ptr<MpiTransport> transport(new MpiTransport(module, api));
  if (api->init(&transport->rank_, &transport->size_) != 0) throw ExploreError("MPI_Init failed");
  return transport;
}

MpiTransport::MpiTransport(void* module, const ArchexMpiApi* api) : module_(module), api_(api) {}

MpiTransport::~MpiTransport() {
  api_->finalize();
  // The module stays loaded: libmpi may still run exit handlers.
}

void MpiTransport::send(int dest, int tag, const std::string& data) {
  if (api_->send(dest, tag, data.data(), static_cast<long>(data.size())) != 0)
    throw ExploreError("MPI: sending to rank " + std::to_string(dest) + " failed");
}

std::optional<MpiTransport::Message> MpiTransport::poll() {
  int source = 0, tag = 0;
  long size = 0;
  const int found = api_->probe(&source, &tag, &size);
  if (found < 0) throw ExploreError("MPI: probing for messages failed");
  if (found == 0) return std::nullopt;
  Message message{source, tag, std::string(static_cast<std::size_t>(size), '\0')};
  if (api_->recv(source, tag, message.data.data(), size) != 0)
    throw ExploreError("MPI: receiving from rank " + std::to_string(source) + " failed");
  return message;
}

void MpiTransport::abort(int code) {
  api_->abort(code);
  std::_Exit(code);
}

}  // namespace archex::explore
