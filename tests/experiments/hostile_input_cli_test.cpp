// What a careless or hostile user can do to `archex` from the command line:
// empty and comment-only specs, directories given as files, empty option
// values, output that cannot be written, control bytes in what is echoed, a
// bad line in a batch, an experiment with a bad cell. Each is refused with
// one line and exit 2, and a refused command leaves no file behind.

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int status = -1;  // -1: killed by a signal
  std::string out, err;
};

class HostileInput : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() /
                  ("archex_hostile_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                   "_" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Runs the bash command line `script`, in which "archex" is the built
  // binary, in the test's directory; stdout and stderr of the whole line are kept.
  Outcome shell(const std::string& script, const std::string& input = "") const {
    write(".stdin", input);
    write(".script", std::string("export ARCHEX=") + ARCHEX_BINARY + "\narchex() { env -u ARCHEX_TEMPLATE ARCHEX_WORKLOADS_DIR=" + (dir_ / ".workloads").string() +
                         " " + ARCHEX_BINARY + " \"$@\"; }\n" + script + "\n");
    const std::string cmd = "cd " + dir_.string() + " && bash .script < .stdin > .out 2> .err";
    const int raw = std::system(cmd.c_str());
    Outcome r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(dir_ / ".out");
    r.err = slurp(dir_ / ".err");
    return r;
  }
  // The names in the test directory, but the harness's own dot files.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.path().filename().string()[0] != '.') names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(HostileInput, EmptyAndCommentOnlySpecsAreErrorsAndCreateNoDatabase) {
  write("empty.yaml", "");
  write("comments.yaml", "# a spec to fill in later\n\n   \n");
  for (const char* spec : {"empty.yaml", "comments.yaml"}) {
    const Outcome r = shell(std::string("archex run ") + spec + " --db a.db --trials 1");
    EXPECT_EQ(r.status, 2) << spec;
    EXPECT_THAT(r.err, HasSubstr(std::string("archex: error: ") + spec + ": the spec is empty")) << r.err;
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"comments.yaml", "empty.yaml"}));
}

TEST_F(HostileInput, ADirectoryGivenAsAFileIsAnErrorNamingIt) {
  fs::create_directories(dir_ / "d.yaml");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"archex run d.yaml --db a.db", "d.yaml: cannot read the spec file: it is a directory"},
      {"archex experiment run d.yaml --db a.db", "d.yaml: cannot read the experiment spec: it is a directory"},
      {"archex sweep d.yaml", "d.yaml: cannot read the sweep spec: it is a directory"},
      {"archex evaluate --workload lenet5 --template d.yaml", "d.yaml: cannot read the template file: it is a directory"},
      {"archex evaluate --workload lenet5 --config d.yaml", "d.yaml: cannot read the config file: it is a directory"},
      {"archex evaluate --workload lenet5 --calibration d.yaml",
       "d.yaml: cannot read the calibration file: it is a directory"},
      {"archex calibrate --workload lenet5 --measured d.yaml",
       "d.yaml: cannot read the measurements file: it is a directory"},
      {"archex validate --workload alexnet_original --template eyeriss_v1 --measured d.yaml",
       "d.yaml: cannot read the measurements file: it is a directory"},
      {"archex workloads show d.yaml", "d.yaml: cannot read the workload file: it is a directory"},
  };
  for (const auto& [command, message] : cases) {
    const Outcome r = shell(command);
    EXPECT_EQ(r.status, 2) << command;
    EXPECT_THAT(r.err, HasSubstr("archex: error: " + message)) << command << "\n" << r.err;
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"d.yaml"}));
}

TEST_F(HostileInput, AnEmptyOptionValueIsAnErrorNotTheDefault) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"archex run --workload '' --db a.db --trials 1", "--workload: must not be empty"},
      {"archex run --workload lenet5 --optimizer '' --db a.db --trials 1", "--optimizer: must not be empty"},
      {"archex run --workload lenet5 --study '' --db a.db --trials 1", "--study: must not be empty"},
      {"archex run --workload lenet5 --template '' --db a.db --trials 1", "--template: must not be empty"},
      {"archex run '' --db a.db --trials 1", "spec: must not be empty"},
      {"archex evaluate --workload ''", "--workload: must not be empty"},
      {"archex evaluate --workload lenet5 --template ''", "--template: must not be empty"},
      {"archex show --study '' --db a.db", "--study: must not be empty"},
  };
  for (const auto& [command, message] : cases) {
    const Outcome r = shell(command);
    EXPECT_EQ(r.status, 2) << command;
    EXPECT_THAT(r.err, HasSubstr(message)) << command << "\n" << r.err;
  }
  EXPECT_TRUE(files().empty());
}

TEST_F(HostileInput, NumbersFromTheCommandLineAreRangeChecked) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"archex run --workload lenet5 --seed -1 --db a.db --trials 1", "--seed"},  // not 2^64 - 1
      {"archex space show --seed -5", "--seed"},
      {"archex evaluate --workload lenet5 --template eyeriss_v1 --batch-size 65537",
       "--batch-size must be from 1 to 65536, got 65537"},
      {"archex run --workload lenet5 --trials 10000001 --db a.db", "--trials"},
      {"archex run --workload lenet5 --budget nan --db a.db --trials 1", "budget_mm2"},
      {"archex run --workload lenet5 --budget inf --db a.db --trials 1", "budget_mm2"},
  };
  for (const auto& [command, message] : cases) {
    const Outcome r = shell(command);
    EXPECT_EQ(r.status, 2) << command;
    EXPECT_THAT(r.err, HasSubstr(message)) << command << "\n" << r.err;
  }
  EXPECT_TRUE(files().empty());
}

TEST_F(HostileInput, OutputThatCannotBeWrittenFailsEveryCommand) {
  // Runs a command with stdout a pipe whose reader closed before it started
  // (deterministic, unlike `| head -c 0`, which races with a short output);
  // SIGPIPE ignored as inherited, or with --sigpipe at its default.
  write(".epipe.py",
        "import os, subprocess, sys\n"
        "default = sys.argv[1] == '--sigpipe'\n"
        "r, w = os.pipe()\n"
        "os.close(r)\n"
        "args = [os.environ['ARCHEX'] if a == 'archex' else a for a in sys.argv[1 + default:]]\n"
        "code = subprocess.run(args, stdout=w, restore_signals=default).returncode\n"
        "sys.exit(128 - code if code < 0 else code)\n");
  // One command of each kind of output: a table, JSON, a long listing, help.
  for (const char* command : {"archex evaluate --workload lenet5", "archex workloads show resnet50 --json",
                              "archex optimizers", "archex --help"}) {
    const Outcome full = shell(std::string(command) + " > /dev/full");
    EXPECT_EQ(full.status, 2) << command;
    EXPECT_THAT(full.err, HasSubstr("archex: error: cannot write the output")) << command;
    // A reader that went away: killed by SIGPIPE as usual, or, where SIGPIPE
    // is ignored, an error for the failed write; never a success.
    const Outcome closed = shell(std::string("python3 .epipe.py --sigpipe ") + command);
    EXPECT_EQ(closed.status, 128 + SIGPIPE) << command;
    // stdout a pipe whose reader closed before archex started, SIGPIPE ignored.
    const Outcome ignored = shell(std::string("python3 .epipe.py ") + command);
    EXPECT_EQ(ignored.status, 2) << command << "\n" << ignored.err;
    EXPECT_THAT(ignored.err, HasSubstr("archex: error: cannot write the output")) << command;
  }
}

TEST_F(HostileInput, MessagesShowControlBytesAsEscapes) {
  const Outcome r = shell("archex evaluate --workload $'lenet5\\e[2J\\a'");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown workload 'lenet5\\x1b[2J\\x07'"));
  EXPECT_THAT(r.err, Not(HasSubstr("\x1b")));
  write("spec.yaml", "name: \"bad\\e]0;title\\a\"\n");
  const Outcome spec = shell("archex run spec.yaml --db a.db");
  EXPECT_EQ(spec.status, 2);
  EXPECT_THAT(spec.err, HasSubstr("'bad\\x1b]0;title\\x07'"));
  EXPECT_THAT(spec.err, Not(HasSubstr("\x1b")));
}

TEST_F(HostileInput, ABatchLineThatIsNotUtf8IsAnsweredAndTheNextLinesStillRun) {
  const Outcome r = shell("archex evaluate --workload lenet5 --batch",
                          "{\"pe_x\": 8, \"\xff\xfe\": 1}\n{\"pe_x\": 8}\n\xc3(\n{\"pe_x\": 4}\n");
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(lines, line);) out.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(out.size(), 4u) << r.out;
  EXPECT_EQ(out[0]["line"], 1);
  EXPECT_THAT(out[0]["error"].get<std::string>(), HasSubstr("stdin line 1: not valid JSON"));
  EXPECT_EQ(out[1]["config"]["pe_x"], 8);
  EXPECT_THAT(out[2]["error"].get<std::string>(), HasSubstr("stdin line 3"));
  EXPECT_EQ(out[3]["config"]["pe_x"], 4);
}

TEST_F(HostileInput, AnExperimentWithABadCellRunsNothingAndCreatesNoDatabase) {
  write("exp.yaml",
        "name: bad\nworkloads: [lenet5, nosuchnet]\noptimizers: [random]\nseeds: 1\ntrials: 2\nbudgets: [6.8]\n");
  const Outcome r = shell("archex experiment run exp.yaml --db a.db");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown workload 'nosuchnet'"));
  EXPECT_EQ(files(), (std::vector<std::string>{"exp.yaml"}));
}

}  // namespace
