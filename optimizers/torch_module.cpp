#include "optimizers/torch_module.h"

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace archex::opt {
namespace {

constexpr const char* kModuleFile = "libarchex_torch.so";

using AbiFn = int (*)();
using MakeFn = MlpBackend* (*)(const MlpShape&, const MlpOptions&);

struct Module {
  MakeFn make = nullptr;
  std::string error;  // set when loading failed (reported on every use)
};

std::atomic<bool> loaded{false};

// Directory of the executable or shared object this function was linked into.
std::filesystem::path own_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_directory), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  std::filesystem::path self = std::filesystem::canonical(info.dli_fname, ec);
  if (ec) self = std::filesystem::canonical("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : self.parent_path();
}

std::vector<std::filesystem::path> candidates() {
  std::vector<std::filesystem::path> out;
  if (const char* env = std::getenv("ARCHEX_TORCH_MODULE"); env != nullptr && *env != '\0') {
    out.emplace_back(env);
    return out;  // an explicit choice is not second-guessed
  }
  if (const std::filesystem::path dir = own_directory(); !dir.empty()) {
    out.push_back(dir / kModuleFile);
    out.push_back(dir.parent_path() / "lib" / "archex" / kModuleFile);
  }
  out.push_back(std::filesystem::path(ARCHEX_TORCH_MODULE_BUILD_DIR) / kModuleFile);
  out.push_back(std::filesystem::path(ARCHEX_TORCH_MODULE_INSTALL_DIR) / kModuleFile);
  return out;
}

Module load() {
  Module module;
  std::string tried;
  for (const std::filesystem::path& path : candidates()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      if (!tried.empty()) tried += ", ";
      tried += path.string();
      continue;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      module.error = "cannot load the libtorch module " + path.string() + ": " + dlerror();
      return module;
    }
    const auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "archex_mlp_backend_abi"));
    const auto make = reinterpret_cast<MakeFn>(dlsym(handle, "archex_make_mlp_backend"));
    if (abi == nullptr || make == nullptr || abi() != kMlpBackendAbi) {
      module.error = "the libtorch module " + path.string() + " is from another archex build (rebuild archex)";
      return module;
    }
    module.make = make;
    loaded = true;
    return module;
  }
  module.error = "the neural surrogates need archex's libtorch module (" + std::string(kModuleFile) +
                 "), not found; looked at " + tried + " (set ARCHEX_TORCH_MODULE to its path)";
  return module;
}

const Module& module() {
  static std::once_flag once;
  static Module instance;
  std::call_once(once, [] { instance = load(); });
  return instance;
}

}  // namespace

std::unique_ptr<MlpBackend> make_mlp_backend(const MlpShape& shape, const MlpOptions& options) {
  const Module& m = module();
  if (m.make == nullptr) throw std::runtime_error(m.error);
  return std::unique_ptr<MlpBackend>(m.make(shape, options));
}

bool torch_module_loaded() { return loaded; }

}  // namespace archex::opt
