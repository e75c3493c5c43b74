#include "backend/cuda/device_buffer.h"

#include <cuda_runtime_api.h>

#include <utility>

#include "backend/device_info.h"

namespace hearth::cuda {

DeviceBuffer::~DeviceBuffer() {
  if (ptr_) cudaFree(ptr_);
}

DeviceBuffer::DeviceBuffer(DeviceBuffer&& other) noexcept
    : ptr_(std::exchange(other.ptr_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    if (ptr_) cudaFree(ptr_);
    ptr_ = std::exchange(other.ptr_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

Result<DeviceBuffer> DeviceBuffer::allocate(std::size_t bytes, const std::string& what) {
  DeviceBuffer buffer;
  if (bytes == 0) return buffer;
  const cudaError_t err = cudaMalloc(&buffer.ptr_, bytes);
  if (err != cudaSuccess) {
    cudaGetLastError();
    buffer.ptr_ = nullptr;
    std::size_t free_bytes = 0, total_bytes = 0;
    cudaMemGetInfo(&free_bytes, &total_bytes);
    const std::string message = "not enough GPU memory for " + what + ": needs " + format_bytes(bytes) + ", " +
                                format_bytes(free_bytes) + " free of " + format_bytes(total_bytes);
    if (err == cudaErrorMemoryAllocation)
      return Status::error(ErrorCode::OutOfMemory, message,
                           "close other GPU programs, shorten the context, or choose a smaller quantisation");
    return Status::error(ErrorCode::DeviceError, message + " (" + cudaGetErrorString(err) + ")");
  }
  buffer.bytes_ = bytes;
  return buffer;
}

PinnedBuffer::~PinnedBuffer() {
  if (ptr_) cudaFreeHost(ptr_);
}

PinnedBuffer::PinnedBuffer(PinnedBuffer&& other) noexcept
    : ptr_(std::exchange(other.ptr_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

PinnedBuffer& PinnedBuffer::operator=(PinnedBuffer&& other) noexcept {
  if (this != &other) {
    if (ptr_) cudaFreeHost(ptr_);
    ptr_ = std::exchange(other.ptr_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

Result<PinnedBuffer> PinnedBuffer::allocate(std::size_t bytes) {
  PinnedBuffer buffer;
  if (cudaHostAlloc(&buffer.ptr_, bytes, cudaHostAllocDefault) != cudaSuccess) {
    cudaGetLastError();
    buffer.ptr_ = nullptr;
    return Status::error(ErrorCode::OutOfMemory, "could not pin " + format_bytes(bytes) + " of host memory for loading");
  }
  buffer.bytes_ = bytes;
  return buffer;
}

}  // namespace hearth::cuda
