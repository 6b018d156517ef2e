#include "explorer/mpi_evaluation.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <nlohmann/json.hpp>

#include "explorer/errors.h"
#include "explorer/study_setup.h"

namespace archex::explore {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTagRequest = 1;  // rank 0 -> worker: a point to evaluate
constexpr int kTagResult = 2;   // worker -> rank 0: its trial result
constexpr int kTagStop = 3;     // rank 0 -> worker: the job is over

// Polling with a growing pause when nothing happens: no rank spins on a core
// (ranks often outnumber cores), yet a busy loop answers within microseconds.
class Backoff {
 public:
  void reset() { pause_ = std::chrono::microseconds(20); }
  void wait() {
    std::this_thread::sleep_for(pause_);
    pause_ = std::min(pause_ * 2, std::chrono::microseconds(2000));
  }

 private:
  std::chrono::microseconds pause_{20};
};

nlohmann::json result_json(std::int64_t tag, const TrialResult& r) {
  return {{"tag", tag},
          {"state", std::string(to_string(r.state))},
          {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
          {"metrics", r.metrics_json},
          {"reason", r.reason},
          {"cached", r.cached},
          {"values", r.values},
          {"constraints", r.constraints_json}};
}

EvaluationPool::Done result_from_json(const nlohmann::json& j) {
  EvaluationPool::Done done;
  done.tag = j.at("tag").get<std::int64_t>();
  TrialResult& r = done.result;
  r.state = trial_state_from_string(j.at("state").get<std::string>());
  if (!j.at("value").is_null()) r.value = j.at("value").get<double>();
  r.metrics_json = j.at("metrics").get<std::string>();
  r.reason = j.at("reason").get<std::string>();
  r.cached = j.at("cached").get<bool>();
  r.values = j.at("values").get<std::vector<double>>();
  r.constraints_json = j.at("constraints").get<std::string>();
  return done;
}

TrialResult failed(std::string reason) {
  return TrialResult{TrialState::kFailed, std::nullopt, "", std::move(reason), false, {}, {}};
}

}  // namespace

std::string worker_spec_message(const StudySpec& spec) {
  nlohmann::json message = {{"name", spec.name}, {"identity", spec.identity_json()}};
  if (spec.evaluator) {
    message["evaluator_timeout_s"] = spec.evaluator->timeout_s;
    message["evaluator_retries"] = spec.evaluator->retries;
  }
  return message.dump();
}

// --- worker ranks -----------------------------------------------------------

void serve_evaluations(MpiTransport& transport, const std::atomic<bool>* stop) {
  struct Study {
    std::unique_ptr<StudyEnvironment> env;
    std::unique_ptr<Evaluator> evaluator;
    std::string error;  // the environment could not be built here
  };
  std::map<std::string, Study> studies;
  auto cache = std::make_shared<EvaluationCache>();
  std::thread running;
  std::atomic<bool> finished{false};
  std::int64_t running_tag = 0;
  TrialResult running_result;
  const Evaluator* running_evaluator = nullptr;
  auto send_finished = [&] {
    running.join();
    transport.send(0, kTagResult, result_json(running_tag, running_result).dump());
    running_evaluator = nullptr;
    finished = false;
  };
  Backoff backoff;
  for (;;) {
    if (running.joinable() && finished) send_finished();
    auto message = transport.poll();
    if (!message) {
      backoff.wait();
      continue;
    }
    backoff.reset();
    if (message->tag == kTagStop) {
      if (running.joinable()) {
        running_evaluator->interrupt();
        send_finished();
      }
      return;
    }
    if (message->tag != kTagRequest) continue;
    const auto request = nlohmann::json::parse(message->data);
    const std::string key = request.at("study").get<std::string>();
    const std::int64_t tag = request.at("tag").get<std::int64_t>();
    if (request.contains("spec") && !studies.count(key)) {
      Study& study = studies[key];
      try {
        const auto spec_message = nlohmann::json::parse(request.at("spec").get<std::string>());
        StudySpec spec = StudySpec::from_identity(spec_message.at("identity"), spec_message.at("name"), 1, 1);
        if (spec.evaluator) {
          spec.evaluator->timeout_s = spec_message.value("evaluator_timeout_s", spec.evaluator->timeout_s);
          spec.evaluator->retries = spec_message.value("evaluator_retries", spec.evaluator->retries);
        }
        study.env = build_environment(spec);
        study.evaluator = std::make_unique<Evaluator>(*study.env, cache);
        study.evaluator->watch(stop);
      } catch (const std::exception& e) {
        study.error = "rank " + std::to_string(transport.rank()) + " cannot evaluate study '" + key + "': " + e.what();
      }
    }
    auto it = studies.find(key);
    if (it == studies.end() || !it->second.evaluator) {
      const std::string reason = it == studies.end() ? "rank " + std::to_string(transport.rank()) +
                                                           " was sent a point of study '" + key + "' without its spec"
                                                     : it->second.error;
      transport.send(0, kTagResult, result_json(tag, failed(reason)).dump());
      continue;
    }
    running_tag = tag;
    running_evaluator = it->second.evaluator.get();
    opt::Point point = request.at("point").get<opt::Point>();
    running = std::thread([&, point = std::move(point)] {
      running_result = running_evaluator->evaluate(point);
      finished = true;
    });
  }
}

// --- rank 0 -----------------------------------------------------------------

struct MpiEvaluationDispatcher::Channel {
  std::string key, spec;
  const Evaluator* local = nullptr;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<EvaluationPool::Done> done;
  bool closed = false;
  int local_running = 0;

  void deliver(EvaluationPool::Done result) {
    {
      std::lock_guard lock(mutex);
      if (closed) return;
      done.push_back(std::move(result));
    }
    ready.notify_all();
  }
};

class MpiExecutor : public EvaluationExecutor {
 public:
  MpiExecutor(MpiEvaluationDispatcher& dispatcher, std::shared_ptr<MpiEvaluationDispatcher::Channel> channel,
              int capacity)
      : dispatcher_(dispatcher), channel_(std::move(channel)), capacity_(capacity) {}

  ~MpiExecutor() override {
    {
      std::lock_guard lock(dispatcher_.mutex_);
      auto& pending = dispatcher_.pending_;
      pending.erase(std::remove_if(pending.begin(), pending.end(),
                                   [&](const auto& job) { return job.channel == channel_; }),
                    pending.end());
    }
    std::unique_lock lock(channel_->mutex);
    channel_->closed = true;
    // Rank 0's own slots evaluate with the engine's Evaluator: wait for them.
    channel_->ready.wait(lock, [&] { return channel_->local_running == 0; });
  }

  int capacity() const override { return capacity_; }

  void submit(std::int64_t tag, const opt::Point& point) override {
    dispatcher_.enqueue(MpiEvaluationDispatcher::Job{channel_, tag, point});
  }

  std::optional<EvaluationPool::Done> next(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(channel_->mutex);
    if (!channel_->ready.wait_for(lock, timeout, [&] { return !channel_->done.empty(); })) return std::nullopt;
    auto done = std::move(channel_->done.front());
    channel_->done.pop_front();
    return done;
  }

 private:
  MpiEvaluationDispatcher& dispatcher_;
  std::shared_ptr<MpiEvaluationDispatcher::Channel> channel_;
  int capacity_;
};

MpiEvaluationDispatcher::MpiEvaluationDispatcher(MpiTransport& transport, int local_slots)
    : transport_(transport), local_slots_(local_slots), busy_(transport.size()), sent_(transport.size()) {
  messages_ = std::thread([this] { message_loop(); });
  for (int i = 0; i < local_slots; ++i) locals_.emplace_back([this] { local_loop(); });
}

MpiEvaluationDispatcher::~MpiEvaluationDispatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    pending_.clear();
  }
  pending_ready_.notify_all();
  for (auto& thread : locals_) thread.join();
  messages_.join();
}

std::unique_ptr<EvaluationExecutor> MpiEvaluationDispatcher::executor(const StudySpec& spec, const Evaluator& local,
                                                                      int capacity) {
  auto channel = std::make_shared<Channel>();
  channel->key = spec.name;
  channel->spec = worker_spec_message(spec);
  channel->local = &local;
  return std::make_unique<MpiExecutor>(*this, std::move(channel), std::max(1, capacity));
}

void MpiEvaluationDispatcher::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(job));
  }
  pending_ready_.notify_one();
}

std::optional<MpiEvaluationDispatcher::Job> MpiEvaluationDispatcher::take_pending() {
  if (pending_.empty()) return std::nullopt;
  Job job = std::move(pending_.front());
  pending_.pop_front();
  return job;
}

void MpiEvaluationDispatcher::local_loop() {
  for (;;) {
    std::optional<Job> job;
    {
      std::unique_lock lock(mutex_);
      pending_ready_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (stopping_) return;
      job = take_pending();
      std::lock_guard channel_lock(job->channel->mutex);
      ++job->channel->local_running;
    }
    TrialResult result = job->channel->local->evaluate(job->point);
    job->channel->deliver({job->tag, std::move(result)});
    {
      std::lock_guard lock(job->channel->mutex);
      --job->channel->local_running;
    }
    job->channel->ready.notify_all();
  }
}

void MpiEvaluationDispatcher::message_loop() {
  const int size = transport_.size();
  auto receive = [&](const MpiTransport::Message& message) {
    if (message.tag != kTagResult || message.source <= 0 || message.source >= size) return;
    std::optional<Job> job = std::move(busy_[message.source]);
    busy_[message.source].reset();
    if (!job) return;
    EvaluationPool::Done done;
    try {
      done = result_from_json(nlohmann::json::parse(message.data));
    } catch (const std::exception& e) {
      done = {job->tag, failed("rank " + std::to_string(message.source) + " sent an unreadable result: " + e.what())};
    }
    job->channel->deliver(std::move(done));
  };
  Backoff backoff;
  for (;;) {
    bool progressed = false;
    {
      std::unique_lock lock(mutex_);
      if (stopping_) break;
      for (int worker = 1; worker < size && !pending_.empty(); ++worker) {
        if (busy_[worker]) continue;
        Job job = *take_pending();
        nlohmann::json request = {{"study", job.channel->key}, {"tag", job.tag}, {"point", job.point}};
        auto& sent = sent_[worker];
        if (std::find(sent.begin(), sent.end(), job.channel->key) == sent.end()) {
          request["spec"] = job.channel->spec;
          sent.push_back(job.channel->key);
        }
        busy_[worker] = std::move(job);
        lock.unlock();
        transport_.send(worker, kTagRequest, request.dump());
        lock.lock();
        progressed = true;
      }
    }
    while (auto message = transport_.poll()) {
      std::lock_guard lock(mutex_);
      receive(*message);
      progressed = true;
    }
    if (progressed)
      backoff.reset();
    else
      backoff.wait();
  }
  // Stop every worker; busy ones interrupt their evaluation and answer first,
  // so no message is left in flight when MPI is finalised.
  for (int worker = 1; worker < size; ++worker) transport_.send(worker, kTagStop, "");
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  auto any_busy = [&] { return std::any_of(busy_.begin(), busy_.end(), [](const auto& b) { return b.has_value(); }); };
  while (any_busy() && Clock::now() < deadline) {
    if (auto message = transport_.poll()) {
      std::lock_guard lock(mutex_);
      receive(*message);
    } else {
      backoff.wait();
    }
  }
}

}  // namespace archex::explore
