// A parsed Jinja template, rendered the way Hugging Face renders chat templates (jinja2's
// ImmutableSandboxedEnvironment, trim_blocks and lstrip_blocks on, autoescape off, the loopcontrols
// extension, globals raise_exception and strftime_now). Parse once, render many times; rendering is const
// and may run on any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chat/jinja_ast.h"
#include "chat/jinja_value.h"
#include "core/status.h"

namespace hearth::jinja {

// Budgets for one render: a template comes from a model file, so a hostile or buggy one must fail with an
// error rather than hang the app or exhaust memory. Real chat templates use a tiny fraction of these.
struct RenderLimits {
  int64_t max_steps = 20'000'000;           // statements executed plus loop iterations
  size_t max_output_bytes = size_t{256} << 20;
};

class Template {
 public:
  // Fails on syntax errors and on constructs outside the supported subset, naming them and their position.
  static Result<Template> parse(std::string_view source, const LexOptions& options = {});

  // `variables` are the template's context (messages, tools, add_generation_prompt, ...).
  Result<std::string> render(const ValueDict& variables, const RenderLimits& limits = {}) const;

 private:
  std::shared_ptr<const Body> body_;
};

}  // namespace hearth::jinja
