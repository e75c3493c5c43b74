// Dequantisers against hand-built blocks whose values are worked out by hand (the literal CHECKs), and
// against a per-element reference decoder written here from the layout description in nemotron-h.md §3.4
// (element index -> byte, bit and scale), run on seeded random blocks.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "support/check.h"
#include "gguf/tensor_types.h"

using namespace hearth::gguf;

namespace {

double half_ref(std::uint16_t h) {
  const int sign = h >> 15, exp = (h >> 10) & 0x1F, man = h & 0x3FF;
  const double v = exp == 0 ? std::ldexp(man, -24) : std::ldexp(1024 + man, exp - 25);
  return sign ? -v : v;
}

std::uint16_t u16_at(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
void put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v & 0xFF);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}

const int kFp4[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

double ue4m3_ref(std::uint8_t x) {
  if (x == 0 || x == 0x7F) return 0;
  const int exp = (x >> 3) & 15, man = x & 7;
  return exp == 0 ? std::ldexp(man, -9) : std::ldexp(8 + man, exp - 10);
}

// Unpacks the Q4_K/Q5_K 6-bit scale (what=0) or min (what=1) of sub-block j, bit by bit.
int k_field(const std::uint8_t* scales, int j, int what) {
  if (j < 4) return scales[j + 4 * what] & 63;
  const int low4 = what == 0 ? (scales[j + 4] & 15) : (scales[j + 4] >> 4);
  const int high2 = what == 0 ? (scales[j - 4] >> 6) : (scales[j] >> 6);
  return low4 + 16 * high2;
}

// Element e of one block of `type`, decoded from the layout description.
double reference(TensorType type, const std::uint8_t* b, int e) {
  switch (type) {
    case TensorType::Q4_0: {
      const int byte = b[2 + e % 16];
      return half_ref(u16_at(b)) * (((e < 16) ? byte & 15 : byte >> 4) - 8);
    }
    case TensorType::Q4_1: {
      const int byte = b[4 + e % 16];
      return half_ref(u16_at(b)) * ((e < 16) ? byte & 15 : byte >> 4) + half_ref(u16_at(b + 2));
    }
    case TensorType::Q5_0:
    case TensorType::Q5_1: {
      const bool has_m = type == TensorType::Q5_1;
      const std::uint8_t* qh = b + (has_m ? 4 : 2);
      const std::uint8_t* qs = qh + 4;
      const int nib = e < 16 ? qs[e] & 15 : qs[e - 16] >> 4;
      const int bit = (qh[e / 8] >> (e % 8)) & 1;  // bit e of the little-endian u32
      const int q = nib + 16 * bit;
      return has_m ? half_ref(u16_at(b)) * q + half_ref(u16_at(b + 2)) : half_ref(u16_at(b)) * (q - 16);
    }
    case TensorType::Q8_0: return half_ref(u16_at(b)) * static_cast<std::int8_t>(b[2 + e]);
    case TensorType::Q4_K:
    case TensorType::Q5_K: {
      const bool five = type == TensorType::Q5_K;
      const std::uint8_t* scales = b + 4;
      const std::uint8_t* qs = b + (five ? 48 : 16);
      const int c = e / 64, high = (e % 64) >= 32, l = e % 32, sub = 2 * c + high;
      int q = high ? qs[32 * c + l] >> 4 : qs[32 * c + l] & 15;
      if (five) q += 16 * ((b[16 + l] >> (2 * c + high)) & 1);
      return half_ref(u16_at(b)) * k_field(scales, sub, 0) * q - half_ref(u16_at(b + 2)) * k_field(scales, sub, 1);
    }
    case TensorType::Q6_K: {
      const int n = e / 128, quarter = (e % 128) / 32, l = e % 32;
      const int ql = b[64 * n + l + (quarter % 2) * 32];
      const int nib = quarter >= 2 ? ql >> 4 : ql & 15;
      const int top = (b[128 + 32 * n + l] >> (2 * quarter)) & 3;
      const int sc = static_cast<std::int8_t>(b[192 + 8 * n + l / 16 + 2 * quarter]);
      return half_ref(u16_at(b + 208)) * sc * ((nib | (top << 4)) - 32);
    }
    case TensorType::MXFP4: {
      const int byte = b[1 + e % 16];
      return kFp4[e < 16 ? byte & 15 : byte >> 4] * std::ldexp(1.0, b[0] - 128);
    }
    case TensorType::NVFP4: {
      const int s = e / 16, j = e % 16;
      const int byte = b[4 + 8 * s + j % 8];
      return kFp4[j < 8 ? byte & 15 : byte >> 4] * ue4m3_ref(b[s]) * 0.5;
    }
    default: return std::nan("");
  }
}

std::vector<float> dequant(TensorType type, const std::vector<std::uint8_t>& bytes) {
  const TypeTraits& t = type_traits(type);
  const auto n = static_cast<std::int64_t>(bytes.size()) / t.type_size * t.block_size;
  std::vector<float> out(static_cast<std::size_t>(n), -999.0f);
  const hearth::Status s = dequantize_row(type, bytes.data(), out.data(), n);
  if (!s) std::fprintf(stderr, "dequantize_row: %s\n", s.message().c_str());
  return out;
}

// Byte offsets of the fp16 scale fields, which random blocks get as finite values.
std::vector<int> half_fields(TensorType type) {
  switch (type) {
    case TensorType::Q4_0: case TensorType::Q5_0: case TensorType::Q8_0: return {0};
    case TensorType::Q4_1: case TensorType::Q5_1: case TensorType::Q4_K: case TensorType::Q5_K: return {0, 2};
    case TensorType::Q6_K: return {208};
    default: return {};
  }
}

}  // namespace

TEST_CASE(q4_0_hand_built) {
  std::vector<std::uint8_t> b(18);
  put_u16(b.data(), 0x3800);  // d = 0.5
  b[2] = 0x0F;  // w[0] = 0.5*(15-8) = 3.5, w[16] = 0.5*(0-8) = -4
  b[3] = 0xF0;  // w[1] = -4, w[17] = 3.5
  b[4] = 0x88;  // w[2] = w[18] = 0
  b[17] = 0x9A;  // w[15] = 0.5*(10-8) = 1, w[31] = 0.5*(9-8) = 0.5
  const auto w = dequant(TensorType::Q4_0, b);
  CHECK_EQ(w[0], 3.5f);
  CHECK_EQ(w[16], -4.0f);
  CHECK_EQ(w[1], -4.0f);
  CHECK_EQ(w[17], 3.5f);
  CHECK_EQ(w[2], 0.0f);
  CHECK_EQ(w[18], 0.0f);
  CHECK_EQ(w[15], 1.0f);
  CHECK_EQ(w[31], 0.5f);
  CHECK_EQ(w[5], -4.0f);  // zero byte: both nibbles 0 -> -8 * 0.5
}

TEST_CASE(q4_1_hand_built) {
  std::vector<std::uint8_t> b(20);
  put_u16(b.data(), 0x3400);      // d = 0.25
  put_u16(b.data() + 2, 0xBC00);  // m = -1
  b[4] = 0xF0;  // w[0] = -1, w[16] = 0.25*15 - 1 = 2.75
  b[19] = 0x4C;  // w[15] = 0.25*12 - 1 = 2, w[31] = 0.25*4 - 1 = 0
  const auto w = dequant(TensorType::Q4_1, b);
  CHECK_EQ(w[0], -1.0f);
  CHECK_EQ(w[16], 2.75f);
  CHECK_EQ(w[15], 2.0f);
  CHECK_EQ(w[31], 0.0f);
}

TEST_CASE(q5_0_hand_built_qh_bits) {
  std::vector<std::uint8_t> b(22);
  put_u16(b.data(), 0x3C00);  // d = 1
  // qh = bits 0, 15, 16, 31 -> bytes 01 80 01 80 (little-endian u32).
  b[2] = 0x01;
  b[3] = 0x80;
  b[4] = 0x01;
  b[5] = 0x80;
  b[6] = 0x00;   // w[0] = (0|16)-16 = 0; w[16] = (0|16)-16 = 0
  b[7] = 0xF5;   // w[1] = 5-16 = -11 (bit 1 clear); w[17] = 15-16 = -1
  b[21] = 0xFF;  // w[15] = (15|16)-16 = 15; w[31] = (15|16)-16 = 15
  const auto w = dequant(TensorType::Q5_0, b);
  CHECK_EQ(w[0], 0.0f);
  CHECK_EQ(w[16], 0.0f);
  CHECK_EQ(w[1], -11.0f);
  CHECK_EQ(w[17], -1.0f);
  CHECK_EQ(w[15], 15.0f);
  CHECK_EQ(w[31], 15.0f);
  CHECK_EQ(w[14], -16.0f);  // zero nibble, no qh bit: the most negative value
}

TEST_CASE(q5_1_hand_built) {
  std::vector<std::uint8_t> b(24);
  put_u16(b.data(), 0x3800);      // d = 0.5
  put_u16(b.data() + 2, 0xC000);  // m = -2
  b[4 + 3] = 0x80;  // qh bit 31
  b[8 + 15] = 0xF3;  // w[15] = 0.5*3 - 2 = -0.5; w[31] = 0.5*(15|16) - 2 = 13.5
  const auto w = dequant(TensorType::Q5_1, b);
  CHECK_EQ(w[15], -0.5f);
  CHECK_EQ(w[31], 13.5f);
  CHECK_EQ(w[0], -2.0f);
}

TEST_CASE(q8_0_hand_built) {
  std::vector<std::uint8_t> b(34);
  put_u16(b.data(), 0x3800);  // d = 0.5
  b[2] = 0x80;   // -128 -> -64
  b[3] = 0x7F;   // 127 -> 63.5
  b[4] = 0xFF;   // -1 -> -0.5
  b[33] = 0x03;  // 3 -> 1.5
  const auto w = dequant(TensorType::Q8_0, b);
  CHECK_EQ(w[0], -64.0f);
  CHECK_EQ(w[1], 63.5f);
  CHECK_EQ(w[2], -0.5f);
  CHECK_EQ(w[31], 1.5f);
  CHECK_EQ(w[10], 0.0f);
}

// Scales and mins chosen to exercise both packings: sub-blocks 0..3 (6 bits in place) and 4..7 (low 4 bits
// in bytes 8..11, top 2 bits in the top of bytes 0..7). Bytes packed by hand:
//   sc = {1, 2, 3, 63, 17, 33, 48, 5}, m = {0, 1, 62, 4, 16, 40, 2, 63}
//   [0] = 1 | 1<<6   [1] = 2 | 2<<6   [2] = 3 | 3<<6   [3] = 63 | 0<<6
//   [4] = 0 | 1<<6   [5] = 1 | 2<<6   [6] = 62 | 0<<6  [7] = 4 | 3<<6
//   [8] = 1 | 0<<4   [9] = 1 | 8<<4   [10] = 0 | 2<<4  [11] = 5 | 15<<4
const std::uint8_t kKScales[12] = {0x41, 0x82, 0xC3, 0x3F, 0x40, 0x81, 0x3E, 0xC4, 0x01, 0x81, 0x20, 0xF5};

TEST_CASE(q4_k_hand_built_scale_packing) {
  std::vector<std::uint8_t> b(144);
  put_u16(b.data(), 0x3C00);      // d = 1
  put_u16(b.data() + 2, 0x3800);  // dmin = 0.5
  std::memcpy(b.data() + 4, kKScales, 12);
  for (int c = 0; c < 4; ++c)
    for (int l = 0; l < 32; ++l) b[16 + 32 * c + l] = static_cast<std::uint8_t>((l & 15) | ((15 - (l & 15)) << 4));
  const auto w = dequant(TensorType::Q4_K, b);
  CHECK_EQ(w[0], 0.0f);             // sub 0: 1*1*0 - 0.5*0
  CHECK_EQ(w[32], 29.5f);           // sub 1, q 15: 2*15 - 0.5*1
  CHECK_EQ(w[65], -28.0f);          // sub 2, q 1: 3*1 - 0.5*62
  CHECK_EQ(w[96 + 2], 63.0f * 13 - 2);  // sub 3, q 15-2: 63*13 - 0.5*4
  CHECK_EQ(w[128 + 5], 17.0f * 5 - 8);  // sub 4, q 5: 17*5 - 0.5*16
  CHECK_EQ(w[160 + 3], 376.0f);     // sub 5, q 12: 33*12 - 0.5*40
  CHECK_EQ(w[192 + 31], 719.0f);    // sub 6, q 15: 48*15 - 0.5*2
  CHECK_EQ(w[255], -31.5f);         // sub 7, q 0: 5*0 - 0.5*63
  for (int e = 0; e < 256; ++e) CHECK_EQ(static_cast<double>(w[static_cast<std::size_t>(e)]), reference(TensorType::Q4_K, b.data(), e));
}

TEST_CASE(q5_k_hand_built_qh_bits) {
  std::vector<std::uint8_t> b(176);
  put_u16(b.data(), 0x3C00);      // d = 1
  put_u16(b.data() + 2, 0x3800);  // dmin = 0.5
  std::memcpy(b.data() + 4, kKScales, 12);
  for (int c = 0; c < 4; ++c)
    for (int l = 0; l < 32; ++l) b[48 + 32 * c + l] = static_cast<std::uint8_t>((l & 15) | ((15 - (l & 15)) << 4));
  b[16 + 3] = 0x20;  // qh[3] bit 5 = chunk 2, high nibble: w[163] gets +16
  b[16 + 0] = 0x01;  // qh[0] bit 0 = chunk 0, low nibble: w[0] gets +16
  b[16 + 31] = 0x80;  // qh[31] bit 7 = chunk 3, high nibble: w[255] gets +16
  const auto w = dequant(TensorType::Q5_K, b);
  CHECK_EQ(w[0], 16.0f);            // sub 0: 1*(0+16) - 0
  CHECK_EQ(w[160 + 3], 904.0f);     // sub 5: 33*(12+16) - 20
  CHECK_EQ(w[255], 5.0f * 16 - 31.5f);  // sub 7: 5*(0+16) - 31.5
  CHECK_EQ(w[32], 29.5f);           // untouched: as Q4_K
  for (int e = 0; e < 256; ++e) CHECK_EQ(static_cast<double>(w[static_cast<std::size_t>(e)]), reference(TensorType::Q5_K, b.data(), e));
}

TEST_CASE(q6_k_hand_built) {
  std::vector<std::uint8_t> b(210);
  const std::int8_t sc[16] = {1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 127, -128};
  std::memcpy(b.data() + 192, sc, 16);
  put_u16(b.data() + 208, 0x3400);  // d = 0.25
  b[0] = 0x21;         // ql[0]: w[0] low nibble 1, w[64] high nibble 2
  b[128] = 0xE4;       // qh[0] = 11 10 01 00: top bits of w[0]=0, w[32]=1, w[64]=2, w[96]=3
  b[32] = 0xF0;        // ql[32]: w[32] low nibble 0, w[96] high nibble 15
  b[64 + 63] = 0x00;   // second half: ql[127] high nibble -> w[255]
  b[128 + 63] = 0x00;  // qh[63]
  b[64 + 17] = 0x0A;   // second half, l = 17: w[128+17] low nibble 10; qh 0 -> q = 10-32
  const auto w = dequant(TensorType::Q6_K, b);
  CHECK_EQ(w[0], 0.25f * 1 * (1 - 32));     // sc[0]
  CHECK_EQ(w[32], 0.25f * 2 * (16 - 32));   // sc[2]: nibble 0, top 1
  CHECK_EQ(w[64], 0.25f * 3 * (34 - 32));   // sc[4]: nibble 2, top 2
  CHECK_EQ(w[96], 0.25f * 4 * (63 - 32));   // sc[6]: nibble 15, top 3
  CHECK_EQ(w[255], 0.25f * -128 * -32);     // sc[15]
  CHECK_EQ(w[128 + 17], 0.25f * -5 * (10 - 32));  // sc[8 + 1]
  for (int e = 0; e < 256; ++e) CHECK_EQ(static_cast<double>(w[static_cast<std::size_t>(e)]), reference(TensorType::Q6_K, b.data(), e));
}

TEST_CASE(mxfp4_hand_built) {
  std::vector<std::uint8_t> b(17 * 3);
  b[0] = 130;    // scale 2^(130-128) = 4
  b[1] = 0xF7;   // w[0] = 12*4 = 48, w[16] = -12*4 = -48
  b[2] = 0x18;   // w[1] = 0 (the -0 code), w[17] = 1*4
  b[17] = 127;   // scale 1/2
  b[18] = 0x65;  // w[32] = 6*0.5 = 3, w[48] = 8*0.5 = 4
  b[34] = 0;     // scale 2^-128: a float subnormal
  b[35] = 0x07;  // w[64] = 12 * 2^-128
  const auto w = dequant(TensorType::MXFP4, b);
  CHECK_EQ(w[0], 48.0f);
  CHECK_EQ(w[16], -48.0f);
  CHECK_EQ(w[1], 0.0f);
  CHECK_EQ(w[17], 4.0f);
  CHECK_EQ(w[32], 3.0f);
  CHECK_EQ(w[48], 4.0f);
  CHECK_EQ(w[64], std::ldexp(12.0f, -128));
}

TEST_CASE(nvfp4_hand_built) {
  std::vector<std::uint8_t> b(36);
  b[0] = 0x38;  // exp 7 man 0: 1.0 -> halved 0.5
  b[1] = 0x01;  // subnormal 2^-9 -> halved 2^-10
  b[2] = 0x7F;  // NaN code: 0
  b[3] = 0xFF;  // bit 7 ignored: exp 15 man 7 = 480 -> 240
  b[4] = 0x97;  // sub 0: w[0] = 12*0.5 = 6, w[8] = -1*0.5 = -0.5
  b[4 + 8] = 0x21;  // sub 1: w[16] = 1*2^-10, w[24] = 2*2^-10
  b[4 + 16] = 0x77;  // sub 2: 0
  b[4 + 24 + 7] = 0x1E;  // sub 3, j = 7: w[55] = -8*240, w[63] = 1*240
  const auto w = dequant(TensorType::NVFP4, b);
  CHECK_EQ(w[0], 6.0f);
  CHECK_EQ(w[8], -0.5f);
  CHECK_EQ(w[16], std::ldexp(1.0f, -10));
  CHECK_EQ(w[24], std::ldexp(2.0f, -10));
  CHECK_EQ(w[32], 0.0f);
  CHECK_EQ(w[55], -1920.0f);
  CHECK_EQ(w[63], 240.0f);
}

TEST_CASE(plain_types_hand_built) {
  std::vector<std::uint8_t> f16(4);
  put_u16(f16.data(), 0xC500);  // -5
  put_u16(f16.data() + 2, 0x0001);
  auto w = dequant(TensorType::F16, f16);
  CHECK_EQ(w[0], -5.0f);
  CHECK_EQ(w[1], std::ldexp(1.0f, -24));
  std::vector<std::uint8_t> bf(2);
  put_u16(bf.data(), 0x4049);  // 3.140625
  const float bf_value = dequant(TensorType::BF16, bf)[0];
  CHECK_EQ(bf_value, 3.140625f);
  const float f32_in[2] = {1.25f, -7e-30f};
  std::vector<std::uint8_t> f32(8);
  std::memcpy(f32.data(), f32_in, 8);
  w = dequant(TensorType::F32, f32);
  CHECK_EQ(w[0], 1.25f);
  CHECK_EQ(w[1], -7e-30f);
  const float i8 = dequant(TensorType::I8, {0x80, 0x7F})[0];
  const float i16 = dequant(TensorType::I16, {0x00, 0x80})[0];
  const float i32 = dequant(TensorType::I32, {0xFE, 0xFF, 0xFF, 0xFF})[0];
  CHECK_EQ(i8, -128.0f);
  CHECK_EQ(i16, -32768.0f);
  CHECK_EQ(i32, -2.0f);
  const double d = -0.5;
  std::vector<std::uint8_t> f64(8);
  std::memcpy(f64.data(), &d, 8);
  const float f64_value = dequant(TensorType::F64, f64)[0];
  CHECK_EQ(f64_value, -0.5f);
}

// Many random blocks per type, each element against the reference decoder.
TEST_CASE(random_blocks_match_reference_decoder) {
  std::mt19937 rng(20261128);
  const TensorType types[] = {TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1,
                              TensorType::Q8_0, TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K,
                              TensorType::MXFP4, TensorType::NVFP4};
  for (TensorType type : types) {
    const TypeTraits& t = type_traits(type);
    const int blocks = 37;
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(t.type_size * blocks));
    for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng());
    for (int k = 0; k < blocks; ++k) {
      std::uint8_t* b = bytes.data() + k * t.type_size;
      // Finite fp16 scales between 2^-10 and 2^5 of either sign.
      for (int off : half_fields(type)) put_u16(b + off, static_cast<std::uint16_t>((rng() & 0x83FF) | ((5 + rng() % 16) << 10)));
      if (type == TensorType::MXFP4) b[0] = static_cast<std::uint8_t>(100 + rng() % 50);
    }
    const auto w = dequant(type, bytes);
    int bad = 0;
    for (int k = 0; k < blocks; ++k) {
      // Sums of products of floats: a few ulps of the block's largest value (Q4_K's d·sc·q − dmin·m cancels).
      double block_max = 0;
      for (int e = 0; e < t.block_size; ++e)
        block_max = std::max(block_max, std::fabs(reference(type, bytes.data() + k * t.type_size, e)));
      for (int e = 0; e < t.block_size; ++e) {
        const double ref = reference(type, bytes.data() + k * t.type_size, e);
        const double got = w[static_cast<std::size_t>(k * t.block_size + e)];
        if (std::fabs(got - ref) > 1e-6 * block_max && ++bad <= 3)
          hearth_ctx.fail(__FILE__, __LINE__, std::string(t.name) + " block " + std::to_string(k) + " element " +
                                                  std::to_string(e) + ": " + std::to_string(got) + " vs " + std::to_string(ref));
      }
    }
    CHECK_EQ(bad, 0);
  }
}

TEST_CASE(dequantize_rejects_bad_lengths_and_types) {
  std::vector<std::uint8_t> block(210);
  std::vector<float> out(256);
  auto s = dequantize_row(TensorType::Q4_K, block.data(), out.data(), 100);
  CHECK(s.code() == hearth::ErrorCode::InvalidArgument);
  CHECK(s.message().find("block size 256") != std::string::npos);
  s = dequantize_row(TensorType::Q2_K, block.data(), out.data(), 256);
  CHECK(s.code() == hearth::ErrorCode::UnsupportedType);
  CHECK(s.message().find("q2_K") != std::string::npos);
  s = dequantize_row(static_cast<TensorType>(4), block.data(), out.data(), 32);
  CHECK(s.code() == hearth::ErrorCode::UnsupportedType);
  CHECK(dequantize_row(TensorType::Q6_K, block.data(), out.data(), 0).is_ok());
}
