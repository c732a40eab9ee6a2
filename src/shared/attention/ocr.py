"""Out-of-context reasoning (OCR) in a one-layer attention model (Huang et al.,
arXiv:2506.10887).

Three parts, all re-implemented for the book:

1. :class:`OCRTask` — the synthetic fact → implication task. ``G`` groups; group
   ``g`` has a fact answer ``b_g`` and an implication answer ``c_{π(g)}`` (``π``
   the identity unless ``pairing="random"``). Subject ``j`` (0-based) is in group
   ``j mod G``; the first ``G·train_per_group`` subjects are training subjects.
   Vocabulary layout (ids)::

       r1 = 0, r2 = 1, b = 2..G+1, c = G+2..2G+1, subjects next (N), noise next
       (n_noise), EOS last

   (``V = 128`` for the paper's ``G = 20, N = 80``). A sequence has ``T - 1`` tokens
   of noise, subject and relation (subject before relation, both at random positions)
   followed by EOS; the label is one answer token read at EOS.
2. The full model: :func:`ocr_model` builds a
   :class:`shared.attention.model.OneLayerAttention` with one-hot embedding, merged
   query-key ``W`` (``W_K = I`` frozen), linear attention and a ``factorized`` (``W_O
   W_V``) or ``combined`` (``W_OV``) output-value map. :func:`train_ocr` trains it
   with AdamW and logs cross-entropy / accuracy on four evaluation sets.
3. The reduced model (our reconstruction of the theory setting): attention frozen
   to deliver ``x = e_s + e_r`` ∈ R^D (``D = N + 2``), logits ``W x`` with ``W``
   [K = 2G, D]. Full-batch GD on ``W`` (combined) or on ``W = A B`` (factorized),
   and its exact hard-margin references, the minimum-Frobenius-norm and the
   minimum-nuclear-norm W with every training margin ≥ 1 (cvxpy: a QP, and a
   nuclear-norm SDP reduced by the task's symmetry). The λ-regularized solutions
   CE + λ‖W‖* (FISTA) and CE + λ‖W‖²_F (L-BFGS) stay as library functions; the
   chapter no longer uses them.

Units: losses are natural-log cross-entropies (nats); accuracies are fractions in [0,
1].
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from dataclasses import field

import numpy as np
import scipy.optimize
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_limits

from shared.repro.seeds import generator
from shared.repro.seeds import stream
from shared.repro.validate import choice
from shared.repro.validate import positive_float
from shared.repro.validate import positive_int

from .linalg import cosine  # noqa: F401 - part of this module's API
from .model import OneLayerAttention
from .model import make_model

KINDS = ("train_fact", "train_impl", "test_fact", "test_impl")

PROFILES = {
    "quick": {
        "steps": 2000,  # AdamW steps of the main factorized / combined runs
        "eval_every": 100,
        "n_eval": 600,  # fresh samples per evaluation kind
        "n_seeds": 3,  # main factorized / combined runs
        "long_steps": 0,  # one longer run (0 = skip)
        "reduced_m_test": (3,),
        "reduced_steps": 3000,
        "reduced_lams": (1e-3,),
        "reduced_seeds": 3,  # random initializations of A, B in the reduced model
        "spg_list": (4, 8),
        "spg_seeds": 1,
        "rank_list": (3, 8, 128),
        "rank_steps": 2000,
        "rank_seeds": 1,
        "ablations": ("wd0",),
        "ablation_steps": 2000,
        "ablation_seeds": 1,
    },
    "full": {
        "steps": 2000,
        "eval_every": 100,
        "n_eval": 600,
        "n_seeds": 5,
        "long_steps": 10000,
        "reduced_m_test": (1, 3, 7),
        "reduced_steps": 20000,
        "reduced_lams": (1e-2, 1e-3, 1e-4),
        "reduced_seeds": 5,
        "spg_list": (2, 3, 4, 6, 8, 12),
        "spg_seeds": 3,
        "rank_list": (3, 4, 8, 16, 32, 64, 128),
        "rank_steps": 20000,
        "rank_seeds": 3,
        "ablations": ("wd0", "softmax", "gaussian_combined", "random_pairing"),
        "ablation_steps": 2000,
        "ablation_seeds": 3,
    },
}


# --------------------------------------------------------------------------------------
# 1. task
# --------------------------------------------------------------------------------------
# Deliberate repeat: one task setting a line, as every task and config dataclass
# declares its fields.
@dataclass
class OCRTask:
    """The synthetic fact → implication task (see the module docstring for the id
    layout).

    ``pairing="random"`` permutes which ``c`` answers each group (drawn with
    ``pairing_seed``); it is a relabelling of the task, used to show that the
    mechanism ignores meaning.
    """

    n_groups: int = 20
    subjects_per_group: int = 4
    train_per_group: int = 1
    seq_len: int = 16
    n_noise: int = 5
    pairing: str = "identity"
    pairing_seed: int = 0
    perm: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        positive_int("n_groups", self.n_groups, minimum=2)
        for name in ("subjects_per_group", "train_per_group", "n_noise"):
            positive_int(name, getattr(self, name))
        if self.train_per_group >= self.subjects_per_group:
            raise ValueError(
                f"train_per_group={self.train_per_group} must be smaller than "
                "subjects_per_group="
                f"{self.subjects_per_group} so that every group has a test subject"
            )
        positive_int("seq_len", self.seq_len, minimum=3)  # subject, relation, EOS
        choice("pairing", self.pairing, ("identity", "random"))
        G = self.n_groups
        self.perm = (
            np.arange(G)
            if self.pairing == "identity"
            else np.random.default_rng(self.pairing_seed).permutation(G)
        )

    # ids ------------------------------------------------------------------------------
    r1, r2 = 0, 1

    @property
    def n_subjects(self) -> int:
        return self.n_groups * self.subjects_per_group

    @property
    def b_ids(self) -> np.ndarray:
        """[G] token id of each group's fact answer."""
        return 2 + np.arange(self.n_groups)

    @property
    def c_ids(self) -> np.ndarray:
        """[G] token id of c_0..c_{G-1} (not permuted; see :meth:`impl_answer`)."""
        return 2 + self.n_groups + np.arange(self.n_groups)

    @property
    def subject_ids(self) -> np.ndarray:
        return 2 + 2 * self.n_groups + np.arange(self.n_subjects)

    @property
    def noise_ids(self) -> np.ndarray:
        return 2 + 2 * self.n_groups + self.n_subjects + np.arange(self.n_noise)

    @property
    def eos(self) -> int:
        return 2 + 2 * self.n_groups + self.n_subjects + self.n_noise

    @property
    def vocab_size(self) -> int:
        return self.eos + 1

    def group_of(self, subject_index: np.ndarray) -> np.ndarray:
        """Group of subject index ``j`` (0-based, not a token id): ``j mod G``."""
        return np.asarray(subject_index) % self.n_groups

    def impl_answer(self, group: np.ndarray) -> np.ndarray:
        """Token id of the implication answer of ``group``: ``c_{π(g)}``."""
        return self.c_ids[self.perm[np.asarray(group)]]

    @property
    def train_subjects(self) -> np.ndarray:
        """Subject indices (0-based) of the training subjects: the first
        ``G·train_per_group``."""
        return np.arange(self.n_groups * self.train_per_group)

    @property
    def test_subjects(self) -> np.ndarray:
        return np.arange(self.n_groups * self.train_per_group, self.n_subjects)

    # sampling -------------------------------------------------------------------------
    def sample(self, kind: str, n: int, rng: np.random.Generator):
        """Draw ``n`` sequences of ``kind`` (one of :data:`KINDS`).

        Returns ``tokens`` [n, T] int64, ``labels`` [n] int64 (answer token ids) and
        ``subjects`` [n] (0-based subject indices). Subjects are uniform with
        replacement.
        """
        choice("kind", kind, KINDS)
        positive_int("n", n, minimum=0)
        pool = self.train_subjects if kind.startswith("train") else self.test_subjects
        subj = pool[rng.integers(0, len(pool), size=n)]
        groups = self.group_of(subj)
        is_fact = kind.endswith("fact")
        labels = self.b_ids[groups] if is_fact else self.impl_answer(groups)
        L = self.seq_len - 1
        toks = self.noise_ids[rng.integers(0, self.n_noise, size=(n, L))]
        # two distinct positions, subject first: sort a random pair without replacement
        u = rng.random((n, L))
        pos = np.sort(np.argsort(u, axis=1)[:, :2], axis=1)
        rows = np.arange(n)
        toks[rows, pos[:, 0]] = self.subject_ids[subj]
        toks[rows, pos[:, 1]] = self.r1 if is_fact else self.r2
        toks = np.concatenate([toks, np.full((n, 1), self.eos)], axis=1)
        return toks.astype(np.int64), labels.astype(np.int64), subj

    def batch(self, rng: np.random.Generator, per_kind: int = 84):
        """One training batch: ``per_kind`` each of train facts, train
        implications and test facts (``3·per_kind`` rows). Returns ``tokens``
        [3·per_kind, T], ``labels``."""
        parts = [
            self.sample(k, per_kind, rng)
            for k in ("train_fact", "train_impl", "test_fact")
        ]
        return np.concatenate([p[0] for p in parts]), np.concatenate(
            [p[1] for p in parts]
        )

    def example_table(self, rng: np.random.Generator):
        """A few human-readable rows (for the task figure): list of (kind, tokens as
        names, label)."""
        names = {self.r1: "r1", self.r2: "r2", self.eos: "EOS"}
        names.update({int(t): f"b{g}" for g, t in enumerate(self.b_ids)})
        names.update({int(t): f"c{g}" for g, t in enumerate(self.c_ids)})
        names.update({int(t): f"s{j}" for j, t in enumerate(self.subject_ids)})
        names.update({int(t): f"n{k}" for k, t in enumerate(self.noise_ids)})
        out = []
        for kind in KINDS:
            toks, lab, _ = self.sample(kind, 1, rng)
            out.append((kind, [names[int(t)] for t in toks[0]], names[int(lab[0])]))
        return out


# --------------------------------------------------------------------------------------
# 2. full model
# --------------------------------------------------------------------------------------
OV_CHOICES = ("factorized", "combined")
INIT_CHOICES = ("small", "gaussian")


def ocr_model(
    task: OCRTask,
    ov: str = "factorized",
    rank: int | None = None,
    init: str = "small",
    attention: str = "linear",
    init_scale: float = 1e-4,
    seed: int = 0,
    device="auto",
    dtype: torch.dtype = torch.float32,
) -> OneLayerAttention:
    """The paper's model for ``task``: one-hot embedding, merged query-key ``W`` [V,
    V] (scores ``W[EOS, x_t]`` from the EOS query), linear attention (``"softmax"``:
    weights softmax(scores/sqrt(V))), output-value ``factorized`` (``W_O`` [V, r]
    ``W_V`` [r, V], ``r = rank`` default V) or ``combined`` (``W_OV`` [V, V]; the
    paper's frozen ``W_V = I``).

    ``init="small"``: ``W = W_O = init_scale·𝟙𝟙ᵀ`` (``W_OV`` too when combined),
    factorized ``W_V = init_scale·I`` if ``r = V`` else ``init_scale·𝟙𝟙ᵀ``.
    ``init="gaussian"``: every trained entry ~ N(0, 1/V) (std 1/sqrt(V)).
    """
    choice("ov", ov, OV_CHOICES)
    choice("init", init, INIT_CHOICES)
    if ov == "combined" and rank is not None:
        raise ValueError("rank is only used with ov='factorized'")
    V = task.vocab_size
    if rank is not None and positive_int("rank", rank) > V:
        raise ValueError(f"rank={rank!r}: must be an integer in 1..{V}")
    positive_float("init_scale", init_scale)
    model = make_model(
        vocab_size=V,
        embedding="onehot",
        attention=attention,
        qk="merged",
        ov=ov,
        ov_rank=rank if ov == "factorized" else None,
        causal=False,
        score_scale=None if attention == "softmax" else 1.0,
        init="gaussian",
        init_scale=1.0 / math.sqrt(V),
        seed=seed,
        device=device,
        dtype=dtype,
    )
    if init == "small":
        with torch.no_grad():
            model.W.fill_(init_scale)
            if ov == "combined":
                model.W_OV.fill_(init_scale)
            else:
                model.W_O.fill_(init_scale)
                r = model.W_V.shape[0]
                if r == V:
                    model.W_V.copy_(init_scale * torch.eye(V, dtype=model.W_V.dtype))
                else:
                    model.W_V.fill_(init_scale)
    return model


def ocr_logits(
    model: OneLayerAttention, tokens: torch.Tensor, dense: bool | None = None
) -> torch.Tensor:
    """Logits [B, V] read at the last position (EOS) — the index path.

    For the one-hot merged model the score of position ``t`` is ``W[x_T, x_t]``
    (a gather) and ``h = Σ_t a_t e_{x_t}`` (a one-hot scatter); this skips the
    [B, V]×[V, V] query product of the dense forward. Equal to ``model(tokens,
    last_only=True)`` (tested to 1e-12 in float64). The bag ``h`` uses
    ``scatter_add`` on CPU and a one-hot sum when ``dense`` (default: on CUDA,
    where ``scatter_add`` is not deterministic).
    """
    cfg = model.cfg
    if (
        cfg.embedding != "onehot"
        or cfg.qk != "merged"
        or cfg.ov == "identity"
        or cfg.conv_window
        or cfg.position_bias
    ):
        raise ValueError(
            "ocr_logits needs a one-hot, merged-qk model with a combined/factorized "
            "ov and no conv/bias"
        )
    tokens = tokens.to(model.device)
    a = model.W[tokens[:, -1:], tokens] * model.score_scale  # [B, T]
    if cfg.attention == "softmax":
        a = torch.softmax(a, dim=-1)
    if dense is None:
        dense = model.device.type != "cpu"
    if not dense:
        h = torch.zeros(
            tokens.shape[0], model.d, dtype=a.dtype, device=a.device
        ).scatter_add_(1, tokens, a)
    else:  # dense one-hot sum: deterministic on CUDA (scatter_add is not)
        h = torch.einsum("bt,btv->bv", a, F.one_hot(tokens, model.d).to(a.dtype))
    if cfg.ov == "combined":
        return h @ model.W_OV.T
    return (h @ model.W_V.T) @ model.W_O.T


def among_c_metrics(logits: torch.Tensor, labels: torch.Tensor, task: OCRTask):
    """Among the G ``c`` logits: accuracy (target strictly above every other c; ties
    fail) and mean 0-based rank of the target (number of other c's at least as large;
    chance (G-1)/2 for random logits, G-1 when all tied). ``logits`` [B, V],
    ``labels`` [B] (c token ids)."""
    c = torch.as_tensor(task.c_ids, device=logits.device)
    lc = logits[:, c]  # [B, G]
    target = labels.to(logits.device)[:, None] == c[None, :]
    if not torch.all(target.sum(1) == 1):
        raise ValueError("among_c_metrics: every label must be one of the c answer ids")
    t = lc[target]  # [B]
    others = lc.masked_fill(target, -math.inf)
    rank = (others >= t[:, None]).sum(1).double()
    acc = (rank == 0).double()
    return acc.mean().item(), rank.mean().item()


@torch.no_grad()
def evaluate(model: OneLayerAttention, task: OCRTask, eval_set: dict) -> dict:
    """CE (nats, over all V tokens) and accuracy (argmax over all V) for each kind in
    ``eval_set`` (``{kind: (tokens, labels)}`` torch tensors), plus
    ``test_impl_acc_c`` / ``test_impl_rank_c`` (and the train_impl ones) among the
    c's."""
    out = {}
    for kind, (toks, lab) in eval_set.items():
        logits = ocr_logits(model, toks)
        lab = lab.to(logits.device)
        out[f"{kind}_ce"] = F.cross_entropy(logits.double(), lab).item()
        out[f"{kind}_acc"] = (logits.argmax(1) == lab).double().mean().item()
        if kind.endswith("impl"):
            out[f"{kind}_acc_c"], out[f"{kind}_rank_c"] = among_c_metrics(
                logits, lab, task
            )
    return out


def make_eval_set(task: OCRTask, n: int, seed: int, device="cpu") -> dict:
    """Fresh evaluation samples: ``{kind: (tokens [n, T], labels [n])}`` for all four
    kinds."""
    rng = generator(stream(seed, "ocr-eval"))
    out = {}
    for kind in KINDS:
        t, lab, _ = task.sample(kind, n, rng)
        out[kind] = (torch.from_numpy(t).to(device), torch.from_numpy(lab).to(device))
    return out


# Deliberate repeat: one keyword argument a line, as every training loop's signature
# (different settings).
def train_ocr(
    task: OCRTask,
    model: OneLayerAttention,
    steps: int = 2000,
    lr: float = 5e-3,
    weight_decay: float = 0.03,
    per_kind: int = 84,
    eval_every: int = 100,
    n_eval: int = 600,
    seed: int = 0,
    progress=None,
    stop=None,
) -> dict:
    """Train ``model`` on ``task`` with AdamW (β 0.9/0.999, constant ``lr``),
    mean CE over all tokens, batches of ``3·per_kind``. Evaluates at step 0 and
    every ``eval_every`` steps (and at the end) on fixed fresh samples
    (``n_eval`` per kind).

    Returns a history dict of numpy arrays: ``step`` and every key of
    :func:`evaluate`, plus ``train_loss`` (per step). ``progress`` is an optional
    wrapper for the step range (e.g. ``shared.repro.progress``). ``stop``, when
    given, is called with the history (lists so far) after every evaluation; training
    ends early when it returns True (``train_loss`` then has one entry per step run).
    """
    for name, v in (
        ("steps", steps),
        ("per_kind", per_kind),
        ("eval_every", eval_every),
        ("n_eval", n_eval),
    ):
        positive_int(name, v, minimum=0 if name == "steps" else 1)
    positive_float("lr", lr)
    positive_float("weight_decay", weight_decay, allow_zero=True)
    if model.cfg.vocab_size != task.vocab_size:
        raise ValueError(
            f"model vocab_size {model.cfg.vocab_size} != task vocab_size "
            f"{task.vocab_size}"
        )
    dev = model.device
    rng = generator(stream(seed, "ocr-batches"))
    eval_set = make_eval_set(task, n_eval, seed, dev)
    opt = torch.optim.AdamW(
        model.parameters(), lr=lr, betas=(0.9, 0.999), weight_decay=weight_decay
    )
    hist: dict = {"step": [], "train_loss": np.zeros(steps)}
    model.eval()

    def log(step):
        hist["step"].append(step)
        for k, v in evaluate(model, task, eval_set).items():
            hist.setdefault(k, []).append(v)

    log(0)
    it = range(1, steps + 1)
    if progress is not None:
        it = progress(it)
    for step in it:
        toks, lab = task.batch(rng, per_kind)
        toks, lab = torch.from_numpy(toks).to(dev), torch.from_numpy(lab).to(dev)
        loss = F.cross_entropy(ocr_logits(model, toks), lab)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        hist["train_loss"][step - 1] = loss.item()
        if step % eval_every == 0 or step == steps:
            if hist["step"][-1] != step:
                log(step)
            if stop is not None and step < steps and stop(hist):
                hist["train_loss"] = hist["train_loss"][:step]
                break
    return {k: np.asarray(v) for k, v in hist.items()}


# --------------------------------------------------------------------------------------
# weight analysis (both models)
# --------------------------------------------------------------------------------------
def transfer_ratio(W, b_rows, c_rows, columns, groups) -> np.ndarray:
    """ρ(s) = (W[c_g, s] − mean_{j≠g} W[c_j, s]) / (W[b_g, s] − mean_{j≠g} W[b_j,
    s]) per column.

    ``W`` [rows, cols]; ``b_rows``, ``c_rows`` [G] row indices of the b and c
    answers (``c_rows[g]`` is group g's implication answer); ``columns`` [n] the
    subject columns, ``groups`` [n] their groups. Returns ρ [n]. ρ ≈ 1: the
    implication is written into the column as strongly as the fact; ρ ≈ 0: no
    transfer.
    """
    W = np.asarray(W, dtype=float)
    b_rows, c_rows = np.asarray(b_rows), np.asarray(c_rows)
    columns, groups = np.asarray(columns), np.asarray(groups)
    if W.ndim != 2 or len(b_rows) != len(c_rows) or len(columns) != len(groups):
        raise ValueError(
            "transfer_ratio: W must be 2-D, len(b_rows)==len(c_rows), "
            "len(columns)==len(groups)"
        )
    G = len(b_rows)
    if G < 2:
        raise ValueError("transfer_ratio needs at least 2 groups")

    def contrast(rows):
        block = W[np.ix_(rows, columns)]  # [G, n]
        own = block[groups, np.arange(len(columns))]
        rest = (block.sum(0) - own) / (G - 1)
        return own - rest

    return contrast(c_rows) / contrast(b_rows)


def effective_rank(W) -> float:
    """(Σσ)² / Σσ² of the singular values of ``W`` (1 for rank one, n for n equal
    σ's)."""
    s = np.linalg.svd(np.asarray(W, dtype=float), compute_uv=False)
    if s.sum() == 0:
        raise ValueError("effective_rank of the zero matrix is undefined")
    return float(s.sum() ** 2 / (s**2).sum())


# --------------------------------------------------------------------------------------
# 3. reduced model (reconstruction)
# --------------------------------------------------------------------------------------
@dataclass
class ReducedData:
    """Reduced OCR data. ``X_train`` [n, D] rows ``e_s + e_r`` (D = N + 2: subjects,
    then r1, r2); ``y_train`` [n] output rows in 0..K-1 (b_g = g, c_g = G + g);
    ``X_test``/``y_test`` the test implications; ``test_subjects``/``train_subjects``
    subject indices; ``G``."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_subjects: np.ndarray
    test_subjects: np.ndarray
    G: int

    @property
    def K(self) -> int:
        return 2 * self.G

    @property
    def D(self) -> int:
        return self.X_train.shape[1]


def reduced_data(n_groups: int = 20, m_train: int = 1, m_test: int = 3) -> ReducedData:
    """All facts (s, r1) → b_g plus the training implications (s_train, r2) →
    c_g; the test set is (s_test, r2) → c_g. Subject j is in group j mod G; the
    first G·m_train are training subjects."""
    positive_int("n_groups", n_groups, minimum=2)
    positive_int("m_train", m_train)
    positive_int("m_test", m_test)
    G = n_groups
    N = G * (m_train + m_test)
    D = N + 2
    subj = np.arange(N)
    grp = subj % G
    tr, te = subj[: G * m_train], subj[G * m_train :]

    def rows(s, rel):
        X = np.zeros((len(s), D))
        X[np.arange(len(s)), s] = 1.0
        X[:, N + rel] = 1.0
        return X

    X_train = np.vstack([rows(subj, 0), rows(tr, 1)])
    y_train = np.concatenate([grp, G + grp[tr]])
    return ReducedData(X_train, y_train, rows(te, 1), G + grp[te], tr, te, G)


def ce_loss_grad(W: np.ndarray, X: np.ndarray, y: np.ndarray):
    """Mean CE of logits ``X Wᵀ`` ([n, K]) and its closed-form gradient ``(P − Y)ᵀ X
    / n`` [K, D]. ``W`` [K, D], ``X`` [n, D], ``y`` [n] ints in 0..K-1."""
    if W.ndim != 2 or X.ndim != 2 or W.shape[1] != X.shape[1] or len(y) != len(X):
        raise ValueError(
            f"ce_loss_grad: shapes W {W.shape}, X {X.shape}, y {np.shape(y)} do not "
            "match"
        )
    Z = X @ W.T
    Z = Z - Z.max(1, keepdims=True)
    logZ = np.log(np.exp(Z).sum(1))
    n = len(y)
    loss = float(np.mean(logZ - Z[np.arange(n), y]))
    P = np.exp(Z - logZ[:, None])
    P[np.arange(n), y] -= 1.0
    return loss, P.T @ X / n


def margins(W: np.ndarray, X: np.ndarray, y: np.ndarray, rows=None) -> np.ndarray:
    """Margin (Wx)_y − max_{y'≠y} (Wx)_{y'} per sample [n]; with ``rows`` (array
    of output rows) the max runs over those rows only (e.g. the c rows for test
    implications)."""
    Z = X @ W.T
    n = len(y)
    if rows is not None:
        rows = np.asarray(rows)
        if not np.all(np.isin(y, rows)):
            raise ValueError("margins: every label must be among `rows`")
        mask = np.full(Z.shape, -np.inf)
        mask[:, rows] = 0.0
        Z = Z + mask
    zy = Z[np.arange(n), y].copy()
    Z[np.arange(n), y] = -np.inf
    return zy - Z.max(1)


def nuclear_norm(W) -> float:
    return float(np.linalg.svd(np.asarray(W, dtype=float), compute_uv=False).sum())


def svt(W: np.ndarray, tau: float) -> np.ndarray:
    """Singular-value soft-thresholding, the prox of ``tau·‖·‖*``: U max(σ − tau,
    0) Vᵀ."""
    positive_float("tau", tau, allow_zero=True)
    U, s, Vt = np.linalg.svd(W, full_matrices=False)
    return (U * np.maximum(s - tau, 0.0)) @ Vt


def one_blas_thread(fn):
    """Run ``fn`` with one BLAS thread: the reduced problems are small (≤ 200 ×
    200), and a multi-threaded BLAS on a loaded machine spends most of its time
    waiting (20× slower wall)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return wrapper


@one_blas_thread
def gd_reduced(
    data: ReducedData,
    mode: str = "combined",
    lr: float = 2.0,
    steps: int = 3000,
    init_scale: float = 1e-3,
    seed: int = 0,
    log_every: int = 50,
) -> dict:
    """Full-batch GD on the mean training CE of the reduced model.

    ``mode="combined"``: on ``W`` [K, D] from 0. ``"factorized"``: on ``W = A B``
    with ``A`` [K, r], ``B`` [r, D], r = max(K, D), entries init_scale·N(0, 1).
    Returns ``{"W": final W, "step", "loss", "nuc_over_gamma", "fro_over_gamma",
    "test_margin_over_gamma" (min over test samples, among the c rows),
    "gamma"}`` logged every ``log_every`` steps (arrays)."""
    if mode not in ("combined", "factorized"):
        raise ValueError(f"mode={mode!r}: allowed ['combined', 'factorized']")
    positive_float("lr", lr)
    positive_int("steps", steps)
    positive_int("log_every", log_every)
    K, D = data.K, data.D
    X, y = data.X_train, data.y_train
    if mode == "combined":
        W = np.zeros((K, D))
    else:
        r = max(K, D)
        g = np.random.default_rng(seed)
        A, B = (
            init_scale * g.standard_normal((K, r)),
            init_scale * g.standard_normal((r, D)),
        )
        W = A @ B
    c_rows = data.G + np.arange(data.G)
    hist = {
        k: []
        for k in (
            "step",
            "loss",
            "gamma",
            "nuc_over_gamma",
            "fro_over_gamma",
            "test_margin_over_gamma",
        )
    }
    for t in range(steps + 1):
        loss, grad = ce_loss_grad(W, X, y)
        if t % log_every == 0 or t == steps:
            gam = margins(W, X, y).min()
            hist["step"].append(t)
            hist["loss"].append(loss)
            hist["gamma"].append(gam)
            hist["nuc_over_gamma"].append(nuclear_norm(W) / gam if gam > 0 else np.nan)
            hist["fro_over_gamma"].append(
                np.linalg.norm(W) / gam if gam > 0 else np.nan
            )
            tm = margins(W, data.X_test, data.y_test, c_rows).min()
            hist["test_margin_over_gamma"].append(tm / gam if gam > 0 else np.nan)
        if t == steps:
            break
        if mode == "combined":
            W = W - lr * grad
        else:
            A, B = A - lr * grad @ B.T, B - lr * A.T @ grad
            W = A @ B
    out = {k: np.asarray(v) for k, v in hist.items()}
    out["W"] = W
    return out


@one_blas_thread
def prox_nuclear_ce(
    data: ReducedData, lam: float = 1e-3, iters: int = 3000, step: float = 1.0
) -> np.ndarray:
    """FISTA on mean CE + ``lam``·‖W‖* (prox = :func:`svt`), from W = 0. Returns
    W [K, D]."""
    positive_float("lam", lam)
    positive_float("step", step)
    positive_int("iters", iters)
    X, y = data.X_train, data.y_train
    W = Z = np.zeros((data.K, data.D))
    t = 1.0
    for _ in range(iters):
        _, g = ce_loss_grad(Z, X, y)
        W_new = svt(Z - step * g, step * lam)
        t_new = 0.5 * (1 + math.sqrt(1 + 4 * t * t))
        Z = W_new + ((t - 1) / t_new) * (W_new - W)
        W, t = W_new, t_new
    return W


@one_blas_thread
def ridge_ce(data: ReducedData, lam: float = 1e-4, maxiter: int = 5000) -> np.ndarray:
    """L-BFGS (scipy) on mean CE + ``lam``·‖W‖²_F from W = 0. Returns W [K, D]."""
    positive_float("lam", lam)
    X, y, shape = data.X_train, data.y_train, (data.K, data.D)

    def fun(w):
        W = w.reshape(shape)
        loss, g = ce_loss_grad(W, X, y)
        return loss + lam * (w @ w), (g + 2 * lam * W).ravel()

    res = scipy.optimize.minimize(
        fun,
        np.zeros(shape).ravel(),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": maxiter, "gtol": 1e-10, "ftol": 1e-15},
    )
    return res.x.reshape(shape)


def toy_nuclear_norm(t, k: int):
    """Closed form ‖M(t)‖* = sqrt(k + 2 + k t² + 2√k |1 − t|) of M(t) = [[1,
    1…1], [1, t…t]] (2 × (k+1): one training column, k test columns). Minimized
    at t* = 1/√k (for k ≥ 1)."""
    positive_int("k", k)
    t = np.asarray(t, dtype=float)
    return np.sqrt(k + 2 + k * t**2 + 2 * np.sqrt(k) * np.abs(1 - t))


def toy_matrix(t: float, k: int) -> np.ndarray:
    """M(t) [2, k+1] of :func:`toy_nuclear_norm`."""
    positive_int("k", k)
    return np.array([[1.0] * (k + 1), [1.0] + [float(t)] * k])


# --------------------------------------------------------------------------------------
# 4. exact hard-margin references (cvxpy)
# --------------------------------------------------------------------------------------
def _margin_constraint(W, data: ReducedData):
    """cvxpy constraint: every training margin (Wx)_y − (Wx)_k ≥ 1, k ≠ y, for the
    affine [K, D] expression ``W``."""
    import cvxpy as cp
    import scipy.sparse as sp

    K, n, y = data.K, len(data.y_train), data.y_train
    i, k = np.nonzero(np.arange(K)[None, :] != y[:, None])
    P = len(i)
    ones = np.ones(P)
    S = sp.csr_matrix((ones, (np.arange(P), y[i] + K * i)), shape=(P, K * n))
    S = S - sp.csr_matrix((ones, (np.arange(P), k + K * i)), shape=(P, K * n))
    Z = W @ data.X_train.T  # [K, n]
    return S @ cp.vec(Z, order="F") >= 1


@one_blas_thread
def hard_margin_fro(data: ReducedData) -> np.ndarray:
    """The minimum-Frobenius-norm W with every training margin ≥ 1 (a QP, solved
    exactly by CLARABEL); the limit direction of GD on W from 0 (Soudry et al.
    2018, multiclass). Returns W [K, D]."""
    import cvxpy as cp

    W = cp.Variable((data.K, data.D))
    prob = cp.Problem(cp.Minimize(cp.sum_squares(W)), [_margin_constraint(W, data)])
    prob.solve(solver="CLARABEL")
    if prob.status != "optimal":
        raise RuntimeError(f"hard_margin_fro: solver status {prob.status}")
    return np.asarray(W.value)


def symmetric_basis(data: ReducedData) -> np.ndarray:
    """Basis [12, K, D] of the W invariant under relabelling the groups (rows and
    subjects together) and permuting the subjects of one kind within a group: b or
    c rows × (own-group / other-group) × (training / held-out subjects), then the
    b and c rows against r1 and r2."""
    K, D, G = data.K, data.D, data.G
    N = D - 2
    grp = np.arange(N) % G
    train = np.isin(np.arange(N), data.train_subjects)
    B = np.zeros((12, K, D))
    for a, rows in enumerate((np.arange(G), G + np.arange(G))):
        for h, row in enumerate(rows):
            own = grp == h
            for b, cols in enumerate((train, ~train)):
                B[4 * a + 2 * b, row, :N] = own & cols
                B[4 * a + 2 * b + 1, row, :N] = ~own & cols
        B[8 + 2 * a, rows, N] = 1.0
        B[8 + 2 * a + 1, rows, N + 1] = 1.0
    return B


def _symmetric_blocks(a, data: ReducedData):
    """The two blocks whose singular values are those of ``Σ a_p B_p``: the
    sum-zero-over-groups block [2, 2] (multiplicity G − 1) and the group-average
    block [2, 4]. ``a``: 12 coefficients (numpy or cvxpy)."""
    import cvxpy as cp

    G = data.G
    mtr = len(data.train_subjects) / G
    mte = len(data.test_subjects) / G
    st, se, sg = math.sqrt(mtr), math.sqrt(mte), math.sqrt(G)

    def row(o):  # o = 0 for the b rows, 4 for the c rows
        std = [st * (a[o] - a[o + 1]), se * (a[o + 2] - a[o + 3])]
        avg = [
            st * (a[o] + (G - 1) * a[o + 1]),
            se * (a[o + 2] + (G - 1) * a[o + 3]),
            sg * a[8 + o // 2],
            sg * a[9 + o // 2],
        ]
        return std, avg

    (sb, ab), (sc, ac) = row(0), row(4)
    if isinstance(a, np.ndarray):
        return np.array([sb, sc]), np.array([ab, ac])
    return cp.bmat([sb, sc]), cp.bmat([ab, ac])


def symmetric_nuclear_norm(a, data: ReducedData) -> float:
    """‖Σ a_p B_p‖* from the two small blocks: (G − 1)·‖std‖* + ‖avg‖*."""
    std, avg = _symmetric_blocks(np.asarray(a, dtype=float), data)
    return (data.G - 1) * nuclear_norm(std) + nuclear_norm(avg)


@one_blas_thread
def hard_margin_nuc(data: ReducedData, symmetric: bool = True) -> np.ndarray:
    """A minimum-nuclear-norm W with every training margin ≥ 1; the direction the
    theory names for GD on a product A B from small initialization (Gunasekar et
    al. 2017). Returns W [K, D].

    ``symmetric=True`` (default) searches the 12-dimensional space of
    :func:`symmetric_basis`. The problem is convex and invariant under the
    relabellings that define it, so averaging any minimizer over them gives a
    symmetric minimizer with the same norm: the minimum is exact, and the result
    is the symmetric one (the unique one when the minimizer is unique). Its
    nuclear norm is (G − 1)·‖std‖* + ‖avg‖* of two small blocks, so the SDP is
    tiny (CLARABEL). ``symmetric=False`` solves the full [K, D] SDP with SCS
    (tolerance 1e-9; slow beyond a few held-out subjects per group)."""
    import cvxpy as cp

    if symmetric:
        B = symmetric_basis(data)
        a = cp.Variable(12)
        W = cp.reshape(B.reshape(12, -1).T @ a, (data.K, data.D), order="C")
        std, avg = _symmetric_blocks(a, data)
        obj = (data.G - 1) * cp.normNuc(std) + cp.normNuc(avg)
        prob = cp.Problem(cp.Minimize(obj), [_margin_constraint(W, data)])
        prob.solve(solver="CLARABEL")
        out = None if a.value is None else np.tensordot(a.value, B, axes=1)
    else:
        W = cp.Variable((data.K, data.D))
        cons = [_margin_constraint(W, data)]
        prob = cp.Problem(cp.Minimize(cp.normNuc(W)), cons)
        prob.solve(solver="SCS", eps_abs=1e-9, eps_rel=1e-9, max_iters=200000)
        out = W.value
    if prob.status != "optimal" or out is None:
        raise RuntimeError(f"hard_margin_nuc: solver status {prob.status}")
    return np.asarray(out)
