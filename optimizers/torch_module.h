#pragma once
// Loads libarchex_torch.so (mlp_backend.h) once, on first use, and makes MLP
// backends from it. Looked for, in order: $ARCHEX_TORCH_MODULE (a file), next
// to the executable or library that holds this code, in ../lib/archex from
// there (an installed tree), in the build tree and in the install prefix this
// build was configured with.

#include <memory>
#include <string>

#include "optimizers/mlp_backend.h"

namespace archex::opt {

// Throws std::runtime_error naming every place looked at, and the loader's
// message, when the module cannot be found, loaded, or is of another build.
std::unique_ptr<MlpBackend> make_mlp_backend(const MlpShape& shape, const MlpOptions& options);

// Whether libtorch has been loaded into this process (for start-up checks).
bool torch_module_loaded();

}  // namespace archex::opt
