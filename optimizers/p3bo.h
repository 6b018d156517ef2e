#pragma once
// `p3bo`: Population-Based Black-Box Optimization (Angermueller et al.,
// "Population-Based Black-Box Optimization for Biological Sequence Design",
// ICML 2020, arXiv 2006.03227). A portfolio of the other optimizers shares all
// data (every member sees every trial and the priors); each batch is split
// between members by sampling from a softmax over their credit. The default
// members are the two model-based optimizers: an evolution member seeded with
// priors mines the priors' best basin and, through the shared data, holds
// the whole portfolio there (docs/optimizers.md).
//
// Credit is rebuilt from the history through Suggestion::proposer
// ("p3bo/<member>"): a member's trial earns the fraction of the `elite` best
// earlier feasible values (priors included) it beats (1 for a new best, 0 if
// infeasible or not among them), and
// the member's credit is the mean of its rewards with exponential decay by
// trial age. Shares are (1 - min_share) * softmax(credit / temperature) plus
// min_share spread evenly, so no member starves.
//
// Adaptive variant (adaptive=true, "Adaptive-P3BO"): after every `round`
// trials the member with the lowest credit is replaced by a copy of the one
// with the highest credit whose hyper-parameters are mutated. The portfolio
// is replayed from the history on every call; the mutation draws come from a
// stream seeded by the points of the round, so replay is deterministic.
//
// Members are kept between calls (by label), so an incremental member (mbo)
// updates its model instead of refitting it; p3bo's saved state is its
// members' saved states (optimizer.h).

#include <map>
#include <memory>
#include <vector>

#include "optimizers/optimizer.h"

namespace archex::opt {

struct P3boOptions {
  std::vector<std::string> members = {"gp-bandit", "mbo"};
  double temperature = 0.15;  // softmax temperature on credit in [0, 1]. > 0.
  double decay = 0.97;        // credit weight per trial of age. In (0, 1].
  double min_share = 0.1;     // batch share spread evenly over members. In [0, 1].
  bool adaptive = false;
  int round = 20;             // trials between adaptations (adaptive only). >= 1.
  int elite = 10;             // rewards are measured against this many best values. >= 1.
  // Settings passed to members, from keys "<member>.<key>" (e.g. "mbo.kappa").
  std::map<std::string, Settings> member_settings;

  static P3boOptions parse(const std::string& optimizer, const Settings& settings);
  void validate(const std::string& optimizer) const;
  static std::vector<SettingInfo> describe();
};

class P3bo : public Optimizer {
 public:
  static constexpr const char* kName = "p3bo";
  P3bo(const SearchSpace& space, const Settings& settings);
  static OptimizerInfo info();

  std::string name() const override { return kName; }
  std::vector<Suggestion> suggest(const History& history, int count, Rng& rng) override;
  void restore_state(const SavedState& state) override;
  std::optional<SavedState> take_state() override;
  std::vector<std::string> take_notices() override;

  struct Member {
    std::string type;      // optimizer name
    Settings settings;     // its settings
    std::string label;     // proposer suffix: "p3bo/<label>"
    double inherited_credit = 0.5;  // used until the member has trials of its own
  };
  // The portfolio after replaying `trials`, with each member's credit.
  struct Portfolio {
    std::vector<Member> members;
    std::vector<double> credit;
  };
  Portfolio replay(std::span<const Observation> trials, std::span<const Observation> priors = {}) const;
  // Batch shares of the members, summing to 1.
  std::vector<double> shares(const std::vector<double>& credit) const;

 private:
  // The member optimizer of `member`, made (and given its restored state) on first use.
  Optimizer& member_optimizer(const Member& member);

  SearchSpace space_;
  P3boOptions options_;
  struct Kept {
    Settings settings;
    std::unique_ptr<Optimizer> optimizer;
  };
  std::map<std::string, Kept> kept_;               // by member label
  std::map<std::string, SavedState> states_;       // members' latest states, by label
  bool states_changed_ = false;
  int trials_ = 0;                                 // history size at the last suggest()
  std::vector<std::string> notices_;
};

}  // namespace archex::opt
