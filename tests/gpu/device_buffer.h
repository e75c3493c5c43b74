// RAII device memory for the gpu tests, with NaN poisoning so a kernel that skips an element fails.
#pragma once

#include <cstddef>
#include <vector>

#include <cuda_runtime.h>

namespace hearth_test {

template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t count) : count_(count) { ok_ = cudaMalloc(&ptr_, count * sizeof(T)) == cudaSuccess; }
  ~DeviceBuffer() {
    if (ptr_) cudaFree(ptr_);
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  bool ok() const { return ok_; }
  T* get() { return static_cast<T*>(ptr_); }
  bool upload(const std::vector<T>& host) {
    return cudaMemcpy(ptr_, host.data(), count_ * sizeof(T), cudaMemcpyHostToDevice) == cudaSuccess;
  }
  bool download(std::vector<T>& host) const {
    host.resize(count_);
    return cudaMemcpy(host.data(), ptr_, count_ * sizeof(T), cudaMemcpyDeviceToHost) == cudaSuccess;
  }
  // All bits set: a NaN for float and half, so unwritten outputs can never pass a comparison.
  bool poison() { return cudaMemset(ptr_, 0xff, count_ * sizeof(T)) == cudaSuccess; }

 private:
  void* ptr_ = nullptr;
  std::size_t count_ = 0;
  bool ok_ = false;
};

// Skips the calling test when this machine has no usable CUDA device.
inline bool have_gpu() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  return count > 0;
}

}  // namespace hearth_test
