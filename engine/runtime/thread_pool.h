// A fixed pool of worker threads for the CPU backend. Decode issues hundreds of small parallel loops per
// token, so threads are created once and reused: a loop costs a wake-up, never a thread creation. Workers
// spin briefly before sleeping so back-to-back loops (the common case inside one forward pass) do not pay
// a futex round trip each; an idle pool sleeps and costs nothing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace hearth::runtime {

// Cores this process may run on (the affinity mask on Linux, else hardware_concurrency), at least 1.
int available_cores();

class ThreadPool {
 public:
  // n_threads counts the calling thread: a pool of 1 runs everything inline. 0 means available_cores().
  explicit ThreadPool(int n_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads that take part in a loop (workers + the caller); `slot` passed to bodies is below this.
  int size() const { return n_workers_ + 1; }

  // Calls body(begin, end, slot) over [0, n) in chunks of `grain` items (the last may be shorter), spread
  // over the pool; returns when every chunk is done. `slot` identifies the executing thread for the call's
  // duration (index per-thread scratch with it). A loop started from inside a body runs inline.
  template <typename Body>
  void parallel_for(std::int64_t n, std::int64_t grain, Body&& body) {
    using B = std::remove_reference_t<Body>;
    run(n, grain, [](void* ctx, std::int64_t b, std::int64_t e, int slot) { (*static_cast<B*>(ctx))(b, e, slot); },
        const_cast<void*>(static_cast<const void*>(&body)));
  }

  // A grain that gives each thread about `chunks_per_thread` chunks of [0, n), at least `min_grain`.
  std::int64_t grain_for(std::int64_t n, std::int64_t min_grain = 1, int chunks_per_thread = 4) const;

 private:
  using Trampoline = void (*)(void*, std::int64_t, std::int64_t, int);
  void run(std::int64_t n, std::int64_t grain, Trampoline fn, void* ctx);
  void worker_loop(int slot);
  void work_on_job(int slot);

  int n_workers_ = 0;  // fixed before any worker starts (workers read it)
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  bool stopping_ = false;

  // The current job (written by the caller before bumping generation_, read by workers after seeing it).
  Trampoline job_fn_ = nullptr;
  void* job_ctx_ = nullptr;
  std::int64_t job_n_ = 0;
  std::int64_t job_grain_ = 1;
  std::atomic<std::int64_t> next_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::uint64_t> ticket_{0};  // generation, closed flag and join count of the current job
  std::atomic<int> workers_done_{0};
  std::mutex run_mutex_;  // one loop at a time per pool (callers from different threads queue here)
};

}  // namespace hearth::runtime
