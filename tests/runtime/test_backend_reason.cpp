// Why a model runs where it runs: the English sentence the command line prints for each kind of reason, made
// from fixed fields (tests/support/backend_reason_samples.h), and the choice a load makes on a synthesised tiny
// model when the CPU is asked for and when the choice is automatic (and CUDA, in a build without it).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

#include "backend/device_info.h"
#include "core/build_info.h"
#include "model/synth.h"
#include "runtime/backend_reason.h"
#include "runtime/model_bundle.h"
#include "support/backend_reason_samples.h"
#include "support/check.h"

using hearth::NoGpuCause;
using hearth::runtime::BackendKind;
using hearth::runtime::BackendPreference;
using hearth::runtime::BackendReason;
using hearth::runtime::BackendReasonKind;
using hearth::runtime::describe_backend_reason;

namespace {

// A tiny model written once into a temporary folder, removed when the test ends.
struct TinyFile {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hearth-backend-reason-" + std::to_string(::getpid()));
  std::string path = (dir / "tiny.gguf").string();
  TinyFile() {
    std::filesystem::create_directories(dir);
    hearth::model::SynthOptions o;
    o.preset = "tiny";
    o.quant = hearth::model::QuantMix::F32;
    o.seed = 7;
    if (!hearth::model::synthesize(o, path)) path.clear();
  }
  ~TinyFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

hearth::Result<hearth::runtime::ModelBundle> load(const std::string& path, BackendPreference backend) {
  hearth::runtime::BundleOptions o;
  o.backend = backend;
  o.n_threads = 1;
  o.n_ctx = 512;
  o.load.prefault = false;
  return hearth::runtime::load_model_bundle(path, o);
}

}  // namespace

// Today's wording, which scripts and bug reports quote; the sizes read the same for both GPU kinds, the backend
// named beside the sentence tells them apart.
TEST_CASE(each_kind_reads_as_today) {
  const std::map<std::string, std::string> golden = {
      {"fits on the GPU", "the model and a 8257-token context need 44.0 GiB, NVIDIA H200 has 139.3 GiB free"},
      {"does not fit", "the model and a 8257-token context need 150.5 GiB, NVIDIA H200 has 139.3 GiB free"},
      {"CPU asked for", "the CPU backend was asked for"},
      {"GPU load failed",
       "loading onto NVIDIA GeForce RTX 4090 failed (cudaMalloc of 2.0 GiB failed: out of memory)"},
      {"no CUDA in the build", "this build has no CUDA backend"},
      {"no driver", "no CUDA driver is installed"},
      {"no device", "no CUDA device found"},
      {"device refused", "no usable CUDA device: all CUDA-capable devices are busy"},
      {"query failed", "CUDA devices could not be queried"},
  };
  const std::vector<hearth_test::ReasonSample> samples = hearth_test::backend_reason_samples();
  CHECK_EQ(samples.size(), golden.size());
  for (const hearth_test::ReasonSample& sample : samples) {
    const auto expected = golden.find(sample.name);
    REQUIRE(expected != golden.end());
    CHECK_EQ(describe_backend_reason(sample.reason), expected->second);
  }
}

// The device report says why there is no GPU with the same words, from the same function.
TEST_CASE(the_device_report_words_its_cause_the_same_way) {
  const hearth::DeviceReport report = hearth::query_devices();
  if (report.gpus.empty()) {
    CHECK(report.no_gpu != NoGpuCause::None);
    CHECK_EQ(report.why_no_gpu, hearth::describe_no_gpu(report.no_gpu, report.cuda_error));
    if (!HEARTH_HAVE_CUDA) CHECK(report.no_gpu == NoGpuCause::NoCudaInBuild);
  } else {
    CHECK(report.no_gpu == NoGpuCause::None);
    CHECK(report.why_no_gpu.empty());
  }
}

TEST_CASE(the_choice_of_a_load_keeps_its_reason) {
  const TinyFile tiny;
  REQUIRE(!tiny.path.empty());

  auto cpu = load(tiny.path, BackendPreference::Cpu);
  REQUIRE_OK(cpu.status());
  CHECK(cpu->choice.kind == BackendKind::Cpu);
  CHECK(cpu->choice.why.kind == BackendReasonKind::CpuRequested);
  CHECK(cpu->choice.why.gpu.empty());
  CHECK(cpu->choice.why.detail.empty());
  CHECK_EQ(cpu->choice.reason(), std::string("the CPU backend was asked for"));

  auto automatic = load(tiny.path, BackendPreference::Auto);
  REQUIRE_OK(automatic.status());
  const BackendReason& why = automatic->choice.why;
  const hearth::DeviceReport report = hearth::query_devices();
  if (report.gpus.empty()) {
    // No CUDA in this build, or none on this machine: the CPU, saying what the device report says.
    CHECK(automatic->choice.kind == BackendKind::Cpu);
    CHECK(why.kind == BackendReasonKind::NoUsableGpu);
    CHECK(why.no_gpu == report.no_gpu);
    CHECK_EQ(why.detail, report.cuda_error);
    CHECK_EQ(automatic->choice.reason(), report.why_no_gpu);
    if (!HEARTH_HAVE_CUDA) CHECK_EQ(automatic->choice.reason(), std::string("this build has no CUDA backend"));
  } else {
    // The tiny model fits on any GPU: the sizes that decided it travel with the choice.
    CHECK(automatic->choice.kind == BackendKind::Cuda);
    CHECK(why.kind == BackendReasonKind::FitsOnGpu);
    CHECK_EQ(why.gpu, automatic->choice.device);
    CHECK_EQ(why.context_tokens, std::int64_t{512});
    CHECK(why.bytes_needed > 0 && why.bytes_needed <= why.bytes_free);
  }
  std::printf("auto: %s on %s: %s\n", std::string(hearth::runtime::backend_kind_name(automatic->choice.kind)).c_str(),
              automatic->choice.device.c_str(), automatic->choice.reason().c_str());

  if (!HEARTH_HAVE_CUDA) {
    auto cuda = load(tiny.path, BackendPreference::Cuda);
    CHECK(!cuda.is_ok());
    CHECK(cuda.status().code() == hearth::ErrorCode::NotAvailable);
    CHECK_EQ(cuda.status().message(), std::string("this build has no CUDA backend"));
  }
}
