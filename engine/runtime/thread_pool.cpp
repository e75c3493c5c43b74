#include "runtime/thread_pool.h"

#include <algorithm>

#if defined(__linux__)
#include <sched.h>
#endif

namespace hearth::runtime {

namespace {

// Spins before a worker sleeps (and before the caller sleeps waiting for workers). About 5-50 µs: long
// enough to bridge the gap between two loops of one forward pass, short enough not to burn a shared core.
constexpr int kSpinIterations = 1 << 12;

// ThreadPool::ticket_: generation << 32 | closed bit | number of workers that joined the job.
constexpr std::uint64_t kClosed = 1ull << 31;
constexpr std::uint64_t kJoinedMask = kClosed - 1;

thread_local bool t_inside_body = false;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

int available_cores() {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

ThreadPool::ThreadPool(int n_threads) {
  if (n_threads <= 0) n_threads = available_cores();
  n_workers_ = n_threads - 1;
  workers_.reserve(static_cast<std::size_t>(n_threads - 1));
  for (int slot = 1; slot < n_threads; ++slot) workers_.emplace_back([this, slot] { worker_loop(slot); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

std::int64_t ThreadPool::grain_for(std::int64_t n, std::int64_t min_grain, int chunks_per_thread) const {
  const std::int64_t chunks = static_cast<std::int64_t>(size()) * std::max(1, chunks_per_thread);
  return std::max<std::int64_t>(std::max<std::int64_t>(min_grain, 1), (n + chunks - 1) / chunks);
}

void ThreadPool::run(std::int64_t n, std::int64_t grain, Trampoline fn, void* ctx) {
  if (n <= 0) return;
  grain = std::max<std::int64_t>(grain, 1);
  if (workers_.empty() || t_inside_body || n <= grain) {
    const bool was_inside = t_inside_body;
    t_inside_body = true;
    for (std::int64_t b = 0; b < n; b += grain) fn(ctx, b, std::min(n, b + grain), 0);
    t_inside_body = was_inside;
    return;
  }
  std::lock_guard<std::mutex> run_lock(run_mutex_);
  job_fn_ = fn;
  job_ctx_ = ctx;
  job_n_ = n;
  job_grain_ = grain;
  next_.store(0, std::memory_order_relaxed);
  workers_done_.store(0, std::memory_order_relaxed);
  const std::uint64_t generation = generation_.load(std::memory_order_relaxed) + 1;
  ticket_.store(generation << 32, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.store(generation, std::memory_order_release);
  }
  wake_.notify_all();

  work_on_job(0);

  // Every chunk is claimed. Close the job: workers that have not joined yet never will, so we only wait
  // for those that did (a descheduled or sleeping worker costs nothing when the others finished the work).
  const int joined = static_cast<int>(ticket_.fetch_or(kClosed, std::memory_order_acq_rel) & kJoinedMask);
  for (int i = 0; i < kSpinIterations; ++i) {
    if (workers_done_.load(std::memory_order_acquire) == joined) return;
    cpu_relax();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [&] { return workers_done_.load(std::memory_order_acquire) == joined; });
}

void ThreadPool::work_on_job(int slot) {
  t_inside_body = true;
  for (;;) {
    const std::int64_t b = next_.fetch_add(job_grain_, std::memory_order_relaxed);
    if (b >= job_n_) break;
    job_fn_(job_ctx_, b, std::min(job_n_, b + job_grain_), slot);
  }
  t_inside_body = false;
}

void ThreadPool::worker_loop(int slot) {
  std::uint64_t seen = 0;
  for (;;) {
    bool ready = false;
    for (int i = 0; i < kSpinIterations && !ready; ++i) {
      ready = generation_.load(std::memory_order_acquire) != seen;
      if (!ready) cpu_relax();
    }
    if (!ready) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_.load(std::memory_order_acquire) != seen; });
      if (stopping_) return;
    }
    seen = generation_.load(std::memory_order_acquire);
    // Join the job unless it has moved on or been closed; only joined workers touch the job.
    std::uint64_t ticket = ticket_.load(std::memory_order_acquire);
    bool joined = false;
    while ((ticket >> 32) == seen && (ticket & kClosed) == 0) {
      if (ticket_.compare_exchange_weak(ticket, ticket + 1, std::memory_order_acq_rel)) {
        joined = true;
        break;
      }
    }
    if (!joined) continue;
    work_on_job(slot);
    std::lock_guard<std::mutex> lock(mutex_);  // pairs with the caller's predicate check: no lost wake-up
    workers_done_.fetch_add(1, std::memory_order_acq_rel);
    finished_.notify_one();
  }
}

}  // namespace hearth::runtime
