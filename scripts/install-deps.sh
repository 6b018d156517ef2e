#!/usr/bin/env bash
# Installs, with apt-get, exactly the Debian 12 packages archex needs that are
# missing. Idempotent: prints nothing and touches nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-graph-dev        # workloads: layer graphs
  libceres-dev              # optimizers (GP fitting), cost-models (calibration)
  libtorch-dev              # optimizers: neural surrogates
  libopenblas-pthread-dev   # optimizers: fast BLAS for libtorch's training (run on one thread; CMakeLists.txt)
  libsqlite3-dev sqlite3    # explorer: trial store
  libonnx-dev libprotobuf-dev protobuf-compiler  # workloads: ONNX import
  libyaml-cpp-dev           # specs, workloads, templates
  nlohmann-json3-dev        # machine output
  libcli11-dev              # command line
  libtbb-dev                # parallel evaluation
  libgtest-dev libgmock-dev libbenchmark-dev  # tests and benchmarks
  python3 python3-yaml      # tests/explorer/fake_evaluator.py, examples/evaluators (external evaluators)
  gnuplot-nox               # plots
  chromium                  # tests: report.html rendered as a reader sees it
  pybind11-dev python3-dev  # experiments/python: the `import archex` module
  python3-numpy             # experiments/python: evaluate_many's arrays
  python3-pytest            # tests/python
  python3-pandas python3-optuna  # tests/python, examples: DataFrames, the Optuna comparison
  libopenmpi-dev openmpi-bin  # explorer: MPI ranks (libarchex_mpi, loaded only under mpirun) and its tests
  python3                   # tests: output to a pipe whose reader closed (hostile_input_cli_test)
  clang libclang-rt-14-dev  # tests/fuzz: the `fuzz` preset (libFuzzer, ASan, UBSan)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
