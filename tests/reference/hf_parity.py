"""Parity of the engine with Hugging Face transformers' NemotronH (NemotronHForCausalLM).

For each tiny configuration (every block kind: Mamba 'M', attention '*', latent MoE 'E', dense MLP '-'):
  1. build NemotronHForCausalLM from a config (no download), float32, eval mode, on the CPU, and overwrite every
     parameter and buffer with seeded random values of a sensible scale (the stock init leaves the router bias
     at zero, A_log / D / dt_bias at fixed values and norms at one, which would hide transform mistakes);
  2. run HF's forward over all positions in one pass without a cache (logits of every position, plus every
     block's output through forward hooks);
  3. write the same weights into a GGUF in llama.cpp's layout (nemotron-h.md section 3: A = -exp(A_log),
     conv weights squeezed, Q/K rows permuted within each head, expert stacks, per-layer arrays) with the small
     GGUF v3 writer below;
  4. run engine_logits (the engine's real loader and CPU runtime) on the same tokens;
  5. report max |engine - hf| / max |hf| over all positions and vocabulary: PASS below 1e-3.
When numpy is present the independent numpy reference (nemotron_h_reference.py) reads the same GGUF too, so
a failure says whether the GGUF (HF vs reference) or the engine (reference vs engine) is off; per-layer errors
of the residual stream say where.

Exit codes: 0 all pass, 1 a failure, 77 torch / transformers / NemotronH missing (skipped).
usage: hf_parity.py --engine PATH/engine_logits [--work DIR] [--positions N] [--seed S] [--verbose]
Split across machines (torch on one, the engine built on another): first `hf_parity.py --hf-only --work DIR`
where torch is, then `hf_parity.py --engine-only --engine PATH/engine_logits --work DIR` where the engine is.
"""

import argparse
import array
import dataclasses
import inspect
import math
import os
import struct
import subprocess
import sys

# Nothing may reach the network: the model is built from a config, and the Mamba kernels are turned off.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

TOLERANCE = 1e-3
SKIP = 77

# Tiny shapes, in HF config names. head_dim 64 with hidden 128 and 4 heads makes q_dim != hidden, so
# key_length is really read; 8 Mamba heads in 2 groups; latent 32 != hidden 128; chunk_size 16 so HF's own
# chunked SSD crosses chunks at 48 positions.
BASE_CONFIG = dict(
    vocab_size=384,
    hidden_size=128,
    num_attention_heads=4,
    num_key_value_heads=2,
    head_dim=64,
    attention_bias=False,
    intermediate_size=160,
    mlp_hidden_act="relu2",
    mlp_bias=False,
    use_bias=False,
    mamba_num_heads=8,
    mamba_head_dim=16,
    expand=1,  # hidden * expand == mamba_num_heads * mamba_head_dim, for versions that size d_inner by expand
    ssm_state_size=32,
    n_groups=2,
    conv_kernel=4,
    use_conv_bias=True,
    mamba_hidden_act="silu",
    mamba_proj_bias=False,
    chunk_size=16,
    # HF clamps softplus(dt + dt_bias) from below at time_step_min in its torch path; llama.cpp and the engine
    # do not (nemotron-h.md section 1.2). A tiny minimum keeps the clamp from firing; dt is also kept well
    # above it by the dt_bias range below.
    time_step_min=1e-9,
    time_step_max=0.1,
    time_step_floor=1e-9,
    time_step_limit=(0.0, float("inf")),
    n_routed_experts=8,
    num_experts_per_tok=3,
    moe_intermediate_size=48,
    moe_shared_expert_intermediate_size=96,
    n_shared_experts=1,
    moe_latent_size=32,
    routed_scaling_factor=2.5,
    n_group=1,
    topk_group=1,
    norm_topk_prob=True,
    layer_norm_epsilon=1e-5,
    tie_word_embeddings=False,
    use_cache=False,
    use_mamba_kernels=False,
    residual_in_fp32=False,
    max_position_embeddings=256,
    pad_token_id=0,
    bos_token_id=1,
    eos_token_id=2,
    num_nextn_predict_layers=0,
)

# (pattern, description). The engine's nemotron_h_moe has no dense MLP layers and nemotron_h no experts
# (nemotron-h.md section 1.3), so '-' gets its own model.
CONFIGS = [
    ("MEM*EM*E", "nemotron_h_moe: Mamba, attention, latent MoE"),
    ("M-M*-", "nemotron_h: Mamba, attention, dense ReLU^2 MLP"),
]

# The fields without which the comparison would not cover what it claims (the rest may fall back to defaults).
ESSENTIAL = {"vocab_size", "hidden_size", "num_attention_heads", "num_key_value_heads", "head_dim",
             "intermediate_size", "mlp_hidden_act", "mamba_num_heads", "mamba_head_dim", "ssm_state_size", "n_groups",
             "conv_kernel", "n_routed_experts", "num_experts_per_tok", "moe_intermediate_size",
             "moe_shared_expert_intermediate_size", "moe_latent_size", "routed_scaling_factor", "n_group", "topk_group",
             "norm_topk_prob", "layer_norm_epsilon", "tie_word_embeddings", "use_cache", "use_mamba_kernels",
             "chunk_size", "expand"}

LETTER_TO_LEGACY = {"M": "mamba", "E": "moe", "*": "attention", "-": "mlp"}


def log(msg=""):
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------------- imports


def import_or_skip():
    try:
        import torch  # noqa: F401
    except ImportError as e:
        log("hf_parity: SKIP: PyTorch is not installed (%s); this check runs where torch and transformers are" % e)
        sys.exit(SKIP)
    try:
        import transformers
    except ImportError as e:
        log("hf_parity: SKIP: transformers is not installed (%s)" % e)
        sys.exit(SKIP)
    try:
        from transformers import NemotronHConfig, NemotronHForCausalLM
    except ImportError as e:
        log("hf_parity: SKIP: transformers %s has no NemotronH (%s)" % (transformers.__version__, e))
        sys.exit(SKIP)
    return NemotronHConfig, NemotronHForCausalLM


# ------------------------------------------------------------------------------------------- GGUF writer

# GGUF v3 (public format): "GGUF", u32 version, u64 tensor count, u64 kv count, key/values, tensor infos
# (name, n_dims, ne[n_dims] as u64 with ne[0] the contiguous axis, type, offset into the data section), padding
# to the alignment, then the tensor data, each tensor starting at a multiple of the alignment.
GGUF_ALIGNMENT = 32
GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
GGML_F32 = 0


def _gguf_string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


class GGUFWriter:
    def __init__(self):
        self.kvs = []      # (key, encoded type + value)
        self.tensors = []  # (name, ne, bytes)

    def u32(self, key, v):
        self.kvs.append((key, struct.pack("<I", GGUF_U32) + struct.pack("<I", int(v))))

    def f32(self, key, v):
        self.kvs.append((key, struct.pack("<I", GGUF_F32) + struct.pack("<f", float(v))))

    def bool(self, key, v):
        self.kvs.append((key, struct.pack("<I", GGUF_BOOL) + struct.pack("<B", 1 if v else 0)))

    def string(self, key, v):
        self.kvs.append((key, struct.pack("<I", GGUF_STRING) + _gguf_string(v)))

    def i32_array(self, key, values):
        body = struct.pack("<IQ", GGUF_I32, len(values)) + b"".join(struct.pack("<i", int(v)) for v in values)
        self.kvs.append((key, struct.pack("<I", GGUF_ARRAY) + body))

    def tensor(self, name, data, ne):
        """data: float32 bytes laid out with ne[0] fastest (a row-major torch tensor of shape reversed(ne))."""
        n = 1
        for d in ne:
            n *= int(d)
        if len(data) != 4 * n:
            raise ValueError("tensor %s: %d bytes for ne %s" % (name, len(data), list(ne)))
        if any(t[0] == name for t in self.tensors):
            raise ValueError("tensor %s written twice" % name)
        self.tensors.append((name, [int(d) for d in ne], data))

    def write(self, path):
        def pad(n):
            return (GGUF_ALIGNMENT - n % GGUF_ALIGNMENT) % GGUF_ALIGNMENT

        out = bytearray(b"GGUF")
        out += struct.pack("<IQQ", 3, len(self.tensors), len(self.kvs))
        for key, value in self.kvs:
            out += _gguf_string(key) + value
        offset = 0
        for name, ne, data in self.tensors:
            out += _gguf_string(name) + struct.pack("<I", len(ne))
            out += b"".join(struct.pack("<Q", d) for d in ne)
            out += struct.pack("<IQ", GGML_F32, offset)
            offset += len(data) + pad(len(data))
        out += b"\0" * pad(len(out))
        for _, _, data in self.tensors:
            out += data + b"\0" * pad(len(data))
        with open(path, "wb") as f:
            f.write(out)


def f32_bytes(t):
    t = t.detach().to("cpu").float().contiguous()
    try:
        return t.numpy().astype("<f4").tobytes()
    except Exception:  # torch built without numpy
        return array.array("f", t.reshape(-1).tolist()).tobytes()


# ------------------------------------------------------------------------------------------ HF model


def config_class_fields(config_cls):
    """Names the config constructor takes explicitly, and whether it takes **kwargs."""
    names = set()
    var_kw = False
    try:
        for p in inspect.signature(config_cls.__init__).parameters.values():
            if p.kind == inspect.Parameter.VAR_KEYWORD:
                var_kw = True
            elif p.name != "self":
                names.add(p.name)
    except (TypeError, ValueError):
        var_kw = True
    if dataclasses.is_dataclass(config_cls):
        names.update(f.name for f in dataclasses.fields(config_cls))
    return names, var_kw


def make_config(config_cls, pattern):
    names, var_kw = config_class_fields(config_cls)
    # With **kwargs every field goes in (an unknown one only becomes an attribute; the GGUF follows the modules
    # the model really has); without, only the fields the constructor names.
    kw = {k: v for k, v in BASE_CONFIG.items() if k in names or var_kw}
    dropped = sorted(k for k in BASE_CONFIG if k not in names)
    if dropped:
        log("  config fields not in the constructor's signature (%s): %s" % (
            "passed through **kwargs" if var_kw else "left at their defaults", ", ".join(dropped)))
    # The layer pattern: hybrid_override_pattern is understood by every version (newer ones convert it to
    # layers_block_type with their own names); an explicit list is the fallback. Should the config's own
    # validation refuse a value, the inessential fields go back to their defaults.
    attempts = []
    for fields in (kw, {k: v for k, v in kw.items() if k in ESSENTIAL}):
        if "hybrid_override_pattern" in names or var_kw:
            attempts.append(dict(fields, hybrid_override_pattern=pattern, num_hidden_layers=len(pattern)))
            attempts.append(dict(fields, hybrid_override_pattern=pattern))
        if "layers_block_type" in names:
            to_list = getattr(config_cls, "_pattern_to_list", None)
            if callable(to_list):
                attempts.append(dict(fields, layers_block_type=to_list(pattern)))
            attempts.append(dict(fields, layers_block_type=[LETTER_TO_LEGACY[c] for c in pattern]))
    errors = []
    for a in attempts:
        try:
            config = config_cls(**a)
        except Exception as e:  # TypeError / ValueError from the config's own validation
            errors.append("%s: %s" % (type(e).__name__, e))
            continue
        if errors:
            log("  config attempts refused before this one: %s" % " | ".join(errors))
        return config
    raise RuntimeError("cannot build NemotronHConfig for %s: %s" % (pattern, " | ".join(errors)))


def make_model(model_cls, config):
    import torch

    model = None
    for extra in ({"attn_implementation": "eager", "experts_implementation": "eager"},
                  {"attn_implementation": "eager"}, {}):
        try:
            model = model_cls._from_config(config, **extra) if extra else model_cls(config)
            break
        except Exception as e:
            log("  building with %s failed (%s: %s); trying the next way" % (extra or "the plain constructor",
                                                                             type(e).__name__, e))
    if model is None:
        raise RuntimeError("cannot build NemotronHForCausalLM")
    # Eager attention and experts: the plain formulas (the others compute the same function; grouped expert
    # GEMMs may not exist on the CPU). The experts read config._experts_implementation at every call.
    for setter in ("set_attn_implementation", "set_experts_implementation"):
        fn = getattr(model, setter, None)
        if callable(fn):
            try:
                fn("eager")
            except Exception:
                pass
    for attr in ("_attn_implementation", "_experts_implementation"):
        if getattr(model.config, attr, None) not in (None, "eager"):
            try:
                setattr(model.config, attr, "eager")
            except Exception:
                pass
    model = model.to(device="cpu", dtype=torch.float32).eval()
    return model


def base_of(model):
    for attr in ("model", "backbone"):
        base = getattr(model, attr, None)
        if base is not None and hasattr(base, "layers"):
            return base
    raise RuntimeError("NemotronHForCausalLM has neither .model.layers nor .backbone.layers")


def first_attr(obj, names, what):
    for n in names:
        v = getattr(obj, n, None)
        if v is not None:
            return v
    raise RuntimeError("%s: none of %s" % (what, names))


def mixer_letter(mixer):
    if hasattr(mixer, "A_log"):
        return "M"
    if hasattr(mixer, "q_proj"):
        return "*"
    if hasattr(mixer, "experts"):
        return "E"
    if hasattr(mixer, "up_proj") and hasattr(mixer, "down_proj"):
        return "-"
    raise RuntimeError("unknown mixer %s" % type(mixer).__name__)


def randomize(model, seed):
    """Seeded values of a sensible scale for every parameter and buffer (see the module docstring)."""
    import torch

    g = torch.Generator().manual_seed(seed)

    def randn(shape):
        return torch.randn(tuple(shape), generator=g, dtype=torch.float32)

    def uniform(shape, lo, hi):
        return lo + (hi - lo) * torch.rand(tuple(shape), generator=g, dtype=torch.float32)

    with torch.no_grad():
        for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0]):
            leaf = name.split(".")[-1]
            shape = p.shape
            if leaf == "A_log":
                v = torch.log(uniform(shape, 0.5, 4.0))  # A = -exp(A_log) in [-4, -0.5]
            elif leaf == "D":
                v = uniform(shape, 0.5, 1.5)
            elif leaf == "dt_bias":
                dt = torch.exp(uniform(shape, math.log(0.02), math.log(0.3)))
                v = dt + torch.log(-torch.expm1(-dt))  # softplus^-1(dt)
            elif "conv1d" in name and leaf == "weight":
                v = 0.5 * randn(shape)
            elif leaf == "bias":
                v = 0.1 * randn(shape)
            elif p.dim() == 1:  # RMSNorm weights (block norms, the gated norm, norm_f)
                v = 1.0 + 0.1 * randn(shape)
            elif "embed" in name:
                v = randn(shape)
            else:  # Linear [out, in] and expert stacks [X, out, in]: unit-scale outputs
                v = randn(shape) / math.sqrt(shape[-1])
            p.copy_(v)
        for name, b in model.named_buffers():
            if name.endswith("e_score_correction_bias"):
                b.copy_(0.1 * randn(b.shape))  # small, non-zero: it moves the selection, never the weights
        # Keep dt_raw small so dt stays well inside softplus' smooth range and far above any clamp.
        for blk in base_of(model).layers:
            m = blk.mixer
            if mixer_letter(m) == "M":
                m.in_proj.weight[-m.num_heads:] *= 0.3


def hf_forward(model, tokens):
    """Logits (T, V) of every position and each block's output (T, E), in one pass without a cache."""
    import torch

    outputs = {}
    hooks = []
    for i, blk in enumerate(base_of(model).layers):
        def hook(_m, _inp, out, i=i):
            h = out[0] if isinstance(out, (tuple, list)) else out
            outputs[i] = (h[0] if h.dim() == 3 else h).detach().clone()  # (T, E) of the one sequence
        hooks.append(blk.register_forward_hook(hook))
    ids = torch.tensor([tokens], dtype=torch.long)
    kwargs = dict(input_ids=ids, use_cache=False)
    params = inspect.signature(model.forward).parameters
    if "logits_to_keep" in params:
        kwargs["logits_to_keep"] = 0
    elif "num_logits_to_keep" in params:
        kwargs["num_logits_to_keep"] = 0
    try:
        with torch.no_grad():
            out = model(**kwargs)
    finally:
        for h in hooks:
            h.remove()
    logits = out.logits if hasattr(out, "logits") else out[0]
    layers = [outputs[i] for i in range(len(outputs))]
    return logits[0].float(), layers


# ------------------------------------------------------------------------------------- HF -> GGUF


def permute_qk(w, n_head):
    """llama.cpp's converter order for Q/K rows (nemotron-h.md section 2.2): within each head of D rows, new
    row 2i+j comes from old row j*(D/2)+i. It cancels in Q.K (same permutation on both, no RoPE)."""
    rows, cols = w.shape
    d = rows // n_head
    return w.reshape(n_head, 2, d // 2, cols).transpose(1, 2).reshape(rows, cols)


def hf_to_gguf(model, path, permute=True, verbose=True):
    """Writes the model's weights as a llama.cpp-layout GGUF; returns the pattern the model has."""
    import torch

    cfg = model.config
    base = base_of(model)
    blocks = list(base.layers)
    letters = "".join(mixer_letter(b.mixer) for b in blocks)
    moe_arch = "E" in letters
    if moe_arch and "-" in letters:
        raise RuntimeError("pattern %s: the engine has MLP layers only in nemotron_h and MoE only in nemotron_h_moe"
                           % letters)
    arch = "nemotron_h_moe" if moe_arch else "nemotron_h"
    embed = first_attr(base, ("embeddings", "embed_tokens"), "token embedding")
    norm_f = first_attr(base, ("norm_f", "norm", "final_layernorm"), "final norm")
    E = embed.weight.shape[1]
    V = embed.weight.shape[0]

    w = GGUFWriter()
    shapes = []
    used = set()  # ids of the HF parameters and buffers written, to name any left out

    def put(name, t, ne=None, src=None):
        for s in (src if isinstance(src, list) else [src if src is not None else t]):
            used.add(id(s))
        t = t.detach().float()
        if ne is None:
            ne = list(reversed(t.shape))
        w.tensor(name, f32_bytes(t), ne)
        shapes.append((name, list(ne)))

    def no_bias(lin, what):
        if getattr(lin, "bias", None) is not None:
            raise RuntimeError("%s has a bias; the GGUF layout here has none" % what)

    mamba = attn = moe = mlp = None
    n_ff_dense = 0
    put("token_embd.weight", embed.weight)
    for i, blk in enumerate(blocks):
        p = "blk.%d." % i
        m = blk.mixer
        put(p + "attn_norm.weight", blk.norm.weight)
        kind = letters[i]
        if kind == "M":
            H, P, G, N = m.num_heads, m.head_dim, m.n_groups, m.ssm_state_size
            d_inner, K = H * P, m.conv_kernel_size
            C = d_inner + 2 * G * N
            mamba = dict(H=H, P=P, G=G, N=N, K=K, d_inner=d_inner)
            if tuple(m.in_proj.weight.shape) != (2 * d_inner + 2 * G * N + H, E):
                raise RuntimeError("layer %d in_proj %s; expected (%d, %d) (z | xBC | dt)" % (
                    i, tuple(m.in_proj.weight.shape), 2 * d_inner + 2 * G * N + H, E))
            no_bias(m.in_proj, "in_proj")
            no_bias(m.out_proj, "out_proj")
            put(p + "ssm_in.weight", m.in_proj.weight)
            conv = m.conv1d.weight  # [C, 1, K]
            if tuple(conv.shape) != (C, 1, K):
                raise RuntimeError("layer %d conv1d %s; expected (%d, 1, %d)" % (i, tuple(conv.shape), C, K))
            put(p + "ssm_conv1d.weight", conv.squeeze(1), [K, C], src=conv)
            put(p + "ssm_conv1d.bias", m.conv1d.bias, [C])
            put(p + "ssm_dt.bias", m.dt_bias, [H])
            put(p + "ssm_a", -torch.exp(m.A_log.float()).reshape(H, 1), [1, H], src=m.A_log)
            put(p + "ssm_d", m.D.reshape(H, 1), [1, H], src=m.D)
            put(p + "ssm_norm.weight", m.norm.weight.reshape(G, d_inner // G), [d_inner // G, G], src=m.norm.weight)
            put(p + "ssm_out.weight", m.out_proj.weight)
        elif kind == "*":
            D = getattr(m, "head_dim", None) or getattr(cfg, "head_dim", None) or E // cfg.num_attention_heads
            n_q = m.q_proj.weight.shape[0] // D
            n_kv = m.k_proj.weight.shape[0] // D
            attn = dict(n_head=n_q, n_head_kv=n_kv, head_dim=D)
            for lin, what in ((m.q_proj, "q_proj"), (m.k_proj, "k_proj"), (m.v_proj, "v_proj"), (m.o_proj, "o_proj")):
                no_bias(lin, what)
            q, k = m.q_proj.weight, m.k_proj.weight
            if permute:
                q, k = permute_qk(q, n_q), permute_qk(k, n_kv)
            put(p + "attn_q.weight", q, src=m.q_proj.weight)
            put(p + "attn_k.weight", k, src=m.k_proj.weight)
            put(p + "attn_v.weight", m.v_proj.weight)
            put(p + "attn_output.weight", m.o_proj.weight)
        elif kind == "E":
            X = m.gate.weight.shape[0]
            latent = isinstance(m.fc1_latent_proj, torch.nn.Linear) if hasattr(m, "fc1_latent_proj") else False
            L = m.fc1_latent_proj.weight.shape[0] if latent else E
            ex = m.experts
            if isinstance(ex, torch.nn.ModuleList):  # older versions: one MLP module per expert
                up = torch.stack([e.up_proj.weight for e in ex])
                down = torch.stack([e.down_proj.weight for e in ex])
                up_src = [e.up_proj.weight for e in ex]
                down_src = [e.down_proj.weight for e in ex]
            else:  # 3-D stacks (X, out, in), or (X, in, out) when the class says they are transposed
                up, down = ex.up_proj, ex.down_proj
                up_src, down_src = up, down
                if getattr(ex, "experts_are_transposed", False):
                    up, down = up.transpose(1, 2), down.transpose(1, 2)
            F = up.shape[1]
            if tuple(up.shape) != (X, F, L) or tuple(down.shape) != (X, L, F):
                raise RuntimeError("layer %d experts up %s down %s; expected (%d, F, %d) and (%d, %d, F)" % (
                    i, tuple(up.shape), tuple(down.shape), X, L, X, L))
            sh = m.shared_experts
            S = sh.up_proj.weight.shape[0]
            moe = dict(X=X, F=F, S=S, L=L if latent else 0)
            put(p + "ffn_gate_inp.weight", m.gate.weight)
            put(p + "exp_probs_b.bias", m.gate.e_score_correction_bias, [X])
            if latent:
                no_bias(m.fc1_latent_proj, "fc1_latent_proj")
                no_bias(m.fc2_latent_proj, "fc2_latent_proj")
                put(p + "ffn_latent_down.weight", m.fc1_latent_proj.weight)
                put(p + "ffn_latent_up.weight", m.fc2_latent_proj.weight)
            put(p + "ffn_up_exps.weight", up, [L, F, X], src=up_src)
            put(p + "ffn_down_exps.weight", down, [F, L, X], src=down_src)
            no_bias(sh.up_proj, "shared up_proj")
            no_bias(sh.down_proj, "shared down_proj")
            put(p + "ffn_up_shexp.weight", sh.up_proj.weight)
            put(p + "ffn_down_shexp.weight", sh.down_proj.weight)
        else:
            no_bias(m.up_proj, "up_proj")
            no_bias(m.down_proj, "down_proj")
            n_ff_dense = m.up_proj.weight.shape[0]
            mlp = dict(n_ff=n_ff_dense)
            put(p + "ffn_up.weight", m.up_proj.weight)
            put(p + "ffn_down.weight", m.down_proj.weight)
    put("output_norm.weight", norm_f.weight)
    lm_head = model.lm_head.weight
    if lm_head.shape[0] < V:
        raise RuntimeError("lm_head has %d rows; vocabulary %d" % (lm_head.shape[0], V))
    put("output.weight", lm_head)
    left_out = [n for n, t in list(model.named_parameters()) + list(model.named_buffers())
                if id(t) not in used and t.dtype.is_floating_point and t.numel() > 0]
    if left_out:
        log("  WARNING: HF parameters/buffers not in the GGUF (the engine cannot compute with them): %s" %
            ", ".join(left_out))

    # Metadata, as the engine's hparams_gguf.cpp reads it (nemotron-h.md section 3.1).
    key = lambda k: arch + "." + k  # noqa: E731
    w.string("general.architecture", arch)
    w.string("general.name", "hf-parity " + letters)
    w.u32(key("block_count"), len(blocks))
    w.u32(key("context_length"), 1 << 20)  # llama.cpp's converter for NoPE hybrids
    w.u32(key("embedding_length"), E)
    ff = [moe["F"] if c == "E" else n_ff_dense if c == "-" else 0 for c in letters]
    w.i32_array(key("feed_forward_length"), ff)
    n_head = attn["n_head"] if attn else cfg.num_attention_heads
    n_head_kv = attn["n_head_kv"] if attn else cfg.num_key_value_heads
    head_dim = attn["head_dim"] if attn else getattr(cfg, "head_dim", E // n_head)
    w.u32(key("attention.head_count"), n_head)
    w.i32_array(key("attention.head_count_kv"), [n_head_kv if c == "*" else 0 for c in letters])
    w.u32(key("attention.key_length"), head_dim)
    w.u32(key("attention.value_length"), head_dim)
    w.f32(key("attention.layer_norm_rms_epsilon"), cfg.layer_norm_epsilon)
    w.u32(key("vocab_size"), lm_head.shape[0])
    w.u32(key("ssm.conv_kernel"), mamba["K"])
    w.u32(key("ssm.inner_size"), mamba["d_inner"])
    w.u32(key("ssm.state_size"), mamba["N"])
    w.u32(key("ssm.time_step_rank"), mamba["H"])
    w.u32(key("ssm.group_count"), mamba["G"])
    if moe_arch:
        w.u32(key("expert_count"), moe["X"])
        w.u32(key("expert_used_count"), cfg.num_experts_per_tok)
        w.u32(key("expert_group_count"), getattr(cfg, "n_group", 1))
        w.u32(key("expert_group_used_count"), getattr(cfg, "topk_group", 1))
        w.u32(key("expert_feed_forward_length"), moe["F"])
        w.u32(key("expert_shared_feed_forward_length"), moe["S"])
        w.u32(key("expert_shared_count"), 1)
        w.bool(key("expert_weights_norm"), bool(getattr(cfg, "norm_topk_prob", True)))
        w.f32(key("expert_weights_scale"), float(getattr(cfg, "routed_scaling_factor", 1.0)))
        if moe["L"]:
            w.u32(key("moe_latent_size"), moe["L"])
    w.write(path)
    if verbose:
        log("  GGUF %s: %s, %d tensors, %d metadata keys, q/k rows %s" % (
            os.path.basename(path), arch, len(w.tensors), len(w.kvs),
            "permuted as llama.cpp's converter does" if permute else "in HF order"))
        for name, ne in shapes:
            log("    %-32s %s f32" % (name, ne))
    return letters


# ------------------------------------------------------------------------------------------ compare


def read_f32(path):
    with open(path, "rb") as f:
        raw = f.read()
    return array.array("f", raw)


def rel_err(a, b):
    """max |a - b| / max |b| over all elements, with a and b flat sequences of floats."""
    num = max(abs(x - y) for x, y in zip(a, b))
    den = max(abs(y) for y in b)
    return num / den if den > 0 else num


def worst_position(a, b, width):
    best, at = -1.0, 0
    for t in range(len(b) // width):
        e = max(abs(x - y) for x, y in zip(a[t * width:(t + 1) * width], b[t * width:(t + 1) * width]))
        if e > best:
            best, at = e, t
    return at


def numpy_reference(gguf_path, tokens):
    """The independent numpy reference's logits (flat list), or None where numpy is missing."""
    try:
        import numpy as np  # noqa: F401
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import nemotron_h_reference as ref
    except ImportError:
        return None
    out = ref.Model(gguf_path).logits(np.array(tokens, dtype=np.int32))
    return [float(x) for x in out.reshape(-1)]


def hf_side(args, config_cls, model_cls, pattern, description, index):
    """Builds and runs the HF model, writes its GGUF files, tokens, logits and block outputs into args.work;
    returns the cases [(tag, q/k permuted)] for the engine side, or None when the model is not as asked."""
    import torch

    log("")
    log("== %s  (%s)" % (pattern, description))
    torch.manual_seed(args.seed + index)
    config = make_config(config_cls, pattern)
    model = make_model(model_cls, config)
    letters = "".join(mixer_letter(b.mixer) for b in base_of(model).layers)
    if letters != pattern:
        log("  FAIL: the HF model has pattern %s; asked for %s" % (letters, pattern))
        return None
    randomize(model, args.seed + 100 * index)
    cfg_items = config.to_dict() if hasattr(config, "to_dict") else vars(config)
    shown = {k: cfg_items[k] for k in sorted(cfg_items) if k in BASE_CONFIG or k in (
        "layers_block_type", "hybrid_override_pattern", "num_hidden_layers")}
    log("  config: %s" % shown)
    log("  attention implementation: %s, experts implementation: %s" % (
        getattr(model.config, "_attn_implementation", "?"), getattr(model.config, "_experts_implementation", "(none)")))

    g = torch.Generator().manual_seed(args.seed + 7 + index)
    V = model.lm_head.weight.shape[0]
    tokens = torch.randint(0, V, (args.positions,), generator=g).tolist()
    hf_logits, hf_layers = hf_forward(model, tokens)
    if tuple(hf_logits.shape) != (len(tokens), V):
        log("  FAIL: HF logits have shape %s; expected (%d, %d)" % (tuple(hf_logits.shape), len(tokens), V))
        return None
    stem = os.path.join(args.work, case_stem(pattern))
    with open(stem + ".tokens.i32", "wb") as f:
        f.write(array.array("i", tokens).tobytes())
    with open(stem + ".hf_logits.f32", "wb") as f:
        f.write(f32_bytes(hf_logits))
    with open(stem + ".hf_layers.f32", "wb") as f:
        f.write(f32_bytes(torch.stack(hf_layers)))
    cases = []
    for permute in ([True, False] if index == 0 else [True]):  # once with Q/K rows in HF order: it must not matter
        hf_to_gguf(model, stem + (".perm.gguf" if permute else ".hforder.gguf"), permute=permute, verbose=permute)
        cases.append(permute)
    return cases


def case_stem(pattern):
    return "hf_" + pattern.replace("*", "A").replace("-", "D")


def engine_side(args, pattern, permute):
    """Runs engine_logits on one GGUF written by hf_side and compares; True when it passes."""
    stem = os.path.join(args.work, case_stem(pattern))
    gguf_path = stem + (".perm.gguf" if permute else ".hforder.gguf")
    out_path = stem + ".engine_logits.f32"
    layers_path = stem + ".engine_layers.f32"
    tokens = list(array.array("i", open(stem + ".tokens.i32", "rb").read()))
    hf = read_f32(stem + ".hf_logits.f32")
    run = subprocess.run([args.engine, gguf_path, stem + ".tokens.i32", out_path, layers_path],
                         capture_output=True, text=True)
    if run.stdout.strip():
        log("  " + run.stdout.strip())
    if run.returncode != 0:
        log("%-10s FAIL: engine_logits exited %d: %s" % (pattern, run.returncode, run.stderr.strip()))
        return False
    engine = read_f32(out_path)
    if len(engine) != len(hf) or len(hf) % len(tokens) != 0:
        log("%-10s FAIL: engine wrote %d logits, HF %d, for %d positions" % (pattern, len(engine), len(hf), len(tokens)))
        return False
    V = len(hf) // len(tokens)
    err = rel_err(engine, hf)
    passed = err < TOLERANCE
    log("%-10s q/k %-8s positions %d  max rel error %.3e  %s" % (
        pattern, "permuted" if permute else "hf-order", len(tokens), err, "PASS" if passed else "FAIL"))
    if not passed or args.verbose:
        log("  worst position %d" % worst_position(engine, hf, V))
        eng_layers = read_f32(layers_path)
        hf_layers = read_f32(stem + ".hf_layers.f32")
        per = len(hf_layers) // len(pattern)
        if len(eng_layers) != len(hf_layers):
            log("  (block outputs: engine wrote %d values, HF %d; per-layer errors are not comparable)" % (
                len(eng_layers), len(hf_layers)))
        for i in range(len(pattern)):
            log("  layer %2d %s residual max rel error %.3e" % (
                i, pattern[i], rel_err(eng_layers[i * per:(i + 1) * per], hf_layers[i * per:(i + 1) * per])))
        ref = numpy_reference(gguf_path, tokens)
        if ref is not None:
            log("  numpy reference vs HF     %.3e  (large: the GGUF does not say what HF computes)" % rel_err(ref, hf))
            log("  engine vs numpy reference %.3e  (large: the engine misreads the GGUF)" % rel_err(engine, ref))
    return passed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", help="path of the engine_logits executable")
    ap.add_argument("--work", default="hf_parity_work", help="folder for the GGUF files and outputs")
    ap.add_argument("--positions", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--verbose", action="store_true", help="per-layer errors even when passing")
    ap.add_argument("--hf-only", action="store_true",
                    help="only the HF side: leave the GGUFs, tokens and HF outputs in --work for --engine-only")
    ap.add_argument("--engine-only", action="store_true",
                    help="only the engine side, on what --hf-only left in --work (no torch needed)")
    args = ap.parse_args()
    if not args.hf_only and not args.engine:
        ap.error("--engine is required unless --hf-only")
    if args.engine and not args.hf_only and not os.path.isfile(args.engine):
        log("hf_parity: FAIL: no engine_logits at %s" % args.engine)
        return 1
    os.makedirs(args.work, exist_ok=True)
    manifest = os.path.join(args.work, "hf_parity_cases.txt")

    results = []
    cases = []  # (pattern, permute)
    if args.engine_only:
        if not os.path.isfile(manifest):
            log("hf_parity: FAIL: %s is missing: run with --hf-only first" % manifest)
            return 1
        for line in open(manifest):
            pattern, layout = line.split()
            cases.append((pattern, layout == "permuted"))
    else:
        config_cls, model_cls = import_or_skip()
        import torch
        import transformers

        log("hf_parity: torch %s, transformers %s, python %s" % (
            torch.__version__, transformers.__version__, sys.version.split()[0]))
        torch.set_grad_enabled(False)
        for index, (pattern, description) in enumerate(CONFIGS):
            try:
                got = hf_side(args, config_cls, model_cls, pattern, description, index)
            except Exception as e:
                import traceback
                traceback.print_exc()
                log("%-10s FAIL: %s: %s" % (pattern, type(e).__name__, e))
                got = None
            if got is None:
                results.append(False)
                continue
            cases += [(pattern, permute) for permute in got]
        with open(manifest, "w") as f:
            for pattern, permute in cases:
                f.write("%s %s\n" % (pattern, "permuted" if permute else "hf-order"))
        if args.hf_only:
            log("")
            log("hf_parity: HF side written to %s (%d cases); compare with --engine-only" % (args.work, len(cases)))
            return 0 if all(results) else 1

    log("")
    for pattern, permute in cases:
        results.append(engine_side(args, pattern, permute))
    log("")
    log("hf_parity: %d of %d cases pass (max relative error of the logits < %.0e)" % (
        sum(results), len(results), TOLERANCE))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
