// hearth-cli tokenize (-m FILE.gguf | --tokenizer-json FILE) [--special | --no-special] [--no-bos]
//                     [--decode | --bench FILE]
// Reads UTF-8 text on stdin and prints the ids as one JSON array; --decode reads a JSON array and prints
// the text; --bench encodes FILE repeatedly on one thread and prints the throughput.
#include "cli/cmd_tokenize.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_gguf.h"
#include "tokenizer/tokenizer_json.h"

namespace hearth::cli {
namespace {

using tokenizer::TokenId;
using tokenizer::Tokenizer;

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: hearth-cli tokenize (-m FILE.gguf | --tokenizer-json FILE) [options]\n"
               "\n"
               "  reads UTF-8 text on stdin, prints the token ids as a JSON array\n"
               "\n"
               "  --special      match special tokens written in the text, e.g. <|im_start|> (default)\n"
               "  --no-special   treat text that looks like a special token as plain text\n"
               "  --no-bos       do not add BOS/EOS even where the tokenizer asks for them\n"
               "  --decode       read a JSON array of ids on stdin, print the text (special tokens\n"
               "                 are printed unless --no-special)\n"
               "  --bench FILE   encode FILE repeatedly on one thread and print MB/s\n"
               "  --info         print vocabulary size, special ids and the pre-tokenizer regex\n");
}

std::string read_all(std::istream& in) {
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<std::unique_ptr<Tokenizer>> load(const std::string& gguf, const std::string& json) {
  Result<tokenizer::TokenizerData> data =
      !gguf.empty() ? tokenizer::load_tokenizer_gguf(gguf) : tokenizer::load_tokenizer_json(json);
  if (!data) return data.status();
  return Tokenizer::create(std::move(*data));
}

int fail(const Status& status) {
  std::fprintf(stderr, "hearth-cli tokenize: %s\n", status.to_string().c_str());
  return 1;
}

int decode(const Tokenizer& tok, bool render_special) {
  std::vector<TokenId> ids;
  try {
    const nlohmann::json array = nlohmann::json::parse(read_all(std::cin));
    if (!array.is_array()) return fail(Status::error(ErrorCode::InvalidArgument, "stdin is not a JSON array of ids"));
    for (const nlohmann::json& v : array) {
      if (!v.is_number_integer())
        return fail(Status::error(ErrorCode::InvalidArgument, "stdin array holds a non-integer: " + v.dump()));
      ids.push_back(static_cast<TokenId>(v.get<std::int64_t>()));
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(Status::error(ErrorCode::InvalidArgument, std::string("stdin is not valid JSON: ") + e.what()));
  }
  Result<std::string> text = tok.decode(ids, render_special);
  if (!text) return fail(text.status());
  std::fwrite(text->data(), 1, text->size(), stdout);
  return 0;
}

// Seconds of CPU time this thread has used: on a shared machine wall time also counts other processes.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int bench(const Tokenizer& tok, const std::string& path, const tokenizer::EncodeOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Status::error(ErrorCode::IoError, "cannot open " + path));
  const std::string text = read_all(in);
  using Clock = std::chrono::steady_clock;
  std::size_t tokens = tok.encode(text, options).size();  // warm-up (page faults, allocator)
  int rounds = 0;
  const Clock::time_point start = Clock::now();
  const double cpu_start = thread_cpu_seconds();
  double seconds = 0;
  while (rounds < 3 || seconds < 2.0) {
    tokens = tok.encode(text, options).size();
    ++rounds;
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const double cpu = thread_cpu_seconds() - cpu_start;
  const double mb = static_cast<double>(text.size()) * rounds / 1e6;
  std::printf("%s: %zu bytes, %zu tokens (%.2f bytes/token), %d rounds on one thread: %.1f MB/s of CPU time "
              "(%.2f s), %.1f MB/s wall (%.2f s), %.2f M tokens/s of CPU time\n",
              path.c_str(), text.size(), tokens, static_cast<double>(text.size()) / static_cast<double>(tokens), rounds,
              mb / cpu, cpu, mb / seconds, seconds, static_cast<double>(tokens) * rounds / cpu / 1e6);
  return 0;
}

void info(const Tokenizer& tok) {
  std::printf("vocabulary: %zu tokens, %zu merges (%zu skipped)\n", tok.vocab_size(), tok.merge_count(),
              tok.skipped_merges());
  std::printf("bos %d, eos %d, eot %d, pad %d, unk %d; add_bos %s, add_eos %s, ignore_merges %s\n", tok.bos(), tok.eos(),
              tok.eot(), tok.pad(), tok.unk(), tok.add_bos() ? "yes" : "no", tok.add_eos() ? "yes" : "no",
              tok.ignore_merges() ? "yes" : "no");
  std::printf("end of generation:");
  for (const TokenId id : tok.eog()) std::printf(" %d %s", id, tok.text(id).c_str());
  std::printf("\npre-tokenizer regex: %s\n", tok.pre_tokenizer_pattern().c_str());
}

}  // namespace

int run_tokenize(int argc, char** argv) {
  std::string gguf, json, bench_file;
  bool special = true, decode_mode = false, show_info = false;
  tokenizer::EncodeOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if ((arg == "-m" || arg == "--model") && has_value) gguf = argv[++i];
    else if (arg == "--tokenizer-json" && has_value) json = argv[++i];
    else if (arg == "--bench" && has_value) bench_file = argv[++i];
    else if (arg == "--special") special = true;
    else if (arg == "--no-special") special = false;
    else if (arg == "--no-bos") options.add_special = false;
    else if (arg == "--decode") decode_mode = true;
    else if (arg == "--info") show_info = true;
    else if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "hearth-cli tokenize: unknown or incomplete option '%s'\n\n", arg.c_str());
      print_usage(stderr);
      return 2;
    }
  }
  if (gguf.empty() == json.empty()) {
    std::fprintf(stderr, "hearth-cli tokenize: give exactly one of -m FILE.gguf and --tokenizer-json FILE\n\n");
    print_usage(stderr);
    return 2;
  }
  options.parse_special = special;
  Result<std::unique_ptr<Tokenizer>> tok = load(gguf, json);
  if (!tok) return fail(tok.status());
  if (show_info) {
    info(**tok);
    return 0;
  }
  if (!bench_file.empty()) return bench(**tok, bench_file, options);
  if (decode_mode) return decode(**tok, special);

  const std::vector<TokenId> ids = (*tok)->encode(read_all(std::cin), options);
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += "]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace hearth::cli
