// `archex run | resume | list | show | export` end to end, through the built
// binary, on the small LeNet-5 workload with the analytical cost model.

#include <signal.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "explorer/errors.h"
#include "explorer/sqlite_trial_store.h"
#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::list_files;
using testing::read_bytes;
using testing::run_archex;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const std::vector<std::string> kSmall = {"--workload", "lenet5", "--optimizer", "random", "--db", "a.db"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// A refused run used to leave a new, empty database behind.
TEST(StudyCli, ARefusedRunCreatesNoDatabase) {
  TempDir dir;
  auto r = run_archex({"run", "--workload", "no_such_net", "--db", "new.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "unknown workload 'no_such_net'")) << r.err;
  r = run_archex({"run", "--template", "no_such_chip", "--db", "new.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(list_files(dir.path()).empty());
  // An existing database is kept (and unchanged) when the run is refused.
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "3"}, kSmall), dir.path()).exit_code, 0);
  const auto before = read_bytes(dir.path() / "a.db");
  EXPECT_EQ(run_archex({"run", "--workload", "no_such_net", "--db", "a.db"}, dir.path()).exit_code, 2);
  EXPECT_EQ(read_bytes(dir.path() / "a.db"), before);
}

// A target below the trials a study has used to be accepted and shown as "50/20".
TEST(StudyCli, ResumeRefusesATargetBelowTheTrialsTheStudyHas) {
  TempDir dir;
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "12"}, kSmall), dir.path()).exit_code, 0);
  const auto r = run_archex({"resume", "--study", "s", "--trials", "5", "--db", "a.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--trials 5 is below the 12 trials study 's' already has; give a target of at least 12"))
      << r.err;
  const auto ok = run_archex({"resume", "--study", "s", "--trials", "12", "--db", "a.db"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(StudyCli, RunCreatesThenContinuesAStudyAndReportsTheBestDesign) {
  TempDir dir;
  // Seed 1: two of the first 20 random designs fit 6.8 mm2.
  auto r = run_archex(with({"run", "--study", "s", "--trials", "20", "--seed", "1"}, kSmall), dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "study s: created in a.db (0/20 trials finished)")) << r.err;
  EXPECT_TRUE(contains(r.out, "study s: 20/20 trials")) << r.out;
  EXPECT_TRUE(contains(r.out, "best: trial ")) << r.out;
  EXPECT_TRUE(contains(r.out, "speed-up")) << r.out;
  EXPECT_TRUE(contains(r.out, "area budget 6.8 mm2")) << r.out;
  r = run_archex({"run", "--study", "s", "--trials", "30", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "study s: continuing in a.db (20/30 trials finished)")) << r.err;
  EXPECT_TRUE(contains(r.out, "study s: 30/30 trials")) << r.out;
  EXPECT_TRUE(contains(r.out, "this run 10 trials")) << r.out;
}

TEST(StudyCli, ADifferentSpecUnderTheSameNameIsRefusedAndChangesNothing) {
  TempDir dir;
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "5"}, kSmall), dir.path()).exit_code, 0);
  const auto before = read_bytes(dir.file("a.db"));
  const auto r = run_archex(with({"run", "--study", "s", "--trials", "5", "--budget", "5"}, kSmall), dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "archex: error: study 's' in a.db already exists with a different spec "
                              "(budget_mm2: 6.8 stored, 5.0 requested); choose another --study name, or "
                              "`archex resume --study s` to continue it"))
      << r.err;
  EXPECT_TRUE(read_bytes(dir.file("a.db")) == before);
}

TEST(StudyCli, ListShowAndExportDescribeTheStudy) {
  TempDir dir;
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "25", "--seed", "3"}, kSmall), dir.path()).exit_code, 0);
  auto r = run_archex({"list", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(lines(r.out).size(), 2u) << r.out;
  EXPECT_TRUE(contains(lines(r.out)[1], "25/25")) << r.out;
  // A name longer than the default column still leaves the columns apart.
  const std::string long_name = "an-experiment.mobilenet_v2.4.8mm2.gp-bandit.s0.from6.8mm2";
  ASSERT_EQ(run_archex(with({"run", "--study", long_name, "--trials", "2"}, kSmall), dir.path()).exit_code, 0);
  r = run_archex({"list", "--db", "a.db"}, dir.path());
  EXPECT_TRUE(contains(r.out, long_name + "  latency")) << r.out;

  r = run_archex({"show", "--study", "s", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto show = nlohmann::json::parse(r.out);
  EXPECT_EQ(show.at("progress").at("finished"), 25);
  EXPECT_EQ(show.at("spec").at("seed"), 3);
  EXPECT_EQ(show.at("spec").at("workloads").at(0).at("name"), "lenet5");
  const int complete = show.at("progress").at("complete");
  EXPECT_DOUBLE_EQ(show.at("feasibility_ratio").get<double>(), complete / 25.0);
  ASSERT_FALSE(show.at("best").is_null());
  EXPECT_EQ(show.at("best").at("config").size(), 10u);
  EXPECT_TRUE(show.at("best").at("metrics").contains("lenet5"));
  EXPECT_TRUE(contains(run_archex({"show", "--study", "s", "--db", "a.db"}, dir.path()).out, "feasible"));

  r = run_archex({"export", "--study", "s", "--db", "a.db", "--format", "csv"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto csv = lines(r.out);
  ASSERT_EQ(csv.size(), 26u);
  EXPECT_EQ(csv[0].rfind("number,state,objective,best_so_far,proposer,cached,attempts,reason,started_at,finished_at,pe_x,", 0), 0u)
      << csv[0];
  EXPECT_TRUE(contains(csv[0], ",latency_ms,")) << csv[0];
  // Every column name once: the model's own "reason" is "metrics.reason".
  {
    std::set<std::string> names;
    std::istringstream header(csv[0]);
    for (std::string name; std::getline(header, name, ',');) EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_TRUE(names.count("metrics.reason")) << csv[0];
  }
  EXPECT_EQ(csv[1].rfind("0,", 0), 0u);

  ASSERT_EQ(run_archex({"export", "--study", "s", "--db", "a.db", "--format", "json", "--out", "t.json"}, dir.path()).exit_code, 0);
  std::ifstream in(dir.file("t.json"));
  const auto exported = nlohmann::json::parse(in);
  const auto& trials = exported.at("trials");
  ASSERT_EQ(trials.size(), 25u);
  double best = 1e300;
  for (std::size_t i = 0; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].at("number"), static_cast<int>(i));
    if (trials[i].at("state") == "complete") best = std::min(best, trials[i].at("objective").get<double>());
    if (!trials[i].at("best_so_far").is_null()) {
      EXPECT_DOUBLE_EQ(trials[i].at("best_so_far").get<double>(), best);
    }
  }
  EXPECT_DOUBLE_EQ(best, show.at("best").at("value").get<double>());
}

TEST(StudyCli, BadDatabasesAreRefusedAndLeftByteForByte) {
  TempDir dir;
  {
    std::ofstream(dir.file("notes.db")) << "not a database";
  }
  sqlite3* db = nullptr;
  sqlite3_open(dir.file("other.db").c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "3"}, kSmall), dir.path()).exit_code, 0);
  std::filesystem::copy_file(dir.file("a.db"), dir.file("newer.db"));
  sqlite3_open(dir.file("newer.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::string corrupt = read_bytes(dir.file("a.db"));
  for (std::size_t i = 4096; i < corrupt.size(); ++i) corrupt[i] = static_cast<char>(i * 7);
  std::ofstream(dir.file("corrupt.db"), std::ios::binary) << corrupt;

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"notes.db", "notes.db is not an archex database (not an SQLite file)"},
      {"other.db", "other.db is an SQLite database of another application"},
      {"newer.db", "newer.db has archex schema version 99, newer than this archex supports"},
      {"corrupt.db", "corrupt.db is corrupt"},
  };
  for (const auto& [file, message] : cases) {
    const auto files = list_files(dir.path());
    const auto bytes = read_bytes(dir.file(file));
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"list", "--db", file},
             {"show", "--study", "s", "--db", file},
             {"export", "--study", "s", "--db", file},
             {"resume", "--study", "s", "--db", file},
             {"run", "--study", "s", "--workload", "lenet5", "--trials", "3", "--db", file}}) {
      const auto r = run_archex(command, dir.path());
      EXPECT_EQ(r.exit_code, 2) << command[0] << " " << file;
      EXPECT_TRUE(contains(r.err, "archex: error: " + message)) << command[0] << " " << file << ": " << r.err;
      EXPECT_EQ(list_files(dir.path()), files) << command[0] << " " << file;
      EXPECT_TRUE(read_bytes(dir.file(file)) == bytes) << command[0] << " changed " << file;
    }
  }
}

TEST(StudyCli, UnknownStudiesMissingDatabasesAndBadSpecsAreClearErrors) {
  TempDir dir;
  ASSERT_EQ(run_archex(with({"run", "--study", "s", "--trials", "3"}, kSmall), dir.path()).exit_code, 0);
  auto r = run_archex({"show", "--study", "t", "--db", "a.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "archex: error: no study 't' in a.db (studies: s)")) << r.err;
  r = run_archex({"resume", "--study", "t", "--db", "a.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "no study 't' in a.db")) << r.err;
  r = run_archex({"list", "--db", "missing.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "missing.db does not exist")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));

  std::ofstream(dir.file("spec.yaml")) << "name: x\ntrials: lots\n";
  r = run_archex({"run", "spec.yaml", "--db", "b.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "archex: error: spec.yaml:2:9: field 'trials': expected an integer")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.db")));  // the spec is checked before the database is made
  r = run_archex({"run", "--workload", "no_such_net", "--trials", "3", "--db", "c.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "no_such_net")) << r.err;
  r = run_archex({"run", "--objective", "fastest", "--db", "c.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--objective: unknown objective 'fastest'")) << r.err;
  r = run_archex({"run", "--setting", "population", "--db", "c.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--setting 'population': expected KEY=VALUE")) << r.err;
}

TEST(StudyCli, ASpecFileWithFlagOverrides) {
  TempDir dir;
  std::ofstream(dir.file("spec.yaml")) << "name: from-file\nworkload: lenet5\noptimizer: random\ntrials: 4\nseed: 2\n";
  const auto r = run_archex({"run", "spec.yaml", "--trials", "6", "--db", "a.db"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "study from-file: 6/6 trials")) << r.out;
}

TEST(StudyCli, PriorsFromAnotherBudgetAreLoadedButNotCounted) {
  TempDir dir;
  ASSERT_EQ(run_archex(with({"run", "--study", "wide", "--trials", "30"}, kSmall), dir.path()).exit_code, 0);
  const auto r = run_archex(with({"run", "--study", "narrow", "--trials", "5", "--budget", "4.8", "--prior", "wide"}, kSmall),
                            dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "priors: 30 trials from wide (")) << r.err;
  const auto show = nlohmann::json::parse(run_archex({"show", "--study", "narrow", "--db", "a.db", "--json"}, dir.path()).out);
  EXPECT_EQ(show.at("priors"), 30);
  EXPECT_EQ(show.at("progress").at("finished"), 5);
}

TEST(StudyCli, CtrlCStopsCleanlyAndResumeFinishes) {
  TempDir dir;
  const pid_t pid = testing::start_archex(with({"run", "--study", "long", "--trials", "10000000"}, kSmall), dir.path());
  // Wait until trials are being committed, then interrupt.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int finished = 0;
  while (finished < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    try {
      SqliteStoreOptions read_only;
      read_only.read_only = true;
      SqliteTrialStore peek(dir.file("a.db"), read_only);
      if (auto study = peek.find_study("long")) finished = peek.summarize(study->id).counts.finished();
    } catch (const StoreError&) {
    }
  }
  kill(pid, SIGINT);
  const auto r = testing::wait_archex(pid, dir.path());
  EXPECT_EQ(r.exit_code, 130);  // the shell's code for SIGINT; 2 stays "bad input"
  EXPECT_TRUE(contains(r.err, "interrupted: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "`archex resume long --db a.db`")) << r.err;
  int done = 0;
  {
    SqliteTrialStore store(dir.file("a.db"));
    const auto study = store.get_study("long");
    for (const auto& t : store.trials(study.id)) {
      if (t.state == TrialState::kRunning)
        EXPECT_TRUE(t.owner.token.empty()) << "trial " << t.number << " left owned";
      else
        ++done;
    }
  }
  ASSERT_GE(done, 50);
  const auto resumed = run_archex({"resume", "--study", "long", "--db", "a.db", "--trials", std::to_string(done + 7)},
                                  dir.path());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_TRUE(contains(resumed.out, "study long: " + std::to_string(done + 7) + "/" + std::to_string(done + 7) + " trials"))
      << resumed.out;
}

TEST(StudyCli, WithNoArgumentsRunsTheDefaultMobileNetStudy) {
  TempDir dir;
  // Only the trial count is lowered, to keep the test short.
  const auto r = run_archex({"run", "--trials", "30"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "study mobilenet_v2-latency-6.8mm2-")) << r.out;
  EXPECT_TRUE(contains(r.out, "mobilenet_v2")) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("archex.db")));
}

}  // namespace
}  // namespace archex::explore

namespace archex::explore {
namespace {

// `show --pareto` lists exactly the trials that the exported objective
// columns, checked pairwise here, leave non-dominated.
TEST(StudyCli, ParetoFrontEqualsTheNonDominatedSetOfTheExport) {
  TempDir dir;
  const auto run = run_archex({"run", "--workload", "lenet5", "--objective", "latency,energy,area", "--optimizer",
                               "evolution", "--trials", "120", "--study", "mo", "--db", "a.db", "--constraint",
                               "power_mw<=100000"},
                              dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto exported = run_archex({"export", "--study", "mo", "--db", "a.db", "--format", "json"}, dir.path());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto trials = nlohmann::json::parse(exported.out).at("trials");
  std::vector<std::pair<int, std::vector<double>>> complete;
  for (const auto& t : trials)
    if (t.at("state") == "complete") complete.push_back({t.at("number").get<int>(), t.at("objectives").get<std::vector<double>>()});
  ASSERT_GT(complete.size(), 5u);
  std::set<int> expected;
  for (const auto& [number, v] : complete) {
    bool dominated = false;
    for (const auto& [other, w] : complete) {
      bool no_worse = true, better = false;
      for (std::size_t k = 0; k < 3; ++k) {
        no_worse = no_worse && w[k] <= v[k];
        better = better || w[k] < v[k];
      }
      dominated = dominated || (no_worse && better);
    }
    if (!dominated) expected.insert(number);
  }
  const auto shown = run_archex({"show", "--study", "mo", "--db", "a.db", "--pareto", "--json"}, dir.path());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto listed = nlohmann::json::parse(shown.out).at("front");
  std::set<int> front;
  for (const auto& t : listed) front.insert(t.at("number").get<int>());
  EXPECT_EQ(front, expected);
  EXPECT_GE(front.size(), 2u);
  const auto csv = run_archex({"export", "--study", "mo", "--db", "a.db"}, dir.path());
  EXPECT_NE(csv.out.find("objective.latency_ms,objective.energy_uj,objective.area_mm2,constraint.area_mm2<=6.8,"
                         "constraint.power_mw<=100000"),
            std::string::npos);
  const auto text = run_archex({"show", "--study", "mo", "--db", "a.db", "--pareto"}, dir.path());
  EXPECT_NE(text.out.find(std::to_string(front.size()) + " non-dominated of"), std::string::npos) << text.out;
}

TEST(StudyCli, BadObjectiveOrConstraintIsOneLineAndNoDatabase) {
  TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--objective", "latency,joules", "--db", "a.db"},
        std::vector<std::string>{"run", "--constraint", "power<=5", "--db", "a.db"},
        std::vector<std::string>{"run", "--workload", "lenet5,alexnet", "--objective", "energy", "--db", "a.db"}}) {
    const auto r = run_archex(args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "a.db"));
  }
}

}  // namespace
}  // namespace archex::explore
