// One convention across the CLI, through the built binary: the error line and
// "did you mean", positional names, --json on commands that print results,
// stored designs that round-trip into `evaluate`, sizes in KiB, delete,
// completion and the man page generated from the same command tree.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::CommandResult;
using testing::run_archex;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A finished 30-trial LeNet-5 study "s" in dir/a.db.
void make_study(const TempDir& dir, const std::string& name = "s") {
  const auto r = run_archex({"run", "--workload", "lenet5", "--optimizer", "random", "--trials", "30", "--study",
                             name, "--db", "a.db"},
                            dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliConventions, MistypedCommandsAndFlagsGetOneErrorLineWithASuggestion) {
  TempDir dir;
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {{"shwo"}, "archex: error: unknown command 'shwo' for `archex`; did you mean 'show'?"},
           {{"workloads", "lst"}, "unknown command 'lst' for `archex workloads`; did you mean 'list'?"},
           {{"run", "--trails", "5"}, "unknown flag '--trails' for `archex run`; did you mean '--trials'?"},
           {{"experiment", "stauts", "x.yaml"}, "did you mean 'status'?"},
           {{"workloads"}, "`archex workloads` needs a command: list, show, import"},
       }) {
    const CommandResult r = run_archex(c.args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << c.args.front();
    EXPECT_TRUE(contains(r.err, c.expected)) << r.err;
    EXPECT_TRUE(r.err.starts_with("archex: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(contains(r.err, "/archex ")) << "full path of the program in: " << r.err;
  }
  EXPECT_TRUE(testing::list_files(dir.path()).empty());
}

TEST(CliConventions, VersionNamesTheCommit) {
  TempDir dir;
  const CommandResult r = run_archex({"--version"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("archex 0.1.0 (commit ")) << r.out;
}

TEST(CliConventions, AnUnknownStudySaysWhichDatabaseWasReadAndSuggests) {
  TempDir dir;
  make_study(dir, "mobilenet-run");
  const CommandResult r = run_archex({"show", "mobilenet-rnu", "--db", "a.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "no study 'mobilenet-rnu' in ")) << r.err;
  EXPECT_TRUE(contains(r.err, "a.db")) << r.err;
  EXPECT_TRUE(contains(r.err, "did you mean 'mobilenet-run'?")) << r.err;
  EXPECT_TRUE(contains(r.err, "--db")) << r.err;
}

TEST(CliConventions, StudyIsPositionalOrAFlagWithTheSameResult) {
  TempDir dir;
  make_study(dir);
  const CommandResult positional = run_archex({"show", "s", "--db", "a.db", "--json"}, dir.path());
  const CommandResult flag = run_archex({"show", "--study", "s", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(positional.exit_code, 0) << positional.err;
  EXPECT_EQ(positional.out, flag.out);
  // The design is "config" in show, as in evaluate.
  const auto show = nlohmann::json::parse(positional.out);
  EXPECT_TRUE(show.at("best").contains("config"));
  EXPECT_TRUE(show.at("baseline").contains("config"));
  const CommandResult exported = run_archex({"export", "s", "--db", "a.db", "-o", "t.csv"}, dir.path());
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("t.csv")));
}

TEST(CliConventions, RunAndResumePrintJsonWithThisRun) {
  TempDir dir;
  CommandResult r = run_archex({"run", "--workload", "lenet5", "--optimizer", "random", "--trials", "20",
                                "--study", "j", "--db", "a.db", "--json"},
                               dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("study"), "j");
  EXPECT_EQ(j.at("this_run").at("trials"), 20);
  EXPECT_EQ(j.at("progress").at("finished"), 20);
  r = run_archex({"resume", "j", "--trials", "25", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("this_run").at("trials"), 5);
  EXPECT_EQ(j.at("progress").at("finished"), 25);
}

TEST(CliConventions, EvaluateAStoredDesignReproducesItsStoredMetrics) {
  TempDir dir;
  make_study(dir);
  const auto show = nlohmann::json::parse(run_archex({"show", "s", "--db", "a.db", "--json"}, dir.path()).out);
  const CommandResult best = run_archex({"evaluate", "--study", "s", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(best.exit_code, 0) << best.err;
  const auto j = nlohmann::json::parse(best.out);
  EXPECT_EQ(j.at("trial"), show.at("best").at("number"));
  EXPECT_EQ(j.at("config"), show.at("best").at("config"));
  EXPECT_DOUBLE_EQ(j.at("latency_ms").get<double>(),
                   show.at("best").at("metrics").at("lenet5").at("latency_ms").get<double>());
  EXPECT_FALSE(j.at("layers").empty());  // the per-layer breakdown

  const CommandResult trial3 = run_archex({"evaluate", "--study", "s", "--trial", "3", "--db", "a.db", "--json"},
                                          dir.path());
  ASSERT_EQ(trial3.exit_code, 0) << trial3.err;
  EXPECT_EQ(nlohmann::json::parse(trial3.out).at("trial"), 3);
  const CommandResult missing = run_archex({"evaluate", "--study", "s", "--trial", "99", "--db", "a.db"}, dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "has no trial 99")) << missing.err;
  // The text report shows the breakdown too, and `show` points at it.
  const CommandResult text = run_archex({"show", "s", "--db", "a.db"}, dir.path());
  EXPECT_TRUE(contains(text.out, "energy uJ")) << text.out;
  EXPECT_TRUE(contains(text.out, "per-layer breakdown: archex evaluate --study s")) << text.out;
}

TEST(CliConventions, SetTakesSeveralPairsAndSizesInKiB) {
  TempDir dir;
  const CommandResult r = run_archex(
      {"evaluate", "lenet5", "--set", "core_memory=128KiB", "pe_x=8", "pe_memory=1MiB", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto config = nlohmann::json::parse(r.out).at("config");
  EXPECT_EQ(config.at("core_memory"), 131072);
  EXPECT_EQ(config.at("pe_x"), 8);
  EXPECT_EQ(config.at("pe_memory"), 1048576);
  const CommandResult bad = run_archex({"evaluate", "lenet5", "--set", "core_memory=100KiB"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "value 100KiB is not allowed; allowed values: {4KiB, 8KiB")) << bad.err;
  // The table prints MACs and DRAM bytes with units.
  const CommandResult table = run_archex({"evaluate", "lenet5"}, dir.path());
  EXPECT_TRUE(contains(table.out, " K ") || contains(table.out, " M ")) << table.out;
  EXPECT_TRUE(contains(table.out, "KiB")) << table.out;
}

TEST(CliConventions, DeleteAsksOrTakesYesAndKeepsPriorsOfOtherStudies) {
  TempDir dir;
  make_study(dir, "src");
  ASSERT_EQ(run_archex({"run", "--workload", "lenet5", "--optimizer", "random", "--trials", "5", "--study", "dst",
                        "--prior", "src", "--db", "a.db"},
                       dir.path())
                .exit_code,
            0);
  const std::string before = testing::read_bytes(dir.file("a.db"));
  CommandResult r = run_archex({"delete", "src", "--db", "a.db"}, dir.path());  // stdin is not a terminal
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--yes")) << r.err;
  r = run_archex({"delete", "src", "--db", "a.db", "--yes"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "warm-starts dst")) << r.err;
  EXPECT_EQ(testing::read_bytes(dir.file("a.db")), before);
  r = run_archex({"delete", "dst", "--db", "a.db", "--yes"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "deleted study dst (5 trials)")) << r.out;
  r = run_archex({"delete", "src", "--db", "a.db", "-y"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto list = nlohmann::json::parse(run_archex({"list", "--db", "a.db", "--json"}, dir.path()).out);
  EXPECT_TRUE(list.empty()) << list.dump();
}

TEST(CliConventions, CompletionAndManPageCoverEveryCommand) {
  TempDir dir;
  const CommandResult bash = run_archex({"completion", "bash"}, dir.path());
  const CommandResult zsh = run_archex({"completion", "zsh"}, dir.path());
  const CommandResult man = run_archex({"man"}, dir.path());
  ASSERT_EQ(bash.exit_code, 0);
  ASSERT_EQ(zsh.exit_code, 0);
  ASSERT_EQ(man.exit_code, 0);
  EXPECT_TRUE(contains(bash.out, "complete -o default -F _archex archex"));
  EXPECT_TRUE(contains(zsh.out, "bashcompinit"));
  for (const char* command : {"archex workloads show", "archex run", "archex resume", "archex show", "archex delete",
                              "archex experiment run", "archex experiment status", "archex compare"}) {
    EXPECT_TRUE(contains(bash.out, std::string("\"") + command + "\")")) << command;
    EXPECT_TRUE(contains(man.out, std::string(".SS ") + command)) << command;
  }
  EXPECT_TRUE(contains(bash.out, "--trials"));
  EXPECT_TRUE(contains(man.out, ".TH ARCHEX 1"));
  EXPECT_EQ(run_archex({"completion", "fish"}, dir.path()).exit_code, 2);
}

TEST(CliConventions, WorkloadsListAsJson) {
  TempDir dir;
  const CommandResult r = run_archex({"workloads", "list", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& w : list)
    if (w.at("name") == "mobilenet_v2") {
      found = true;
      EXPECT_EQ(w.at("macs"), 300774272);  // the zoo's published count (docs/workload-format.md)
      EXPECT_EQ(w.at("source"), "zoo");
    }
  EXPECT_TRUE(found);
}

TEST(CliConventions, ExperimentStatusAndRunJson) {
  TempDir dir;
  {
    std::ofstream spec(dir.file("grid.yaml"));
    spec << "name: g\nworkloads: [lenet5]\nbudgets: [6.8]\noptimizers: [random]\nseeds: [0, 1]\ntrials: 10\n";
  }
  CommandResult r = run_archex({"experiment", "status", "grid.yaml", "--db", "a.db"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);  // no database yet: nothing is created by asking
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.db")));
  r = run_archex({"experiment", "run", "grid.yaml", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto run = nlohmann::json::parse(r.out);
  EXPECT_EQ(run.at("studies"), 2);
  EXPECT_EQ(run.at("trials"), 20);
  EXPECT_TRUE(contains(r.err, "grid 100 % done")) << r.err;
  r = run_archex({"experiment", "status", "grid.yaml", "--db", "a.db", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto status = nlohmann::json::parse(r.out);
  ASSERT_EQ(status.at("studies").size(), 2u);
  for (const auto& s : status.at("studies")) EXPECT_EQ(s.at("state"), "done");
  r = run_archex({"compare", "--db", "a.db", "--no-plots", "-o", "cmp", "--json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto cmp = nlohmann::json::parse(r.out);
  EXPECT_EQ(cmp.at("studies"), 2);
  ASSERT_EQ(cmp.at("series").size(), 1u);
  EXPECT_EQ(cmp.at("series")[0].at("seeds"), 2);
}

TEST(CliConventions, RunLabelNamesTheSeriesInCompare) {
  TempDir dir;
  for (const char* seed : {"0", "1"}) {
    const auto r = run_archex({"run", "--workload", "lenet5", "--optimizer", "evolution", "--setting", "population=8",
                               "--trials", "20", "--seed", seed, "--study", std::string("small-pop-") + seed,
                               "--label", "evolution, small population", "--db", "a.db"},
                              dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto cmp = run_archex({"compare", "--db", "a.db", "--no-plots", "-o", "cmp", "--json"}, dir.path());
  ASSERT_EQ(cmp.exit_code, 0) << cmp.err;
  const auto j = nlohmann::json::parse(cmp.out);
  ASSERT_EQ(j.at("series").size(), 1u);
  EXPECT_EQ(j.at("series")[0].at("series"), "evolution, small population");
  EXPECT_EQ(j.at("series")[0].at("seeds"), 2);
  // A label belongs to the study from its creation.
  const auto relabel = run_archex({"run", "--workload", "lenet5", "--optimizer", "evolution", "--setting",
                                   "population=8", "--trials", "30", "--study", "small-pop-0", "--label", "other",
                                   "--db", "a.db"},
                                  dir.path());
  EXPECT_EQ(relabel.exit_code, 2);
  EXPECT_TRUE(contains(relabel.err, "is labelled 'evolution, small population'")) << relabel.err;
}

}  // namespace
}  // namespace archex::explore
