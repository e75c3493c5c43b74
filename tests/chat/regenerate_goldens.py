#!/usr/bin/env python3
"""Regenerates (or, with --check, verifies) the chat-template goldens with Python's jinja2.

Renders every tests/chat/data/cases/*.json the way Hugging Face's apply_chat_template does
(transformers.utils.chat_template_utils): an ImmutableSandboxedEnvironment with trim_blocks=True,
lstrip_blocks=True and the loopcontrols extension; `tojson` replaced by
json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys);
globals raise_exception and strftime_now; render(messages=..., tools=..., documents=None,
add_generation_prompt=..., **kwargs). One deliberate step before HF's: tool-call arguments given as a JSON
string holding an object are parsed first (as vLLM does; HF would fail on them), because Hearth's
ChatTemplate does the same.

It also fills the "expected" field of tests/chat/data/jinja_features.json, the interpreter's feature table.

Usage: /usr/bin/python3 regenerate_goldens.py   (Debian's python3-jinja2; any jinja2 3.1 gives the same bytes)
       regenerate_goldens.py            rewrite goldens/*.txt and jinja_features.json
       regenerate_goldens.py --check    render into a temporary directory and compare; exit 1 if stale,
                                        77 (skip) if jinja2 is not installed
"""
import argparse
import datetime
import filecmp
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
CASES = os.path.join(DATA, "cases")
GOLDENS = os.path.join(DATA, "goldens")
FEATURES = os.path.join(DATA, "jinja_features.json")


def environment():
    try:
        import jinja2
        import jinja2.ext
        from jinja2.sandbox import ImmutableSandboxedEnvironment
    except ImportError:
        return None

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt):
        return datetime.datetime.now().strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def normalize(messages):
    out = json.loads(json.dumps(messages))
    for m in out:
        for call in m.get("tool_calls") or []:
            fn = call.get("function", call) if isinstance(call, dict) else call
            args = fn.get("arguments") if isinstance(fn, dict) else None
            if isinstance(args, str):
                try:
                    parsed = json.loads(args)
                except ValueError:
                    continue
                if isinstance(parsed, dict):
                    fn["arguments"] = parsed
    return out


_compiled = {}


def render_case(env, case):
    path = os.path.join(DATA, case["template"])
    if (id(env), path) not in _compiled:  # compiling dominates the run time; each template once
        with open(path, encoding="utf-8", newline="") as f:
            _compiled[(id(env), path)] = env.from_string(f.read())
    template = _compiled[(id(env), path)]
    options = dict(case["options"])
    add_generation_prompt = options.pop("add_generation_prompt")
    kwargs = dict(case.get("extra", {}))
    kwargs.update(options)
    return template.render(messages=normalize(case["messages"]), tools=case.get("tools"), documents=None,
                           add_generation_prompt=add_generation_prompt, **kwargs)


def render_feature(env, feature):
    try:
        return {"expected": env.from_string(feature["template"]).render(**feature.get("vars", {}))}
    except Exception as e:  # the interpreter must fail too; the message is ours, so only the fact is kept
        return {"error": type(e).__name__}


def write_all(env, goldens_dir, features_path):
    os.makedirs(goldens_dir, exist_ok=True)
    for name in sorted(os.listdir(CASES)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(CASES, name), encoding="utf-8") as f:
            case = json.load(f)
        text = render_case(env, case)
        with open(os.path.join(goldens_dir, name[:-5] + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(FEATURES, encoding="utf-8") as f:
        features = json.load(f)
    for feature in features:
        feature.pop("expected", None)
        feature.pop("error", None)
        feature.update(render_feature(env, feature))
    with open(features_path, "w", encoding="utf-8", newline="") as f:
        json.dump(features, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    env = environment()
    if env is None:
        print("python3-jinja2 is not installed; skipping", file=sys.stderr)
        return 77 if args.check else 1
    if not args.check:
        write_all(env, GOLDENS, FEATURES)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        goldens = os.path.join(tmp, "goldens")
        features = os.path.join(tmp, "jinja_features.json")
        write_all(env, goldens, features)
        fresh = sorted(os.path.relpath(os.path.join(d, n), goldens) for d, _, files in os.walk(goldens) for n in files)
        committed = sorted(os.path.relpath(os.path.join(d, n), GOLDENS) for d, _, files in os.walk(GOLDENS) for n in files)
        stale = [n for n in fresh if n not in committed
                 or not filecmp.cmp(os.path.join(goldens, n), os.path.join(GOLDENS, n), shallow=False)]
        extra = [n for n in committed if n not in fresh]
        if not filecmp.cmp(features, FEATURES, shallow=False):
            stale.append("jinja_features.json")
    if stale or extra:
        print("stale: " + ", ".join(stale + extra) + "; run tests/chat/regenerate_goldens.py", file=sys.stderr)
        return 1
    print("goldens are current (jinja2 %s)" % __import__("jinja2").__version__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
