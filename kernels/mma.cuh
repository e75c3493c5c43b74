// Warp-level tensor-core helpers: mma.sync m16n8k16 (f16 × f16 → f32) and the ldmatrix loads that feed it from
// shared memory. Used by the f16 prefill attention and the half-precision MoE GEMM.
//
// Fragment layout (PTX ISA, m16n8k16), with fr = lane/4 and fc = 2·(lane%4):
//   A (16×16, m × k, row-major), 4 regs of two halves: (fr, fc..fc+1), (fr+8, fc..), (fr, fc+8..), (fr+8, fc+8..);
//   B (16×8, k × n, "col"), 2 regs: (k = fc..fc+1, n = fr), (k = fc+8..fc+9, n = fr);
//   C/D (16×8, m × n), 4 f32: (fr, fc), (fr, fc+1), (fr+8, fc), (fr+8, fc+1).
// The low 16 bits of a register hold the lower k index.
#pragma once

#include <cstdint>

#include <cuda_fp16.h>

namespace hearth::kernels {

// c += a·b for one 16×8 tile.
__device__ __forceinline__ void mma_16816(float (&c)[4], const std::uint32_t (&a)[4], std::uint32_t b0,
                                          std::uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Four 8×8 f16 matrices from shared memory: lanes 8i..8i+7 give the row addresses of matrix i (16-byte
// aligned), and r[i] ends up holding (row lane/4; columns 2·(lane%4), +1) of matrix i: an A fragment register
// when the matrix's rows are m and its columns k, a B fragment register when its rows are n and its columns k.
// The transposed load holds (rows 2·(lane%4), +1; column lane/4) instead: the fragment of a matrix stored with
// k as rows (k × m for A, k × n for B).
__device__ __forceinline__ void ldmatrix_x4(std::uint32_t (&r)[4], const __half* p) {
  const unsigned addr = static_cast<unsigned>(__cvta_generic_to_shared(p));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(addr));
}
__device__ __forceinline__ void ldmatrix_x4_trans(std::uint32_t (&r)[4], const __half* p) {
  const unsigned addr = static_cast<unsigned>(__cvta_generic_to_shared(p));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(addr));
}

}  // namespace hearth::kernels
