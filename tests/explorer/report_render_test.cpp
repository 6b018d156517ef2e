// `archex compare`'s report.html as a reader sees it: rendered by headless
// Chromium (Debian `chromium`, installed by scripts/install-deps.sh), with
// assertions on the rendered document, not on the HTML source.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tests/explorer/archex_cli.h"
#include "tests/explorer/fake_study.h"

namespace archex::explore {
namespace {

using testing::run_archex;
using testing::TempDir;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (std::filesystem::exists(candidate)) return candidate;
  return "";
}

// The DOM after Chromium loaded and laid out the page (scripts, entities,
// images resolved), as text.
std::string render(const std::filesystem::path& page, const std::filesystem::path& profile) {
  const std::string command = chromium() +
                              " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                              " --disable-background-networking --disable-component-update --disable-sync"
                              " --user-data-dir=" + profile.string() + " --dump-dom 'file://" + page.string() +
                              "' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

TEST(ReportRender, ChromiumShowsProvenanceUnitsTheBestSeriesAndItsDesign) {
  if (chromium().empty()) GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it)";
  TempDir dir;
  for (const char* optimizer : {"random", "evolution"})
    for (const char* seed : {"0", "1"}) {
      const auto r = run_archex({"run", "--workload", "lenet5", "--optimizer", optimizer, "--trials", "40", "--seed",
                                 seed, "--study", std::string(optimizer) + "-" + seed, "--db", "a.db"},
                                dir.path());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  const auto cmp = run_archex({"compare", "--db", "a.db", "-o", "cmp"}, dir.path());
  ASSERT_EQ(cmp.exit_code, 0) << cmp.err;
  for (const char* file : {"lenet5_latency_6.8_mm2.png", "lenet5_latency_6.8_mm2.pdf", "summary.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "cmp" / file)) << file;

  const std::string dom = render(dir.path() / "cmp" / "report.html", dir.path() / "profile");
  ASSERT_TRUE(contains(dom, "<h1>Optimizer comparison</h1>")) << dom.substr(0, 500);
  EXPECT_TRUE(contains(dom, "archex 0.1.0 (commit ")) << "provenance: version and commit";
  EXPECT_TRUE(contains(dom, "a.db")) << "provenance: the database read";
  EXPECT_TRUE(contains(dom, "final best (mean ± std, ms)")) << "units in the headers";
  EXPECT_TRUE(contains(dom, "median (ms)"));
  EXPECT_TRUE(contains(dom, "class=\"best\"")) << "the best row is marked";
  EXPECT_TRUE(contains(dom, "★ "));
  EXPECT_TRUE(contains(dom, "\"never (0/3)\" means none of 3")) << "the notation is explained";
  EXPECT_TRUE(contains(dom, "<h2>Best designs</h2>"));
  EXPECT_TRUE(contains(dom, "href=\"#best-1\"")) << "each series links to its best design";
  EXPECT_TRUE(contains(dom, "id=\"best-1\""));
  EXPECT_TRUE(contains(dom, "archex evaluate --study ")) << "and says how to get its per-layer breakdown";
  EXPECT_TRUE(contains(dom, "Parameter importance"));
  EXPECT_TRUE(contains(dom, "lenet5_latency_6.8_mm2.svg"));

  // summary.csv: numbers in their own cells (one column per checkpoint).
  std::ifstream csv(dir.path() / "cmp" / "summary.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_TRUE(contains(header, "median_best_at_100,median_best_at_500")) << header;
}

}  // namespace
}  // namespace archex::explore
