// A database in a directory shared by several users (docs/reliability.md):
// another user reading it (list, show, export) must leave nothing behind that
// locks the owner out. Needs root to act as two users (setpriv); skipped
// elsewhere, and where the built binary is not reachable by other users.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

constexpr int kOwner = 52001, kReader = 52002;  // uids no account uses

class SharedDatabase : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("archex_shared_" + std::to_string(::getpid()));
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "acting as two users needs root";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::permissions(dir_, fs::perms::all | fs::perms::sticky_bit);  // like /tmp
    if (as(kReader, "space show > /dev/null") != 0) GTEST_SKIP() << ARCHEX_BINARY << " is not reachable by other users";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `archex args` as `uid`, in the shared directory; the exit status.
  int as(int uid, const std::string& args) const {
    const std::string id = std::to_string(uid);
    const std::string cmd = "cd " + dir_.string() + " && setpriv --reuid=" + id + " --regid=" + id +
                            " --clear-groups env -u ARCHEX_TEMPLATE HOME=" + dir_.string() + " " + ARCHEX_BINARY +
                            " " + args + " 2> err-" + id + ".txt";
    const int raw = std::system(cmd.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  std::string err(int uid) const {
    std::ifstream in(dir_ / ("err-" + std::to_string(uid) + ".txt"));
    return {std::istreambuf_iterator<char>(in), {}};
  }
};

TEST_F(SharedDatabase, AnotherUsersReadsLeaveTheOwnerAbleToWrite) {
  const std::string study = "--workload lenet5 --optimizer random --study s --db s.db";
  ASSERT_EQ(as(kOwner, "run " + study + " --trials 2 > /dev/null"), 0) << err(kOwner);
  EXPECT_EQ(as(kReader, "list --db s.db > /dev/null"), 0) << err(kReader);
  EXPECT_EQ(as(kReader, "show --study s --db s.db > /dev/null"), 0) << err(kReader);
  EXPECT_EQ(as(kReader, "export --study s --db s.db > /dev/null"), 0) << err(kReader);
  for (const char* side : {"s.db-wal", "s.db-shm", "s.db-journal"}) EXPECT_FALSE(fs::exists(dir_ / side)) << side;
  EXPECT_EQ(as(kOwner, "run " + study + " --trials 4 > /dev/null"), 0) << err(kOwner);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "s.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, static_cast<uid_t>(kOwner));
}

TEST_F(SharedDatabase, AnotherUserCannotWriteTheOwnersDatabase) {
  ASSERT_EQ(as(kOwner, "run --workload lenet5 --optimizer random --study s --db s.db --trials 2 > /dev/null"), 0);
  EXPECT_EQ(as(kReader, "run --workload lenet5 --optimizer random --study s --db s.db --trials 4 > /dev/null"), 2);
  EXPECT_NE(err(kReader).find("archex: error: s.db is read-only"), std::string::npos) << err(kReader);
  EXPECT_EQ(as(kOwner, "run --workload lenet5 --optimizer random --study s --db s.db --trials 4 > /dev/null"), 0)
      << err(kOwner);
}

}  // namespace
