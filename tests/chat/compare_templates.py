#!/usr/bin/env python3
"""Renders every *.jinja in a folder with every conversation in data/cases, through jinja2 (as Hugging Face
configures it, see regenerate_goldens.py) and through Hearth (build/tests/render_chat_template), and reports
where they differ. For checking the interpreter on real model templates that are not committed here.

Usage: compare_templates.py TEMPLATE_DIR [BUILD_DIR]
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import regenerate_goldens as rg  # noqa: E402


def main():
    template_dir = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) > 2 else os.path.join(rg.HERE, "..", "..", "build")
    tool = os.path.join(build, "tests", "render_chat_template")
    env = rg.environment()
    cases = sorted(n for n in os.listdir(rg.CASES) if n.endswith(".json"))
    agree = differ = 0
    for name in sorted(os.listdir(template_dir)):
        if not name.endswith(".jinja"):
            continue
        path = os.path.join(template_dir, name)
        for case_name in cases:
            with open(os.path.join(rg.CASES, case_name), encoding="utf-8") as f:
                case = json.load(f)
            case.setdefault("extra", {}).update({"bos_token": "<s>", "eos_token": "</s>"})
            case["template"] = os.path.abspath(path)
            try:
                expected = rg.render_case(env, case)
            except Exception as e:  # noqa: BLE001 - any jinja2 failure means we must fail too
                expected = None
                why = "%s: %s" % (type(e).__name__, e)
            tmp = "/tmp/compare_case.json"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(case, f, ensure_ascii=False)
            run = subprocess.run([tool, path, tmp], capture_output=True)
            got = run.stdout.decode("utf-8", "surrogateescape") if run.returncode == 0 else None
            if got == expected:
                agree += 1
                continue
            differ += 1
            if expected is None:
                print("%s / %s: jinja2 failed (%s) but Hearth rendered" % (name, case_name, why))
            elif got is None:
                print("%s / %s: Hearth failed: %s" % (name, case_name, run.stderr.decode().strip()))
            else:
                at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
                print("%s / %s: differ at %d: jinja2 %r vs hearth %r" % (name, case_name, at, expected[at - 20:at + 40], got[at - 20:at + 40]))
    print("%d agree, %d differ" % (agree, differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
