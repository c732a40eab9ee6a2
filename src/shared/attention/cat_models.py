"""Models of the ``cat`` chapter: one attention layer with optional causal filters, and
a Mamba-style selective state-space block (pure PyTorch, CPU or CUDA).

Shapes: ``B`` batch, ``L`` sequence length, ``V`` vocabulary, ``d`` model width, ``W``
convolution window (number of taps, offsets ``0..W-1``).

* :func:`make_recall_model` -- one attention layer. CAT (per-stream causal depthwise
  convolution, no positional encoding) and NoPE attention are
  :class:`shared.attention.model.OneLayerAttention`; RoPE and learned absolute positions
  (APE) use :class:`PositionalAttention`, a thin subclass that adds the position code
  (``model.py`` has neither). All share learned embedding [V, d], separate W_Q, W_K
  [d, d], factorized output-value W_O W_V and no LayerNorm/residual/MLP.
* :class:`SSMModel` -- one Mamba-style selective state-space block with a chunked scan.
* :func:`make_cat_model` -- any of them by name (``"cat"``, ``"cat-k"``, ``"rope"``,
  ``"ssm"``, ...). Not :func:`shared.attention.model.make_model`, which builds a
  :class:`OneLayerAttention` from configuration options.
* :func:`get_taps` / :func:`set_taps` -- filter taps in the offset convention (row ``i``
  multiplies ``x[t - i]``); :func:`causal_filter` is the reference filter.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from shared.repro.seeds import stream
from shared.repro.seeds import torch_generator
from shared.repro.validate import positive_int as _int
from shared.repro.validate import resolve_device

from .model import CONV_STREAMS
from .model import OneLayerAttention
from .model import make_config


def get_taps(model: OneLayerAttention, stream: str) -> torch.Tensor:
    """Taps [W, d] of ``stream``'s causal filter, row ``i`` multiplying ``x[t - i]``."""
    if stream not in model.convs:
        raise ValueError(
            f"stream {stream!r} has no convolution; convolved streams: "
            f"{list(model.convs)}"
        )
    w = model.convs[stream].weight[
        :, 0, :
    ]  # [d, W]; Conv1d index m multiplies x[t - (W-1-m)]
    return w.flip(-1).T


def set_taps(model: OneLayerAttention, stream: str, taps: torch.Tensor) -> None:
    """Set ``stream``'s filter from taps [W, d] (row ``i`` multiplies ``x[t - i]``)."""
    conv = model.convs[stream] if stream in model.convs else None
    if conv is None:
        raise ValueError(
            f"stream {stream!r} has no convolution; convolved streams: "
            f"{list(model.convs)}"
        )
    W = conv.kernel_size[0]
    taps = torch.as_tensor(taps, dtype=conv.weight.dtype, device=conv.weight.device)
    if taps.shape != (W, conv.weight.shape[0]):
        raise ValueError(
            f"taps must have shape [W={W}, d={conv.weight.shape[0]}], got "
            f"{tuple(taps.shape)}"
        )
    with torch.no_grad():
        conv.weight.copy_(taps.T.flip(-1)[:, None, :])


def causal_filter(x: torch.Tensor, taps: torch.Tensor) -> torch.Tensor:
    """Reference causal filter: ``y[:, t] = sum_i taps[i] * x[:, t - i]`` (zero before
    0).

    ``x`` [B, L, d]; ``taps`` [W, d] (depthwise) or [W] / [W, 1] (one scalar filter
    shared by all channels). Returns [B, L, d].
    """
    if taps.ndim == 1:
        taps = taps[:, None]
    W = taps.shape[0]
    if W < 1:
        raise ValueError("taps must have at least one row (window >= 1)")
    xp = F.pad(x, (0, 0, W - 1, 0))
    L = x.shape[1]
    return sum(taps[i] * xp[:, W - 1 - i : W - 1 - i + L] for i in range(W))


PES = ("none", "rope", "ape")
STREAM_SETS = ("", "q", "k", "v", "qk", "qv", "kv", "qkv")


def rope(x: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotary position code on the last dimension of ``x`` [B, L, D] (D even), positions
    0..L-1."""
    B, L, D = x.shape
    if D % 2:
        raise ValueError(f"RoPE needs an even width, got {D}")
    half = D // 2
    inv = base ** (-torch.arange(half, device=x.device, dtype=x.dtype) / half)
    ang = torch.arange(L, device=x.device, dtype=x.dtype)[:, None] * inv[None, :]
    cos, sin = ang.cos(), ang.sin()
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)


class PositionalAttention(OneLayerAttention):
    """:class:`OneLayerAttention` (separate Q/K, factorized OV, softmax, causal) plus a
    position code.

    ``pe="rope"`` rotates queries and keys; ``pe="ape"`` adds a learned table [max_len,
    d] to the embeddings (sequences longer than ``max_len`` raise ``ValueError``);
    ``pe="none"`` reproduces the parent exactly. Forward: tokens [B, L] -> logits [B, L,
    V] (and weights [B, L, L]).
    """

    def __init__(self, pe: str, **options: Any):
        if pe not in PES:
            raise ValueError(f"pe={pe!r}: allowed {list(PES)}")
        cfg = make_config(**options)
        if (
            cfg.qk != "separate"
            or cfg.ov != "factorized"
            or cfg.attention != "softmax"
            or not cfg.causal
        ):
            raise ValueError(
                "PositionalAttention needs qk='separate', ov='factorized', softmax, "
                "causal"
            )
        super().__init__(cfg)
        self.pe = pe
        if pe == "ape":
            self.ape = nn.Parameter(
                0.02
                * torch.randn(cfg.max_len, self.d, device=self.device, dtype=cfg.dtype)
            )

    def forward(
        self,
        tokens: torch.Tensor,
        last_only: bool = False,
        return_weights: bool = False,
    ):
        if last_only:
            raise ValueError("PositionalAttention does not support last_only")
        if not isinstance(tokens, torch.Tensor) or tokens.ndim != 2:
            raise ValueError("tokens must be an integer tensor of shape [B, T]")
        T = tokens.shape[1]
        tokens = tokens.to(self.device)
        X = self.E[tokens]
        if self.pe == "ape":
            if T > self.cfg.max_len:
                raise ValueError(
                    f"sequence length {T} exceeds the APE table ({self.cfg.max_len} "
                    "positions)"
                )
            X = X + self.ape[:T]
        Xq, Xk, Xv = (self._conv(s, X) for s in CONV_STREAMS)
        Q, K = Xq @ self.W_Q.T, Xk @ self.W_K.T
        if self.pe == "rope":
            Q, K = rope(Q), rope(K)
        S = (Q @ K.transpose(1, 2)) * self.score_scale
        future = torch.ones(T, T, dtype=torch.bool, device=self.device).triu(1)
        A = torch.softmax(S.masked_fill(future, float("-inf")), dim=-1)
        out = ((A @ Xv) @ self.W_V.T) @ self.W_O.T
        return (out, A) if return_weights else out


def make_recall_model(
    vocab: int,
    d_model: int,
    conv: str = "qkv",
    window: int = 3,
    pe: str = "none",
    max_len: int = 64,
    seed: int = 0,
    device: Any = "auto",
    tap_noise: float = 0.02,
):
    """One attention layer for recall tasks.

    ``conv``: streams with a causal depthwise filter of ``window`` taps (``"qkv"``,
    ``"k"``, ``""`` for none ...), initialised near identity (tap 0 = 1, every tap +
    N(0, tap_noise²)). ``pe``: ``"none"`` (CAT / NoPE: a :class:`OneLayerAttention` from
    ``model.py``), ``"rope"`` or ``"ape"`` (:class:`PositionalAttention`). Returns the
    module on ``device`` ("auto": CUDA when present).
    """
    vocab, d_model, window = (
        _int("vocab", vocab),
        _int("d_model", d_model),
        _int("window", window),
    )
    if conv not in STREAM_SETS:
        raise ValueError(f"conv={conv!r}: allowed {list(STREAM_SETS)}")
    if pe not in PES:
        raise ValueError(f"pe={pe!r}: allowed {list(PES)}")
    opts = dict(
        vocab_size=vocab,
        d_model=d_model,
        embedding="learned",
        qk="separate",
        ov="factorized",
        n_out=vocab,
        conv_window={s: window for s in conv} or None,
        max_len=max_len,
        seed=seed,
        device=device,
    )
    model = (
        OneLayerAttention(make_config(**opts))
        if pe == "none"
        else PositionalAttention(pe, **opts)
    )
    gen = torch_generator(stream(seed, "cat-taps"))
    for s in conv:
        taps = tap_noise * torch.randn(window, model.d, generator=gen)
        taps[0] += 1.0
        set_taps(model, s, taps)
    return model


def _ssm_chunk_scan(log_a: torch.Tensor, b: torch.Tensor, chunk: int) -> torch.Tensor:
    """h_t = exp(log_a_t) h_{t-1} + b_t, h_{-1} = 0, over dim 1 of [B, L, E, N], chunk
    by chunk.

    Inside a chunk h_t = exp(S_t) (h_0 + sum_{s<=t} exp(-S_s) b_s), S = cumsum(log_a);
    log_a must be clamped (>= -10 per step) so exp(-S) stays finite in float32 for
    chunks of <= 8.
    """
    B, L, E, N = b.shape
    h0 = torch.zeros(B, E, N, dtype=b.dtype, device=b.device)
    outs = []
    for s in range(0, L, chunk):
        la, bb = log_a[:, s : s + chunk], b[:, s : s + chunk]
        S = la.cumsum(1)
        h = S.exp() * (h0[:, None] + ((-S).exp() * bb).cumsum(1))
        outs.append(h)
        h0 = h[:, -1]
    return torch.cat(outs, dim=1)


def ssm_naive_scan(log_a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Reference sequential scan for :func:`_ssm_chunk_scan` (same shapes)."""
    h = torch.zeros_like(b[:, 0])
    outs = []
    for t in range(b.shape[1]):
        h = log_a[:, t].exp() * h + b[:, t]
        outs.append(h)
    return torch.stack(outs, dim=1)


class SSMModel(nn.Module):
    """Embedding -> x + SelectiveSSM(LN(x)) -> LN -> linear head; tokens [B, L] ->
    logits [B, L, V].

    The block: in-projection to two halves u, z [B, L, E] (E = expand·d); u -> causal
    depthwise filter (width 4) -> SiLU; Δ = softplus(Linear(u)) [B, L, E], B_t, C_t =
    Linear(u) [B, L, N]; A = -exp(A_log) [E, N]; h_t = exp(Δ_t A) h_{t-1} + Δ_t B_t u_t;
    y_t = C_t·h_t + D u_t; y·SiLU(z) -> out-projection. The scan runs in chunks of
    ``chunk`` (<= 8) steps.

    ``dt_rank=None`` (default) makes Δ's projection full rank [E, E]; an integer ``r``
    makes it low rank, [E, r] then [r, E], as in Mamba (whose defaults are expand 2,
    state 16, ``r = ceil(d / 16)``; see :data:`MAMBA_DEFAULTS`).
    """

    # Deliberate repeat: one keyword argument a line, the signature layout of other
    # modules' model constructors (different arguments).
    def __init__(
        self,
        vocab: int,
        d_model: int = 64,
        state: int = 8,
        expand: int = 1,
        conv_width: int = 4,
        chunk: int = 8,
        seed: int = 0,
        device: Any = "auto",
        dt_rank: int | None = None,
    ):
        super().__init__()
        vocab, d, N = (
            _int("vocab", vocab),
            _int("d_model", d_model),
            _int("state", state),
        )
        E = _int("expand", expand) * d
        self.chunk = _int("chunk", chunk)
        if self.chunk > 8:
            raise ValueError(
                f"chunk={chunk}: must be <= 8 (float32 range of the in-chunk scan)"
            )
        g = torch.Generator().manual_seed(seed)
        torch_state = torch.random.get_rng_state()
        torch.manual_seed(seed)
        self.emb = nn.Embedding(vocab, d)
        self.norm, self.norm_f = nn.LayerNorm(d), nn.LayerNorm(d)
        self.in_proj = nn.Linear(d, 2 * E, bias=False)
        self.conv_taps = nn.Parameter(
            0.1 * torch.randn(_int("conv_width", conv_width), E, generator=g)
        )
        with torch.no_grad():
            self.conv_taps[0] += 1.0
        if dt_rank is None:
            self.dt_low = None
            self.dt_proj = nn.Linear(E, E)
        else:
            self.dt_low = nn.Linear(E, _int("dt_rank", dt_rank), bias=False)
            self.dt_proj = nn.Linear(dt_rank, E)
        with torch.no_grad():  # Δ initially in [1e-3, 1e-1]
            dt = torch.exp(
                torch.rand(E, generator=g) * (math.log(0.1) - math.log(1e-3))
                + math.log(1e-3)
            )
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.B_proj, self.C_proj = (
            nn.Linear(E, N, bias=False),
            nn.Linear(E, N, bias=False),
        )
        self.A_log = nn.Parameter(
            torch.log(torch.arange(1, N + 1, dtype=torch.float32)).repeat(E, 1)
        )
        self.D = nn.Parameter(torch.ones(E))
        self.out_proj = nn.Linear(E, d, bias=False)
        self.head = nn.Linear(d, vocab, bias=False)
        torch.random.set_rng_state(torch_state)
        self.to(resolve_device(device))

    @property
    def device(self) -> torch.device:
        return self.D.device

    def forward(self, tokens: torch.Tensor, naive: bool = False) -> torch.Tensor:
        x = self.emb(tokens.to(self.device))
        u, z = self.in_proj(self.norm(x)).chunk(2, dim=-1)
        u = F.silu(causal_filter(u, self.conv_taps))
        dt_in = u if self.dt_low is None else self.dt_low(u)
        dt = F.softplus(self.dt_proj(dt_in))  # [B, L, E]
        A = -self.A_log.exp()  # [E, N]
        log_a = (dt[..., None] * A).clamp(min=-10.0)
        b = (dt * u)[..., None] * self.B_proj(u)[:, :, None, :]
        h = ssm_naive_scan(log_a, b) if naive else _ssm_chunk_scan(log_a, b, self.chunk)
        y = (h * self.C_proj(u)[:, :, None, :]).sum(-1) + self.D * u
        y = self.out_proj(y * F.silu(z))
        return self.head(self.norm_f(x + y))


def mamba_defaults(d_model: int) -> dict:
    """Mamba's block defaults for width ``d_model``: expand 2, state 16, Δ of rank
    ceil(d / 16)."""
    return dict(expand=2, state=16, dt_rank=math.ceil(_int("d_model", d_model) / 16))


# Deliberate repeat: one argument a line and a name -> settings table, the layout of
# other model factories (different models).
def make_cat_model(
    kind: str,
    vocab: int,
    d_model: int,
    window: int = 3,
    max_len: int = 64,
    seed: int = 0,
    device: Any = "auto",
) -> nn.Module:
    """Model by name: ``"cat"`` (conv on QKV), ``"cat-q"``/``"cat-k"``/``"cat-v"`` (one
    stream), ``"nope"``, ``"rope"``, ``"ape"`` (attention without convolution),
    ``"ssm"`` (the small SSM: expand 1, state 8, full-rank Δ) or ``"mamba"`` (the same
    block at Mamba's defaults, :func:`mamba_defaults`)."""
    if kind == "ssm":
        return SSMModel(vocab, d_model, seed=seed, device=device)
    if kind == "mamba":
        return SSMModel(
            vocab, d_model, seed=seed, device=device, **mamba_defaults(d_model)
        )
    table = {
        "cat": ("qkv", "none"),
        "cat-q": ("q", "none"),
        "cat-k": ("k", "none"),
        "cat-v": ("v", "none"),
        "nope": ("", "none"),
        "rope": ("", "rope"),
        "ape": ("", "ape"),
    }
    if kind not in table:
        raise ValueError(f"kind={kind!r}: allowed {list(table) + ['ssm', 'mamba']}")
    conv, pe = table[kind]
    return make_recall_model(
        vocab,
        d_model,
        conv=conv,
        window=window,
        pe=pe,
        max_len=max_len,
        seed=seed,
        device=device,
    )
