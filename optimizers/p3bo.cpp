#include "optimizers/p3bo.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "optimizers/random_utils.h"
#include "optimizers/registry.h"
#include "optimizers/pareto.h"
#include "optimizers/settings_reader.h"
#include "optimizers/state_codec.h"

namespace archex::opt {

namespace {

const std::string kProposerPrefix = "p3bo/";

// Hyper-parameters the adaptive variant mutates, with the range it keeps them in.
struct Tunable {
  const char* type;
  const char* key;
  double lo, hi;
  bool integer;
};
constexpr Tunable kTunables[] = {
    {"evolution", "mutation_rate", 0.02, 0.5, false},
    {"evolution", "tournament", 2, 50, true},
    {"evolution", "crossover_rate", 0.0, 0.8, false},
    {"gp-bandit", "ucb_coefficient", 0.1, 4.0, false},
    {"mbo", "kappa", 0.0, 2.0, false},
    {"mbo", "locality", 1, 6, true},
};
// Spread of the log-normal multiplicative mutation of a hyper-parameter.
constexpr double kMutationSd = 0.5;

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  for (char c : s + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

std::string join_list(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::string default_setting(const std::string& type, const std::string& key) {
  for (const auto& info : list_optimizers())
    if (info.name == type)
      for (const auto& s : info.settings)
        if (s.key == key) return s.default_value;
  return "";
}

// Reward of each trial: the fraction of the `elite` best earlier feasible
// values (feasible priors included) that it beats: 1 for a new best, 0 when
// infeasible or outside the elite. Measuring against the elite rather than
// against every earlier trial keeps a member that only re-proposes designs
// of a known basin from collecting credit while nobody improves; then every
// credit decays and the shares even out, so the other members explore.
// Several objectives: a trial earns 1 when it adds hypervolume, i.e. no
// earlier feasible point (priors included) dominates it or equals it.
std::vector<double> pareto_rewards(std::span<const Observation> priors, std::span<const Observation> trials) {
  std::vector<Objectives> seen;
  for (const auto& p : priors)
    if (p.feasible) seen.push_back(p.values);
  std::vector<double> rewards(trials.size(), 0.0);
  for (std::size_t t = 0; t < trials.size(); ++t) {
    if (!trials[t].feasible) continue;
    const auto& v = trials[t].values;
    const bool improves =
        std::none_of(seen.begin(), seen.end(), [&](const Objectives& s) { return s == v || dominates(s, v); });
    rewards[t] = improves ? 1.0 : 0.0;
    seen.push_back(v);
  }
  return rewards;
}

std::vector<double> trial_rewards(std::span<const Observation> priors, std::span<const Observation> trials,
                                  int elite) {
  std::vector<double> best;  // ascending, at most `elite`
  auto remember = [&](double v) {
    best.insert(std::upper_bound(best.begin(), best.end(), v), v);
    if (static_cast<int>(best.size()) > elite) best.pop_back();
  };
  for (const auto& p : priors)
    if (p.feasible) remember(p.value);
  std::vector<double> rewards(trials.size(), 0.0);
  for (std::size_t t = 0; t < trials.size(); ++t) {
    if (!trials[t].feasible) continue;
    const double v = trials[t].value;
    const auto beaten = best.end() - std::upper_bound(best.begin(), best.end(), v);
    rewards[t] = best.empty() ? 1.0 : static_cast<double>(beaten) / static_cast<double>(best.size());
    remember(v);
  }
  return rewards;
}

}  // namespace

P3boOptions P3boOptions::parse(const std::string& optimizer, const Settings& settings) {
  P3boOptions o;
  Settings own;
  for (const auto& [key, value] : settings) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) own[key] = value;
  }
  SettingsReader r(optimizer, own);
  o.members = split_list(r.text("members", join_list(o.members)));
  o.temperature = r.real("temperature", o.temperature);
  o.decay = r.real("decay", o.decay);
  o.min_share = r.real("min_share", o.min_share);
  o.adaptive = r.boolean("adaptive", o.adaptive);
  o.round = r.integer("round", o.round);
  o.elite = r.integer("elite", o.elite);
  r.reject_unknown();
  for (const auto& [key, value] : settings) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) continue;
    const std::string member = key.substr(0, dot);
    if (std::find(o.members.begin(), o.members.end(), member) == o.members.end())
      setting_error(optimizer, key, value, "a setting of a member (members: " + join_list(o.members) + ")");
    o.member_settings[member][key.substr(dot + 1)] = value;
  }
  o.validate(optimizer);
  return o;
}

void P3boOptions::validate(const std::string& optimizer) const {
  const std::string list = join_list(members);
  if (members.empty()) setting_error(optimizer, "members", list, "a comma-separated list of optimizers");
  for (const auto& m : members)
    if (m == "p3bo") setting_error(optimizer, "members", list, "members other than p3bo itself");
  if (!(temperature > 0)) setting_error(optimizer, "temperature", format_setting(temperature), "a number > 0");
  if (!(decay > 0 && decay <= 1)) setting_error(optimizer, "decay", format_setting(decay), "a number in (0, 1]");
  if (!(min_share >= 0 && min_share <= 1))
    setting_error(optimizer, "min_share", format_setting(min_share), "a number in [0, 1]");
  if (round < 1) setting_error(optimizer, "round", format_setting(round), "an integer >= 1");
  if (elite < 1) setting_error(optimizer, "elite", format_setting(elite), "an integer >= 1");
}

std::vector<SettingInfo> P3boOptions::describe() {
  const P3boOptions d;
  return {
      {"members", join_list(d.members), "comma-separated member optimizers (repeats allowed)"},
      {"temperature", format_setting(d.temperature), "softmax temperature over member credit (credit in [0, 1])"},
      {"decay", format_setting(d.decay), "weight of a member's reward per trial of age"},
      {"elite", format_setting(d.elite),
       "a trial earns the fraction of this many best earlier feasible values (priors included) it beats"},
      {"min_share", format_setting(d.min_share), "share of each batch spread evenly over all members"},
      {"adaptive", format_setting(d.adaptive),
       "replace the weakest member by a mutated copy of the strongest every `round` trials"},
      {"round", format_setting(d.round), "trials between adaptations"},
      {"<member>.<key>", "", "a setting passed to a member, e.g. mbo.kappa=0.5"},
  };
}

P3bo::P3bo(const SearchSpace& space, const Settings& settings)
    : space_(space), options_(P3boOptions::parse(kName, settings)) {
  for (const auto& m : options_.members) {
    try {
      const auto it = options_.member_settings.find(m);
      make_optimizer(m, space_, it == options_.member_settings.end() ? Settings{} : it->second);
    } catch (const OptimizerError& e) {
      throw OptimizerError("optimizer 'p3bo': member '" + m + "': " + e.what());
    }
  }
}

OptimizerInfo P3bo::info() {
  return {kName, "portfolio of optimizers sharing all data, batch split by softmax over decayed credit",
          P3boOptions::describe()};
}

P3bo::Portfolio P3bo::replay(std::span<const Observation> trials, std::span<const Observation> priors) const {
  Portfolio portfolio;
  std::map<std::string, int> seen;
  for (const auto& type : options_.members) {
    const int k = seen[type]++;
    const auto it = options_.member_settings.find(type);
    portfolio.members.push_back({type, it == options_.member_settings.end() ? Settings{} : it->second,
                                 k ? type + "#" + std::to_string(k) : type, 0.5});
  }
  const bool several =
      std::any_of(trials.begin(), trials.end(), [](const Observation& o) { return !o.values.empty(); });
  const std::vector<double> rewards =
      several ? pareto_rewards(priors, trials) : trial_rewards(priors, trials, options_.elite);
  auto credit_until = [&](std::size_t end) {
    std::vector<double> credit;
    for (const Member& m : portfolio.members) {
      const std::string proposer = kProposerPrefix + m.label;
      double sum = 0, weight = 0, w = 1;
      for (std::size_t t = end; t-- > 0; w *= options_.decay) {
        if (trials[t].proposer != proposer) continue;
        sum += w * rewards[t];
        weight += w;
      }
      credit.push_back(weight > 0 ? sum / weight : m.inherited_credit);
    }
    return credit;
  };

  int next_id = static_cast<int>(portfolio.members.size());
  if (options_.adaptive && portfolio.members.size() > 1) {
    for (std::size_t end = options_.round; end <= trials.size(); end += options_.round) {
      const std::vector<double> credit = credit_until(end);
      const auto worst = std::min_element(credit.begin(), credit.end()) - credit.begin();
      const auto best = std::max_element(credit.begin(), credit.end()) - credit.begin();
      if (!(credit[best] > credit[worst])) continue;
      // Mutation draws seeded by the round's points: deterministic on replay.
      std::vector<std::uint32_t> seed = {static_cast<std::uint32_t>(end)};
      for (std::size_t t = end - options_.round; t < end; ++t)
        for (int v : trials[t].point) seed.push_back(static_cast<std::uint32_t>(v));
      std::seed_seq seq(seed.begin(), seed.end());
      Rng rng(seq);
      Member child = portfolio.members[best];
      for (const Tunable& tune : kTunables) {
        if (child.type != tune.type || uniform01(rng) >= 0.5) continue;
        const auto it = child.settings.find(tune.key);
        const double old = std::strtod(
            (it != child.settings.end() ? it->second : default_setting(child.type, tune.key)).c_str(), nullptr);
        double value = std::clamp(old * std::exp(kMutationSd * standard_normal(rng)), tune.lo, tune.hi);
        if (tune.integer) value = std::round(value);
        child.settings[tune.key] = tune.integer ? format_setting(static_cast<int>(value)) : format_setting(value);
      }
      try {
        make_optimizer(child.type, space_, child.settings);
      } catch (const OptimizerError&) {
        child.settings = portfolio.members[best].settings;  // a mutation broke a joint constraint
      }
      child.label = child.type + "#" + std::to_string(next_id++);
      child.inherited_credit = credit[best];
      portfolio.members[worst] = std::move(child);
    }
  }
  portfolio.credit = credit_until(trials.size());
  return portfolio;
}

std::vector<double> P3bo::shares(const std::vector<double>& credit) const {
  const double top = *std::max_element(credit.begin(), credit.end());
  std::vector<double> s(credit.size());
  double total = 0;
  for (std::size_t i = 0; i < credit.size(); ++i) total += s[i] = std::exp((credit[i] - top) / options_.temperature);
  for (double& x : s) x = (1 - options_.min_share) * x / total + options_.min_share / credit.size();
  return s;
}

std::vector<Suggestion> P3bo::suggest(const History& history, int count, Rng& rng) {
  const Portfolio portfolio = replay(history.trials, history.priors);
  const std::vector<double> share = shares(portfolio.credit);
  std::vector<int> slots(portfolio.members.size(), 0);
  for (int i = 0; i < count; ++i) ++slots[weighted_index(rng, share)];

  std::vector<Point> pending(history.pending.begin(), history.pending.end());
  std::vector<Suggestion> out;
  for (std::size_t m = 0; m < portfolio.members.size(); ++m) {
    if (slots[m] == 0) continue;
    const Member& member = portfolio.members[m];
    Optimizer& optimizer = member_optimizer(member);
    const History shared{history.priors, history.trials, pending, history.observed, history.objectives};
    for (auto& s : optimizer.suggest(shared, slots[m], rng)) {
      pending.push_back(s.point);
      out.push_back({std::move(s.point), kProposerPrefix + member.label});
    }
    if (auto state = optimizer.take_state()) {
      states_[member.label] = std::move(*state);
      states_changed_ = true;
    }
    for (auto& notice : optimizer.take_notices()) notices_.push_back(kProposerPrefix + member.label + ": " + notice);
  }
  trials_ = static_cast<int>(history.trials.size());
  return out;
}

Optimizer& P3bo::member_optimizer(const Member& member) {
  Kept& kept = kept_[member.label];
  if (!kept.optimizer || kept.settings != member.settings) {
    kept.optimizer = make_optimizer(member.type, space_, member.settings);
    kept.settings = member.settings;
    if (const auto it = states_.find(member.label); it != states_.end()) kept.optimizer->restore_state(it->second);
  }
  return *kept.optimizer;
}

namespace {
constexpr const char* kStateFormat = "p3bo/1";
}  // namespace

void P3bo::restore_state(const SavedState& state) {
  std::map<std::string, SavedState> states;
  try {
    StateReader in(state.data, kStateFormat);
    for (std::int64_t n = in.integer(); n > 0; --n) {
      std::string label = in.text();
      const auto trials = static_cast<int>(in.integer());
      states[std::move(label)] = SavedState{trials, in.text()};
    }
    in.expect_end();
  } catch (const StateFormatError& e) {
    notices_.push_back(std::string("p3bo: ") + e.what() + "; its members rebuild their models from the history");
    return;
  }
  states_ = std::move(states);
  kept_.clear();
}

std::optional<SavedState> P3bo::take_state() {
  if (!states_changed_) return std::nullopt;
  states_changed_ = false;
  StateWriter out(kStateFormat);
  out.integer(static_cast<std::int64_t>(states_.size()));
  for (const auto& [label, state] : states_) {
    out.text(label);
    out.integer(state.trials);
    out.text(state.data);
  }
  return SavedState{trials_, std::move(out).finish()};
}

std::vector<std::string> P3bo::take_notices() { return std::exchange(notices_, {}); }

}  // namespace archex::opt
