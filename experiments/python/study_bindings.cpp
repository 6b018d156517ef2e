// Studies from Python: create / open / continue a study in a trial database,
// run it with archex's cost model (the study engine, GIL released), drive it
// from a user's own evaluator through ask/tell, and read it back as
// `archex show / export --json` print it.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <sstream>

#include <pybind11/stl.h>
#include <yaml-cpp/yaml.h>

#include "experiments/python/bindings.h"
#include "experiments/python/python_json.h"
#include "experiments/study_export.h"
#include "experiments/study_view.h"
#include "explorer/ask_tell.h"
#include "explorer/errors.h"
#include "explorer/sqlite_trial_store.h"
#include "explorer/study_fields.h"
#include "explorer/study_runner.h"
#include "explorer/study_setup.h"

namespace archex::py {

namespace pyb = pybind11;

namespace {

std::string text_of(pyb::handle value) { return pyb::str(value).cast<std::string>(); }

// A keyword's Python value as the YAML a spec file would hold (a str or a
// number a scalar, True "true", a list or tuple a sequence, a dict a map), so
// the study field table reads it as it reads the file.
YAML::Node yaml_of(pyb::handle value) {
  if (pyb::isinstance<pyb::bool_>(value)) return YAML::Node(value.cast<bool>() ? "true" : "false");
  if (pyb::isinstance<pyb::str>(value)) return YAML::Node(value.cast<std::string>());
  if (pyb::hasattr(value, "items")) {  // a dict or another mapping
    YAML::Node map(YAML::NodeType::Map);
    for (auto item : value.attr("items")()) {
      auto pair = item.cast<pyb::tuple>();
      map[text_of(pair[0])] = yaml_of(pair[1]);
    }
    return map;
  }
  if (pyb::isinstance<pyb::list>(value) || pyb::isinstance<pyb::tuple>(value)) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (auto item : value) list.push_back(yaml_of(item));
    return list;
  }
  return YAML::Node(text_of(value));  // numbers (Python's repr), paths
}

// The keyword arguments of archex.Study, read by the study field table
// (explorer/study_fields.cpp): only the given ones are set; the rest come
// from the stored study, else the defaults. None is "not given".
explore::StudySpecInput spec_input(const pyb::dict& kw) {
  explore::StudySpecInput in;
  for (auto [key, value] : kw)
    if (!value.is_none()) explore::read_python_keyword(text_of(key), yaml_of(value), in);
  return in;
}

pyb::object parsed(const std::string& json_text) {
  if (json_text.empty()) return pyb::none();
  return to_python(nlohmann::json::parse(json_text));
}

pyb::object optional_number(const std::optional<double>& value) {
  if (!value) return pyb::none();
  return pyb::float_(*value);
}

pyb::dict trial_dict(const explore::TrialRecord& t) {
  pyb::dict d;
  d["id"] = t.id;
  d["number"] = t.number;
  d["point"] = t.point;
  d["config"] = parsed(t.params_json);
  d["proposer"] = t.proposer;
  d["attempts"] = t.attempts;
  return d;
}

pyb::dict result_dict(const explore::TrialResult& r) {
  pyb::dict d;
  d["state"] = std::string(explore::to_string(r.state));
  d["value"] = optional_number(r.value);
  d["values"] = r.values;
  d["reason"] = r.reason;
  d["constraints"] = parsed(r.constraints_json);
  return d;
}

class StudyHandle {
 public:
  // Creates the study or continues the stored one (as `archex run`); a
  // refused study leaves no new database file behind.
  StudyHandle(const std::string& db, const pyb::dict& kw) : db_(db) {
    const explore::StudySpecInput input = spec_input(kw);
    const bool existed = std::filesystem::exists(db);
    try {
      store_ = std::make_unique<explore::SqliteTrialStore>(db);
      opened_.emplace(explore::open_study_for_run(*store_, input));
    } catch (...) {
      store_.reset();
      if (!existed)
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(db + suffix);
      throw;
    }
  }
  // An existing study only (as `archex resume`): StoreError when there is none.
  StudyHandle(const std::string& db, const std::string& name, std::optional<int> trials) : db_(db) {
    explore::SqliteStoreOptions options;
    options.create = false;
    store_ = std::make_unique<explore::SqliteTrialStore>(db, options);
    explore::StudySpecInput changes;
    changes.trials = trials;
    opened_.emplace(explore::open_study_for_resume(*store_, name, changes));
  }
  ~StudyHandle() { close(); }

  const std::string& name() const { return opened().record.name; }
  const std::string& db() const { return db_; }
  pyb::object spec() const {
    nlohmann::json j = opened().spec.identity_json();
    j["name"] = opened().record.name;
    j["trials"] = opened().record.target_trials;
    j["jobs"] = opened().spec.jobs;
    return to_python(j);
  }
  int target() const { return opened().record.target_trials; }

  pyb::object ask() {
    explore::AskTellSession& s = session();
    std::optional<explore::TrialRecord> trial;
    {
      pyb::gil_scoped_release release;
      trial = s.ask();
    }
    if (!trial) return pyb::none();
    return trial_dict(*trial);
  }

  pyb::dict tell(std::int64_t trial_id, pyb::handle metrics) {
    const nlohmann::json reported = from_python(metrics, "metrics");
    explore::AskTellSession& s = session();
    explore::TrialResult result;
    {
      pyb::gil_scoped_release release;
      result = s.tell(trial_id, reported);
    }
    return result_dict(result);
  }

  pyb::dict tell_failed(std::int64_t trial_id, const std::string& reason) {
    explore::AskTellSession& s = session();
    explore::TrialResult result;
    {
      pyb::gil_scoped_release release;
      result = s.tell_failed(trial_id, reason);
    }
    return result_dict(result);
  }

  // Runs the study with archex's cost model until it has `trials` trials
  // (default: its target). KeyboardInterrupt stops it cleanly, as Ctrl-C
  // does `archex run`.
  pyb::dict run(std::optional<int> trials, std::optional<int> jobs) {
    auto& o = opened_.value();
    if (trials || jobs) set_target(trials.value_or(o.record.target_trials), jobs.value_or(o.spec.jobs));
    explore::RunOptions options;
    options.jobs = o.spec.jobs;
    options.batch = o.spec.batch;
    std::atomic<bool> stop{false};
    options.stop = &stop;
    std::optional<pyb::error_already_set> interrupt;
    auto last_check = std::chrono::steady_clock::now();
    options.on_progress = [&](const explore::RunProgress&) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_check < std::chrono::milliseconds(100)) return;
      last_check = now;
      pyb::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        interrupt.emplace();
        stop = true;
      }
    };
    explore::RunSummary summary;
    {
      pyb::gil_scoped_release release;
      explore::StudyRunner runner(*store_, o.record, *o.env, o.priors.observations, options);
      summary = runner.run();
    }
    if (interrupt) throw *interrupt;
    pyb::dict d;
    d["finished_here"] = summary.finished_here;
    d["elapsed_s"] = summary.elapsed_s;
    d["trials_per_s"] = summary.elapsed_s > 0 ? summary.finished_here / summary.elapsed_s : 0.0;
    d["cached_here"] = summary.cached_here;
    d["complete"] = summary.counts.complete;
    d["infeasible"] = summary.counts.infeasible;
    d["failed"] = summary.counts.failed;
    d["running"] = summary.counts.running;
    d["best"] = optional_number(summary.best);
    return d;
  }

  // A new target (and thread count), as `archex resume --trials N --jobs J`.
  void set_target(int trials, int jobs) {
    auto& o = opened_.value();
    const int existing = store_->summarize(o.record.id).counts.total();
    if (trials < existing)
      throw explore::SpecError("trials " + std::to_string(trials) + " is below the " + std::to_string(existing) +
                               " trials study '" + o.record.name + "' already has; give a target of at least " +
                               std::to_string(existing));
    explore::StudySpec spec = o.spec;
    spec.trials = trials;
    spec.jobs = jobs;
    spec.validate();
    store_->set_target_and_jobs(o.record.id, trials, jobs);
    o.spec = spec;
    o.record.target_trials = trials;
    o.record.jobs = jobs;
  }

  pyb::object summary() { return to_python(exp::study_json(view(true))); }  // as `archex show --json` (with importance)
  pyb::object pareto() { return to_python(exp::pareto_json(view(true))); }
  // `archex export --format json`, as text (the caller parses it once).
  std::string export_json() {
    std::ostringstream out;
    exp::write_trials_json(out, view(true));
    return out.str();
  }
  std::string export_csv() {
    std::ostringstream out;
    exp::write_trials_csv(out, view(true));
    return out.str();
  }

  int held() { return session_ ? session_->held() : 0; }

  // Releases trials asked and not told (another process, or this one later,
  // re-runs them) and closes the database.
  void close() {
    session_.reset();
    opened_.reset();
    store_.reset();
  }

 private:
  const explore::OpenedStudy& opened() const {
    if (!opened_) throw explore::ExploreError("study in " + db_ + " is closed");
    return *opened_;
  }
  explore::AskTellSession& session() {
    const auto& o = opened();
    if (!session_) {
      explore::AskTellOptions options;
      options.batch = o.spec.batch;
      session_ = std::make_unique<explore::AskTellSession>(*store_, o.record, *o.env, o.priors.observations, options);
    }
    return *session_;
  }
  exp::StudyView view(bool with_trials) {
    return exp::load_study_view(*store_, opened().record.name, with_trials);
  }

  std::string db_;
  std::unique_ptr<explore::SqliteTrialStore> store_;
  std::optional<explore::OpenedStudy> opened_;
  std::unique_ptr<explore::AskTellSession> session_;  // created by the first ask()
};

}  // namespace

void bind_studies(pyb::module_& m) {
  m.def("study_keywords", &explore::python_keywords,
        "The keywords of archex.Study, one per study field (explorer/study_fields.cpp).");
  pyb::class_<StudyHandle>(m, "StudyHandle", "A study in a trial database (archex.Study wraps it).")
      .def(pyb::init([](const std::string& db, pyb::kwargs kw) { return new StudyHandle(db, kw); }),
           pyb::arg("db"))
      .def_static(
          "open",
          [](const std::string& db, const std::string& name, std::optional<int> trials) {
            return new StudyHandle(db, name, trials);
          },
          pyb::arg("db"), pyb::arg("name"), pyb::arg("trials") = pyb::none())
      .def_property_readonly("name", &StudyHandle::name)
      .def_property_readonly("db", &StudyHandle::db)
      .def_property_readonly("spec", &StudyHandle::spec)
      .def_property_readonly("target", &StudyHandle::target)
      .def("ask", &StudyHandle::ask)
      .def("tell", &StudyHandle::tell, pyb::arg("trial_id"), pyb::arg("metrics"))
      .def("tell_failed", &StudyHandle::tell_failed, pyb::arg("trial_id"), pyb::arg("reason"))
      .def("run", &StudyHandle::run, pyb::arg("trials") = pyb::none(), pyb::arg("jobs") = pyb::none())
      .def("set_target", &StudyHandle::set_target, pyb::arg("trials"), pyb::arg("jobs"))
      .def("summary", &StudyHandle::summary)
      .def("pareto", &StudyHandle::pareto)
      .def("export_json", &StudyHandle::export_json)
      .def("export_csv", &StudyHandle::export_csv)
      .def("held", &StudyHandle::held)
      .def("close", &StudyHandle::close);
}

}  // namespace archex::py
