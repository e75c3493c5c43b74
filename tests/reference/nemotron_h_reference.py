"""An independent numpy reference for Nemotron-H (nemotron_h and nemotron_h_moe GGUF files).

Written from the public spec (shared/model/nemotron-h.md sections 1.3, 2, 3), not from the C++ engine: its
own GGUF reader, its own dequantisers for the weight types the synthesiser writes, and the forward pass
in float64, token by token for the Mamba recurrence (the step form, never the chunked one) and with full
causal attention over all positions.
"""

import struct

import numpy as np

# GGUF metadata value types.
_SCALAR = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9

# Tensor types: id -> (name, elements per block, bytes per block).
TYPES = {
    0: ("f32", 1, 4), 1: ("f16", 1, 2), 30: ("bf16", 1, 2),
    2: ("q4_0", 32, 18), 6: ("q5_0", 32, 22), 8: ("q8_0", 32, 34),
    12: ("q4_K", 256, 144), 14: ("q6_K", 256, 210),
}


class GGUF:
    """Header, metadata and tensors of a GGUF v2/v3 file (tensors dequantised on request)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.buf = f.read()
        self.pos = 0
        if self._take(4) != b"GGUF":
            raise ValueError("not a GGUF file")
        self.version = self._u32()
        n_tensors, n_kv = self._u64(), self._u64()
        self.kv = {}
        for _ in range(n_kv):
            key = self._string()
            self.kv[key] = self._value(self._u32())
        self.tensors = {}
        for _ in range(n_tensors):
            name = self._string()
            n_dims = self._u32()
            ne = [self._u64() for _ in range(n_dims)]
            ttype = self._u32()
            offset = self._u64()
            self.tensors[name] = (ne, ttype, offset)
        align = int(self.kv.get("general.alignment", 32))
        self.data_start = (self.pos + align - 1) // align * align

    def _take(self, n):
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def _u32(self):
        return struct.unpack("<I", self._take(4))[0]

    def _u64(self):
        return struct.unpack("<Q", self._take(8))[0]

    def _string(self):
        return self._take(self._u64()).decode("utf-8")

    def _value(self, vtype):
        if vtype in _SCALAR:
            fmt = _SCALAR[vtype]
            return struct.unpack(fmt, self._take(struct.calcsize(fmt)))[0]
        if vtype == _STRING:
            return self._string()
        if vtype == _ARRAY:
            etype, n = self._u32(), self._u64()
            return [self._value(etype) for _ in range(n)]
        raise ValueError("unknown metadata type %d" % vtype)

    def has(self, name):
        return name in self.tensors

    def tensor(self, name):
        """float64 array shaped like numpy sees ggml's ne reversed: ne [n0, n1, n2] -> (n2, n1, n0)."""
        ne, ttype, offset = self.tensors[name]
        if ttype not in TYPES:
            raise ValueError("%s: tensor type %d is not handled by the reference" % (name, ttype))
        _, block, size = TYPES[ttype]
        n = int(np.prod(ne))
        start = self.data_start + offset
        raw = np.frombuffer(self.buf, dtype=np.uint8, count=n // block * size, offset=start)
        values = dequantize(ttype, raw, n)
        return values.reshape(list(reversed(ne)))


def _f16(blocks, at):
    return blocks[:, at:at + 2].copy().view("<f2").astype(np.float64)


def dequantize(ttype, raw, n):
    if ttype == 0:
        return raw.view("<f4").astype(np.float64)
    if ttype == 1:
        return raw.view("<f2").astype(np.float64)
    if ttype == 30:
        return (raw.view("<u2").astype(np.uint32) << 16).view("<f4").astype(np.float64)
    _, block, size = TYPES[ttype]
    b = raw.reshape(-1, size)
    if ttype == 8:  # q8_0: d, int8[32]; w = d*q
        return (_f16(b, 0) * b[:, 2:34].view(np.int8).astype(np.float64)).reshape(-1)
    if ttype == 2:  # q4_0: d, qs[16]; low nibbles are w[0..16), high nibbles w[16..32); w = d*(q-8)
        qs = b[:, 2:18]
        q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float64) - 8
        return (_f16(b, 0) * q).reshape(-1)
    if ttype == 6:  # q5_0: d, qh u32, qs[16]; bit j of qh is bit 4 of w[j]; w = d*(q-16)
        qh = b[:, 2:6].copy().view("<u4").astype(np.int64)  # (nb, 1)
        qs = b[:, 6:22].astype(np.int64)
        j = np.arange(16)
        lo = (qs & 0x0F) | (((qh >> j) & 1) << 4)
        hi = (qs >> 4) | (((qh >> (j + 16)) & 1) << 4)
        q = np.concatenate([lo, hi], axis=1).astype(np.float64) - 16
        return (_f16(b, 0) * q).reshape(-1)
    if ttype == 12:  # q4_K: d, dmin, scales[12], qs[128]
        d, dmin = _f16(b, 0), _f16(b, 2)
        s = b[:, 4:16].astype(np.int64)
        sc = np.zeros((b.shape[0], 8), dtype=np.int64)
        m = np.zeros_like(sc)
        for j in range(8):
            if j < 4:
                sc[:, j] = s[:, j] & 63
                m[:, j] = s[:, j + 4] & 63
            else:
                sc[:, j] = (s[:, j + 4] & 0x0F) | ((s[:, j - 4] >> 6) << 4)
                m[:, j] = (s[:, j + 4] >> 4) | ((s[:, j] >> 6) << 4)
        qs = b[:, 16:144].astype(np.int64)
        out = np.empty((b.shape[0], 256))
        for c in range(4):
            q = qs[:, 32 * c:32 * c + 32]
            out[:, 64 * c:64 * c + 32] = d * sc[:, 2 * c:2 * c + 1] * (q & 0x0F) - dmin * m[:, 2 * c:2 * c + 1]
            out[:, 64 * c + 32:64 * c + 64] = d * sc[:, 2 * c + 1:2 * c + 2] * (q >> 4) - dmin * m[:, 2 * c + 1:2 * c + 2]
        return out.reshape(-1)
    if ttype == 14:  # q6_K: ql[128], qh[64], scales int8[16], d
        d = _f16(b, 208)
        out = np.empty((b.shape[0], 256))
        for half in range(2):
            ql = b[:, 64 * half:64 * half + 64].astype(np.int64)
            qh = b[:, 128 + 32 * half:128 + 32 * half + 32].astype(np.int64)
            sc = b[:, 192 + 8 * half:192 + 8 * half + 8].view(np.int8).astype(np.float64)
            o = out[:, 128 * half:128 * half + 128]
            for l in range(32):
                i = l // 16
                q1 = ((ql[:, l] & 0xF) | ((qh[:, l] & 3) << 4)) - 32
                q2 = ((ql[:, l + 32] & 0xF) | (((qh[:, l] >> 2) & 3) << 4)) - 32
                q3 = ((ql[:, l] >> 4) | (((qh[:, l] >> 4) & 3) << 4)) - 32
                q4 = ((ql[:, l + 32] >> 4) | (((qh[:, l] >> 6) & 3) << 4)) - 32
                o[:, l] = d[:, 0] * sc[:, i] * q1
                o[:, l + 32] = d[:, 0] * sc[:, i + 2] * q2
                o[:, l + 64] = d[:, 0] * sc[:, i + 4] * q3
                o[:, l + 96] = d[:, 0] * sc[:, i + 6] * q4
        return out.reshape(-1)
    raise ValueError("type %d" % ttype)


def rms(x, w, eps):
    return x / np.sqrt(np.mean(x * x) + eps) * w


def silu(v):
    return v / (1.0 + np.exp(-v))


def softplus(v):
    return np.where(v > 20.0, v, np.log1p(np.exp(np.minimum(v, 20.0))))


class Model:
    def __init__(self, path):
        g = GGUF(path)
        self.g = g
        arch = g.kv["general.architecture"]
        self.moe_arch = arch == "nemotron_h_moe"
        k = lambda name, default=None: g.kv.get(arch + "." + name, default)
        self.n_layer = int(k("block_count"))
        self.eps = float(k("attention.layer_norm_rms_epsilon"))
        self.n_head = int(k("attention.head_count"))
        kv_heads, ffn = k("attention.head_count_kv"), k("feed_forward_length")
        self.kinds = []
        for i in range(self.n_layer):  # section 1.3
            if kv_heads[i] == 0 and ffn[i] == 0:
                self.kinds.append("M")
            elif ffn[i] == 0:
                self.kinds.append("*")
            else:
                self.kinds.append("E" if self.moe_arch else "-")
        self.n_head_kv = max(kv_heads)
        self.d_conv = int(k("ssm.conv_kernel"))
        self.d_inner = int(k("ssm.inner_size"))
        self.d_state = int(k("ssm.state_size"))
        self.ssm_heads = int(k("ssm.time_step_rank"))
        self.ssm_groups = int(k("ssm.group_count"))
        if self.moe_arch:
            self.n_expert_used = int(k("expert_used_count"))
            self.weights_norm = bool(k("expert_weights_norm", True))
            self.weights_scale = float(k("expert_weights_scale", 1.0))
        t = g.tensor
        self.embd = t("token_embd.weight")
        self.out_norm = t("output_norm.weight")
        self.output = t("output.weight")
        self.layers = []
        for i, kind in enumerate(self.kinds):
            p = "blk.%d." % i
            L = {"norm": t(p + "attn_norm.weight")}
            if kind == "M":
                for n in ["ssm_in.weight", "ssm_conv1d.weight", "ssm_conv1d.bias", "ssm_dt.bias", "ssm_a", "ssm_d",
                          "ssm_norm.weight", "ssm_out.weight"]:
                    L[n] = t(p + n)
            elif kind == "*":
                for n in ["attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight"]:
                    L[n] = t(p + n)
            elif kind == "E":
                for n in ["ffn_gate_inp.weight", "exp_probs_b.bias", "ffn_up_exps.weight", "ffn_down_exps.weight",
                          "ffn_up_shexp.weight", "ffn_down_shexp.weight"]:
                    L[n] = t(p + n)
                for ours, names in [("latent_down", ["ffn_latent_down.weight", "ffn_latent_in.weight"]),
                                    ("latent_up", ["ffn_latent_up.weight", "ffn_latent_out.weight"])]:
                    L[ours] = next((t(p + n) for n in names if g.has(p + n)), None)
            else:
                L["ffn_up.weight"] = t(p + "ffn_up.weight")
                L["ffn_down.weight"] = t(p + "ffn_down.weight")
            self.layers.append(L)

    def new_state(self):
        C = self.d_inner + 2 * self.ssm_groups * self.d_state
        P = self.d_inner // self.ssm_heads
        st = []
        for kind in self.kinds:
            if kind == "M":
                st.append({"conv": np.zeros((self.d_conv - 1, C)), "ssm": np.zeros((self.ssm_heads, P, self.d_state))})
            elif kind == "*":
                st.append({"k": [], "v": []})
            else:
                st.append(None)
        return st

    def mamba(self, L, st, u):
        H, G, N, DI = self.ssm_heads, self.ssm_groups, self.d_state, self.d_inner
        P = DI // H
        zxbcdt = L["ssm_in.weight"] @ u
        z, xbc, dt_raw = zxbcdt[:DI], zxbcdt[DI:DI + DI + 2 * G * N], zxbcdt[DI + DI + 2 * G * N:]
        window = np.vstack([st["conv"], xbc[None, :]])          # (K, C): oldest first, current last
        conv = np.sum(window.T * L["ssm_conv1d.weight"], axis=1) + L["ssm_conv1d.bias"]
        st["conv"] = window[1:]
        xbc = silu(conv)
        x = xbc[:DI].reshape(H, P)
        B = xbc[DI:DI + G * N].reshape(G, N)
        C = xbc[DI + G * N:].reshape(G, N)
        dt = softplus(dt_raw + L["ssm_dt.bias"])
        A = L["ssm_a"].reshape(-1)
        D = L["ssm_d"].reshape(-1)
        y = np.empty((H, P))
        for h in range(H):
            g = h // (H // G)
            st["ssm"][h] = np.exp(dt[h] * A[h]) * st["ssm"][h] + dt[h] * np.outer(x[h], B[g])
            y[h] = st["ssm"][h] @ C[g] + D[h] * x[h]
        v = (y.reshape(-1) * silu(z)).reshape(G, -1)
        w = L["ssm_norm.weight"].reshape(G, -1)
        v = v / np.sqrt(np.mean(v * v, axis=1, keepdims=True) + self.eps) * w
        return L["ssm_out.weight"] @ v.reshape(-1)

    def attention(self, L, st, u):
        hd = L["attn_q.weight"].shape[0] // self.n_head
        q = (L["attn_q.weight"] @ u).reshape(self.n_head, hd)
        st["k"].append((L["attn_k.weight"] @ u).reshape(self.n_head_kv, hd))
        st["v"].append((L["attn_v.weight"] @ u).reshape(self.n_head_kv, hd))
        K, V = np.stack(st["k"]), np.stack(st["v"])            # (pos, kv, hd)
        out = np.empty((self.n_head, hd))
        group = self.n_head // self.n_head_kv
        for h in range(self.n_head):
            s = K[:, h // group, :] @ q[h] / np.sqrt(hd)
            p = np.exp(s - s.max())
            out[h] = (p / p.sum()) @ V[:, h // group, :]
        return L["attn_output.weight"] @ out.reshape(-1)

    def moe(self, L, h):
        p = 1.0 / (1.0 + np.exp(-(L["ffn_gate_inp.weight"] @ h)))
        chosen = np.argsort(-(p + L["exp_probs_b.bias"]), kind="stable")[:self.n_expert_used]
        w = p[chosen]
        if self.weights_norm:
            w = w / max(w.sum(), 6.103515625e-5)
        w = w * self.weights_scale
        lat = L["latent_down"] @ h if L["latent_down"] is not None else h
        acc = np.zeros_like(lat)
        for e, we in zip(chosen, w):
            a = np.maximum(L["ffn_up_exps.weight"][e] @ lat, 0.0) ** 2
            acc += we * (L["ffn_down_exps.weight"][e] @ a)
        r = L["latent_up"] @ acc if L["latent_up"] is not None else acc
        s = L["ffn_down_shexp.weight"] @ (np.maximum(L["ffn_up_shexp.weight"] @ h, 0.0) ** 2)
        return r + s

    def mlp(self, L, h):
        return L["ffn_down.weight"] @ (np.maximum(L["ffn_up.weight"] @ h, 0.0) ** 2)

    def logits(self, tokens):
        """Logits of every position, (len(tokens), n_vocab), float64."""
        st = self.new_state()
        rows = []
        for tok in tokens:
            x = self.embd[tok].copy()
            for kind, L, s in zip(self.kinds, self.layers, st):
                u = rms(x, L["norm"], self.eps)
                if kind == "M":
                    x = x + self.mamba(L, s, u)
                elif kind == "*":
                    x = x + self.attention(L, s, u)
                elif kind == "E":
                    x = x + self.moe(L, u)
                else:
                    x = x + self.mlp(L, u)
            rows.append(self.output @ rms(x, self.out_norm, self.eps))
        return np.stack(rows)
