"""Compares the engine's logits with the independent numpy reference on synthesised tiny models.

For each (preset, quant mix): reference_dump writes a model, tokens and the engine's logits; the reference
recomputes the logits from the GGUF file alone. Passes when max |engine - reference| / max |reference|
< 1e-4 over all positions. Exit code 77 (skipped) when numpy is missing.
usage: check_reference.py REFERENCE_DUMP WORK_DIR
"""

import os
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("numpy is not installed: skipping the reference comparison")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nemotron_h_reference as ref  # noqa: E402

# (preset, quant mix, GGUF dialect): every block kind, both dialects, every weight type the mixes write.
VARIANTS = [("tiny", "f32", "llamacpp"), ("tiny", "q4_k_m", "llamacpp"), ("tiny", "bf16", "llamacpp"),
            ("tiny", "q8_0", "ollama"), ("tiny-dense", "q8_0", "llamacpp"), ("tiny-dense", "q4_k_m", "llamacpp")]
N_TOKENS = 72
TOLERANCE = 1e-4


def main():
    dump, work = sys.argv[1], sys.argv[2]
    failures = 0
    for preset, quant, dialect in VARIANTS:
        out = os.path.join(work, "%s-%s-%s" % (preset, quant, dialect))
        subprocess.run([dump, preset, quant, str(N_TOKENS), out, dialect], check=True)
        tokens = np.fromfile(os.path.join(out, "tokens.i32"), dtype="<i4")
        engine = np.fromfile(os.path.join(out, "logits.f32"), dtype="<f4").astype(np.float64)
        model = ref.Model(os.path.join(out, "model.gguf"))
        expect = model.logits(tokens)
        engine = engine.reshape(expect.shape)
        err = np.abs(engine - expect).max() / np.abs(expect).max()
        worst_pos = int(np.abs(engine - expect).max(axis=1).argmax())
        types = sorted({ref.TYPES[t][0] for _, t, _ in model.g.tensors.values()})
        print("%-10s %-7s %-8s pattern %s, types %s, %d positions: max relative error %.2e (worst at position %d)%s" %
              (preset, quant, dialect, "".join(model.kinds), ",".join(types), len(tokens), err, worst_pos,
               "" if err < TOLERANCE else "  FAIL"))
        failures += not (err < TOLERANCE)
        os.remove(os.path.join(out, "model.gguf"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
