#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "runtime/thread_pool.h"
#include "support/check.h"

using hearth::runtime::ThreadPool;

TEST_CASE(every_index_visited_exactly_once) {
  for (int threads : {1, 2, 3, 8}) {
    ThreadPool pool(threads);
    CHECK_EQ(pool.size(), threads);
    for (std::int64_t n : {0, 1, 7, 64, 1000, 4097}) {
      for (std::int64_t grain : {1, 3, 64, 5000}) {
        std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
        pool.parallel_for(n, grain, [&](std::int64_t b, std::int64_t e, int slot) {
          CHECK(slot >= 0 && slot < threads);
          CHECK(e - b <= grain && b < e);
          for (std::int64_t i = b; i < e; ++i) hits[static_cast<std::size_t>(i)].fetch_add(1);
        });
        int wrong = 0;
        for (auto& h : hits) wrong += h.load() != 1;
        CHECK_EQ(wrong, 0);
      }
    }
  }
}

TEST_CASE(reused_across_many_loops_and_slots_are_exclusive) {
  ThreadPool pool(4);
  std::vector<std::int64_t> per_slot(static_cast<std::size_t>(pool.size()), 0);
  std::int64_t expected = 0;
  // Thousands of back-to-back loops: the decode pattern. Per-slot accumulators without atomics are only
  // correct if no two threads share a slot at the same time.
  for (int round = 0; round < 3000; ++round) {
    const std::int64_t n = 1 + round % 37;
    pool.parallel_for(n, 1, [&](std::int64_t b, std::int64_t e, int slot) {
      for (std::int64_t i = b; i < e; ++i) per_slot[static_cast<std::size_t>(slot)] += i;
    });
    expected += n * (n - 1) / 2;
  }
  std::int64_t total = 0;
  for (std::int64_t v : per_slot) total += v;
  CHECK_EQ(total, expected);
}

TEST_CASE(nested_loops_run_inline) {
  ThreadPool pool(3);
  std::atomic<std::int64_t> sum{0};
  pool.parallel_for(8, 1, [&](std::int64_t b, std::int64_t e, int) {
    for (std::int64_t i = b; i < e; ++i)
      pool.parallel_for(10, 2, [&](std::int64_t b2, std::int64_t e2, int) {
        for (std::int64_t j = b2; j < e2; ++j) sum.fetch_add(i * 10 + j);
      });
  });
  CHECK_EQ(sum.load(), static_cast<std::int64_t>(79 * 80 / 2));
}

TEST_CASE(grain_for_covers_range) {
  ThreadPool pool(4);
  CHECK_EQ(pool.grain_for(1000, 1, 4), static_cast<std::int64_t>(63));
  CHECK_EQ(pool.grain_for(10, 16, 4), static_cast<std::int64_t>(16));
  CHECK(hearth::runtime::available_cores() >= 1);
}

TEST_CASE(workers_really_run_concurrently) {
  // Each of two chunks waits until both have started: only possible if a worker took one of them.
  ThreadPool pool(2);
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> started{0};
    std::atomic<bool> timed_out{false};
    pool.parallel_for(2, 1, [&](std::int64_t, std::int64_t, int) {
      started.fetch_add(1);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (started.load() < 2)
        if (std::chrono::steady_clock::now() > deadline) {
          timed_out = true;
          return;
        }
    });
    CHECK(!timed_out.load());
  }
}
