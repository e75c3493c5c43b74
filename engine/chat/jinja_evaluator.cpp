// Walks the parsed template and writes its output. Scoping follows jinja2: each for-loop iteration and each
// macro call gets a fresh frame (assignments inside do not leak out: that is what namespace() is for), while
// if-blocks share the enclosing frame.
#include <cmath>
#include <cstdint>

#include "chat/jinja_builtins.h"
#include "chat/jinja_operators.h"
#include "chat/jinja_globals.h"
#include "chat/jinja_parser.h"
#include "chat/jinja_template.h"

namespace hearth::jinja {

namespace {

// A fixed guard next to the per-render RenderLimits: a hostile template must fail, not crash.
constexpr int kMaxCallDepth = 200;  // macro recursion

struct Frame {
  std::shared_ptr<Frame> parent;
  std::vector<std::pair<std::string, Value>> vars;

  const Value* lookup(std::string_view name) const {
    for (const Frame* f = this; f != nullptr; f = f->parent.get())
      for (auto it = f->vars.rbegin(); it != f->vars.rend(); ++it)
        if (it->first == name) return &it->second;
    return nullptr;
  }
  void assign(const std::string& name, Value v) {
    for (auto& entry : vars) {
      if (entry.first == name) {
        entry.second = std::move(v);
        return;
      }
    }
    vars.emplace_back(name, std::move(v));
  }
};
using FramePtr = std::shared_ptr<Frame>;

enum class Flow { Normal, Break, Continue };

bool already_located(const Status& s) {
  return s.message().rfind("chat template", 0) == 0;
}

class Evaluator {
 public:
  Evaluator(std::string& out, const RenderLimits& limits) : out_(&out), limits_(limits) {}

  Status error(const SourcePos& pos, const std::string& what) const {
    return Status::error(ErrorCode::InvalidArgument, "chat template: " + what + " at " + describe(pos));
  }
  Status locate(const Status& s, const SourcePos& pos, const std::string& construct) const {
    if (already_located(s)) return s;
    return error(pos, construct + ": " + s.message());
  }

  Status exec_body(const Body& body, const FramePtr& frame, Flow& flow) {
    for (const StmtPtr& stmt : body) {
      HEARTH_TRY(exec(*stmt, frame, flow));
      if (flow != Flow::Normal) return Status::ok();
    }
    return Status::ok();
  }

  Status budget(const SourcePos& pos) {
    if (++steps_ > limits_.max_steps) return error(pos, "template ran more than " + std::to_string(limits_.max_steps) + " steps");
    if (out_->size() > limits_.max_output_bytes)
      return error(pos, "template output exceeds " + std::to_string(limits_.max_output_bytes) + " bytes");
    return Status::ok();
  }

  Status exec(const Stmt& s, const FramePtr& frame, Flow& flow) {
    HEARTH_TRY(budget(s.pos));
    switch (s.kind) {
      case Stmt::Kind::Text: *out_ += s.text; return Status::ok();
      case Stmt::Kind::Print: {
        auto v = eval(*s.exprs[0], frame);
        if (!v) return v.status();
        *out_ += v->to_str();
        return Status::ok();
      }
      case Stmt::Kind::If: {
        for (size_t i = 0; i < s.exprs.size(); ++i) {
          auto cond = eval(*s.exprs[i], frame);
          if (!cond) return cond.status();
          if (cond->truthy()) return exec_body(s.bodies[i], frame, flow);
        }
        if (s.has_else) return exec_body(s.bodies.back(), frame, flow);
        return Status::ok();
      }
      case Stmt::Kind::For: return exec_for(s, frame);
      case Stmt::Kind::Set: return exec_set(s, frame);
      case Stmt::Kind::SetBlock: {
        auto text = capture(s.bodies[0], frame);
        if (!text) return text.status();
        Value v = Value::string(std::move(*text));
        if (s.exprs[0]) {
          auto filtered = eval_with_input(*s.exprs[0], frame, v);
          if (!filtered) return filtered.status();
          v = std::move(*filtered);
        }
        frame->assign(s.targets[0], std::move(v));
        return Status::ok();
      }
      case Stmt::Kind::Macro:
        frame->assign(s.name, make_macro(s, s.name, frame, Value()));
        return Status::ok();
      case Stmt::Kind::CallBlock: return exec_call_block(s, frame);
      case Stmt::Kind::FilterBlock: {
        auto text = capture(s.bodies[0], frame);
        if (!text) return text.status();
        auto v = eval_with_input(*s.exprs[0], frame, Value::string(std::move(*text)));
        if (!v) return v.status();
        *out_ += v->to_str();
        return Status::ok();
      }
      case Stmt::Kind::With: {
        auto inner = std::make_shared<Frame>(Frame{frame, {}});
        for (size_t i = 0; i < s.targets.size(); ++i) {
          auto v = eval(*s.exprs[i], frame);
          if (!v) return v.status();
          inner->assign(s.targets[i], std::move(*v));
        }
        return exec_body(s.bodies[0], inner, flow);
      }
      case Stmt::Kind::Break: flow = Flow::Break; return Status::ok();
      case Stmt::Kind::Continue: flow = Flow::Continue; return Status::ok();
      case Stmt::Kind::Scope: return exec_body(s.bodies[0], frame, flow);
    }
    return Status::ok();
  }

  Result<std::string> capture(const Body& body, const FramePtr& frame) {
    std::string text;
    std::string* saved = out_;
    out_ = &text;
    Flow flow = Flow::Normal;
    Status st = exec_body(body, frame, flow);
    out_ = saved;
    if (!st.is_ok()) return st;
    return text;
  }

  Status unpack(const std::vector<std::string>& targets, const Value& v, const SourcePos& pos,
                std::vector<std::pair<std::string, Value>>& bindings) {
    if (targets.size() == 1) {
      bindings.emplace_back(targets[0], v);
      return Status::ok();
    }
    auto items = iterate(v);
    if (!items) return locate(items.status(), pos, "unpacking");
    if (items->size() != targets.size())
      return error(pos, "cannot unpack " + std::to_string(items->size()) + " values into " +
                            std::to_string(targets.size()) + " names");
    for (size_t i = 0; i < targets.size(); ++i) bindings.emplace_back(targets[i], (*items)[i]);
    return Status::ok();
  }

  Status exec_set(const Stmt& s, const FramePtr& frame) {
    auto v = eval(*s.exprs[0], frame);
    if (!v) return v.status();
    if (s.exprs.size() > 1) {  // {% set ns.attr = v %}
      auto target = eval(*s.exprs[1], frame);
      if (!target) return target.status();
      if (!target->is_namespace())
        return error(s.pos, "cannot assign attribute on non-namespace object '" + s.exprs[1]->name + "'");
      target->as_namespace().attrs.set(Value::string(s.name), std::move(*v));
      return Status::ok();
    }
    std::vector<std::pair<std::string, Value>> bindings;
    HEARTH_TRY(unpack(s.targets, *v, s.pos, bindings));
    for (auto& [name, value] : bindings) frame->assign(name, std::move(value));
    return Status::ok();
  }

  Status exec_for(const Stmt& s, const FramePtr& frame) {
    auto iterable = eval(*s.exprs[0], frame);
    if (!iterable) return iterable.status();
    auto all = iterate(*iterable);
    if (!all) return locate(all.status(), s.exprs[0]->pos, "for loop");
    // The loop's `if` filters before counting, so loop.length and loop.last see only the kept items.
    ValueList items;
    std::vector<std::vector<std::pair<std::string, Value>>> bound;
    for (const Value& item : *all) {
      std::vector<std::pair<std::string, Value>> bindings;
      HEARTH_TRY(unpack(s.targets, item, s.pos, bindings));
      if (s.exprs[1]) {
        auto probe = std::make_shared<Frame>(Frame{frame, bindings});
        auto keep = eval(*s.exprs[1], probe);
        if (!keep) return keep.status();
        if (!keep->truthy()) continue;
      }
      items.push_back(item);
      bound.push_back(std::move(bindings));
    }
    if (items.empty()) {
      if (!s.has_else) return Status::ok();
      Flow flow = Flow::Normal;
      return exec_body(s.bodies[1], frame, flow);
    }
    LoopHelpers helpers;
    for (size_t i = 0; i < items.size(); ++i) {
      auto iteration = std::make_shared<Frame>(Frame{frame, std::move(bound[i])});
      *helpers.index = static_cast<int64_t>(i);
      iteration->assign("loop", make_loop(items, i, helpers));
      HEARTH_TRY(budget(s.pos));
      Flow flow = Flow::Normal;
      HEARTH_TRY(exec_body(s.bodies[0], iteration, flow));
      if (flow == Flow::Break) break;
    }
    return Status::ok();
  }

  // loop.cycle and loop.changed are made once per loop; the iteration index they need is shared.
  struct LoopHelpers {
    std::shared_ptr<int64_t> index = std::make_shared<int64_t>(0);
    std::shared_ptr<std::optional<Value>> last_changed = std::make_shared<std::optional<Value>>();
    Value cycle = Value::callable("loop.cycle", [i = index](CallArgs& args) -> Result<Value> {
      if (args.positional.empty()) return Status::error(ErrorCode::InvalidArgument, "no items for cycling given");
      return args.positional[static_cast<size_t>(*i) % args.positional.size()];
    });
    Value changed = Value::callable("loop.changed", [last = last_changed](CallArgs& args) -> Result<Value> {
      const Value now = Value::list(args.positional);
      if (last->has_value() && (*last)->equals(now)) return Value::boolean(false);
      *last = now;
      return Value::boolean(true);
    });
  };

  static Value make_loop(const ValueList& items, size_t i, const LoopHelpers& helpers) {
    enum Key { kIndex, kIndex0, kRevindex, kRevindex0, kFirst, kLast, kLength, kDepth, kDepth0, kPrev, kNext, kCycle, kChanged };
    static const Value keys[] = {Value::string("index"),    Value::string("index0"), Value::string("revindex"),
                                 Value::string("revindex0"), Value::string("first"),  Value::string("last"),
                                 Value::string("length"),   Value::string("depth"),  Value::string("depth0"),
                                 Value::string("previtem"), Value::string("nextitem"), Value::string("cycle"),
                                 Value::string("changed")};
    const auto n = static_cast<int64_t>(items.size());
    const auto k = static_cast<int64_t>(i);
    ValueDict loop;
    loop.append_new(keys[kIndex], Value::integer(k + 1));
    loop.append_new(keys[kIndex0], Value::integer(k));
    loop.append_new(keys[kRevindex], Value::integer(n - k));
    loop.append_new(keys[kRevindex0], Value::integer(n - k - 1));
    loop.append_new(keys[kFirst], Value::boolean(k == 0));
    loop.append_new(keys[kLast], Value::boolean(k == n - 1));
    loop.append_new(keys[kLength], Value::integer(n));
    loop.append_new(keys[kDepth], Value::integer(1));
    loop.append_new(keys[kDepth0], Value::integer(0));
    if (k > 0) loop.append_new(keys[kPrev], items[i - 1]);
    if (k + 1 < n) loop.append_new(keys[kNext], items[i + 1]);
    loop.append_new(keys[kCycle], helpers.cycle);
    loop.append_new(keys[kChanged], helpers.changed);
    return Value::dict(std::move(loop));
  }

  // The macro holds its defining frame weakly: that frame holds the macro, and a strong reference would be
  // a cycle that outlives the render.
  Value make_macro(const Stmt& s, const std::string& name, const FramePtr& closure, Value caller) {
    const Stmt* stmt = &s;
    std::weak_ptr<Frame> weak = closure;
    return Value::callable(name, [this, stmt, weak, caller](CallArgs& args) -> Result<Value> {
      FramePtr frame = weak.lock();
      if (!frame) return error(stmt->pos, "macro '" + stmt->name + "' called after the scope that defined it ended");
      return call_macro(*stmt, frame, args, caller);
    });
  }

  Result<Value> call_macro(const Stmt& s, const FramePtr& closure, CallArgs& args, const Value& caller) {
    if (depth_ >= kMaxCallDepth) return error(s.pos, "macro '" + s.name + "' nested deeper than " + std::to_string(kMaxCallDepth) + " calls");
    auto frame = std::make_shared<Frame>(Frame{closure, {}});
    ValueList varargs;
    for (size_t i = 0; i < args.positional.size(); ++i) {
      if (i < s.params.size()) frame->assign(s.params[i].name, args.positional[i]);
      else varargs.push_back(args.positional[i]);
    }
    ValueDict kwargs;
    for (auto& [k, v] : args.keyword) {
      bool is_param = false;
      for (const MacroParam& p : s.params) is_param = is_param || p.name == k;
      if (is_param) frame->assign(k, v);
      else if (k == "caller") frame->assign(k, v);
      else kwargs.set(Value::string(k), v);
    }
    for (size_t i = 0; i < s.params.size(); ++i) {
      bool given = i < args.positional.size();
      for (auto& [k, v] : args.keyword) given = given || k == s.params[i].name;
      if (given) continue;
      if (s.params[i].default_value) {
        auto d = eval(*s.params[i].default_value, frame);
        if (!d) return d.status();
        frame->assign(s.params[i].name, std::move(*d));
      } else {
        frame->assign(s.params[i].name, Value::undefined("parameter '" + s.params[i].name + "' was not provided"));
      }
    }
    frame->assign("varargs", Value::list(std::move(varargs), true));
    frame->assign("kwargs", Value::dict(std::move(kwargs)));
    if (!caller.is_undefined()) frame->assign("caller", caller);
    ++depth_;
    auto text = capture(s.bodies[0], frame);
    --depth_;
    if (!text) return text.status();
    return Value::string(std::move(*text));
  }

  Status exec_call_block(const Stmt& s, const FramePtr& frame) {
    const Expr& call = *s.exprs[0];
    // caller() is a macro made of the block body, closing over the current frame.
    Value caller = make_macro(s, "caller", frame, Value());
    auto callee = eval(*call.items[0], frame);
    if (!callee) return callee.status();
    CallArgs args;
    HEARTH_TRY(eval_args(call, frame, args));
    args.keyword.emplace_back("caller", caller);
    auto v = invoke(*callee, args, call);
    if (!v) return v.status();
    *out_ += v->to_str();
    return Status::ok();
  }

  Status eval_args(const Expr& e, const FramePtr& frame, CallArgs& args, size_t first = 1) {
    for (size_t i = first; i < e.items.size(); ++i) {
      auto v = eval(*e.items[i], frame);
      if (!v) return v.status();
      args.positional.push_back(std::move(*v));
    }
    for (const auto& [name, expr] : e.kwargs) {
      auto v = eval(*expr, frame);
      if (!v) return v.status();
      args.keyword.emplace_back(name, std::move(*v));
    }
    return Status::ok();
  }

  Result<Value> invoke(const Value& callee, CallArgs& args, const Expr& call) {
    if (callee.is_undefined()) return error(call.pos, undefined_message(callee));
    if (!callee.is_callable()) return error(call.pos, std::string("'") + callee.type_name() + "' object is not callable");
    auto v = callee.as_callable().call(args);
    if (!v) {
      const std::string& m = v.status().message();
      if (m.rfind(kRaisedPrefix, 0) == 0) return Status::error(ErrorCode::InvalidArgument, m + " (at " + describe(call.pos) + ")");
      return locate(v.status(), call.pos, callee.as_callable().name + "()");
    }
    return v;
  }

  // Evaluates a filter chain whose innermost input slot is empty ({% filter %}, {% set x | f %}).
  Result<Value> eval_with_input(const Expr& chain, const FramePtr& frame, Value input) {
    Value* saved = pending_input_;
    pending_input_ = &input;
    auto v = eval(chain, frame);
    pending_input_ = saved;
    return v;
  }

  Result<Value> eval(const Expr& e, const FramePtr& frame) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.value;
      case Expr::Kind::Name: {
        if (const Value* v = frame->lookup(e.name)) return *v;
        return Value::undefined("'" + e.name + "' is undefined");
      }
      case Expr::Kind::List: case Expr::Kind::Tuple: {
        ValueList items;
        for (const ExprPtr& item : e.items) {
          auto v = eval(*item, frame);
          if (!v) return v;
          items.push_back(std::move(*v));
        }
        return Value::list(std::move(items), e.kind == Expr::Kind::Tuple);
      }
      case Expr::Kind::Dict: {
        ValueDict dict;
        for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
          auto k = eval(*e.items[i], frame);
          if (!k) return k;
          auto v = eval(*e.items[i + 1], frame);
          if (!v) return v;
          dict.set(std::move(*k), std::move(*v));
        }
        return Value::dict(std::move(dict));
      }
      case Expr::Kind::Unary: return eval_unary(e, frame);
      case Expr::Kind::Binary: return eval_binary(e, frame);
      case Expr::Kind::Compare: return eval_compare(e, frame);
      case Expr::Kind::Condition: {
        auto cond = eval(*e.items[1], frame);
        if (!cond) return cond;
        if (cond->truthy()) return eval(*e.items[0], frame);
        if (e.items[2]) return eval(*e.items[2], frame);
        return Value::undefined("the inline if expression on " + describe(e.pos) + " evaluated to false and no else section was defined");
      }
      case Expr::Kind::Attribute: {
        auto obj = eval(*e.items[0], frame);
        if (!obj) return obj;
        if (obj->is_undefined()) return error(e.pos, undefined_message(*obj));
        if (obj->is_none()) return Value::undefined("'None' has no attribute '" + e.name + "'");
        return get_attribute(*obj, e.name);
      }
      case Expr::Kind::Item: {
        auto obj = eval(*e.items[0], frame);
        if (!obj) return obj;
        if (obj->is_undefined()) return error(e.pos, undefined_message(*obj));
        auto key = eval(*e.items[1], frame);
        if (!key) return key;
        return get_item(*obj, *key);
      }
      case Expr::Kind::Slice: {
        auto obj = eval(*e.items[0], frame);
        if (!obj) return obj;
        if (obj->is_undefined()) return error(e.pos, undefined_message(*obj));
        Value parts[3];
        for (int i = 0; i < 3; ++i) {
          if (!e.items[static_cast<size_t>(i) + 1]) continue;
          auto v = eval(*e.items[static_cast<size_t>(i) + 1], frame);
          if (!v) return v;
          parts[i] = std::move(*v);
        }
        auto v = get_slice(*obj, parts[0], parts[1], parts[2]);
        if (!v) return locate(v.status(), e.pos, "slice");
        return v;
      }
      case Expr::Kind::Call: {
        auto callee = eval(*e.items[0], frame);
        if (!callee) return callee;
        CallArgs args;
        HEARTH_TRY(eval_args(e, frame, args));
        return invoke(*callee, args, e);
      }
      case Expr::Kind::Filter: {
        Value input;
        if (e.items[0]) {
          auto v = eval(*e.items[0], frame);
          if (!v) return v;
          input = std::move(*v);
        } else if (pending_input_ != nullptr) {
          input = *pending_input_;
        }
        CallArgs args;
        HEARTH_TRY(eval_args(e, frame, args));
        auto v = apply_filter(e.name, input, args);
        if (!v) return locate(v.status(), e.pos, "filter '" + e.name + "'");
        return v;
      }
      case Expr::Kind::Test: {
        auto input = eval(*e.items[0], frame);
        if (!input) return input;
        CallArgs args;
        HEARTH_TRY(eval_args(e, frame, args));
        auto r = apply_test(e.name, *input, args);
        if (!r) return locate(r.status(), e.pos, "test '" + e.name + "'");
        return Value::boolean(*r != e.negated);
      }
    }
    return Value();
  }

  Result<Value> eval_unary(const Expr& e, const FramePtr& frame) {
    auto v = eval(*e.items[0], frame);
    if (!v) return v;
    if (e.name == "not") return Value::boolean(!v->truthy());
    if (v->is_undefined()) return error(e.pos, undefined_message(*v));
    if (!v->is_number()) return error(e.pos, std::string("bad operand type for unary ") + e.name + ": '" + v->type_name() + "'");
    if (e.name == "+") return v->is_float() ? *v : Value::integer(v->as_int());
    if (v->is_float()) return Value::number(-v->as_double());
    if (v->as_int() == INT64_MIN) return error(e.pos, "integer overflow in unary '-'");
    return Value::integer(-v->as_int());
  }

  Result<Value> eval_binary(const Expr& e, const FramePtr& frame) {
    auto left = eval(*e.items[0], frame);
    if (!left) return left;
    if (e.name == "and") return left->truthy() ? eval(*e.items[1], frame) : left;
    if (e.name == "or") return left->truthy() ? left : eval(*e.items[1], frame);
    auto right = eval(*e.items[1], frame);
    if (!right) return right;
    auto v = binary_operator(e.name, *left, *right);
    if (!v) return error(e.pos, v.status().message());
    return v;
  }

  // Chained like Python: a < b < c is a < b and b < c, each operand evaluated once.
  Result<Value> eval_compare(const Expr& e, const FramePtr& frame) {
    auto left = eval(*e.items[0], frame);
    if (!left) return left;
    Value a = std::move(*left);
    for (size_t i = 0; i < e.ops.size(); ++i) {
      auto right = eval(*e.items[i + 1], frame);
      if (!right) return right;
      auto holds = compare_operator(e.ops[i], a, *right);
      if (!holds) return error(e.pos, holds.status().message());
      if (!*holds) return Value::boolean(false);
      a = std::move(*right);
    }
    return Value::boolean(true);
  }

 private:
  std::string* out_;
  Value* pending_input_ = nullptr;
  RenderLimits limits_;
  int depth_ = 0;
  int64_t steps_ = 0;
};

}  // namespace

Result<Template> Template::parse(std::string_view source, const LexOptions& options) {
  auto body = parse_template(source, options);
  if (!body) return body.status();
  Template t;
  t.body_ = std::make_shared<const Body>(std::move(*body));
  return t;
}

Result<std::string> Template::render(const ValueDict& variables, const RenderLimits& limits) const {
  auto globals = std::make_shared<Frame>();
  const ValueDict builtins = make_globals();
  for (const auto& [k, v] : builtins.entries()) globals->assign(k.as_string(), v);
  auto root = std::make_shared<Frame>(Frame{globals, {}});
  for (const auto& [k, v] : variables.entries())
    if (k.is_string()) root->assign(k.as_string(), v);
  std::string out;
  Evaluator evaluator(out, limits);
  Flow flow = Flow::Normal;
  HEARTH_TRY(evaluator.exec_body(*body_, root, flow));
  return out;
}

}  // namespace hearth::jinja
