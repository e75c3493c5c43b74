// Every GGUF metadata key and tensor-name pattern Hearth reads or writes for Nemotron-H, in one place
// (nemotron-h.md §3.1, §3.2, §4.2). Dialect differences (llama.cpp vs Ollama) are extra rows, not ifs:
// a reader tries the rows of a role in order, a writer picks the row of its dialect.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hearth::model {

enum class Arch { NemotronH, NemotronHMoe };
enum class Dialect { LlamaCpp, Ollama };

std::string_view arch_name(Arch arch);           // "nemotron_h", "nemotron_h_moe"
std::optional<Arch> arch_from_name(std::string_view name);
std::string_view dialect_name(Dialect dialect);  // "llamacpp", "ollama"
std::optional<Dialect> dialect_from_name(std::string_view name);

// ---- metadata keys ----

enum class Key {
  Architecture,
  FileType,
  Name,
  BlockCount,
  ContextLength,
  EmbeddingLength,
  FeedForwardLength,  // per-layer array
  HeadCount,
  HeadCountKv,        // per-layer array
  KeyLength,
  ValueLength,
  RmsEpsilon,
  VocabSize,
  SsmConvKernel,
  SsmInnerSize,
  SsmStateSize,
  SsmTimeStepRank,  // = number of Mamba heads
  SsmGroupCount,
  ExpertCount,
  ExpertUsedCount,
  ExpertGroupCount,
  ExpertGroupUsedCount,
  ExpertFeedForwardLength,
  ExpertSharedFeedForwardLength,
  ExpertSharedCount,
  ExpertWeightsNorm,
  ExpertWeightsScale,
  MoeLatentSize,
  NextnPredictLayers,
};

// Whether an architecture needs a key: Required keys missing are errors naming the key; Optional ones have
// a documented default or are inferred (moe_latent_size from tensor shapes, Ollama omits it).
enum class Need { Unused, Optional, Required };

struct KeyRow {
  Key key;
  std::string_view name;  // after "<arch>." unless `global`
  bool global;            // a full key such as "general.architecture"
  Need dense;             // nemotron_h
  Need moe;               // nemotron_h_moe
};

std::span<const KeyRow> key_table();
const KeyRow& key_row(Key key);
// The full key for an architecture: "nemotron_h_moe.expert_count".
std::string key_name(Arch arch, Key key);

// Context length each converter writes (§1.2, §3.1): llama.cpp 2^20 for SSM hybrids, Ollama HF's 262144.
std::int64_t dialect_context_length(Dialect dialect);

// ---- tensors ----

enum class TensorRole {
  TokenEmbd,
  OutputNorm,
  Output,
  AttnNorm,  // the single pre-norm of every block, whatever its kind
  SsmIn,
  SsmConv1d,
  SsmConv1dBias,
  SsmDtBias,
  SsmA,
  SsmD,
  SsmNorm,
  SsmOut,
  AttnQ,
  AttnK,
  AttnV,
  AttnOutput,
  FfnGateInp,
  ExpProbsB,
  LatentDown,
  LatentUp,
  FfnUpExps,
  FfnDownExps,
  FfnUpShexp,
  FfnDownShexp,
  FfnUp,
  FfnDown,
  NextnEhProj,
  NextnEnorm,
  NextnHnorm,
  NextnSharedHeadNorm,
  PostAttentionNorm,  // the MTP block's MoE sub-layer norm
};

struct TensorRow {
  TensorRole role;
  std::string_view name;  // after "blk.{i}." when per_layer
  bool per_layer;
  std::optional<Dialect> dialect;  // nullopt: the same name in every dialect
  bool f32_only;  // converters always keep it F32 (norms, biases, SSM vectors, the router); §3.2
};

std::span<const TensorRow> tensor_table();
// The name a dialect writes for a role ("blk.3.ffn_latent_in.weight" for Ollama's latent down).
std::string tensor_name(TensorRole role, Dialect dialect, int layer = -1);
// Every row of a role (the aliases), in table order.
std::span<const TensorRow> tensor_rows(TensorRole role);
std::string format_tensor_name(const TensorRow& row, int layer);

}  // namespace hearth::model
