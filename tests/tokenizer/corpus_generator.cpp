#include "corpus_generator.h"

#include <array>
#include <string_view>

#include "core/utf8.h"

namespace hearth_test {
namespace {

// splitmix64: tiny, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
  bool percent(unsigned p) { return below(100) < p; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

 private:
  std::uint64_t state_;
};

void put(std::string& out, char32_t cp) { hearth::utf8::append(out, cp); }

struct Range {
  char32_t lo, hi;
};

// A writing system: letter ranges (all assigned since Unicode 5 at the latest, so every Unicode table
// agrees on them), optional combining marks, how words are separated and how sentences end.
struct Script {
  std::string_view name;
  std::array<Range, 4> letters;  // unused slots are {0, 0}
  Range marks;                   // {0, 0}: none
  unsigned mark_percent;         // chance of a mark after a letter
  bool spaces;                   // words separated by spaces
  std::array<std::string_view, 3> stops;
};

constexpr std::array<Script, 19> kScripts = {{
    {"latin", {{{'a', 'z'}, {'A', 'Z'}}}, {0, 0}, 0, true, {".", "!", "?"}},
    {"latin-1", {{{0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0xFF}, {'a', 'z'}}}, {0, 0}, 0, true, {".", "\u00BF", "\u00A1"}},
    {"latin-ext", {{{0x100, 0x17E}, {'a', 'z'}}}, {0x300, 0x36F}, 15, true, {".", ";", "!"}},
    {"greek", {{{0x391, 0x3A1}, {0x3A3, 0x3A9}, {0x3B1, 0x3C9}}}, {0x301, 0x301}, 10, true, {".", "\u037E", "\u0387"}},
    {"cyrillic", {{{0x410, 0x44F}, {0x401, 0x401}, {0x451, 0x451}}}, {0, 0}, 0, true, {".", "!", "\u2026"}},
    {"armenian", {{{0x531, 0x556}, {0x561, 0x586}}}, {0, 0}, 0, true, {"\u0589", "\u055E", "."}},
    {"hebrew", {{{0x5D0, 0x5EA}}}, {0x5B0, 0x5B9}, 30, true, {".", "\u05C3", "?"}},
    {"arabic", {{{0x621, 0x63A}, {0x641, 0x64A}}}, {0x64B, 0x652}, 25, true, {"\u061F", "\u060C", "."}},
    {"devanagari", {{{0x905, 0x939}}}, {0x93E, 0x94D}, 45, true, {"\u0964", "\u0965", "?"}},
    {"bengali", {{{0x985, 0x98C}, {0x993, 0x9A8}, {0x9AA, 0x9B0}}}, {0x9BE, 0x9C4}, 40, true, {"\u0964", "!", "?"}},
    {"tamil", {{{0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95}}}, {0xBBE, 0xBC2}, 40, true, {".", "!", "?"}},
    {"thai", {{{0xE01, 0xE2E}}}, {0xE34, 0xE3A}, 30, false, {" ", "\u0E2F", "\u0E46"}},
    {"georgian", {{{0x10D0, 0x10FA}}}, {0, 0}, 0, true, {".", "!", "\u10FB"}},
    {"ethiopic", {{{0x1200, 0x1248}}}, {0, 0}, 0, true, {"\u1362", "\u1363", "\u1367"}},
    {"hangul", {{{0xAC00, 0xD7A3}}}, {0, 0}, 0, true, {".", "?", "!"}},
    {"hiragana", {{{0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x4E00, 0x9FA5}}}, {0, 0}, 0, false, {"\u3002", "\u3001", "\uFF01"}},
    {"cjk", {{{0x4E00, 0x9FA5}}}, {0, 0}, 0, false, {"\u3002", "\uFF0C", "\uFF1F"}},
    {"vietnamese", {{{'a', 'z'}, {0x1EA0, 0x1EF9}}}, {0x300, 0x303}, 20, true, {".", "!", "?"}},
    {"mixed-case", {{{'a', 'z'}, {'A', 'Z'}, {0xDF, 0xDF}, {0x130, 0x131}}}, {0, 0}, 0, true, {".", "!", "?"}},
}};

constexpr std::array<std::string_view, 96> kWords = {
    "the", "of", "and", "to", "in", "is", "was", "for", "that", "with", "as", "on", "by", "this", "be", "are",
    "from", "at", "or", "an", "which", "but", "not", "have", "has", "had", "were", "all", "their", "one", "been",
    "would", "there", "they", "patient", "court", "account", "contract", "clinic", "hospital", "statement", "ledger",
    "agreement", "diagnosis", "dosage", "balance", "interest", "liability", "plaintiff", "defendant", "appeal",
    "invoice", "transfer", "model", "token", "context", "window", "analysis", "summary", "report", "quarter",
    "revenue", "margin", "insurance", "claim", "policy", "clause", "section", "paragraph", "schedule", "appendix",
    "Hello", "World", "Nemotron", "Hearth", "GPU", "CUDA", "API", "JSON", "HTTP", "URL", "NASA", "iPhone", "eBay",
    "McDonald", "O'Brien", "naïve", "café", "résumé", "coöperate", "Zürich", "straße", "façade", "jalapeño",
};

constexpr std::array<std::string_view, 28> kContractions = {
    "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'Ve", "'vE", "'m", "'M",
    "'ll", "'LL", "'Ll", "'lL", "'d", "'D", "n't", "N'T", "'", "''", "'''s", "`s", "\u2019s", "'x",
};

constexpr std::array<std::string_view, 27> kSpaces = {
    " ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\r", " \n", "\n ", " \t\n",
    "\v", "\f", "\u00A0", "\u1680", "\u2002", "\u2003", "\u2009", "\u200A", "\u202F", "\u205F", "\u3000", "\u2028",
};

// Not White_Space, but invisible or format characters that sit between words.
constexpr std::array<std::string_view, 8> kOddSpaces = {
    "\u200B", "\u200C", "\u200D", "\u2060", "\u180E", "\u001C", "\u001F", "\u2029",
};

constexpr std::array<std::string_view, 30> kPunctuation = {
    ".", ",", ";", ":", "!", "?", "...", "--", " - ", "(", ")", "[", "]", "{", "}", "\"", "\u201C", "\u201D",
    "\u00AB", "\u00BB", "\u2014", "\u2013", "\u2026", "/", "&", "%", "#", "@", "*", "\u00A7",
};

constexpr std::array<std::string_view, 24> kSpecialLooking = {
    "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>",
    "<|reserved_special_token_0|>", "<|reserved_special_token_17|>", "<|reserved_special_token_250|>",
    "<|finetune_right_pad_id|>", "<|python_tag|>", "<|eom_id|>", "<|im_start|>", "<|im_end|>", "<|eot_id",
    "<|EOT_ID|>", "< |eot_id|>", "<|eot_id|><|eot_id|>", "<s>", "</s>", "[INST]", "[/INST]", "<think>", "</think>",
    "<|start_header_id|>assistant<|end_header_id|>\n\n",
};

constexpr std::array<std::string_view, 22> kUrls = {
    "https://www.example.com/path/to/file_name-01.html?q=search+terms&lang=en#section-2",
    "http://\u4F8B\u5B50.\u6D4B\u8BD5/\u8DEF\u5F84?\u67E5\u8BE2=\u503C",
    "mailto:first.last+tag@example.org",
    "file:///C:/Users/Name/Documents/report%20final%20(v2).docx",
    "ftp://ftp.example.net/pub/linux/kernel/v6.x/linux-6.6.1.tar.xz",
    "git@github.com:owner/repo.git",
    "/usr/local/lib/python3.11/site-packages/numpy/__init__.py",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "../../src/main.cpp:123:45: error: expected ';' before '}' token",
    "https://en.wikipedia.org/wiki/Caf%C3%A9_(disambiguation)",
    "https://api.example.com/v2/users/12345/orders?limit=50&offset=100&sort=-created_at",
    "wss://stream.example.io:8443/socket?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc-DEF_123",
    "s3://bucket-name/2026/11/28/part-00001.snappy.parquet",
    "https://\u0645\u062B\u0627\u0644.\u0625\u062E\u062A\u0628\u0627\u0631/\u0635\u0641\u062D\u0629",
    "user@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444",
    "127.0.0.1:8080", "[2001:db8::ff00:42:8329]:443", "192.168.001.010",
    "doi:10.1000/182", "urn:isbn:978-3-16-148410-0", "#include <nlohmann/json.hpp>", "sha256:9f86d081884c7d65",
};

// Source code in many languages. $I is replaced by an identifier, $N by a number, $S by string text.
constexpr std::array<std::string_view, 30> kCode = {
    "#include <stdio.h>\n\nint $I(int argc, char **argv) {\n    for (int i = 0; i < $N; ++i) {\n        printf(\"%d: $S\\n\", i);\n    }\n    return 0;\n}\n",
    "template <typename T>\nstd::vector<T> $I(const std::vector<T>& xs) {\n  std::vector<T> out;\n  out.reserve(xs.size());\n  for (const auto& x : xs) if (x > T{$N}) out.push_back(x);\n  return out;\n}\n",
    "def $I(self, items: list[str], limit: int = $N) -> dict:\n    \"\"\"$S\"\"\"\n    result = {}\n    for i, item in enumerate(items):\n        if i >= limit:\n            break\n        result[item] = len(item) ** 2\n    return result\n",
    "const $I = async (url) => {\n  const res = await fetch(`${url}?page=$N`);\n  if (!res.ok) throw new Error('$S');\n  return (await res.json()).map(x => x.id ?? null);\n};\n",
    "fn $I(input: &str) -> Result<Vec<u32>, ParseIntError> {\n    input\n        .split(',')\n        .map(|s| s.trim().parse::<u32>())\n        .collect() // $S\n}\n",
    "func $I(ctx context.Context, n int) (int, error) {\n\tif n < $N {\n\t\treturn 0, fmt.Errorf(\"$S: %w\", ErrTooSmall)\n\t}\n\treturn n * 2, nil\n}\n",
    "public class $I extends Base implements Runnable {\n    private static final int LIMIT = $N;\n    @Override\n    public void run() {\n        System.out.println(\"$S\");\n    }\n}\n",
    "SELECT c.id, c.name, SUM(o.total) AS revenue\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE o.created_at >= '2026-01-01' AND o.total > $N\nGROUP BY c.id, c.name\nHAVING COUNT(*) > 3\nORDER BY revenue DESC; -- $S\n",
    "#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"$@\"; do\n  if [[ -f \"$f\" ]]; then\n    echo \"$S: ${f##*/}\" >&2\n    wc -l < \"$f\" | awk '{s+=$1} END {print s}'\n  fi\ndone\nexit $N\n",
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>$S</title></head>\n<body>\n  <div class=\"$I\" data-n=\"$N\">&lt;&amp;&gt; &nbsp;</div>\n</body>\n</html>\n",
    ".$I > li:nth-child(2n+1)::before {\n  content: \"\\201C\";\n  margin: 0 $Npx 0 -1.5em;\n  color: #ff00aa;\n}\n",
    "{\n  \"name\": \"$I\",\n  \"version\": \"1.$N.0\",\n  \"tags\": [\"$S\", null, true, false, -0.5e-10],\n  \"nested\": {\"a\": {\"b\": {\"c\": []}}}\n}\n",
    "server:\n  host: 0.0.0.0\n  port: $N\n  tls: { enabled: true, cert: \"/etc/ssl/$I.pem\" }\nusers:\n  - name: \"$S\"\n    roles: [admin, editor]\n",
    "[package]\nname = \"$I\"\nversion = \"0.$N.1\"\nedition = \"2021\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n",
    "module Main where\n\n$I :: [Int] -> Int\n$I = foldr (\\x acc -> x * $N + acc) 0 . filter even\n\nmain :: IO ()\nmain = print ($I [1..10]) -- $S\n",
    "\\begin{equation}\n  \\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2} \\quad\\text{($S)}\n\\end{equation}\n\\label{eq:$I-$N}\n",
    "(defun $I (n)\n  \"$S\"\n  (if (<= n 1)\n      1\n      (* n ($I (- n $N)))))\n",
    "local function $I(t)\n  local n = 0\n  for k, v in pairs(t) do\n    if type(v) == \"number\" and v > $N then n = n + 1 end\n  end\n  return n -- $S\nend\n",
    "$I <- function(df) {\n  df %>%\n    filter(value > $N) %>%\n    group_by(group) %>%\n    summarise(mean = mean(value, na.rm = TRUE))  # $S\n}\n",
    "    mov rax, $N\n    xor rdi, rdi\n.loop_$I:\n    add rdi, rax\n    dec rax\n    jnz .loop_$I    ; $S\n    ret\n",
    "all: $I\n\n$I: main.o util.o\n\t$(CC) $(CFLAGS) -o $@ $^ -lm\n\n%.o: %.c\n\t$(CC) -c -O$N $< -o $@\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n      ca-certificates curl && rm -rf /var/lib/apt/lists/*\nENV $I=$N\nCMD [\"/bin/sh\", \"-c\", \"echo $S\"]\n",
    "<?php\nnamespace App\\Http;\n\nfunction $I(array $xs): int {\n    return array_sum(array_map(fn($x) => $x * $N, $xs)); // $S\n}\n",
    "class $I\n  attr_reader :name\n  def initialize(name = \"$S\")\n    @name = name\n  end\n\n  def to_s = \"#{@name} (#{$N})\"\nend\n",
    "struct $I: Codable {\n    let id: UUID\n    var count: Int = $N\n    func describe() -> String { \"\\(id): $S\" }\n}\n",
    "data class $I(val id: Long, val tags: List<String> = emptyList()) {\n    fun score(): Int = tags.sumOf { it.length } * $N // $S\n}\n",
    "# $S\n\n| col | value |\n|-----|------:|\n| a   | $N |\n\n```python\nprint(\"$I\")\n```\n\n> **Note**: _emphasis_ and `code`.\n",
    "using System.Linq;\nnamespace $I {\n    static class Program {\n        static int Main() => Enumerable.Range(0, $N).Where(i => i % 3 == 0).Sum(); // $S\n    }\n}\n",
    "%% $S\nfunction y = $I(x)\n  y = zeros(size(x));\n  for k = 1:numel(x)\n    y(k) = x(k)^2 + $N;\n  end\nend\n",
    "diff --git a/src/$I.c b/src/$I.c\n@@ -1,4 +1,5 @@\n-int n = $N;\n+int n = $N + 1;\n+/* $S */\n     return n;\n",
};

constexpr std::array<std::string_view, 14> kEmojiSequences = {
    "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", "\U0001F469\u200D\U0001F4BB",
    "\U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F441\uFE0F\u200D\U0001F5E8\uFE0F", "\u2764\uFE0F",
    "\u2764\uFE0F\u200D\U0001F525", "1\uFE0F\u20E3", "#\uFE0F\u20E3", "*\u20E3", "\U0001F468\U0001F3FD\u200D\U0001F4BB",
    "\U0001F9D1\u200D\U0001F91D\u200D\U0001F9D1", "\u263A\uFE0F", "\u00A9\uFE0F", "\U0001F1FA\U0001F1F3",
};

// Byte runs that are not UTF-8, each invalid at every byte (see the header on neighbours).
constexpr std::array<std::string_view, 21> kInvalid = {
    "\x80", "\xBF", "\x80\x80\x80", "\xC0\xAF", "\xC1\xBF", "\xC2", "\xDF", "\xE0\x80\x80", "\xE0\x9F\xBF",
    "\xE4\xB8", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF0\x9F\x98", "\xF4\x90\x80\x80", "\xF5",
    "\xF8\x88\x80\x80\x80", "\xFE", "\xFF", "\xFF\xFE", "\xE2\x82",
};

class Writer {
 public:
  explicit Writer(Rng& rng) : rng_(rng) {}

  void word(const Script& s) {
    std::size_t n_ranges = 0;
    while (n_ranges < s.letters.size() && s.letters[n_ranges].hi != 0) ++n_ranges;
    for (std::size_t i = 0, n = rng_.between(1, 9); i < n; ++i) {
      const Range& r = s.letters[rng_.below(n_ranges)];
      put(out, r.lo + static_cast<char32_t>(rng_.below(r.hi - r.lo + 1)));
      if (s.marks.hi != 0 && rng_.percent(s.mark_percent))
        put(out, s.marks.lo + static_cast<char32_t>(rng_.below(s.marks.hi - s.marks.lo + 1)));
    }
  }

  void sentence(const Script& s) {
    for (std::size_t i = 0, n = rng_.between(3, 15); i < n; ++i) {
      if (i > 0 && (s.spaces || rng_.percent(10))) out += rng_.percent(90) ? " " : std::string(rng_.pick(kSpaces));
      if (rng_.percent(8)) number();
      else word(s);
      if (rng_.percent(6)) out += rng_.pick(kPunctuation);
    }
    out += rng_.pick(s.stops);
  }

  void english() {
    for (std::size_t i = 0, n = rng_.between(4, 20); i < n; ++i) {
      if (i > 0) out += rng_.percent(93) ? " " : std::string(rng_.pick(kSpaces));
      std::string w(rng_.pick(kWords));
      switch (rng_.below(10)) {
        case 0: for (char& c : w) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); break;
        case 1: if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 32); break;
        case 2: for (std::size_t k = 0; k < w.size(); k += 2) if (w[k] >= 'a' && w[k] <= 'z') w[k] = static_cast<char>(w[k] - 32); break;
        default: break;
      }
      out += w;
      if (rng_.percent(18)) out += rng_.pick(kContractions);
      if (rng_.percent(10)) out += rng_.pick(kPunctuation);
      if (rng_.percent(4)) number();
    }
    out += rng_.percent(80) ? ". " : "!\n";
  }

  void number() {
    switch (rng_.below(12)) {
      case 0: case 1: case 2: {  // plain digits of every length
        const std::size_t n = rng_.percent(80) ? rng_.between(1, 12) : rng_.between(13, 64);
        for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + rng_.below(10)));
        break;
      }
      case 3: out += std::to_string(rng_.below(1000)) + "," + std::to_string(100 + rng_.below(900)) + "." + std::to_string(rng_.below(100)); break;
      case 4: out += "-" + std::to_string(rng_.below(10)) + "." + std::to_string(rng_.next() % 100000) + "e-" + std::to_string(rng_.below(300)); break;
      case 5: out += "0x" + std::to_string(rng_.next() % 0xFFFFFF) + "DEADbeef"; break;
      case 6: for (std::size_t i = 0, n = rng_.between(1, 9); i < n; ++i) put(out, 0x660 + static_cast<char32_t>(rng_.below(10))); break;  // Arabic-Indic
      case 7: for (std::size_t i = 0, n = rng_.between(1, 9); i < n; ++i) put(out, 0x966 + static_cast<char32_t>(rng_.below(10))); break;  // Devanagari
      case 8: for (std::size_t i = 0, n = rng_.between(1, 9); i < n; ++i) put(out, 0xFF10 + static_cast<char32_t>(rng_.below(10))); break;  // fullwidth
      case 9: put(out, rng_.pick(std::array<char32_t, 8>{0xB2, 0xB3, 0xB9, 0xBD, 0x2153, 0x2160 + 11, 0x2460 + 4, 0x2070})); break;
      case 10: out += std::to_string(2000 + rng_.below(40)) + "-" + std::to_string(10 + rng_.below(3)) + "-" + std::to_string(10 + rng_.below(18)) + "T08:53:34.123Z"; break;
      default: out += "+1 (" + std::to_string(200 + rng_.below(800)) + ") 555-" + std::to_string(1000 + rng_.below(9000)); break;
    }
  }

  void identifier() {
    static constexpr std::array<std::string_view, 12> parts = {"get", "set", "user", "Id", "count", "HTTP", "_buf",
                                                               "parse", "Json", "x", "value2", "MAX"};
    for (std::size_t i = 0, n = rng_.between(1, 4); i < n; ++i) out += rng_.pick(parts);
  }

  void code() {
    const std::string_view tpl = rng_.pick(kCode);
    const std::size_t indent = rng_.below(4);
    const bool tabs = rng_.percent(25);
    for (std::size_t i = 0; i < tpl.size(); ++i) {
      if (tpl[i] == '$' && i + 1 < tpl.size() && (tpl[i + 1] == 'I' || tpl[i + 1] == 'N' || tpl[i + 1] == 'S')) {
        const char what = tpl[++i];
        if (what == 'I') identifier();
        else if (what == 'N') number();
        else if (rng_.percent(50)) english();
        else sentence(rng_.pick(kScripts));
        continue;
      }
      out.push_back(tpl[i]);
      if (tpl[i] == '\n' && i + 1 < tpl.size()) {
        if (tabs) out.append(indent, '\t');
        else out.append(indent * 4, ' ');
        if (rng_.percent(3)) out += "   ";  // trailing-looking whitespace inside code
      }
    }
    if (rng_.percent(20)) out += rng_.percent(50) ? "\r\n" : "\n\n\n";
  }

  void whitespace() {
    const std::size_t n = rng_.percent(85) ? rng_.between(1, 12) : rng_.between(13, 400);
    for (std::size_t i = 0; i < n; ++i) out += rng_.pick(kSpaces);
    if (rng_.percent(15)) out += rng_.pick(kOddSpaces);
  }

  void emoji() {
    switch (rng_.below(5)) {
      case 0: put(out, 0x1F600 + static_cast<char32_t>(rng_.below(0x50))); break;
      case 1:  // a person or gesture with a skin tone
        put(out, rng_.pick(std::array<char32_t, 6>{0x1F466, 0x1F467, 0x1F468, 0x1F469, 0x1F44B, 0x1F44D}));
        put(out, 0x1F3FB + static_cast<char32_t>(rng_.below(5)));
        break;
      case 2: out += rng_.pick(kEmojiSequences); break;
      case 3:  // a flag: two regional indicators
        put(out, 0x1F1E6 + static_cast<char32_t>(rng_.below(26)));
        put(out, 0x1F1E6 + static_cast<char32_t>(rng_.below(26)));
        break;
      default: put(out, 0x1F680 + static_cast<char32_t>(rng_.below(0x46))); break;
    }
  }

  void combining() {
    put(out, 'a' + static_cast<char32_t>(rng_.below(26)));
    for (std::size_t i = 0, n = rng_.between(1, 4); i < n; ++i) put(out, 0x300 + static_cast<char32_t>(rng_.below(0x70)));
  }

  void chunk() {
    switch (rng_.below(16)) {
      case 0: case 1: case 2: english(); break;
      case 3: case 4: case 5: sentence(rng_.pick(kScripts)); break;
      case 6: case 7: code(); break;
      case 8: whitespace(); break;
      case 9: number(); break;
      case 10: for (std::size_t i = 0, n = rng_.between(1, 6); i < n; ++i) emoji(); break;
      case 11: for (std::size_t i = 0, n = rng_.between(1, 5); i < n; ++i) combining(); break;
      case 12: out += rng_.pick(kUrls); break;
      case 13: out += rng_.pick(kSpecialLooking); break;
      case 14: out += rng_.pick(kPunctuation); break;
      default: out += rng_.percent(50) ? " " : "\n"; break;
    }
    if (rng_.percent(30)) out += rng_.percent(70) ? " " : std::string(rng_.pick(kSpaces));
  }

  std::string out;

 private:
  Rng& rng_;
};

CorpusDocument mixed_document(Rng& rng, std::size_t target) {
  CorpusDocument doc;
  doc.kind = "mixed";
  Writer w(rng);
  const bool with_invalid = rng.percent(30);
  std::size_t done = 0;  // bytes already moved into segments
  while (done + w.out.size() < target) {
    w.chunk();
    if (with_invalid && rng.percent(6) && !w.out.empty()) {
      done += w.out.size() + 4;
      doc.segments.push_back({false, std::move(w.out)});
      w.out.clear();
      doc.segments.push_back({true, std::string(rng.pick(kInvalid))});
      doc.kind = "mixed+invalid";
    }
  }
  if (!w.out.empty()) doc.segments.push_back({false, std::move(w.out)});
  return doc;
}

CorpusDocument single_kind_document(Rng& rng, std::size_t target) {
  CorpusDocument doc;
  Writer w(rng);
  const std::size_t kind = rng.below(5);
  static constexpr std::array<std::string_view, 5> names = {"code", "prose", "script", "whitespace", "emoji"};
  doc.kind = std::string(names[kind]);
  const Script& script = rng.pick(kScripts);
  while (w.out.size() < target) {
    switch (kind) {
      case 0: w.code(); break;
      case 1: w.english(); break;
      case 2: w.sentence(script); w.out += " "; break;
      case 3: w.whitespace(); if (rng.percent(50)) w.english(); break;
      default: w.emoji(); if (rng.percent(30)) w.out += " "; break;
    }
  }
  doc.segments.push_back({false, std::move(w.out)});
  return doc;
}

// Long runs that stress the regex and the merge loop.
std::vector<CorpusDocument> stress_documents() {
  auto repeat = [](std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
  };
  std::string cjk, emoji, zalgo = "Z";
  for (char32_t i = 0; i < 6000; ++i) put(cjk, 0x4E00 + (i * 7919) % 0x51A5);
  for (char32_t i = 0; i < 3000; ++i) put(emoji, 0x1F600 + i % 0x50);
  for (char32_t i = 0; i < 2000; ++i) put(zalgo, 0x300 + i % 0x70);
  const std::pair<std::string_view, std::string> docs[] = {
      {"spaces", repeat(" ", 20000) + "word" + repeat(" ", 5000)},
      {"newlines", repeat("\n", 8000) + "x" + repeat("\n", 10)},
      {"crlf", repeat("line\r\n", 1500) + repeat("\r\n", 2000)},
      {"tabs", repeat("\t", 10000) + "if" + repeat("\t \t", 1000)},
      {"space-newline", repeat(" \n", 6000)},
      {"long-number", repeat("1234567890", 2000)},
      {"punctuation", repeat("=-", 12000) + "\n"},
      {"cjk-run", cjk},
      {"emoji-run", emoji},
      {"zalgo", zalgo},
      {"unicode-spaces", repeat("\u3000\u00A0\u2003 \u202F\u205F", 2000) + "end"},
  };
  std::vector<CorpusDocument> out;
  for (const auto& [kind, text] : docs) out.push_back({"stress:" + std::string(kind), {{false, text}}});
  return out;
}

}  // namespace

std::string CorpusDocument::bytes() const {
  std::string out;
  for (const CorpusSegment& s : segments) out += s.bytes;
  return out;
}

std::vector<CorpusDocument> generate_corpus(std::uint64_t seed, std::size_t min_bytes) {
  Rng rng(seed);
  std::vector<CorpusDocument> docs = stress_documents();
  std::size_t total = 0;
  for (const CorpusDocument& d : docs) total += d.bytes().size();
  while (total < min_bytes) {
    const std::size_t target = rng.percent(92) ? rng.between(20, 4000) : rng.between(4000, 30000);
    CorpusDocument doc = rng.percent(70) ? mixed_document(rng, target) : single_kind_document(rng, target);
    total += doc.bytes().size();
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace hearth_test
