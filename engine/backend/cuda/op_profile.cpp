#include "backend/cuda/op_profile.h"

#include <algorithm>
#include <cstring>

#include "backend/cuda/cuda_check.h"

namespace hearth::cuda {

OpProfile::~OpProfile() {
  for (cudaEvent_t e : events_) cudaEventDestroy(e);
}

cudaEvent_t OpProfile::event(std::size_t i) {
  while (events_.size() <= i) {
    cudaEvent_t e = nullptr;
    if (cudaEventCreate(&e) != cudaSuccess) return nullptr;
    events_.push_back(e);
  }
  return events_[i];
}

void OpProfile::start(cudaStream_t stream) {
  if (!enabled_) return;
  stream_ = stream;
  pass_ops_.clear();
  if (cudaEvent_t e = event(0)) cudaEventRecord(e, stream_);
}

void OpProfile::mark(const char* op) {
  if (!enabled_) return;
  pass_ops_.push_back(op);
  if (cudaEvent_t e = event(pass_ops_.size())) cudaEventRecord(e, stream_);
}

Status OpProfile::finish() {
  if (!enabled_ || pass_ops_.empty()) return Status::ok();
  HEARTH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  for (std::size_t i = 0; i < pass_ops_.size(); ++i) {
    float ms = 0.0f;
    HEARTH_CUDA_CHECK(cudaEventElapsedTime(&ms, events_[i], events_[i + 1]));
    // Op names are string literals: compare their text, since equal literals need not share an address.
    auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return std::strcmp(r.op, pass_ops_[i]) == 0; });
    if (it == rows_.end()) it = rows_.insert(rows_.end(), Row{pass_ops_[i]});
    it->ms += ms;
    it->calls += 1;
  }
  pass_ops_.clear();
  return Status::ok();
}

std::vector<OpProfile::Row> OpProfile::rows() const {
  std::vector<Row> out = rows_;
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.ms > b.ms; });
  return out;
}

}  // namespace hearth::cuda
