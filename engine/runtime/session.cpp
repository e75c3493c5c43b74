#include "runtime/session.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "runtime/cpu_backend.h"

namespace hearth::runtime {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::EndOfGeneration: return "eog";
    case StopReason::MaxTokens: return "max_tokens";
    case StopReason::StopString: return "stop_string";
    case StopReason::Callback: return "stopped";
    case StopReason::ContextFull: return "context_full";
  }
  return "unknown";
}

Session::Session(std::shared_ptr<ModelBackend> backend, const SessionOptions& options, std::unique_ptr<Sequence> sequence)
    : backend_(std::move(backend)), options_(options), sequence_(std::move(sequence)) {}

Result<std::unique_ptr<Session>> Session::create(std::shared_ptr<ModelBackend> backend, const SessionOptions& options) {
  if (!backend) return Status::error(ErrorCode::InvalidArgument, "no model for the session");
  if (options.n_ctx < 1 || options.prefill_chunk < 1)
    return Status::error(ErrorCode::InvalidArgument, "context length and prefill chunk must be at least 1");
  SequenceOptions so;
  so.n_ctx = options.n_ctx;
  so.kv_f16 = options.kv_type == cpu::KvType::F16;
  so.ssd_chunk = options.ssd_chunk;
  Result<std::unique_ptr<Sequence>> sequence = backend->new_sequence(so);
  if (!sequence) return sequence.status();
  return std::unique_ptr<Session>(new Session(std::move(backend), options, std::move(sequence.value())));
}

Result<std::unique_ptr<Session>> Session::create(std::shared_ptr<const CpuModel> model, const SessionOptions& options) {
  if (!model) return Status::error(ErrorCode::InvalidArgument, "no model for the session");
  return create(make_cpu_backend(std::move(model)), options);
}

Status Session::prefill(std::span<const std::int32_t> tokens, const ProgressFn& progress,
                        std::vector<float>* all_logits) {
  const auto total = static_cast<std::int64_t>(tokens.size());
  const std::int64_t room = options_.n_ctx - n_past();
  if (total > room)
    return Status::error(ErrorCode::ContextOverflow,
                         "the prompt is " + std::to_string(total) + " tokens but only " + std::to_string(room) +
                             " of the context's " + std::to_string(options_.n_ctx) + " positions are left: " +
                             std::to_string(total - room) + " tokens too many",
                         "shorten the prompt, start a new conversation or raise the context length");
  const std::int32_t n_vocab = static_cast<std::int32_t>(backend_->config().n_vocab);
  for (std::int32_t id : tokens)
    if (id < 0 || id >= n_vocab)
      return Status::error(ErrorCode::InvalidArgument, "token id " + std::to_string(id) +
                                                           " is outside the vocabulary of " + std::to_string(n_vocab));
  if (all_logits != nullptr) all_logits->clear();
  const auto start = Clock::now();
  std::vector<float> chunk_logits;
  for (std::int64_t done = 0; done < total;) {
    const std::int64_t n = std::min({options_.prefill_chunk, sequence_->max_batch(), total - done});
    const auto chunk = tokens.subspan(static_cast<std::size_t>(done), static_cast<std::size_t>(n));
    const LogitsFor which = all_logits != nullptr ? LogitsFor::All : (done + n == total ? LogitsFor::Last : LogitsFor::None);
    HEARTH_TRY(sequence_->run(n_past(), chunk, which, chunk_logits, probe_));
    tokens_.insert(tokens_.end(), chunk.begin(), chunk.end());
    done += n;
    if (all_logits != nullptr) all_logits->insert(all_logits->end(), chunk_logits.begin(), chunk_logits.end());
    if (progress && !progress(done, total) && done < total) {
      stats_.prefill_tokens += done;
      stats_.prefill_seconds += seconds_since(start);
      logits_.clear();
      return Status::error(ErrorCode::Cancelled, "prefill cancelled after " + std::to_string(done) + " of " +
                                                     std::to_string(total) + " tokens");
    }
  }
  const std::int64_t V = backend_->config().n_vocab;
  if (total > 0) {
    if (all_logits != nullptr)
      logits_.assign(all_logits->end() - V, all_logits->end());
    else
      logits_ = chunk_logits;
  }
  stats_.prefill_tokens += total;
  stats_.prefill_seconds += seconds_since(start);
  return Status::ok();
}

Status Session::decode(std::int32_t token) {
  if (n_past() >= options_.n_ctx)
    return Status::error(ErrorCode::ContextOverflow,
                         "the context of " + std::to_string(options_.n_ctx) + " positions is full",
                         "start a new conversation or raise the context length");
  const auto start = Clock::now();
  const std::int32_t one[] = {token};
  HEARTH_TRY(sequence_->run(n_past(), one, LogitsFor::Last, logits_, probe_));
  tokens_.push_back(token);
  stats_.decode_tokens += 1;
  stats_.decode_seconds += seconds_since(start);
  return Status::ok();
}

Result<GenerateResult> Session::generate(Sampler& sampler, const GenerateOptions& options, const TokenFn& on_token) {
  if (logits_.empty())
    return Status::error(ErrorCode::InvalidArgument, "nothing to continue from", "feed a prompt first");
  // On a backend that samples on the device, each step feeds a token and draws the next there: the logits
  // never cross to the host. The host generator still supplies every uniform, in the same order as host
  // sampling, so both paths draw the same tokens from the same logits.
  const bool on_device = options_.device_sampling && sequence_->draws_on_device();
  const SamplerParams& params = sampler.params();
  GenerateResult result;
  std::size_t longest_stop = 0;
  for (const std::string& s : options.stop_strings) longest_stop = std::max(longest_stop, s.size());
  bool logits_on_device = false;
  std::int32_t next = -1;  // drawn on the device by the previous step
  for (std::int64_t i = 0;; ++i) {
    if (i >= options.max_tokens) {
      result.reason = StopReason::MaxTokens;
      break;
    }
    const std::int32_t token = next >= 0 ? next : sampler.sample(logits_, tokens_);
    next = -1;
    if (std::find(options.eog_tokens.begin(), options.eog_tokens.end(), token) != options.eog_tokens.end()) {
      result.tokens.push_back(token);
      result.reason = StopReason::EndOfGeneration;
      break;
    }
    if (n_past() >= options_.n_ctx) {
      result.reason = StopReason::ContextFull;
      result.message = "generation reached the context limit of " + std::to_string(options_.n_ctx) + " tokens";
      break;
    }
    const std::uint64_t rng_before = sampler.rng_state();
    if (on_device && i + 1 < options.max_tokens) {
      const double u = sampler_draws(params) ? sampler.next_uniform() : 0.0;
      const auto start = Clock::now();
      Result<std::int32_t> drawn = sequence_->decode_and_draw(n_past(), token, params, u);
      if (!drawn) return drawn.status();
      tokens_.push_back(token);
      stats_.decode_tokens += 1;
      stats_.decode_seconds += seconds_since(start);
      next = *drawn;
      logits_on_device = true;
    } else {
      HEARTH_TRY(decode(token));
      logits_on_device = false;
    }
    result.tokens.push_back(token);
    const std::string piece = options.piece ? options.piece(token) : std::string();
    const std::size_t before = result.text.size();
    result.text += piece;
    // A stop string may straddle pieces: search the new text plus what could start before it.
    bool stopped = false;
    const std::size_t from = before > longest_stop ? before - longest_stop : 0;
    for (const std::string& s : options.stop_strings) {
      const std::size_t at = s.empty() ? std::string::npos : result.text.find(s, from);
      if (at != std::string::npos) {
        result.text.resize(at);
        stopped = true;
      }
    }
    if (stopped || (on_token && !on_token(token, piece))) {
      result.reason = stopped ? StopReason::StopString : StopReason::Callback;
      // A draw made ahead for a token that will not be used is taken back, so the generator stands where
      // host sampling would have left it.
      if (next >= 0) sampler.set_rng_state(rng_before);
      break;
    }
  }
  if (logits_on_device) HEARTH_TRY(sequence_->read_logits(logits_));
  return result;
}

SessionStats Session::stats() const {
  SessionStats s = stats_;
  s.tokens_in_context = n_past();
  s.context_size = options_.n_ctx;
  s.memory_bytes = sequence_->host_bytes() + logits_.capacity() * sizeof(float);
  s.device_memory_bytes = sequence_->device_bytes();
  return s;
}

StateSnapshot Session::snapshot() const {
  StateSnapshot s;
  // A backend that cannot copy its state out leaves the snapshot empty, which no session accepts back.
  if (!sequence_->save(n_past(), s).is_ok()) return {};
  s.tokens = tokens_;
  s.logits = logits_;
  return s;
}

Status Session::restore(const StateSnapshot& snapshot) {
  if (!sequence_->fits(snapshot) || static_cast<std::int64_t>(snapshot.tokens.size()) != snapshot.n_past)
    return Status::error(ErrorCode::InvalidArgument, "the snapshot does not belong to a session of this model and context");
  HEARTH_TRY(sequence_->load(snapshot));
  tokens_ = snapshot.tokens;
  logits_ = snapshot.logits;
  return Status::ok();
}

void Session::reset() {
  (void)sequence_->reset();  // clearing device state fails only with the device itself, which the next run reports
  tokens_.clear();
  logits_.clear();
}

}  // namespace hearth::runtime
