"""One-layer, single-head attention in torch, shared by the attention-theory chapters.

Notation (shapes in brackets, ``B`` batch, ``T`` sequence length, ``V`` vocabulary size,
``d`` embedding width, ``n_out`` output width):

* tokens ``x`` [B, T] (int64, values in ``0..V-1``) are embedded as ``X = E[x]``
  [B, T, d]; ``E`` is the identity ``I_V`` (``embedding="onehot"``, so ``d = V``), a
  learned table, or a given fixed matrix [V, d].
* optional per-stream causal depthwise convolutions turn ``X`` into the query, key and
  value inputs ``Xq, Xk, Xv`` [B, T, d] (``conv_window={"q": 3, "k": 3, "v": 0}``; 0 or
  ``None`` means that stream is ``X`` itself). Each is a ``torch.nn.Conv1d(d, d, w,
  groups=d, bias=False)`` applied after ``w - 1`` zeros of left padding, so position
  ``t`` only sees ``t-w+1 .. t``.
* scores ``S[b, i, j]`` (query ``i``, key ``j``):

  - ``qk="merged"``: ``S = Xq W Xkᵀ`` with one matrix ``W`` [d, d], i.e.
    ``x_iᵀ W x_j`` — the one-matrix model ``W = K Qᵀ`` of the automaton / Markov
    papers, and ``W_Q`` with ``W_K = I`` frozen in the OCR paper;
  - ``qk="separate"``: ``S = (Xq W_Qᵀ)(Xk W_Kᵀ)ᵀ`` with ``W_Q, W_K`` [d_qk, d];

  multiplied by ``score_scale`` (default ``1/sqrt(d_qk)`` for softmax, 1 for linear),
  plus an optional learned positional bias ``P[i, j]`` [max_len, max_len] (zero at
  init).
* weights ``A = softmax(S)`` over keys (``attention="softmax"``) or ``A = S``
  (``"linear"``: raw scores, no normalization). With ``causal=True`` keys ``j > i`` get
  weight exactly 0.
* ``H = A Xv`` [B, T, d], then the output-value map:

  - ``ov="combined"``: ``out = H W_OVᵀ`` with one trained ``W_OV`` [n_out, d];
  - ``ov="factorized"``: ``out = H W_Vᵀ W_Oᵀ`` with ``W_V`` [r, d], ``W_O`` [n_out, r]
    (``r = ov_rank``, default ``d``);
  - ``ov="identity"``: the value is the embedding itself and ``out = head(H)`` with a
    fixed head: ``"identity"`` (``out = H``; with a one-hot embedding and softmax this
    is the attention mass on each token, a probability vector), ``"tied"``
    (``out = H Eᵀ``, [.., V]) or a given matrix ``M`` [n_out, d] (``out = H Mᵀ``).

No positional encoding, residual stream, MLP or LayerNorm unless named here. Everything
is one ``torch.nn.Module``; :func:`make_model` validates options and picks CUDA when
present.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import fields
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from shared.repro.validate import choice  # noqa: F401
from shared.repro.validate import positive_int  # noqa: F401
from shared.repro.validate import resolve_device  # noqa: F401

ATTENTIONS = ("softmax", "linear")
QK_MODES = ("merged", "separate")
OV_MODES = ("combined", "factorized", "identity")
EMBEDDINGS = ("onehot", "learned")
HEADS = ("identity", "tied")
INITS = ("default", "gaussian", "zero", "const")
CONV_STREAMS = ("q", "k", "v")


@dataclass
class AttentionConfig:
    """Options of :class:`OneLayerAttention` (see the module docstring for the maths).

    ``embedding`` and ``head`` also accept a tensor (fixed matrix [V, d] / [n_out, d]).
    ``init`` applies to every trained matrix: ``"default"`` (uniform ±1/sqrt(fan_in),
    torch's ``nn.Linear`` rule), ``"gaussian"`` (std ``init_scale``, default
    1/sqrt(fan_in)), ``"zero"``, ``"const"`` (every entry ``init_scale``). ``seed``
    makes the initialization independent of the global torch RNG and of the device.
    """

    vocab_size: int
    d_model: int | None = None
    embedding: Any = "onehot"
    attention: str = "softmax"
    score_scale: float | None = None
    qk: str = "merged"
    d_qk: int | None = None
    train_qk: bool = True
    ov: str = "combined"
    ov_rank: int | None = None
    n_out: int | None = None
    head: Any = "identity"
    causal: bool = True
    position_bias: bool = False
    max_len: int = 512
    conv_window: dict | None = None
    init: str = "default"
    init_scale: float | None = None
    seed: int | None = None
    dtype: torch.dtype = torch.float32
    device: Any = "auto"


CONFIG_FIELDS = tuple(f.name for f in fields(AttentionConfig))


def make_config(**options: Any) -> AttentionConfig:
    """Build and validate an :class:`AttentionConfig`; unknown names raise
    ``ValueError`` listing the allowed ones."""
    unknown = sorted(set(options) - set(CONFIG_FIELDS))
    if unknown:
        raise ValueError(f"unknown option(s) {unknown}; allowed: {list(CONFIG_FIELDS)}")
    if "vocab_size" not in options:
        raise ValueError("vocab_size is required (a positive integer)")
    cfg = AttentionConfig(**options)
    validate_config(cfg)
    return cfg


def validate_config(cfg: AttentionConfig) -> None:
    """Raise ``ValueError`` on any inconsistent option of ``cfg`` (see
    :class:`AttentionConfig`)."""
    if (
        isinstance(cfg.vocab_size, bool)
        or not isinstance(cfg.vocab_size, int)
        or cfg.vocab_size < 1
    ):
        raise ValueError(
            f"vocab_size={cfg.vocab_size!r}: the vocabulary must be non-empty "
            "(positive integer)"
        )
    V = cfg.vocab_size
    choice("attention", cfg.attention, ATTENTIONS)
    choice("qk", cfg.qk, QK_MODES)
    choice("ov", cfg.ov, OV_MODES)
    choice("init", cfg.init, INITS)
    if isinstance(cfg.embedding, torch.Tensor):
        if cfg.embedding.ndim != 2 or cfg.embedding.shape[0] != V:
            raise ValueError(
                f"embedding tensor has shape {tuple(cfg.embedding.shape)}; expected "
                f"[vocab_size={V}, d]"
            )
        if cfg.d_model is not None and cfg.d_model != cfg.embedding.shape[1]:
            raise ValueError(
                f"d_model={cfg.d_model} does not match the embedding width "
                f"{cfg.embedding.shape[1]}"
            )
    else:
        choice("embedding", cfg.embedding, EMBEDDINGS)
        if cfg.embedding == "onehot" and cfg.d_model not in (None, V):
            raise ValueError(
                f"one-hot embedding needs d_model = vocab_size = {V}, got "
                f"d_model={cfg.d_model}"
            )
        if cfg.embedding == "learned" and cfg.d_model is None:
            raise ValueError("embedding='learned' needs d_model (a positive integer)")
    if cfg.d_model is not None:
        positive_int("d_model", cfg.d_model)
    for name in ("d_qk", "ov_rank", "n_out"):
        if getattr(cfg, name) is not None:
            positive_int(name, getattr(cfg, name))
    positive_int("max_len", cfg.max_len)
    if cfg.qk == "merged" and cfg.d_qk is not None:
        raise ValueError("d_qk is only used with qk='separate' (merged W is [d, d])")
    if cfg.ov != "factorized" and cfg.ov_rank is not None:
        raise ValueError(
            f"ov_rank is only used with ov='factorized', got ov={cfg.ov!r}"
        )
    if isinstance(cfg.head, torch.Tensor):
        if cfg.ov != "identity":
            raise ValueError(
                "a head matrix is only used with ov='identity' (W_O already maps to "
                "the output)"
            )
        if cfg.head.ndim != 2:
            raise ValueError(
                f"head tensor must be 2-D [n_out, d], got shape {tuple(cfg.head.shape)}"
            )
        if cfg.n_out is not None and cfg.n_out != cfg.head.shape[0]:
            raise ValueError(
                f"n_out={cfg.n_out} does not match the head's {cfg.head.shape[0]} rows"
            )
    else:
        choice("head", cfg.head, HEADS)
        if cfg.ov != "identity" and cfg.head != "identity":
            raise ValueError("head='tied' is only used with ov='identity'")
        if cfg.ov == "identity" and cfg.n_out is not None:
            raise ValueError(
                "with ov='identity' the output width comes from the head; drop n_out"
            )
    if cfg.score_scale is not None and not (
        isinstance(cfg.score_scale, (int, float)) and math.isfinite(cfg.score_scale)
    ):
        raise ValueError(f"score_scale={cfg.score_scale!r}: must be a finite number")
    if cfg.init == "const" and cfg.init_scale is None:
        raise ValueError("init='const' needs init_scale (the value of every entry)")
    if cfg.init_scale is not None and not (
        isinstance(cfg.init_scale, (int, float)) and math.isfinite(cfg.init_scale)
    ):
        raise ValueError(f"init_scale={cfg.init_scale!r}: must be a finite number")
    if cfg.conv_window is not None:
        if not isinstance(cfg.conv_window, dict):
            raise ValueError(
                f"conv_window must be a dict like {{'q': 3, 'k': 3, 'v': 0}}, got "
                f"{cfg.conv_window!r}"
            )
        bad = sorted(set(cfg.conv_window) - set(CONV_STREAMS))
        if bad:
            raise ValueError(
                f"conv_window has unknown stream(s) {bad}; allowed: "
                f"{list(CONV_STREAMS)}"
            )
        for s, w in cfg.conv_window.items():
            if w is not None and (
                isinstance(w, bool) or not isinstance(w, int) or w < 0
            ):
                raise ValueError(
                    f"conv_window[{s!r}]={w!r}: must be 0/None (off) or a positive "
                    "integer"
                )
    if cfg.dtype not in (torch.float32, torch.float64, torch.float16, torch.bfloat16):
        raise ValueError(
            f"dtype={cfg.dtype!r}: allowed torch.float32, torch.float64, "
            "torch.float16, torch.bfloat16"
        )
    resolve_device(cfg.device)


class OneLayerAttention(nn.Module):
    """One-layer, single-head attention (see the module docstring).

    ``OneLayerAttention(cfg)`` with an :class:`AttentionConfig`, or
    ``OneLayerAttention(**options)``. Frozen matrices (one-hot / given embedding, ``W``
    when ``train_qk=False``, given head) are buffers, so ``parameters()`` lists exactly
    the trained ones.
    """

    def __init__(self, cfg: AttentionConfig | None = None, **options: Any):
        super().__init__()
        if cfg is None:
            cfg = make_config(**options)
        elif options:
            raise ValueError(
                "pass either an AttentionConfig or keyword options, not both"
            )
        else:
            validate_config(cfg)
        self.cfg = cfg
        V = cfg.vocab_size
        gen = torch.Generator().manual_seed(cfg.seed) if cfg.seed is not None else None
        dt = (
            torch.float64 if cfg.dtype == torch.float64 else torch.float32
        )  # init in >= fp32

        # embedding [V, d]
        if isinstance(cfg.embedding, torch.Tensor):
            self.register_buffer("E", cfg.embedding.detach().to(dt).clone())
        elif cfg.embedding == "onehot":
            self.register_buffer("E", torch.eye(V, dtype=dt))
        else:
            self.E = nn.Parameter(torch.randn(V, cfg.d_model, generator=gen, dtype=dt))
        d = self.E.shape[1]
        self.d = d

        def init(shape: tuple[int, ...]) -> torch.Tensor:
            fan_in = shape[-1]
            if cfg.init == "zero":
                return torch.zeros(shape, dtype=dt)
            if cfg.init == "const":
                return torch.full(shape, float(cfg.init_scale), dtype=dt)
            if cfg.init == "gaussian":
                std = (
                    cfg.init_scale
                    if cfg.init_scale is not None
                    else 1.0 / math.sqrt(fan_in)
                )
                return std * torch.randn(shape, generator=gen, dtype=dt)
            bound = 1.0 / math.sqrt(fan_in)
            return (2 * torch.rand(shape, generator=gen, dtype=dt) - 1) * bound

        # query-key
        if cfg.qk == "merged":
            self.d_qk = d
            w = init((d, d))
            if cfg.train_qk:
                self.W = nn.Parameter(w)
            else:
                self.register_buffer("W", w)
        else:
            self.d_qk = cfg.d_qk or d
            wq, wk = init((self.d_qk, d)), init((self.d_qk, d))
            if cfg.train_qk:
                self.W_Q, self.W_K = nn.Parameter(wq), nn.Parameter(wk)
            else:
                self.register_buffer("W_Q", wq)
                self.register_buffer("W_K", wk)
        if cfg.score_scale is not None:
            self.score_scale = float(cfg.score_scale)
        else:
            self.score_scale = (
                1.0 / math.sqrt(self.d_qk) if cfg.attention == "softmax" else 1.0
            )

        # output-value
        self.n_out = cfg.n_out or V
        if cfg.ov == "combined":
            self.W_OV = nn.Parameter(init((self.n_out, d)))
        elif cfg.ov == "factorized":
            r = cfg.ov_rank or d
            self.W_V = nn.Parameter(init((r, d)))
            self.W_O = nn.Parameter(init((self.n_out, r)))
        else:
            if isinstance(cfg.head, torch.Tensor):
                if cfg.head.shape[1] != d:
                    raise ValueError(
                        f"head has {cfg.head.shape[1]} columns; expected d = {d}"
                    )
                self.register_buffer("head", cfg.head.detach().to(dt).clone())
                self.n_out = cfg.head.shape[0]
            else:
                self.head = None
                self.n_out = V if cfg.head == "tied" else d

        self.P = (
            nn.Parameter(torch.zeros(cfg.max_len, cfg.max_len, dtype=dt))
            if cfg.position_bias
            else None
        )

        self.convs = nn.ModuleDict()
        for s, w in (cfg.conv_window or {}).items():
            if w:
                conv = nn.Conv1d(d, d, int(w), groups=d, bias=False)
                if gen is not None:
                    bound = 1.0 / math.sqrt(int(w))
                    with torch.no_grad():
                        conv.weight.copy_(
                            (2 * torch.rand(conv.weight.shape, generator=gen) - 1)
                            * bound
                        )
                self.convs[s] = conv
        self.to(device=resolve_device(cfg.device), dtype=cfg.dtype)

    @property
    def device(self) -> torch.device:
        return self.E.device

    # -- effective matrices
    # -------------------------------------------------------------------
    def qk_matrix(self) -> torch.Tensor:
        """The score matrix ``W`` [d, d] with ``S = Xq W Xkᵀ`` (``W_Qᵀ W_K`` when
        separate)."""
        return self.W if self.cfg.qk == "merged" else self.W_Q.T @ self.W_K

    def ov_matrix(self) -> torch.Tensor:
        """The effective output-value matrix [n_out, d] (``W_O W_V``, ``W_OV``, or the
        head matrix for ``ov='identity'``: ``I_d``, ``Eᵀ``... as ``[n_out, d]``)."""
        if self.cfg.ov == "combined":
            return self.W_OV
        if self.cfg.ov == "factorized":
            return self.W_O @ self.W_V
        if isinstance(self.cfg.head, torch.Tensor):
            return self.head
        if self.cfg.head == "tied":
            return self.E
        return torch.eye(self.d, dtype=self.E.dtype, device=self.device)

    # -- forward
    # ------------------------------------------------------------------------------
    def _conv(self, stream: str, X: torch.Tensor) -> torch.Tensor:
        if stream not in self.convs:
            return X
        conv = self.convs[stream]
        w = conv.kernel_size[0]
        y = F.pad(
            X.transpose(1, 2), (w - 1, 0)
        )  # [B, d, T + w - 1], zeros on the left only
        return conv(y).transpose(1, 2)

    def forward(
        self,
        tokens: torch.Tensor,
        last_only: bool = False,
        return_weights: bool = False,
    ):
        """tokens [B, T] int -> outputs [B, T, n_out] (``last_only``: [B, n_out], only
        the last query). With ``return_weights`` also returns the attention weights
        [B, T, T] ([B, T])."""
        if (
            not isinstance(tokens, torch.Tensor)
            or tokens.ndim != 2
            or tokens.dtype not in (torch.int64, torch.int32)
        ):
            raise ValueError("tokens must be an integer tensor of shape [B, T]")
        B, T = tokens.shape
        if T < 1:
            raise ValueError("tokens must have at least one position (T >= 1)")
        if self.P is not None and T > self.cfg.max_len:
            raise ValueError(
                f"sequence length {T} exceeds max_len={self.cfg.max_len} of the "
                "positional bias"
            )
        tokens = tokens.to(self.device)
        X = self.E[tokens]  # [B, T, d]
        Xq, Xk, Xv = (self._conv(s, X) for s in CONV_STREAMS)
        if last_only:
            Xq = Xq[:, -1:, :]
        if self.cfg.qk == "merged":
            S = (Xq @ self.W) @ Xk.transpose(1, 2)
        else:
            S = (Xq @ self.W_Q.T) @ (Xk @ self.W_K.T).transpose(1, 2)
        S = S * self.score_scale  # [B, Tq, T]
        qpos = torch.arange(T - S.shape[1], T, device=self.device)
        if self.P is not None:
            S = S + self.P[qpos][:, :T]
        if self.cfg.causal:
            future = (
                torch.arange(T, device=self.device)[None, :] > qpos[:, None]
            )  # [Tq, T]
        if self.cfg.attention == "softmax":
            if self.cfg.causal:
                S = S.masked_fill(future, float("-inf"))
            A = torch.softmax(S, dim=-1)
        else:
            A = S.masked_fill(future, 0.0) if self.cfg.causal else S
        Hh = A @ Xv  # [B, Tq, d]
        if self.cfg.ov == "combined":
            out = Hh @ self.W_OV.T
        elif self.cfg.ov == "factorized":
            out = (Hh @ self.W_V.T) @ self.W_O.T
        else:
            out = (
                Hh @ self.ov_matrix().T
                if (self.head is not None or self.cfg.head == "tied")
                else Hh
            )
        if last_only:
            out, A = out[:, 0], A[:, 0]
        return (out, A) if return_weights else out


def make_model(**options: Any) -> OneLayerAttention:
    """Validated constructor: ``make_model(vocab_size=8, attention="linear",
    ov="factorized")``."""
    return OneLayerAttention(make_config(**options))


def one_matrix_model(
    vocab_size: int, head: Any = "identity", **options: Any
) -> OneLayerAttention:
    """The one-matrix model: scores ``x_iᵀ W x_j`` with a single trained ``W`` [V, V],
    one-hot embedding, value = identity embedding, fixed head (identity, tied, or a
    given
    [n_out, V]).
    Defaults: softmax with ``score_scale=1`` (no 1/sqrt(d)), causal. Other options pass
    through."""
    opts = dict(
        embedding="onehot",
        attention="softmax",
        qk="merged",
        ov="identity",
        score_scale=1.0,
    )
    opts.update(options)
    return make_model(vocab_size=vocab_size, head=head, **opts)
