// The loader: binds and makes the map resident with monotonic progress ending at the tensor data total,
// and stops with ErrorCode::Cancelled when asked (before starting and midway).
#include <atomic>
#include <vector>

#include "model/loader.h"
#include "model/synth.h"
#include "support/check.h"
#include "gguf/temp_dir.h"  // shared with the gguf tests

using namespace hearth;
using namespace hearth::model;

TEST_CASE(progress_is_monotonic_and_reaches_the_total) {
  hearth_test::TempDir dir;
  SynthOptions o;
  o.mtp = true;
  REQUIRE(synthesize(o, dir.file("t.gguf")).is_ok());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  LoadOptions lo;
  lo.chunk_bytes = 64 * 1024;
  lo.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  Result<LoadedModel> m = load_model(dir.file("t.gguf"), lo);
  REQUIRE(m.is_ok());
  std::uint64_t data = 0;
  for (const gguf::TensorInfo& t : m->file->tensors()) data += t.size_bytes;
  REQUIRE(calls.size() > 10);
  CHECK_EQ(calls.front().first, 0u);
  CHECK_EQ(calls.back().first, data);
  for (std::size_t i = 1; i < calls.size(); ++i) {
    CHECK(calls[i].first >= calls[i - 1].first);
    CHECK_EQ(calls[i].second, data);
  }
  CHECK(m->weights.mtp.has_value());
  CHECK_EQ(m->weights.layers.size(), 8u);
  CHECK(m->weights.layers[3].kind == LayerKind::Attention);
  CHECK(m->weights.layers[3].attn.q != nullptr);
  CHECK(m->weights.layers[1].moe.latent_up != nullptr);
  CHECK(m->weights.token_embd->data != nullptr);
}

TEST_CASE(cancel_before_and_during_the_load) {
  hearth_test::TempDir dir;
  REQUIRE(synthesize(SynthOptions{}, dir.file("t.gguf")).is_ok());
  std::atomic<bool> cancel{true};
  LoadOptions lo;
  lo.cancel = &cancel;
  Result<LoadedModel> m = load_model(dir.file("t.gguf"), lo);
  REQUIRE(!m.is_ok());
  CHECK(m.status().code() == ErrorCode::Cancelled);

  cancel = false;
  int calls = 0;
  lo.chunk_bytes = 16 * 1024;
  lo.progress = [&](std::uint64_t done, std::uint64_t) {
    if (done > 0 && ++calls == 5) cancel = true;  // the user presses Cancel midway
  };
  m = load_model(dir.file("t.gguf"), lo);
  REQUIRE(!m.is_ok());
  CHECK(m.status().code() == ErrorCode::Cancelled);
  CHECK_EQ(calls, 5);
}

TEST_CASE(missing_file_is_an_io_error) {
  Result<LoadedModel> m = load_model("/nonexistent/model.gguf");
  REQUIRE(!m.is_ok());
  CHECK(m.status().code() == ErrorCode::IoError);
}
