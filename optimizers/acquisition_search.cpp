#include "optimizers/acquisition_search.h"

#include <algorithm>

#include "optimizers/mutation.h"
#include "optimizers/point_set.h"
#include "optimizers/random_utils.h"

namespace archex::opt {

namespace {

// Candidates generated per round are capped at this multiple of the wanted
// number of draws (duplicates are skipped, and a converged pool produces many).
constexpr int kDrawAttemptFactor = 4;
constexpr int kTournament = 3;

class Pool {
 public:
  Pool(const BatchScorer& score, const TakenPoints& taken) : score_(score), taken_(taken) {}

  // Queues p for scoring unless it is taken or already known.
  bool propose(Point p) {
    if (taken_.contains(p) || !seen_.insert(p).second) return false;
    queued_.push_back(std::move(p));
    return true;
  }
  void score_queued() {
    if (queued_.empty()) return;
    const std::vector<double> s = score_(queued_);
    for (std::size_t i = 0; i < queued_.size(); ++i) all_.push_back({std::move(queued_[i]), s[i]});
    queued_.clear();
  }
  // All scored candidates, best first (stable: earlier candidates win ties).
  std::vector<ScoredPoint>& sorted() {
    std::stable_sort(all_.begin(), all_.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
    return all_;
  }

 private:
  const BatchScorer& score_;
  const TakenPoints& taken_;
  PointSet seen_;
  std::vector<Point> queued_;
  std::vector<ScoredPoint> all_;
};

void enumerate(const SearchSpace& space, Pool& pool) {
  Point p(space.dimensions(), 0);
  while (true) {
    pool.propose(p);
    std::size_t d = 0;
    while (d < p.size() && ++p[d] == space.cardinality(d)) p[d++] = 0;
    if (d == p.size()) break;
  }
}

}  // namespace

std::vector<ScoredPoint> maximise_acquisition(const SearchSpace& space, const BatchScorer& score,
                                              const std::vector<Point>& anchors, const TakenPoints& taken,
                                              const AcquisitionSearchOptions& options, Rng& rng) {
  Pool pool(score, taken);
  if (space.size() <= options.enumerate_up_to) {
    enumerate(space, pool);
    pool.score_queued();
    return pool.sorted();
  }
  const double local_rate = 1.0 / static_cast<double>(space.dimensions());

  // Initial pool: mutations of the anchors (round-robin, best first), then uniform points.
  const int local = anchors.empty() ? 0 : options.pool * options.local_fraction_pct / 100;
  for (int i = 0, made = 0; made < local && i < local * kDrawAttemptFactor; ++i)
    made += pool.propose(mutate(space, anchors[i % anchors.size()], local_rate, rng));
  for (int i = 0, made = 0; made < options.pool - local && i < options.pool * kDrawAttemptFactor; ++i)
    made += pool.propose(random_point(space, rng));
  pool.score_queued();

  for (int g = 0; g < options.generations; ++g) {
    const std::vector<ScoredPoint>& ranked = pool.sorted();
    if (ranked.empty()) break;
    const int parents = std::min<int>(options.pool, static_cast<int>(ranked.size()));
    auto winner = [&]() -> const Point& {
      int best = uniform_index(rng, parents);
      for (int t = 1; t < kTournament; ++t) best = std::min(best, uniform_index(rng, parents));
      return ranked[best].point;  // ranked is sorted: lower index = fitter
    };
    std::vector<Point> children;
    for (int i = 0, made = 0; made < options.pool && i < options.pool * kDrawAttemptFactor; ++i) {
      Point child = uniform01(rng) < 0.3 ? crossover(winner(), winner(), rng) : winner();
      child = mutate(space, child, local_rate, rng);
      made += pool.propose(std::move(child));
    }
    pool.score_queued();
  }
  return pool.sorted();
}

}  // namespace archex::opt
