#include "explorer/external_evaluator.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "cost-models/metrics_json.h"
#include "explorer/errors.h"
#include "explorer/number_text.h"
#include "explorer/study_environment.h"
#include "workloads/workload_yaml.h"

namespace archex::explore {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSlice = std::chrono::milliseconds(100);  // how often a wait looks at the stop flag
constexpr double kMinHandshakeS = 60.0;  // the handshake may always take this long

bool uses_energy(const Objective& objective) {
  auto energy = [](ObjectiveKind k) {
    return k == ObjectiveKind::kEnergy || k == ObjectiveKind::kPower || k == ObjectiveKind::kEdp;
  };
  for (const auto& o : objective.objectives())
    if (energy(o.kind)) return true;
  for (const auto& c : objective.constraints())
    if (energy(c.metric)) return true;
  return false;
}

std::string clip(std::string text, std::size_t size = 200) {
  if (text.size() > size) text = text.substr(0, size) + "...";
  return text;
}

std::optional<double> number_field(const nlohmann::json& answer, const char* key) {
  auto it = answer.find(key);
  if (it == answer.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    throw EvaluationFailure(std::string("its answer's '") + key + "' is " + clip(it->dump()) + ", not a number");
  return it->get<double>();
}

}  // namespace

struct ExternalEvaluator::Process {
  ChildProcess child;
  std::string version;
  explicit Process(const std::vector<std::string>& argv) : child(argv) {}
};

ExternalEvaluator::ExternalEvaluator(const EvaluatorSpec& spec, const StudyEnvironment& env)
    : spec_(spec), argv_(split_command(spec.command)), env_(env) {
  // Directories of processes that were killed (kill -9 leaves them) are removed.
  const auto temp = std::filesystem::temp_directory_path();
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(temp, ignored)) {
    const std::string name = entry.path().filename().string();
    const std::string prefix = "archex-evaluator-";
    if (name.rfind(prefix, 0) != 0) continue;
    const auto dash = name.find('-', prefix.size());
    if (dash == std::string::npos) continue;
    const std::string pid = name.substr(prefix.size(), dash - prefix.size());
    if (!pid.empty() && std::all_of(pid.begin(), pid.end(), ::isdigit) && process_is_gone(std::stoll(pid)))
      std::filesystem::remove_all(entry.path(), ignored);
  }
  std::string pattern = (temp / ("archex-evaluator-" + std::to_string(getpid()) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw ExploreError("cannot create a temporary directory for the evaluator's workload files");
  workload_dir_ = pattern;
  for (std::size_t i = 0; i < env.workloads.size(); ++i) {
    std::string stem = std::filesystem::path(env.workloads[i].name).stem().string();
    for (char& c : stem)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' && c != '@') c = '_';
    const auto file = workload_dir_ / (std::to_string(i) + "-" + stem + ".yaml");
    workload::write_workload_file(*env.workloads[i].workload, file);
    workload_files_.push_back(file.string());
  }
}

ExternalEvaluator::~ExternalEvaluator() {
  idle_.clear();  // kills the processes
  std::error_code ignored;
  std::filesystem::remove_all(workload_dir_, ignored);
}

ChildProcess::Read ExternalEvaluator::read_line(Process& process, std::string& line, double timeout_s) {
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  for (;;) {
    if (stopping()) throw EvaluationFailure("interrupted");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return ChildProcess::Read::kTimeout;
    const auto read = process.child.read_line(line, std::min(left, std::chrono::milliseconds(kSlice)));
    if (read != ChildProcess::Read::kTimeout) return read;
  }
}

std::unique_ptr<ExternalEvaluator::Process> ExternalEvaluator::start() {
  auto process = std::make_unique<Process>(argv_);  // ExploreError when it cannot be executed
  auto died = [&](const std::string& what) {
    std::string message = what + " (" + process->child.exit_description();
    if (auto err = process->child.last_stderr_line(); !err.empty()) message += "; stderr: " + err;
    return EvaluationFailure(message + ")");
  };
  std::string line;
  // Starting may take longer than measuring (a licence check, loading a model).
  const double handshake_s = std::max(spec_.timeout_s, kMinHandshakeS);
  switch (read_line(*process, line, handshake_s)) {
    case ChildProcess::Read::kClosed:
      throw died("exited at start");
    case ChildProcess::Read::kTimeout:
      process->child.kill();
      throw EvaluationFailure("sent no handshake line within " + compact_number(handshake_s) + " s");
    case ChildProcess::Read::kLine:
      break;
  }
  nlohmann::json hello;
  try {
    hello = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
  }
  if (!hello.is_object() || hello.value("archex_evaluator", 0) != 1 || !hello.contains("version") ||
      !hello.at("version").is_string() || hello.at("version").get<std::string>().empty())
    throw EvaluationFailure("its first line is not the handshake {\"archex_evaluator\": 1, \"name\": ..., "
                            "\"version\": ...}: '" + clip(line) + "'");
  process->version = hello.value("name", argv_.front()) + " " + hello.at("version").get<std::string>();
  return process;
}

std::unique_ptr<ExternalEvaluator::Process> ExternalEvaluator::checkout() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto process = std::move(idle_.back());
      idle_.pop_back();
      return process;
    }
  }
  try {
    return start();
  } catch (const EvaluationFailure&) {
    throw;
  } catch (const std::exception& e) {
    throw EvaluationFailure(e.what());
  }
}

void ExternalEvaluator::checkin(std::unique_ptr<Process> process) {
  std::lock_guard lock(mutex_);
  if (!version_) version_ = process->version;
  idle_.push_back(std::move(process));
}

std::string ExternalEvaluator::version() {
  {
    std::lock_guard lock(mutex_);
    if (version_) return *version_;
  }
  // The first process, with the same retries as a measurement.
  std::vector<std::string> failures;
  for (int attempt = 0; attempt <= spec_.retries; ++attempt) {
    try {
      checkin(checkout());
      std::lock_guard lock(mutex_);
      return *version_;
    } catch (const EvaluationFailure& e) {
      if (std::string(e.what()) == "interrupted") throw;
      failures.push_back("attempt " + std::to_string(attempt + 1) + ": " + e.what());
    }
  }
  std::string message = "evaluator '" + spec_.command + "' failed " + std::to_string(failures.size()) +
                        (failures.size() == 1 ? " attempt" : " attempts") + " to start (";
  for (std::size_t i = 0; i < failures.size(); ++i) message.append(i ? "; " : "").append(failures[i]);
  throw EvaluationFailure(message + ")");
}

nlohmann::json ExternalEvaluator::ask(Process& process, const nlohmann::json& request) {
  auto died = [&](const std::string& what) {
    std::string message = what + " (" + process.child.exit_description();
    if (auto err = process.child.last_stderr_line(); !err.empty()) message += "; stderr: " + err;
    return EvaluationFailure(message + ")");
  };
  if (!process.child.write_line(request.dump())) throw died("was gone before the request");
  std::string line;
  switch (read_line(process, line, spec_.timeout_s)) {
    case ChildProcess::Read::kClosed:
      throw died("crashed");
    case ChildProcess::Read::kTimeout:
      process.child.kill();
      throw EvaluationFailure("timed out after " + compact_number(spec_.timeout_s) + " s");
    case ChildProcess::Read::kLine:
      break;
  }
  nlohmann::json answer;
  try {
    answer = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
    throw EvaluationFailure("answered with a line that is not JSON: '" + clip(line) + "'");
  }
  if (!answer.is_object() || !answer.contains("id") || answer.at("id") != request.at("id"))
    throw EvaluationFailure("answered with a line that is not the answer to request " + request.at("id").dump() +
                            ": '" + clip(line) + "'");
  return answer;
}

cost::Metrics ExternalEvaluator::measure(const EvalWorkload& workload, const arch::Config& config,
                                         const nlohmann::json& params, nlohmann::json& record) {
  const std::size_t index = static_cast<std::size_t>(&workload - env_.workloads.data());
  nlohmann::json request = {
      {"config", params},
      {"workload", {{"name", workload.name}, {"file", workload_files_.at(index)}}},
      {"template", env_.template_name.empty() ? "default" : env_.template_name},
      {"batch_size", 1},
  };
  std::vector<std::string> failures;
  nlohmann::json answer;
  std::string version;
  for (int attempt = 0; attempt <= spec_.retries; ++attempt) {
    if (stopping()) throw EvaluationFailure("interrupted");
    request["id"] = next_id_++;
    std::unique_ptr<Process> process;
    try {
      process = checkout();
      answer = ask(*process, request);
      version = process->version;
      checkin(std::move(process));
      break;
    } catch (const EvaluationFailure& e) {
      // The process is unusable: it is killed here, and the next attempt starts another.
      process.reset();
      if (std::string(e.what()) == "interrupted") throw;
      failures.push_back("attempt " + std::to_string(attempt + 1) + ": " + e.what());
    }
  }
  if (version.empty()) {
    std::string message = "evaluator '" + spec_.command + "' failed " + std::to_string(failures.size()) +
                          (failures.size() == 1 ? " attempt" : " attempts") + " on workload " + workload.name + " (";
    for (std::size_t i = 0; i < failures.size(); ++i) message.append(i ? "; " : "").append(failures[i]);
    throw EvaluationFailure(message + ")");
  }
  if (auto error = answer.find("error"); error != answer.end() && !error->is_null())
    throw EvaluationFailure("evaluator '" + version + "' reported an error on workload " + workload.name + ": " +
                            (error->is_string() ? error->get<std::string>() : error->dump()));
  cost::Metrics m;
  try {
    m.feasible = answer.value("feasible", true);
  } catch (const nlohmann::json::exception&) {
    throw EvaluationFailure("evaluator '" + version + "': 'feasible' must be true or false, got " +
                            clip(answer.at("feasible").dump()));
  }
  try {
    if (!m.feasible) {
      m.reason = answer.value("reason", std::string("the evaluator found the design infeasible"));
    } else {
      const auto latency = number_field(answer, "latency_ms");
      if (!latency || !(*latency > 0)) throw EvaluationFailure("its answer has no positive latency_ms");
      m.latency_ms = *latency;
      m.throughput_ips = 1000.0 / m.latency_ms;
      m.latency_cycles = static_cast<std::int64_t>(number_field(answer, "latency_cycles").value_or(0));
      m.dram_bytes = static_cast<std::int64_t>(number_field(answer, "dram_bytes").value_or(0));
      const auto energy = number_field(answer, "energy_uj");
      if (!energy && uses_energy(env_.objective))
        throw EvaluationFailure("its answer has no energy_uj, which this study's objectives or constraints need");
      m.energy_uj = energy.value_or(0.0);
      // The levels are the analytical model's; an evaluator reports a total.
      m.energy_by_name.names = std::make_shared<std::vector<std::string>>();
    }
    if (const auto area = number_field(answer, "area_mm2")) {
      m.area_mm2 = *area;
    } else {
      // archex's own area model fills in what the evaluator does not measure.
      m.area_mm2 = env_.cost_model->area_mm2(config);
      auto names = std::make_shared<std::vector<std::string>>();
      for (const auto& [name, value] : env_.cost_model->area_components(config)) {
        names->push_back(name);
        m.area_by_name.values.push_back(value);
      }
      m.area_by_name.names = std::move(names);
    }
  } catch (const EvaluationFailure& e) {
    throw EvaluationFailure("evaluator '" + version + "' on workload " + workload.name + ": " + e.what() + ": " +
                            clip(answer.dump()));
  }
  record = cost::metrics_to_json(m);
  record.erase("layers");
  answer.erase("id");
  record["evaluator"] = version;
  record["measured"] = answer;
  if (!answer.contains("area_mm2")) record["area_source"] = "archex area model";
  return m;
}

}  // namespace archex::explore
