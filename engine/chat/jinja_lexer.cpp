#include "chat/jinja_lexer.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

#include "chat/jinja_unicode.h"

namespace hearth::jinja {

std::string describe(const SourcePos& pos) {
  return "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column);
}

namespace {

// Longest operators first so "//" wins over "/".
constexpr std::array<std::string_view, 25> kOperators = {
    "//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")",
    "{", "}", ">", "<", "=", ".", ":", "|", ","};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  Lexer(std::string_view source, const LexOptions& options) : options_(options) {
    // Newlines are normalised to \n (jinja2's newline_sequence) and one trailing newline is dropped.
    src_.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
      if (source[i] == '\r') {
        src_.push_back('\n');
        if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
      } else {
        src_.push_back(source[i]);
      }
    }
    if (!src_.empty() && src_.back() == '\n') src_.pop_back();
  }

  Result<std::vector<Token>> run() {
    size_t pos = 0;
    bool line_starting = true;
    while (pos < src_.size()) {
      const size_t start = find_tag(pos);
      std::string text = src_.substr(pos, start - pos);
      if (start == src_.size()) {
        emit_text(std::move(text), pos);
        break;
      }
      const char kind = src_[start + 1];
      const char control = start + 2 < src_.size() && (src_[start + 2] == '-' || src_[start + 2] == '+') ? src_[start + 2] : 0;
      if (control == '-') {
        text = python_strip(text, nullptr, false, true);
      } else if (control != '+' && kind != '{' && options_.lstrip_blocks) {
        text = lstrip_line(text, line_starting);
      }
      emit_text(std::move(text), pos);
      size_t p = start + 2 + (control ? 1 : 0);
      Status status;
      if (kind == '#') {
        status = skip_comment(start, p);
      } else if (kind == '%' && is_raw(p)) {
        status = read_raw(start, p);
      } else {
        status = read_tag(kind, start, p);
      }
      if (!status.is_ok()) return status;
      pos = p;
      line_starting = pos > 0 && src_[pos - 1] == '\n';
    }
    Token end;
    end.type = Token::Type::End;
    end.pos = position(src_.size());
    tokens_.push_back(end);
    return std::move(tokens_);
  }

 private:
  size_t find_tag(size_t from) const {
    for (size_t i = from; i + 1 < src_.size(); ++i)
      if (src_[i] == '{' && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#')) return i;
    return src_.size();
  }

  // lstrip_blocks: spaces and tabs between the start of the line and the tag go, if nothing else is there.
  static std::string lstrip_line(std::string text, bool line_starting) {
    const size_t nl = text.rfind('\n');
    const size_t line_start = nl == std::string::npos ? 0 : nl + 1;
    if (line_start == 0 && !line_starting) return text;
    for (size_t i = line_start; i < text.size(); ++i)
      if (text[i] != ' ' && text[i] != '\t') return text;
    text.resize(line_start);
    return text;
  }

  // Offsets mostly grow, so the walk resumes from the last answer instead of the start.
  SourcePos position(size_t offset) const {
    if (offset < cached_offset_) {
      cached_offset_ = 0;
      cached_pos_ = SourcePos{};
    }
    SourcePos p = cached_pos_;
    for (size_t i = cached_offset_; i < offset && i < src_.size(); ++i) {
      if (src_[i] == '\n') {
        ++p.line;
        p.column = 1;
      } else if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) {
        ++p.column;
      }
    }
    cached_offset_ = std::min(offset, src_.size());
    cached_pos_ = p;
    return p;
  }

  void emit_text(std::string text, size_t offset) {
    if (text.empty()) return;
    Token t;
    t.type = Token::Type::Text;
    t.text = std::move(text);
    t.pos = position(offset);
    tokens_.push_back(std::move(t));
  }

  void emit(Token::Type type, std::string text, size_t offset) {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.pos = position(offset);
    tokens_.push_back(std::move(t));
  }

  Status error_at(size_t offset, const std::string& what) const {
    return Status::error(ErrorCode::InvalidArgument, "chat template: " + what + " at " + describe(position(offset)));
  }

  // After a tag's closing delimiter: `-` eats all following whitespace, otherwise trim_blocks eats one newline
  // after block and comment tags unless the tag ends with `+`.
  void after_tag(char end_control, bool block_like, size_t& p) const {
    if (end_control == '-') {
      const std::string rest = python_strip(std::string_view(src_).substr(p), nullptr, true, false);
      p = src_.size() - rest.size();
    } else if (block_like && end_control != '+' && options_.trim_blocks && p < src_.size() && src_[p] == '\n') {
      ++p;
    }
  }

  Status skip_comment(size_t start, size_t& p) {
    const size_t close = src_.find("#}", p);
    if (close == std::string::npos) return error_at(start, "unclosed comment '{#'");
    const char end_control = close > p && (src_[close - 1] == '-' || src_[close - 1] == '+') ? src_[close - 1] : 0;
    p = close + 2;
    after_tag(end_control, true, p);
    return Status::ok();
  }

  bool is_raw(size_t p) const {
    while (p < src_.size() && is_space(src_[p])) ++p;
    if (src_.compare(p, 3, "raw") != 0) return false;
    p += 3;
    while (p < src_.size() && is_space(src_[p])) ++p;
    if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) ++p;
    return src_.compare(p, 2, "%}") == 0;
  }

  // {% raw %}...{% endraw %}: the body is text, untouched except for the tags' own whitespace control.
  Status read_raw(size_t start, size_t& p) {
    const size_t open_end = src_.find("%}", p);
    const char open_control = src_[open_end - 1] == '-' || src_[open_end - 1] == '+' ? src_[open_end - 1] : 0;
    size_t body = open_end + 2;
    after_tag(open_control, true, body);
    for (size_t search = body;;) {
      const size_t tag = src_.find("{%", search);
      if (tag == std::string::npos) return error_at(start, "'{% raw %}' without '{% endraw %}'");
      size_t q = tag + 2;
      const char begin_control = q < src_.size() && (src_[q] == '-' || src_[q] == '+') ? src_[q] : 0;
      if (begin_control) ++q;
      while (q < src_.size() && is_space(src_[q])) ++q;
      if (src_.compare(q, 6, "endraw") != 0) {
        search = tag + 2;
        continue;
      }
      q += 6;
      while (q < src_.size() && is_space(src_[q])) ++q;
      char end_control = 0;
      if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) end_control = src_[q++];
      if (src_.compare(q, 2, "%}") != 0) return error_at(tag, "malformed '{% endraw %}'");
      std::string text = src_.substr(body, tag - body);
      if (begin_control == '-') text = python_strip(text, nullptr, false, true);
      else if (begin_control != '+' && options_.lstrip_blocks) text = lstrip_line(text, false);
      emit_text(std::move(text), body);
      p = q + 2;
      after_tag(end_control, true, p);
      return Status::ok();
    }
  }

  Status read_tag(char kind, size_t start, size_t& p) {
    const bool block = kind == '%';
    emit(block ? Token::Type::BlockBegin : Token::Type::PrintBegin, "", start);
    int depth = 0;  // brackets open inside the tag: "}}" inside a dict literal does not end it
    while (true) {
      while (p < src_.size() && is_space(src_[p])) ++p;
      if (p >= src_.size()) return error_at(start, block ? "unclosed tag '{%'" : "unclosed '{{'");
      const std::string_view close = block ? "%}" : "}}";
      if (depth == 0) {
        char end_control = 0;
        size_t q = p;
        if (src_[q] == '-' || (block && src_[q] == '+')) end_control = src_[q++];
        if (src_.compare(q, 2, close) == 0) {
          emit(block ? Token::Type::BlockEnd : Token::Type::PrintEnd, "", p);
          p = q + 2;
          after_tag(end_control, block, p);
          return Status::ok();
        }
      }
      const char c = src_[p];
      if (is_name_start(c)) {
        size_t e = p;
        while (e < src_.size() && is_name_char(src_[e])) ++e;
        emit(Token::Type::Name, src_.substr(p, e - p), p);
        p = e;
      } else if (is_digit(c)) {
        HEARTH_TRY(read_number(p));
      } else if (c == '\'' || c == '"') {
        HEARTH_TRY(read_string(p));
      } else {
        bool matched = false;
        for (std::string_view op : kOperators) {
          if (src_.compare(p, op.size(), op) == 0) {
            if (op == "(" || op == "[" || op == "{") ++depth;
            if ((op == ")" || op == "]" || op == "}") && depth > 0) --depth;
            emit(Token::Type::Operator, std::string(op), p);
            p += op.size();
            matched = true;
            break;
          }
        }
        if (!matched) return error_at(p, "unexpected character '" + std::string(1, c) + "'");
      }
    }
  }

  Status read_number(size_t& p) {
    const size_t start = p;
    std::string digits;
    auto take_digits = [&] {
      while (p < src_.size() && (is_digit(src_[p]) || (src_[p] == '_' && p + 1 < src_.size() && is_digit(src_[p + 1])))) {
        if (src_[p] != '_') digits.push_back(src_[p]);
        ++p;
      }
    };
    if (src_[p] == '0' && p + 1 < src_.size() && std::string_view("xXoObB").find(src_[p + 1]) != std::string_view::npos) {
      const char base_char = static_cast<char>(src_[p + 1] | 0x20);
      const int base = base_char == 'x' ? 16 : base_char == 'o' ? 8 : 2;
      p += 2;
      int64_t value = 0;
      size_t count = 0;
      while (p < src_.size() && (hex_value(src_[p]) >= 0 || src_[p] == '_')) {
        if (src_[p] != '_') {
          const int d = hex_value(src_[p]);
          if (d >= base) return error_at(p, "invalid digit in number");
          value = value * base + d;
          ++count;
        }
        ++p;
      }
      if (count == 0) return error_at(start, "invalid number");
      Token t;
      t.type = Token::Type::Integer;
      t.integer = value;
      t.pos = position(start);
      tokens_.push_back(t);
      return Status::ok();
    }
    take_digits();
    bool is_float = false;
    if (p + 1 < src_.size() && src_[p] == '.' && is_digit(src_[p + 1])) {
      is_float = true;
      digits.push_back('.');
      ++p;
      take_digits();
    }
    if (p < src_.size() && (src_[p] == 'e' || src_[p] == 'E')) {
      size_t q = p + 1;
      if (q < src_.size() && (src_[q] == '+' || src_[q] == '-')) ++q;
      if (q < src_.size() && is_digit(src_[q])) {
        is_float = true;
        digits.push_back('e');
        if (src_[p + 1] == '-') digits.push_back('-');
        p = q;
        take_digits();
      }
    }
    Token t;
    t.pos = position(start);
    if (is_float) {
      t.type = Token::Type::Float;
      t.number = std::strtod(digits.c_str(), nullptr);
    } else {
      t.type = Token::Type::Integer;
      errno = 0;
      t.integer = std::strtoll(digits.c_str(), nullptr, 10);
      if (errno == ERANGE) return error_at(start, "integer literal out of range");
    }
    tokens_.push_back(t);
    return Status::ok();
  }

  // Python string literal escapes, as jinja2 decodes them ("unicode-escape").
  Status read_string(size_t& p) {
    const size_t start = p;
    const char quote = src_[p++];
    std::string out;
    while (true) {
      if (p >= src_.size()) return error_at(start, "unterminated string literal");
      const char c = src_[p];
      if (c == quote) {
        ++p;
        break;
      }
      if (c != '\\') {
        out.push_back(c);
        ++p;
        continue;
      }
      if (p + 1 >= src_.size()) return error_at(start, "unterminated string literal");
      const char e = src_[p + 1];
      p += 2;
      switch (e) {
        case '\n': break;
        case '\\': out.push_back('\\'); break;
        case '\'': out.push_back('\''); break;
        case '"': out.push_back('"'); break;
        case 'a': out.push_back('\a'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'v': out.push_back('\v'); break;
        case 'x': case 'u': case 'U': {
          const int width = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          char32_t cp = 0;
          for (int k = 0; k < width; ++k) {
            const int d = p < src_.size() ? hex_value(src_[p]) : -1;
            if (d < 0) return error_at(p, std::string("truncated \\") + e + " escape in string literal");
            cp = cp * 16 + static_cast<char32_t>(d);
            ++p;
          }
          if (cp > 0x10FFFF) return error_at(p, "escape outside Unicode in string literal");
          utf8_append(out, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            char32_t cp = static_cast<char32_t>(e - '0');
            for (int k = 0; k < 2 && p < src_.size() && src_[p] >= '0' && src_[p] <= '7'; ++k)
              cp = cp * 8 + static_cast<char32_t>(src_[p++] - '0');
            utf8_append(out, cp);
          } else {  // Python keeps unknown escapes as written
            out.push_back('\\');
            out.push_back(e);
          }
      }
    }
    // Adjacent string literals are one string, as in Python: 'a' 'b' == 'ab'. The parser joins them.
    Token t;
    t.type = Token::Type::String;
    t.text = std::move(out);
    t.pos = position(start);
    tokens_.push_back(std::move(t));
    return Status::ok();
  }

  std::string src_;
  LexOptions options_;
  std::vector<Token> tokens_;
  mutable size_t cached_offset_ = 0;
  mutable SourcePos cached_pos_;
};

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view source, const LexOptions& options) {
  return Lexer(source, options).run();
}

}  // namespace hearth::jinja
