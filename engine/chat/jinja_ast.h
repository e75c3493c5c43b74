// The parsed form of a Jinja template: expressions and statements, each with its source position so that
// errors at render time can say where they happened.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chat/jinja_lexer.h"
#include "chat/jinja_value.h"

namespace hearth::jinja {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Expr {
  enum class Kind {
    Literal,    // value
    Name,       // name
    List,       // items
    Tuple,      // items
    Dict,       // items: key, value, key, value...
    Unary,      // op ("-", "+", "not"), items[0]
    Binary,     // op ("+", "-", "*", "/", "//", "%", "**", "~", "and", "or"), items[0], items[1]
    Compare,    // items[0] then (ops[i], items[i + 1]) pairs; chained like Python
    Condition,  // items[0] if items[1] else items[2] (items[2] may be null: undefined)
    Attribute,  // items[0].name
    Item,       // items[0][items[1]]
    Slice,      // items[0][items[1]:items[2]:items[3]], null parts omitted
    Call,       // items[0](items[1..], kwargs)
    Filter,     // items[0] | name(items[1..], kwargs); items[0] null inside {% filter %}
    Test,       // items[0] is [not] name(items[1..], kwargs)
  };
  Kind kind;
  SourcePos pos;
  Value value;
  std::string name;  // Name, Attribute, Filter, Test; the operator for Unary/Binary
  std::vector<std::string> ops;
  std::vector<ExprPtr> items;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  bool negated = false;  // Test: "is not"
};

struct MacroParam {
  std::string name;
  ExprPtr default_value;  // null: required
};

struct Stmt {
  enum class Kind {
    Text,      // text
    Print,     // exprs[0]
    If,        // exprs: conditions; bodies: one per condition, plus a final else body if has_else
    For,       // targets; exprs[0] iterable, exprs[1] filter (nullable); bodies[0] loop, bodies[1] else
    Set,       // targets (or exprs[1] an attribute target); exprs[0] value
    SetBlock,  // targets[0]; exprs[0] filter chain (nullable); bodies[0]
    Macro,     // name, params, bodies[0]
    CallBlock, // exprs[0] the call; params for caller(); bodies[0]
    FilterBlock,  // exprs[0] filter chain; bodies[0]
    With,      // targets and exprs pairwise; bodies[0]
    Break,
    Continue,
    Scope,     // bodies[0] rendered in place ({% generation %})
  };
  Kind kind;
  SourcePos pos;
  std::string text;
  std::string name;
  std::vector<std::string> targets;
  std::vector<ExprPtr> exprs;
  std::vector<Body> bodies;
  std::vector<MacroParam> params;
  bool has_else = false;
  bool recursive = false;
};

}  // namespace hearth::jinja
