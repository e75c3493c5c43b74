#include "chat/jinja_parser.h"

#include "chat/jinja_builtins.h"

#include <algorithm>
#include <array>
#include <utility>

namespace hearth::jinja {

namespace {

using TT = Token::Type;

// Tags that exist in Jinja but make no sense (or are not needed) for chat templates rendered from one string.
constexpr std::array<std::string_view, 10> kUnsupportedTags = {
    "extends", "block", "include", "import", "from", "do", "autoescape", "trans", "pluralize", "print"};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Body> parse() {
    Body body;
    std::string end;
    HEARTH_TRY(parse_body(body, {}, end));
    return body;
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    const size_t i = std::min(index_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& next() {
    const Token& t = tokens_[index_];
    if (index_ + 1 < tokens_.size()) ++index_;
    return t;
  }
  bool at_op(std::string_view op) const { return peek().type == TT::Operator && peek().text == op; }
  bool at_name(std::string_view name) const { return peek().type == TT::Name && peek().text == name; }
  bool accept_op(std::string_view op) {
    if (!at_op(op)) return false;
    next();
    return true;
  }
  bool accept_name(std::string_view name) {
    if (!at_name(name)) return false;
    next();
    return true;
  }

  static std::string token_text(const Token& t) {
    switch (t.type) {
      case TT::Text: return "text";
      case TT::PrintBegin: return "'{{'";
      case TT::PrintEnd: return "'}}'";
      case TT::BlockBegin: return "'{%'";
      case TT::BlockEnd: return "'%}'";
      case TT::String: return "a string";
      case TT::Integer: case TT::Float: return "a number";
      case TT::End: return "the end of the template";
      default: return "'" + t.text + "'";
    }
  }

  Status error(const Token& at, const std::string& what) const {
    return Status::error(ErrorCode::InvalidArgument, "chat template: " + what + " at " + describe(at.pos));
  }
  Status expected(const std::string& what) const {
    return error(peek(), "expected " + what + ", found " + token_text(peek()));
  }
  Status expect_op(std::string_view op) {
    if (!accept_op(op)) return expected("'" + std::string(op) + "'");
    return Status::ok();
  }
  Status expect_block_end() {
    if (peek().type != TT::BlockEnd) return expected("'%}'");
    next();
    return Status::ok();
  }
  Result<std::string> expect_name() {
    if (peek().type != TT::Name) return expected("a name");
    return next().text;
  }

  static ExprPtr make(Expr::Kind kind, SourcePos pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }

  // ---- statements ----

  // Parses until a block tag whose name is in `ends` (consumed: the tag's remaining tokens are the caller's)
  // or the end of input (only allowed at top level).
  Status parse_body(Body& body, std::initializer_list<std::string_view> ends, std::string& found_end) {
    while (true) {
      const Token& t = peek();
      switch (t.type) {
        case TT::End:
          if (ends.size() != 0) {
            std::string_view closing = *ends.begin();
            for (std::string_view e : ends)
              if (e.substr(0, 3) == "end") closing = e;
            return error(t, "missing '{% " + std::string(closing) + " %}'");
          }
          return Status::ok();
        case TT::Text: {
          auto s = std::make_unique<Stmt>();
          s->kind = Stmt::Kind::Text;
          s->pos = t.pos;
          s->text = t.text;
          body.push_back(std::move(s));
          next();
          break;
        }
        case TT::PrintBegin: {
          next();
          auto s = std::make_unique<Stmt>();
          s->kind = Stmt::Kind::Print;
          s->pos = t.pos;
          auto e = parse_tuple_expression();
          if (!e) return e.status();
          s->exprs.push_back(std::move(*e));
          if (peek().type != TT::PrintEnd) return expected("'}}'");
          next();
          body.push_back(std::move(s));
          break;
        }
        case TT::BlockBegin: {
          next();
          const Token& name = peek();
          if (name.type != TT::Name) return expected("a tag name");
          for (std::string_view end : ends) {
            if (name.text == end) {
              found_end = name.text;
              next();
              return Status::ok();
            }
          }
          auto s = parse_statement();
          if (!s) return s.status();
          body.push_back(std::move(*s));
          break;
        }
        default:
          return error(t, "unexpected " + token_text(t));
      }
    }
  }

  Result<StmtPtr> parse_statement() {
    const Nesting nesting(*this);
    if (nesting.too_deep()) return too_deep();
    const Token tag = next();
    auto s = std::make_unique<Stmt>();
    s->pos = tag.pos;
    const std::string& n = tag.text;
    Status st;
    if (n == "if") st = parse_if(*s);
    else if (n == "for") st = parse_for(*s);
    else if (n == "set") st = parse_set(*s);
    else if (n == "macro") st = parse_macro(*s);
    else if (n == "call") st = parse_call_block(*s);
    else if (n == "filter") st = parse_filter_block(*s);
    else if (n == "with") st = parse_with(*s);
    else if (n == "generation") st = parse_scope(*s, "endgeneration");
    else if (n == "break" || n == "continue") {
      s->kind = n == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue;
      if (loop_depth_ == 0) return error(tag, "'" + n + "' outside a loop");
      st = expect_block_end();
    } else {
      for (std::string_view unsupported : kUnsupportedTags)
        if (n == unsupported) return error(tag, "unsupported tag '" + n + "'");
      return error(tag, "unknown tag '" + n + "'");
    }
    if (!st.is_ok()) return st;
    return s;
  }

  Status parse_if(Stmt& s) {
    s.kind = Stmt::Kind::If;
    while (true) {
      auto cond = parse_tuple_expression();
      if (!cond) return cond.status();
      s.exprs.push_back(std::move(*cond));
      HEARTH_TRY(expect_block_end());
      s.bodies.emplace_back();
      std::string end;
      HEARTH_TRY(parse_body(s.bodies.back(), {"elif", "else", "endif"}, end));
      if (end == "elif") continue;
      if (end == "else") {
        HEARTH_TRY(expect_block_end());
        s.has_else = true;
        s.bodies.emplace_back();
        HEARTH_TRY(parse_body(s.bodies.back(), {"endif"}, end));
      }
      return expect_block_end();
    }
  }

  Status parse_targets(std::vector<std::string>& targets) {
    const bool parens = accept_op("(");
    do {
      auto name = expect_name();
      if (!name) return name.status();
      targets.push_back(*name);
    } while (accept_op(","));
    if (parens) HEARTH_TRY(expect_op(")"));
    return Status::ok();
  }

  Status parse_for(Stmt& s) {
    s.kind = Stmt::Kind::For;
    HEARTH_TRY(parse_targets(s.targets));
    if (!accept_name("in")) return expected("'in'");
    auto iter = parse_tuple_expression(/*with_condition=*/false);
    if (!iter) return iter.status();
    s.exprs.push_back(std::move(*iter));
    ExprPtr filter;
    if (accept_name("if")) {
      auto f = parse_expression();
      if (!f) return f.status();
      filter = std::move(*f);
    }
    s.exprs.push_back(std::move(filter));
    if (at_name("recursive")) return error(peek(), "unsupported construct 'recursive' loop");
    HEARTH_TRY(expect_block_end());
    s.bodies.resize(2);
    std::string end;
    ++loop_depth_;
    Status st = parse_body(s.bodies[0], {"else", "endfor"}, end);
    --loop_depth_;
    HEARTH_TRY(st);
    if (end == "else") {
      HEARTH_TRY(expect_block_end());
      s.has_else = true;
      HEARTH_TRY(parse_body(s.bodies[1], {"endfor"}, end));
    }
    return expect_block_end();
  }

  Status parse_set(Stmt& s) {
    s.kind = Stmt::Kind::Set;
    if (at_op("(")) {  // {% set (a, b) = pair %}
      HEARTH_TRY(parse_targets(s.targets));
      HEARTH_TRY(expect_op("="));
      auto value = parse_tuple_expression();
      if (!value) return value.status();
      s.exprs.push_back(std::move(*value));
      return expect_block_end();
    }
    auto first = expect_name();
    if (!first) return first.status();
    if (accept_op(".")) {  // {% set ns.attr = value %}
      auto attr = expect_name();
      if (!attr) return attr.status();
      auto obj = make(Expr::Kind::Name, s.pos);
      obj->name = *first;
      s.name = *attr;
      HEARTH_TRY(expect_op("="));
      auto value = parse_tuple_expression();
      if (!value) return value.status();
      s.exprs.push_back(std::move(*value));
      s.exprs.push_back(std::move(obj));
      return expect_block_end();
    }
    s.targets.push_back(*first);
    while (accept_op(",")) {
      auto more = expect_name();
      if (!more) return more.status();
      s.targets.push_back(*more);
    }
    if (accept_op("=")) {
      auto value = parse_tuple_expression();
      if (!value) return value.status();
      s.exprs.push_back(std::move(*value));
      return expect_block_end();
    }
    if (s.targets.size() != 1) return expected("'='");
    s.kind = Stmt::Kind::SetBlock;  // {% set x %}...{% endset %}, optionally {% set x | filter %}
    ExprPtr chain;
    if (at_op("|")) {
      auto f = parse_filters(nullptr);
      if (!f) return f.status();
      chain = std::move(*f);
    }
    s.exprs.push_back(std::move(chain));
    HEARTH_TRY(expect_block_end());
    return parse_scope_body(s, "endset");
  }

  Status parse_scope_body(Stmt& s, std::string_view end_tag) {
    s.bodies.emplace_back();
    std::string end;
    HEARTH_TRY(parse_body(s.bodies.back(), {end_tag}, end));
    return expect_block_end();
  }

  Status parse_scope(Stmt& s, std::string_view end_tag) {
    s.kind = Stmt::Kind::Scope;
    HEARTH_TRY(expect_block_end());
    return parse_scope_body(s, end_tag);
  }

  Status parse_params(std::vector<MacroParam>& params) {
    HEARTH_TRY(expect_op("("));
    while (!at_op(")")) {
      if (!params.empty()) HEARTH_TRY(expect_op(","));
      if (at_op(")")) break;
      MacroParam p;
      auto name = expect_name();
      if (!name) return name.status();
      p.name = *name;
      if (accept_op("=")) {
        auto d = parse_expression();
        if (!d) return d.status();
        p.default_value = std::move(*d);
      }
      params.push_back(std::move(p));
    }
    next();
    return Status::ok();
  }

  Status parse_macro(Stmt& s) {
    s.kind = Stmt::Kind::Macro;
    auto name = expect_name();
    if (!name) return name.status();
    s.name = *name;
    HEARTH_TRY(parse_params(s.params));
    HEARTH_TRY(expect_block_end());
    const int saved = loop_depth_;
    loop_depth_ = 0;
    Status st = parse_scope_body(s, "endmacro");
    loop_depth_ = saved;
    return st;
  }

  Status parse_call_block(Stmt& s) {
    s.kind = Stmt::Kind::CallBlock;
    if (at_op("(")) HEARTH_TRY(parse_params(s.params));
    auto call = parse_expression();
    if (!call) return call.status();
    if ((*call)->kind != Expr::Kind::Call) return error(peek(), "expected a macro call in '{% call %}'");
    s.exprs.push_back(std::move(*call));
    HEARTH_TRY(expect_block_end());
    return parse_scope_body(s, "endcall");
  }

  Status parse_filter_block(Stmt& s) {
    s.kind = Stmt::Kind::FilterBlock;
    auto chain = parse_filter_chain_without_input();
    if (!chain) return chain.status();
    s.exprs.push_back(std::move(*chain));
    HEARTH_TRY(expect_block_end());
    return parse_scope_body(s, "endfilter");
  }

  Status parse_with(Stmt& s) {
    s.kind = Stmt::Kind::With;
    while (peek().type != TT::BlockEnd) {
      if (!s.targets.empty()) HEARTH_TRY(expect_op(","));
      auto name = expect_name();
      if (!name) return name.status();
      HEARTH_TRY(expect_op("="));
      auto value = parse_expression();
      if (!value) return value.status();
      s.targets.push_back(*name);
      s.exprs.push_back(std::move(*value));
    }
    HEARTH_TRY(expect_block_end());
    return parse_scope_body(s, "endwith");
  }

  // ---- expressions ----

  // `a, b` without brackets is a tuple where a statement allows it ({{ a, b }}, for ... in a, b).
  Result<ExprPtr> parse_tuple_expression(bool with_condition = true) {
    const SourcePos pos = peek().pos;
    auto first = with_condition ? parse_expression() : parse_or();
    if (!first) return first;
    if (!at_op(",")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->items.push_back(std::move(*first));
    while (accept_op(",")) {
      if (peek().type == TT::BlockEnd || peek().type == TT::PrintEnd) break;
      auto more = with_condition ? parse_expression() : parse_or();
      if (!more) return more;
      tuple->items.push_back(std::move(*more));
    }
    return tuple;
  }

  Result<ExprPtr> parse_expression() {
    const Nesting nesting(*this);
    if (nesting.too_deep()) return too_deep();
    auto body = parse_or();
    if (!body) return body;
    ExprPtr result = std::move(*body);
    while (at_name("if")) {
      const SourcePos pos = next().pos;
      auto cond = parse_or();
      if (!cond) return cond;
      auto e = make(Expr::Kind::Condition, pos);
      e->items.push_back(std::move(result));
      e->items.push_back(std::move(*cond));
      if (accept_name("else")) {
        auto other = parse_expression();
        if (!other) return other;
        e->items.push_back(std::move(*other));
      } else {
        e->items.push_back(nullptr);
      }
      result = std::move(e);
    }
    return result;
  }

  static ExprPtr binary(ExprPtr left, std::string op, ExprPtr right, SourcePos pos) {
    auto e = make(Expr::Kind::Binary, pos);
    e->name = std::move(op);
    e->items.push_back(std::move(left));
    e->items.push_back(std::move(right));
    return e;
  }

  // One precedence level of left-associative binary operators: `next` parses the tighter level.
  template <typename Next>
  Result<ExprPtr> parse_level(Next next_level, std::initializer_list<std::string_view> ops, bool keyword) {
    auto left = (this->*next_level)();
    if (!left) return left;
    ExprPtr result = std::move(*left);
    while (true) {
      const Token& t = peek();
      const bool match = t.type == (keyword ? TT::Name : TT::Operator) &&
                         std::find(ops.begin(), ops.end(), t.text) != ops.end();
      if (!match) return result;
      const Token op = next();
      auto right = (this->*next_level)();
      if (!right) return right;
      result = binary(std::move(result), op.text, std::move(*right), op.pos);
    }
  }

  Result<ExprPtr> parse_or() { return parse_level(&Parser::parse_and, {"or"}, true); }
  Result<ExprPtr> parse_and() { return parse_level(&Parser::parse_not, {"and"}, true); }
  Result<ExprPtr> parse_not() {
    const Nesting nesting(*this);
    if (nesting.too_deep()) return too_deep();
    if (at_name("not")) {
      const SourcePos pos = next().pos;
      auto operand = parse_not();
      if (!operand) return operand;
      auto e = make(Expr::Kind::Unary, pos);
      e->name = "not";
      e->items.push_back(std::move(*operand));
      return e;
    }
    return parse_compare();
  }

  Result<ExprPtr> parse_compare() {
    const SourcePos pos = peek().pos;
    auto left = parse_math1();
    if (!left) return left;
    ExprPtr cmp;
    while (true) {
      std::string op;
      if (peek().type == TT::Operator &&
          (peek().text == "==" || peek().text == "!=" || peek().text == "<" || peek().text == ">" ||
           peek().text == "<=" || peek().text == ">=")) {
        op = next().text;
      } else if (at_name("in")) {
        next();
        op = "in";
      } else if (at_name("not") && peek(1).type == TT::Name && peek(1).text == "in") {
        next();
        next();
        op = "not in";
      } else {
        break;
      }
      auto right = parse_math1();
      if (!right) return right;
      if (!cmp) {
        cmp = make(Expr::Kind::Compare, pos);
        cmp->items.push_back(std::move(*left));
      }
      cmp->ops.push_back(op);
      cmp->items.push_back(std::move(*right));
    }
    if (cmp) return cmp;
    return left;
  }

  // + and - bind looser than ~, which binds looser than * / // % (jinja2's order).
  // + and - bind looser than ~, which binds looser than * / // % (jinja2's order).
  Result<ExprPtr> parse_math1() { return parse_level(&Parser::parse_concat, {"+", "-"}, false); }
  Result<ExprPtr> parse_concat() { return parse_level(&Parser::parse_math2, {"~"}, false); }
  Result<ExprPtr> parse_math2() { return parse_level(&Parser::parse_pow, {"*", "/", "//", "%"}, false); }
  Result<ExprPtr> parse_pow() { return parse_level(&Parser::parse_unary_filtered, {"**"}, false); }
  Result<ExprPtr> parse_unary_filtered() { return parse_unary(true); }
  Result<ExprPtr> parse_unary(bool with_filter) {
    const Nesting nesting(*this);
    if (nesting.too_deep()) return too_deep();
    ExprPtr node;
    if (at_op("-") || at_op("+")) {
      const Token op = next();
      auto operand = parse_unary(false);
      if (!operand) return operand;
      node = make(Expr::Kind::Unary, op.pos);
      node->name = op.text;
      node->items.push_back(std::move(*operand));
    } else {
      auto primary = parse_primary();
      if (!primary) return primary;
      node = std::move(*primary);
    }
    auto post = parse_postfix(std::move(node));
    if (!post) return post;
    node = std::move(*post);
    if (with_filter) return parse_filters(std::move(node));
    return node;
  }

  Result<ExprPtr> parse_primary() {
    const Token& t = peek();
    switch (t.type) {
      case TT::Name: {
        const Token tok = next();
        auto e = make(Expr::Kind::Literal, tok.pos);
        if (tok.text == "true" || tok.text == "True") e->value = Value::boolean(true);
        else if (tok.text == "false" || tok.text == "False") e->value = Value::boolean(false);
        else if (tok.text == "none" || tok.text == "None") e->value = Value::none();
        else {
          e->kind = Expr::Kind::Name;
          e->name = tok.text;
        }
        return e;
      }
      case TT::String: {
        const Token tok = next();
        std::string s = tok.text;
        while (peek().type == TT::String) s += next().text;
        auto e = make(Expr::Kind::Literal, tok.pos);
        e->value = Value::string(std::move(s));
        return e;
      }
      case TT::Integer: case TT::Float: {
        const Token tok = next();
        auto e = make(Expr::Kind::Literal, tok.pos);
        e->value = tok.type == TT::Integer ? Value::integer(tok.integer) : Value::number(tok.number);
        return e;
      }
      case TT::Operator:
        if (t.text == "(") return parse_parenthesized();
        if (t.text == "[") return parse_list();
        if (t.text == "{") return parse_dict();
        break;
      default:
        break;
    }
    return expected("an expression");
  }

  Result<ExprPtr> parse_parenthesized() {
    const SourcePos pos = next().pos;
    if (accept_op(")")) return make(Expr::Kind::Tuple, pos);
    auto first = parse_expression();
    if (!first) return first;
    if (accept_op(")")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->items.push_back(std::move(*first));
    while (accept_op(",")) {
      if (at_op(")")) break;
      auto more = parse_expression();
      if (!more) return more;
      tuple->items.push_back(std::move(*more));
    }
    HEARTH_TRY(expect_op(")"));
    return tuple;
  }

  Result<ExprPtr> parse_list() {
    auto list = make(Expr::Kind::List, next().pos);
    while (!at_op("]")) {
      if (!list->items.empty()) HEARTH_TRY(expect_op(","));
      if (at_op("]")) break;
      auto item = parse_expression();
      if (!item) return item;
      list->items.push_back(std::move(*item));
    }
    next();
    return list;
  }

  Result<ExprPtr> parse_dict() {
    auto dict = make(Expr::Kind::Dict, next().pos);
    while (!at_op("}")) {
      if (!dict->items.empty()) HEARTH_TRY(expect_op(","));
      if (at_op("}")) break;
      auto key = parse_expression();
      if (!key) return key;
      HEARTH_TRY(expect_op(":"));
      auto value = parse_expression();
      if (!value) return value;
      dict->items.push_back(std::move(*key));
      dict->items.push_back(std::move(*value));
    }
    next();
    return dict;
  }

  Result<ExprPtr> parse_postfix(ExprPtr node) {
    while (true) {
      if (at_op(".")) {
        const SourcePos pos = next().pos;
        if (peek().type == TT::Integer) {  // x.0 is x[0]
          auto e = make(Expr::Kind::Item, pos);
          auto index = make(Expr::Kind::Literal, pos);
          index->value = Value::integer(next().integer);
          e->items.push_back(std::move(node));
          e->items.push_back(std::move(index));
          node = std::move(e);
          continue;
        }
        auto name = expect_name();
        if (!name) return name.status();
        auto e = make(Expr::Kind::Attribute, pos);
        e->name = *name;
        e->items.push_back(std::move(node));
        node = std::move(e);
      } else if (at_op("[")) {
        auto e = parse_subscript(std::move(node));
        if (!e) return e;
        node = std::move(*e);
      } else if (at_op("(")) {
        auto e = parse_call(std::move(node));
        if (!e) return e;
        node = std::move(*e);
      } else {
        return node;
      }
    }
  }

  Result<ExprPtr> parse_subscript(ExprPtr target) {
    const SourcePos pos = next().pos;
    ExprPtr parts[3];
    int part = 0;
    bool is_slice = false;
    while (!at_op("]")) {
      if (accept_op(":")) {
        is_slice = true;
        if (++part > 2) return error(peek(), "too many ':' in a slice");
        continue;
      }
      if (parts[part]) return expected("']'");
      auto e = parse_expression();
      if (!e) return e;
      parts[part] = std::move(*e);
    }
    next();
    if (!is_slice) {
      if (!parts[0]) return error(peek(), "empty subscript");
      auto e = make(Expr::Kind::Item, pos);
      e->items.push_back(std::move(target));
      e->items.push_back(std::move(parts[0]));
      return e;
    }
    auto e = make(Expr::Kind::Slice, pos);
    e->items.push_back(std::move(target));
    for (auto& p : parts) e->items.push_back(std::move(p));
    return e;
  }

  Status parse_call_args(Expr& e) {
    HEARTH_TRY(expect_op("("));
    bool first = true;
    while (!at_op(")")) {
      if (!first) HEARTH_TRY(expect_op(","));
      first = false;
      if (at_op(")")) break;
      if (at_op("*") || at_op("**")) return error(peek(), "unsupported construct '*args' in a call");
      if (peek().type == TT::Name && peek(1).type == TT::Operator && peek(1).text == "=") {
        const std::string name = next().text;
        next();
        auto value = parse_expression();
        if (!value) return value.status();
        e.kwargs.emplace_back(name, std::move(*value));
      } else {
        if (!e.kwargs.empty()) return error(peek(), "positional argument after keyword argument");
        auto value = parse_expression();
        if (!value) return value.status();
        e.items.push_back(std::move(*value));
      }
    }
    next();
    return Status::ok();
  }

  Result<ExprPtr> parse_call(ExprPtr callee) {
    auto e = make(Expr::Kind::Call, peek().pos);
    e->items.push_back(std::move(callee));
    HEARTH_TRY(parse_call_args(*e));
    return e;
  }

  // Filters, tests and calls after a unary expression: x|f|g(1), x is defined, x|f is string.
  Result<ExprPtr> parse_filters(ExprPtr node) {
    while (true) {
      if (at_op("|")) {
        next();
        auto e = make(Expr::Kind::Filter, peek().pos);
        const Token at = peek();
        auto name = parse_dotted_name();
        if (!name) return name.status();
        if (!has_filter(*name)) return error(at, "unsupported filter '" + *name + "'");
        e->name = *name;
        e->items.push_back(std::move(node));
        if (at_op("(")) HEARTH_TRY(parse_call_args(*e));
        node = std::move(e);
      } else if (at_name("is")) {
        next();
        auto e = make(Expr::Kind::Test, peek().pos);
        e->negated = accept_name("not");
        const Token at = peek();
        auto name = parse_dotted_name();
        if (!name) return name.status();
        if (!has_test(*name)) return error(at, "unsupported test '" + *name + "'");
        e->name = *name;
        e->items.push_back(std::move(node));
        if (at_op("(")) {
          HEARTH_TRY(parse_call_args(*e));
        } else if (test_argument_follows()) {  // x is divisibleby 3, x is sameas none
          auto arg = parse_primary();
          if (!arg) return arg;
          auto post = parse_postfix(std::move(*arg));
          if (!post) return post;
          e->items.push_back(std::move(*post));
        }
        node = std::move(e);
      } else if (at_op("(")) {
        auto e = parse_call(std::move(node));
        if (!e) return e;
        node = std::move(*e);
      } else {
        return node;
      }
    }
  }

  bool test_argument_follows() const {
    const Token& t = peek();
    if (t.type == TT::String || t.type == TT::Integer || t.type == TT::Float) return true;
    if (t.type == TT::Operator) return t.text == "[" || t.text == "{";
    if (t.type == TT::Name)
      return t.text != "else" && t.text != "or" && t.text != "and" && t.text != "if" && t.text != "is" &&
             t.text != "in" && t.text != "not";
    return false;
  }

  Result<std::string> parse_dotted_name() {
    auto name = expect_name();
    if (!name) return name;
    std::string full = *name;
    while (at_op(".") && peek(1).type == TT::Name) {
      next();
      full += "." + next().text;
    }
    return full;
  }

  // {% filter upper %} / {% filter indent(2)|trim %}: a chain whose first input is the block's output.
  Result<ExprPtr> parse_filter_chain_without_input() {
    auto e = make(Expr::Kind::Filter, peek().pos);
    const Token at = peek();
    auto name = parse_dotted_name();
    if (!name) return name.status();
    if (!has_filter(*name)) return error(at, "unsupported filter '" + *name + "'");
    e->name = *name;
    e->items.push_back(nullptr);
    if (at_op("(")) HEARTH_TRY(parse_call_args(*e));
    return parse_filters(std::move(e));
  }

  // Nesting guard: templates come from model files, and a hostile one must not exhaust the stack.
  class Nesting {
   public:
    explicit Nesting(Parser& p) : p_(p) { ++p_.nesting_; }
    ~Nesting() { --p_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    bool too_deep() const { return p_.nesting_ > kMaxNesting; }

   private:
    Parser& p_;
  };
  Status too_deep() const { return error(peek(), "nesting deeper than " + std::to_string(kMaxNesting) + " levels"); }

  static constexpr int kMaxNesting = 100;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int loop_depth_ = 0;
  int nesting_ = 0;
};

}  // namespace

Result<Body> parse_template(std::string_view source, const LexOptions& options) {
  auto tokens = tokenize(source, options);
  if (!tokens) return tokens.status();
  return Parser(std::move(*tokens)).parse();
}

}  // namespace hearth::jinja
