"""The ``cat`` chapter's experiments: profiles, training runs, the N-gram and hand-built
analyses, the per-seed table, the measured values for :func:`cat_claims.claims` and the
key numbers.

The notebook calls, in order, :func:`run_training` (every MQAR, N-gram and selective-
copying run of a profile), :func:`run_ngram` (the N-gram grid and its suffix oracle),
:func:`run_hand_built` (the construction's length sweep and the null of claim C3),
:func:`example_attention` (one attention map), then :func:`measured` and
:func:`key_numbers`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import time
from dataclasses import dataclass

import numpy as np
import torch

from shared.repro.seeds import generator
from shared.repro.seeds import int_seed
from shared.repro.seeds import spawn
from shared.repro.seeds import stream
from shared.repro.validate import positive_int

from .cat_claims import Measured
from .cat_construction import hand_built_cat
from .cat_construction import hand_built_sweep
from .cat_models import make_cat_model
from .cat_tasks import mqar
from .cat_tasks import ngram_recall
from .cat_tasks import suffix_oracle
from .cat_training import Job
from .cat_training import converged
from .cat_training import evaluate
from .cat_training import jump_step
from .cat_training import plateau_hint
from .cat_training import run_jobs

BASELINE_KINDS = ("rope", "nope", "ape")
STREAM_KINDS = ("cat-q", "cat-k", "cat-v", "cat")
STREAM_NAMES = {"cat-q": "Q", "cat-k": "K", "cat-v": "V", "cat": "QKV"}


@dataclass(frozen=True)
class Profile:
    """Settings of one profile (lengths in tokens, learning rates per step).

    MQAR: ``vocab`` tokens, model width ``d_model``, trained at ``train_len`` tokens
    with ``train_pairs`` key-value pairs for ``steps`` AdamW steps (peak learning rate
    ``lr``, ``weight_decay``, share ``warmup`` of the one-cycle schedule rising,
    ``batch`` fresh sequences per step), filter ``window`` taps. ``test_grid``: (length,
    pairs) test points; ``n_test`` sequences per point (``n_test_long`` from
    ``long_from`` tokens on). ``cat_seeds``: seed indices of the CAT runs;
    ``baseline_runs``: ((kind, seed indices), ...) of the attention layers without
    convolution, trained ``baseline_steps`` steps; ``stream_runs``: streams of the
    single-stream ablation (first CAT seed).

    N-gram recall: ``nar_vocab`` tokens, length ``nar_len``, ``nar_orders`` N and
    ``nar_windows`` W, ``nar_steps`` steps, tested at ``nar_test_mult`` times the length
    on ``nar_n_test`` sequences; the suffix oracle uses ``oracle_n`` sequences.

    Hand-built CAT: margins ``hb_betas``, lengths ``hb_lengths``, ``hb_pairs`` pairs,
    about ``hb_tokens`` tokens per length.

    Random filler: every CAT and baseline MQAR run is also tested with disjoint random
    filler (tokens that are never a key or value of the sequence); ``rf_seeds``: seed
    indices of CAT runs *trained* with that filler (full profile).

    The Mamba/APE sweep (``ssm``: full profile; a larger size with ``CAT_SSM=1``, see
    :func:`with_env`): every model of ``sweep_kinds`` trained at length ``sweep_len``
    with each number of pairs of ``sweep_pairs``, each learning rate of ``sweep_lrs``
    (one grid shared by every model) and each seed index of ``sweep_seeds`` (the same
    training stream for every model), ``sweep_steps`` steps of ``sweep_batch``
    sequences for every model, tested at the training setting.

    Full-profile switch ``sc`` (selective copying: length ``sc_len``, ``sc_tokens``
    data tokens, ``sc_vocab``, ``sc_steps`` steps, tested at ``sc_test_lens``, seeds
    ``sc_seeds``). ``workers``: training processes on the CPU (one thread each).
    """

    vocab: int
    d_model: int
    train_len: int
    train_pairs: int
    steps: int
    lr: float
    weight_decay: float
    warmup: float
    batch: int
    window: int
    test_grid: tuple
    n_test: int
    n_test_long: int
    long_from: int
    cat_seeds: tuple
    baseline_runs: tuple
    baseline_steps: int
    stream_runs: tuple
    nar_vocab: int
    nar_len: int
    nar_orders: tuple
    nar_windows: tuple
    nar_steps: int
    nar_test_mult: tuple
    nar_n_test: int
    oracle_n: int
    hb_betas: tuple
    hb_lengths: tuple
    hb_pairs: int
    hb_tokens: int
    rf_seeds: tuple
    ssm: bool
    sweep_len: int
    sweep_pairs: tuple
    sweep_kinds: tuple
    sweep_lrs: tuple
    sweep_seeds: tuple
    sweep_steps: int
    sweep_batch: int
    workers: int
    sc: bool
    sc_seeds: tuple
    sc_len: int
    sc_tokens: int
    sc_vocab: int
    sc_steps: int
    sc_test_lens: tuple

    @property
    def rf_kinds(self) -> tuple:
        """Model names of the random-filler-trained runs (empty in the quick
        profile)."""
        return ("cat-rf",) if self.rf_seeds else ()

    @property
    def chance(self) -> float:
        """MQAR chance level at the training length: 1 / number of pairs."""
        return 1.0 / self.train_pairs

    @property
    def baselines(self) -> tuple:
        """Kinds of the attention baselines, in the profile's order."""
        return tuple(kind for kind, _ in self.baseline_runs)


# Deliberate repeat: same one-setting-a-line layout as every chapter's QUICK profile
# (different settings); FULL and the GPU sweep below change only what differs.
QUICK = Profile(
    vocab=128,
    d_model=64,
    train_len=64,
    train_pairs=8,
    steps=300,
    lr=1e-2,
    weight_decay=0.1,
    warmup=0.1,
    batch=64,
    window=3,
    test_grid=((64, 8), (128, 8), (256, 16), (512, 16), (1024, 32)),
    n_test=256,
    n_test_long=64,
    long_from=512,
    cat_seeds=(0, 1, 2),
    baseline_runs=(("rope", (0, 1)), ("nope", (0,))),
    baseline_steps=300,
    stream_runs=("q", "k", "v"),
    nar_vocab=16,
    nar_len=32,
    nar_orders=(2,),
    nar_windows=(1, 2, 3),
    nar_steps=500,
    nar_test_mult=(1, 2, 4),
    nar_n_test=512,
    oracle_n=2000,
    hb_betas=(1.5, 2.0, 2.5, 3.0),
    hb_lengths=(64, 128, 256, 512, 1024, 2048),
    hb_pairs=8,
    hb_tokens=8192,
    rf_seeds=(),
    ssm=False,
    sweep_len=64,
    sweep_pairs=(4, 8, 16),
    sweep_kinds=("cat", "ape", "ssm", "mamba"),
    sweep_lrs=(3e-3, 1e-2, 3e-2),
    sweep_seeds=(0, 1, 2),
    sweep_steps=200,
    sweep_batch=32,
    workers=2,
    sc=False,
    sc_seeds=(),
    sc_len=64,
    sc_tokens=8,
    sc_vocab=16,
    sc_steps=1000,
    sc_test_lens=(64, 128, 256),
)

# 300 steps: CAT leaves its plateau near step 65, so this is still ~4.5x that; the
# baselines get as many steps (1.5x CAT's in the full profile).
#
# The Mamba/APE sweep (full profile), sized for this 2-core CPU. Per-step CPU cost,
# one thread, AdamW step on MQAR with d = 64, V = 128 (measured 2026-12-06 with
# time.process_time; batch 64 at L = 64 / L = 128, and batch 32 at L = 64):
#   CAT 15 / 36 / 10 ms; APE attention 9 / 24 / 6 ms;
#   small SSM (expand 1, state 8, full-rank Δ) 114 / 315 / 66 ms;
#   Mamba defaults (expand 2, state 16, Δ rank 4) 539 / 2030 / 238 ms.
# Hence L = 64, batch 32, 200 steps (CAT at lr 1e-2 solves 16 pairs there in a pilot
# run; lr 3e-3 and 1e-3 did not), pairs 4, 8, 16, lr grid 3e-3, 1e-2, 3e-2 shared by
# every model, 3 seeds: 108 runs, 27 per model, 27 x 200 steps x (0.238 + 0.066 +
# 0.010 + 0.006) s = ~1730 CPU-s (Mamba defaults ~1290 of it) plus testing, about
# 15 min wall on the 2 workers. The rest of the full profile is ~10 CPU-min (~5 min
# wall), so the whole cat full profile is estimated at ~20 min wall here.
FULL = dataclasses.replace(
    QUICK,
    steps=400,
    test_grid=(
        *QUICK.test_grid,
        (2048, 32),  # keys come from 1..V/2-1: at most 63 pairs with V = 128
    ),
    n_test_long=32,
    cat_seeds=(0, 1, 2, 3, 4),
    baseline_runs=(("rope", (0, 1, 2)), ("nope", (0, 1, 2)), ("ape", (0, 1, 2))),
    baseline_steps=600,
    nar_orders=(1, 2, 3),
    nar_windows=(1, 2, 3, 4),
    oracle_n=4000,
    hb_tokens=16384,
    rf_seeds=(0, 1, 2),
    ssm=True,
    sc=True,
    sc_seeds=(0, 1, 2),
)

PROFILES = {"quick": QUICK, "full": FULL}

#: Environment variable that switches the full profile's sweep to its larger GPU size.
SSM_ENV = "CAT_SSM"

#: The GPU-size sweep (``CAT_SSM=1``, full profile): longer sequences, up to 32 pairs,
#: a wider learning-rate grid, more steps and larger batches: 192 runs of 1000 steps.
#: Not yet run; expected roughly 45-60 min on one H100 with the rest of the full
#: profile (an estimate from the CPU step costs, not a measurement).
GPU_SWEEP = dict(
    sweep_len=256,
    sweep_pairs=(4, 8, 16, 32),
    sweep_lrs=(1e-3, 3e-3, 1e-2, 3e-2),
    sweep_steps=1000,
    sweep_batch=64,
)


def with_env(p: Profile, profile: str) -> Profile:
    """``p``, with the full profile's Mamba/APE sweep at its larger GPU size
    (:data:`GPU_SWEEP`) when the environment sets ``CAT_SSM=1``:
    ``CAT_SSM=1 make archive CHAPTERS=cat`` on a CUDA machine. Without it the full
    profile runs the CPU-size sweep, and the quick profile none."""
    if os.environ.get(SSM_ENV, "") not in ("", "0") and profile == "full":
        return dataclasses.replace(p, **GPU_SWEEP)
    return p


# ------------------------------------------------------------------ training runs
# Deliberate repeat: one typed field a line, the layout of every chapter's result
# dataclass (different fields).
@dataclass(frozen=True)
class Training:
    """Every training run of a profile. ``run_seeds[i]``: the seed of seed index ``i``
    (children of ``SeedSequence(seed)``); ``mqar``, ``nar``, ``sc``: the results per
    task in job order; ``rf``: CAT runs trained with disjoint random filler;
    ``sweep``: the Mamba/APE sweep; ``wall_seconds``: wall time of all runs;
    ``workers``: processes used."""

    profile: Profile
    seed: int
    run_seeds: tuple
    mqar: tuple
    nar: tuple
    sc: tuple
    wall_seconds: float
    workers: int
    rf: tuple = ()
    sweep: tuple = ()

    def of(self, kind: str) -> tuple:
        """The MQAR runs of model ``kind``, in seed order."""
        return tuple(r for r in self.mqar if r.job.kind == kind)

    def acc_train(self, kind: str) -> np.ndarray:
        """Per-seed MQAR accuracy of ``kind`` at the training length."""
        return np.array([r.test[0] for r in self.of(kind)])

    @property
    def kinds(self) -> tuple:
        """CAT, the baselines and (full profile) the SSM: the models of the
        comparison."""
        return ("cat", *self.profile.baselines)

    @property
    def streams(self) -> dict:
        """{kind: result} of the stream ablation (first CAT seed), Q, K, V and QKV."""
        return {k: self.of(k)[0] for k in STREAM_KINDS}

    @property
    def cpu_seconds(self) -> float:
        runs = (*self.mqar, *self.nar, *self.sc, *self.rf, *self.sweep)
        return float(sum(r.cpu_seconds for r in runs))


def _run_seeds(p: Profile, seed: int) -> list[int]:
    used = [*p.cat_seeds, *p.rf_seeds, *(i for _, ii in p.baseline_runs for i in ii)]
    used += [*p.sweep_seeds, *p.sc_seeds]
    children = np.random.SeedSequence(seed).spawn(1 + max(used))
    return [int(c.generate_state(1)[0]) for c in children]


# Deliberate repeat: a recipe dict of the profile's settings, one a line, like other
# chapters' run builders (different settings).
def training_jobs(p: Profile, seed: int, device: str = "cpu") -> list[Job]:
    """The jobs of :func:`run_training`: CAT seeds, baselines, the stream ablation, the
    SSM (full), the N-gram grid and selective copying (full). Run ``i`` of every model
    uses seed index ``i``, so models with the same index see the same training
    stream."""
    seeds = _run_seeds(p, seed)
    recipe = dict(
        lr=p.lr,
        batch=p.batch,
        weight_decay=p.weight_decay,
        warmup=p.warmup,
        d_model=p.d_model,
        device=device,
    )
    mq = dict(
        **recipe,
        task="mqar",
        steps=p.steps,
        window=p.window,
        vocab=p.vocab,
        train_len=p.train_len,
        train_pairs=p.train_pairs,
        test_grid=p.test_grid,
        n_test=p.n_test,
        n_test_long=p.n_test_long,
        long_from=p.long_from,
    )
    s0 = p.cat_seeds[0]
    jobs = [
        Job(
            **mq,
            kind="cat",
            seed=seeds[s],
            seed_index=s,
            return_state=(s == s0),
            test_disjoint=True,
        )
        for s in p.cat_seeds
    ]
    for kind, idx in p.baseline_runs:
        jobs += [
            Job(
                **{**mq, "steps": p.baseline_steps},
                kind=kind,
                seed=seeds[s],
                seed_index=s,
                test_disjoint=True,
            )
            for s in idx
        ]
    ends = (p.test_grid[0], p.test_grid[-1])  # the ablation is tested at both ends only
    for s_name in p.stream_runs:
        jobs.append(
            Job(
                **{**mq, "test_grid": ends},
                kind=f"cat-{s_name}",
                seed=seeds[s0],
                seed_index=s0,
            )
        )
    jobs += [  # trained with disjoint random filler, tested with both fillers
        Job(
            **mq,
            kind="cat",
            seed=seeds[s],
            seed_index=s,
            filler="disjoint",
            test_disjoint=True,
            group="rf",
        )
        for s in p.rf_seeds
    ]
    if p.ssm:  # the Mamba/APE sweep: every model, pairs, learning rate and seed
        for kind in p.sweep_kinds:
            for n in p.sweep_pairs:
                for lr in p.sweep_lrs:
                    at = dict(
                        mq,
                        lr=lr,
                        steps=p.sweep_steps,
                        batch=p.sweep_batch,
                        train_len=p.sweep_len,
                        train_pairs=n,
                        test_grid=((p.sweep_len, n),),
                        group="sweep",
                    )
                    jobs += [
                        Job(**at, kind=kind, seed=seeds[s], seed_index=s)
                        for s in p.sweep_seeds
                    ]
    rec = dict(**recipe, kind="cat")

    def cat_job(task: str, s: int, **settings) -> Job:
        """A CAT job of ``task`` (N-gram recall or selective copying), seed index
        ``s``."""
        return Job(**rec, task=task, seed=seeds[s], seed_index=s, **settings)

    for N in p.nar_orders:
        for W in p.nar_windows:
            # the window the claim is about (W = N + 1) gets every CAT seed; others seed
            # 0
            for s in p.cat_seeds if W == N + 1 else (s0,):
                jobs.append(
                    cat_job(
                        "nar",
                        s,
                        steps=p.nar_steps,
                        window=W,
                        vocab=p.nar_vocab,
                        train_len=p.nar_len,
                        order=N,
                        test_lens=tuple(m * p.nar_len for m in p.nar_test_mult),
                        n_test=p.nar_n_test,
                    )
                )
    if p.sc:  # selective copying (exploratory): one long filter spanning the context
        for s in p.sc_seeds:
            jobs.append(
                cat_job(
                    "sc",
                    s,
                    steps=p.sc_steps,
                    window=p.sc_len - p.sc_tokens,
                    vocab=p.sc_vocab,
                    train_len=p.sc_len,
                    num_tokens=p.sc_tokens,
                    test_lens=p.sc_test_lens,
                    n_test=p.n_test,
                )
            )
    return jobs


def run_training(
    p: Profile, seed: int, device: str = "cpu", workers: int | None = None
) -> Training:
    """Train and test every model of profile ``p`` (worker processes of one thread on
    the CPU, one process on CUDA)."""
    if not isinstance(p, Profile):
        raise ValueError(f"profile must be a Profile, got {type(p).__name__}")
    seed = positive_int("seed", seed, 0)
    if workers is None:
        workers = 1 if device == "cuda" else p.workers
    jobs = training_jobs(p, seed, device)
    t0 = time.perf_counter()
    results = run_jobs(jobs, workers=workers)
    wall = time.perf_counter() - t0
    main = [r for r in results if r.job.group == ""]
    by_task = {
        t: tuple(r for r in main if r.job.task == t) for t in ("mqar", "nar", "sc")
    }
    return Training(
        profile=p,
        seed=seed,
        run_seeds=tuple(_run_seeds(p, seed)),
        mqar=by_task["mqar"],
        nar=by_task["nar"],
        sc=by_task["sc"],
        wall_seconds=wall,
        workers=workers,
        rf=tuple(r for r in results if r.job.group == "rf"),
        sweep=tuple(r for r in results if r.job.group == "sweep"),
    )


def plateau_warnings(tr: Training) -> list[str]:
    """One line for each CAT or K-only run that ended on its loss plateau."""
    return [
        "NOT CONVERGED: " + plateau_hint(r)
        for r in tr.mqar
        if r.job.kind in ("cat", "cat-k") and not converged(r)
    ]


def _fmt(v: float, spec: str) -> str:
    return "n/a" if math.isnan(v) else format(v, spec)


def per_seed_table(tr: Training) -> str:
    """Markdown table: each MQAR run's accuracy per test point ("—": not tested), the
    step its running batch accuracy first reached 0.9 and its value mass."""
    grid = tr.profile.test_grid
    head = " | ".join(f"{L}/{n}" for L, n in grid)
    rows = [
        f"| model | seed | {head} | jump step | value mass |",
        "|---|---|" + "---|" * len(grid) + "---|---|",
    ]
    for r in tr.mqar:
        js = jump_step(r.train_acc)
        got = dict(zip(r.job.test_grid, r.test))
        accs = " | ".join("—" if g not in got else _fmt(got[g], ".3f") for g in grid)
        vm = "—" if math.isnan(r.value_mass) else f"{r.value_mass:.2f}"
        jump = "—" if js is None else js
        rows.append(f"| {r.job.kind} | {r.job.seed_index} | {accs} | {jump} | {vm} |")
    return "\n".join(rows)


def example_attention(tr: Training, seed: int) -> tuple:
    """Attention map [L, L] of the first CAT run on one training-length MQAR sequence,
    with that sequence's inputs and labels [L]."""
    p = tr.profile
    main = tr.streams["cat"]
    model = make_cat_model(
        "cat",
        p.vocab,
        p.d_model,
        window=p.window,
        max_len=p.train_len,
        seed=main.job.seed,
        device="cpu",
    )
    model.load_state_dict(main.state)
    rng = generator(stream(seed, "example"))
    x, y = mqar(rng, 1, p.train_len, p.train_pairs, p.vocab)
    with torch.no_grad():
        _, A = model(torch.from_numpy(x), return_weights=True)
    return A[0].numpy(), x[0], y[0]


# ------------------------------------------------------------------ N-gram recall
@dataclass(frozen=True)
class NGram:
    """N-gram recall results. ``acc`` [test multiple, order, window]: seed-0 accuracy;
    ``seed_acc`` {(N, W): per-seed accuracies [seeds, test multiples]}; ``oracle``
    [order, window]: the suffix oracle's expected accuracy."""

    orders: tuple
    windows: tuple
    test_mult: tuple
    nar_len: int
    acc: np.ndarray
    seed_acc: dict
    oracle: np.ndarray

    @property
    def graded_orders(self) -> tuple:
        """Orders N with both W = N and W = N + 1 trained (C4 grades each)."""
        return tuple(
            N for N in self.orders if N + 1 in self.windows and N in self.windows
        )

    @property
    def claim_order(self) -> int:
        """The headline order of C4: N = 2 (the quick profile's) when graded, else the
        largest graded N."""
        return 2 if 2 in self.graded_orders else max(self.graded_orders)


def run_ngram(tr: Training, seed: int) -> NGram:
    """Collect the N-gram runs of ``tr`` and compute the suffix oracle."""
    p = tr.profile
    orders, windows = list(p.nar_orders), list(p.nar_windows)
    acc = np.full((len(p.nar_test_mult), len(orders), len(windows)), np.nan)
    seed_acc: dict = {}
    s0 = p.cat_seeds[0]
    for r in tr.nar:
        N, W = r.job.order, r.job.window
        seed_acc.setdefault((N, W), []).append(list(r.test))
        if r.job.seed_index == s0:  # the heat map shows seed 0
            acc[:, orders.index(N), windows.index(W)] = r.test
    oracle = np.full((len(orders), len(windows)), np.nan)
    for a, N in enumerate(orders):
        rng = generator(stream(seed, f"ngram-oracle-N{N}"))
        xo, yo = ngram_recall(rng, p.oracle_n, p.nar_len, N, p.nar_vocab)
        for b, W in enumerate(windows):
            oracle[a, b] = suffix_oracle(xo, yo, W).mean()
    return NGram(
        orders=tuple(orders),
        windows=tuple(windows),
        test_mult=tuple(p.nar_test_mult),
        nar_len=p.nar_len,
        acc=acc,
        seed_acc=seed_acc,
        oracle=oracle,
    )


# ------------------------------------------------------------------ hand-built CAT
@dataclass(frozen=True)
class HandBuilt:
    """The hand-built CAT. ``measured``, ``predicted`` [beta, length]: accuracy and its
    closed form on the sweep; ``agree``: equal query by query everywhere;
    ``exact_below_limit``: accuracy 1 wherever e^{beta^2} > L; ``narrow_beta``: the
    smallest beta exact at the training length; ``narrow_acc``: its accuracy on the
    trained models' test grid."""

    betas: tuple
    lengths: tuple
    measured: np.ndarray
    predicted: np.ndarray
    n_queries: tuple
    agree: bool
    exact_below_limit: bool
    narrow_beta: float
    narrow_acc: tuple
    seconds: float


def run_hand_built(p: Profile, seed: int) -> HandBuilt:
    """The length sweep of the construction and the null of C3 (the narrowest margin
    that is still exact at the training length, on the trained models' test grid)."""
    t0 = time.perf_counter()
    hb = hand_built_sweep(
        p.hb_betas,
        p.hb_lengths,
        num_kv=p.hb_pairs,
        vocab=p.vocab,
        tokens=p.hb_tokens,
        seed=int_seed(stream(seed, "hand-built-sweep")),
    )
    limit = np.array([[math.exp(b**2) > L for L in p.hb_lengths] for b in p.hb_betas])
    j_train = list(p.hb_lengths).index(p.train_len)
    narrow_beta = min(
        b for i, b in enumerate(p.hb_betas) if hb["measured"][i, j_train] == 1.0
    )
    narrow = hand_built_cat(narrow_beta, p.vocab)
    narrow_acc = []
    test_seeds = spawn(seed, len(p.test_grid), "hand-built-test")
    for i, (L, n) in enumerate(p.test_grid):
        long = L >= p.long_from
        r = evaluate(
            narrow,
            lambda rr, b, L=L, n=n: mqar(rr, b, L, n, p.vocab),
            p.n_test_long if long else p.n_test,
            int_seed(test_seeds[i]),
            batch=16 if long else 64,
        )
        narrow_acc.append(r["acc"])
    return HandBuilt(
        betas=tuple(p.hb_betas),
        lengths=tuple(p.hb_lengths),
        measured=hb["measured"],
        predicted=hb["predicted"],
        n_queries=tuple(hb["n_queries"]),
        agree=bool(hb["agree"].all()),
        exact_below_limit=bool((hb["measured"][limit] == 1.0).all()),
        narrow_beta=narrow_beta,
        narrow_acc=tuple(narrow_acc),
        seconds=time.perf_counter() - t0,
    )


# ------------------------------------------------------------------ random filler
def disjoint_min_longer(results) -> tuple:
    """Per run, the lowest accuracy over the longer test lengths with disjoint random
    filler."""
    return tuple(float(min(r.test_disjoint[1:])) for r in results)


def random_filler_lines(tr: Training) -> list[str]:
    """One line per run tested with disjoint random filler: accuracies on the test
    grid with zero filler and with disjoint random filler."""
    out = []
    for r in (*tr.mqar, *tr.rf):
        if not r.test_disjoint:
            continue
        trained = "random" if r.job.filler == "disjoint" else "zero"
        z = ", ".join(_fmt(a, ".3f") for a in r.test)
        d = ", ".join(_fmt(a, ".3f") for a in r.test_disjoint)
        out.append(
            f"{r.job.kind} seed {r.job.seed_index} (trained on {trained} filler): "
            f"zero filler [{z}]; disjoint random filler [{d}]"
        )
    return out


# ------------------------------------------------------------------ Mamba/APE sweep
@dataclass(frozen=True)
class SweepCurves:
    """What the sweep's figure shows: per model its tuned learning rate ``lr``
    {kind: lr} and ``acc`` {kind: accuracy [pairs, seed] at that rate}, at length
    ``seq_len`` with ``pairs``. Built from a run (:meth:`Sweep.curves`) or from an
    archived run's key numbers (:func:`sweep_curves_from_key_numbers`)."""

    kinds: tuple
    pairs: tuple
    seq_len: int
    lr: dict
    acc: dict


@dataclass(frozen=True)
class Sweep:
    """The Mamba/APE sweep. ``acc`` [kind, pairs, lr, seed]: MQAR accuracy at the
    training setting; ``best_lr`` {kind: the grid's learning rate with the highest mean
    accuracy over pairs and seeds}; ``cpu_seconds``: CPU time of its runs."""

    kinds: tuple
    pairs: tuple
    lrs: tuple
    seeds: tuple
    seq_len: int
    acc: np.ndarray
    cpu_seconds: float

    @property
    def best_lr(self) -> dict:
        means = self.acc.mean(axis=(1, 3))  # [kind, lr]
        return {k: self.lrs[int(np.argmax(means[i]))] for i, k in enumerate(self.kinds)}

    def at_best(self, kind: str) -> np.ndarray:
        """Accuracy [pairs, seed] of ``kind`` at its tuned learning rate."""
        i = self.kinds.index(kind)
        return self.acc[i, :, self.lrs.index(self.best_lr[kind]), :]

    def curves(self) -> SweepCurves:
        """The sweep at each model's tuned learning rate (what the figure shows)."""
        return SweepCurves(
            kinds=self.kinds,
            pairs=self.pairs,
            seq_len=self.seq_len,
            lr=dict(self.best_lr),
            acc={k: self.at_best(k) for k in self.kinds},
        )


def sweep_curves_from_key_numbers(text: str) -> SweepCurves | None:
    """The sweep's curves from the printed key numbers of a run (``name = value``
    lines, e.g. an archive's ``key_numbers``): ``sweep_len``, ``sweep_<kind>_lr`` and
    ``sweep_<kind>_n<pairs>_s<seed>_acc``. ``None`` when they hold no sweep."""
    if not isinstance(text, str):
        raise ValueError(f"text must be the key numbers as a str, got {type(text)}")
    vals = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep:
            vals[name.strip()] = value.strip()
    cells: dict = {}
    for name, value in vals.items():
        m = re.fullmatch(r"sweep_([a-z-]+)_n(\d+)_s(\d+)_acc", name)
        if m:
            cells[(m[1], int(m[2]), int(m[3]))] = float(value)
    if not cells or "sweep_len" not in vals:
        return None
    kinds = tuple(dict.fromkeys(k for k, _, _ in cells))
    pairs = tuple(sorted({n for _, n, _ in cells}))
    seeds = tuple(sorted({s for _, _, s in cells}))
    acc = {
        k: np.array(
            [[cells.get((k, n, s), np.nan) for s in seeds] for n in pairs], dtype=float
        )
        for k in kinds
    }
    return SweepCurves(
        kinds=kinds,
        pairs=pairs,
        seq_len=int(vals["sweep_len"]),
        lr={k: float(vals[f"sweep_{k}_lr"]) for k in kinds},
        acc=acc,
    )


def sweep_summary(sw: Sweep | None) -> str:
    """One line on the sweep: its size, CPU time and tuned learning rates, or why it
    did not run."""
    if sw is None:
        return "sweep not run in this profile (full profile: archived run below)"
    return f"sweep: {sw.acc.size} runs, {sw.cpu_seconds:.0f} CPU-s; lr: {sw.best_lr}"


def run_sweep(tr: Training) -> Sweep | None:
    """Collect the sweep's runs (``None`` when the profile did not run it)."""
    p = tr.profile
    if not tr.sweep:
        return None
    acc = np.full(
        (len(p.sweep_kinds), len(p.sweep_pairs), len(p.sweep_lrs), len(p.sweep_seeds)),
        np.nan,
    )
    for r in tr.sweep:
        j = r.job
        idx = (
            p.sweep_kinds.index(j.kind),
            p.sweep_pairs.index(j.train_pairs),
            p.sweep_lrs.index(j.lr),
            p.sweep_seeds.index(j.seed_index),
        )
        acc[idx] = r.test[0]
    return Sweep(
        kinds=tuple(p.sweep_kinds),
        pairs=tuple(p.sweep_pairs),
        lrs=tuple(p.sweep_lrs),
        seeds=tuple(p.sweep_seeds),
        seq_len=p.sweep_len,
        acc=acc,
        cpu_seconds=float(sum(r.cpu_seconds for r in tr.sweep)),
    )


# ------------------------------------------------------------------ claims and numbers
def exploratory_report(tr: Training) -> list[str]:
    """Lines on the full profile's ungraded runs (selective copying)."""
    out = []
    for r in tr.sc:
        out.append(
            f"selective copying, seed {r.job.seed_index}: accuracy {list(r.test)} "
            f"at {tr.profile.sc_test_lens}"
        )
    return out


def _nar_order(ng: NGram, N: int) -> tuple:
    a = ng.orders.index(N)
    fit, short = np.array(ng.seed_acc[(N, N + 1)]), ng.seed_acc[(N, N)][0]
    rows = tuple(
        (W, float(ng.acc[0, a, b]), float(ng.oracle[a, b]))
        for b, W in enumerate(ng.windows)
        if W <= N
    )
    return (
        N,
        tuple(float(x) for x in fit[:, 0]),
        tuple(float(x) for x in fit[:, -1]),
        float(short[0]),
        float(short[-1]),
        rows,
    )


# Deliberate repeat: one keyword a line, like every chapter's measured() building its
# Measured (different quantities).
def measured(
    tr: Training, ng: NGram, hb: HandBuilt, sw: Sweep | None = None
) -> Measured:
    """The values :func:`shared.attention.cat_claims.claims` grades."""
    p = tr.profile
    extra: dict = {}
    if sw is not None:
        extra["sweep_pairs"] = sw.pairs
        extra["sweep_len"] = sw.seq_len
        extra["sweep_lr"] = {k: float(v) for k, v in sw.best_lr.items()}
        extra["sweep_acc"] = {
            k: tuple(tuple(float(a) for a in row) for row in sw.at_best(k))
            for k in sw.kinds
        }
    if tr.rf:
        extra["rf_min_longer_disjoint"] = disjoint_min_longer(tr.rf)
    if p.sc:
        extra["sc_note"] = (
            "full profile: selective-copying accuracies printed above; exploratory, "
            "not graded"
        )
    N0 = ng.claim_order
    _, fit1, fit4, short1, short4, short_rows = _nar_order(ng, N0)
    extra["nar_extra"] = tuple(_nar_order(ng, N) for N in ng.graded_orders if N != N0)
    base_disjoint = [
        disjoint_min_longer(tr.of(k)) for k in p.baselines if tr.of(k)[0].test_disjoint
    ]
    st = tr.streams
    short_name = {k: v.lower() for k, v in STREAM_NAMES.items()}
    return Measured(
        chance=p.chance,
        train_len=p.train_len,
        train_pairs=p.train_pairs,
        vocab=p.vocab,
        max_mult=int(max(L for L, _ in p.test_grid) // p.train_len),
        cat_acc_train=tuple(float(r.test[0]) for r in tr.of("cat")),
        cat_min_longer=tuple(float(min(r.test[1:])) for r in tr.of("cat")),
        baseline_acc_train={
            k: tuple(float(r.test[0]) for r in tr.of(k)) for k in p.baselines
        },
        narrow_beta=float(hb.narrow_beta),
        narrow_acc_train=float(hb.narrow_acc[0]),
        narrow_min_longer=float(min(hb.narrow_acc[1:])),
        stream_acc={short_name[k]: float(st[k].test[0]) for k in STREAM_KINDS[:3]},
        stream_value_mass={
            short_name[k]: float(st[k].value_mass) for k in STREAM_KINDS
        },
        nar_order=N0,
        nar_vocab=p.nar_vocab,
        nar_len=p.nar_len,
        nar_fit_acc_1x=fit1,
        nar_fit_acc_4x=fit4,
        nar_short_acc_1x=short1,
        nar_short_acc_4x=short4,
        nar_short_rows=short_rows,
        cat_min_longer_disjoint=disjoint_min_longer(tr.of("cat")),
        baseline_min_longer_disjoint=float(max(max(v) for v in base_disjoint)),
        hb_agree=hb.agree,
        hb_exact_below_limit=hb.exact_below_limit,
        hb_betas=tuple(p.hb_betas),
        hb_lengths=tuple(p.hb_lengths),
        **extra,
    )


def key_numbers(
    tr: Training, ng: NGram, hb: HandBuilt, sw: Sweep | None = None
) -> dict:
    """The chapter's key numbers (rounded), in the order the notebook prints them."""
    g = tr.profile.test_grid
    kn: dict = {}
    for r in tr.mqar:
        k, s = r.job.kind, r.job.seed_index
        kn[f"{k}_s{s}_acc_L{g[0][0]}"] = round(r.test[0], 2)
        kn[f"{k}_s{s}_acc_L{g[-1][0]}"] = round(r.test[-1], 2)
    for r in (*tr.mqar, *tr.rf):  # disjoint random filler: worst longer length
        if r.test_disjoint:
            trained = "rftrained" if r.job.filler == "disjoint" else "zerotrained"
            name = f"{r.job.kind}_{trained}_s{r.job.seed_index}_disjoint_min_longer"
            kn[name] = round(min(r.test_disjoint[1:]), 2)
    for a, N in enumerate(ng.orders):
        for b, W in enumerate(ng.windows):
            kn[f"nar_N{N}_W{W}_acc"] = round(float(ng.acc[0, a, b]), 2)
            kn[f"oracle_N{N}_W{W}"] = round(float(ng.oracle[a, b]), 2)
        for i, accs in enumerate(ng.seed_acc[(N, N + 1)]):
            kn[f"nar_N{N}_W{N + 1}_s{i}_acc_4x"] = round(float(accs[-1]), 2)
    kn[f"handbuilt_beta{hb.narrow_beta}_min_acc_longer"] = round(
        float(min(hb.narrow_acc[1:])), 2
    )
    for i, b in enumerate(hb.betas):
        kn[f"handbuilt_beta{b}_acc_L{hb.lengths[-1]}"] = round(
            float(hb.measured[i, -1]), 3
        )
    kn["handbuilt_matches_closed_form"] = hb.agree
    if sw is not None:  # per seed, so the archive can redraw the sweep's figure
        kn["sweep_len"] = sw.seq_len
        for k in sw.kinds:
            kn[f"sweep_{k}_lr"] = sw.best_lr[k]
            for n, accs in zip(sw.pairs, sw.at_best(k)):
                kn[f"sweep_{k}_n{n}_acc_mean"] = round(float(accs.mean()), 2)
                for s, a in zip(sw.seeds, accs):
                    kn[f"sweep_{k}_n{n}_s{s}_acc"] = round(float(a), 2)
    return kn


def jump_steps(tr: Training, kind: str) -> list:
    """Step at which each run of ``kind`` left its plateau (None: never)."""
    return [jump_step(r.train_acc) for r in tr.of(kind)]


def prose_numbers(tr: Training, ng: NGram, hb: HandBuilt) -> dict:
    """Every number the chapter's prose quotes, {glue name: value}."""
    p = tr.profile
    cat = tr.acc_train("cat")
    no_key = [r for r in tr.mqar if r.job.kind in (*BASELINE_KINDS, "cat-q", "cat-v")]
    st = tr.streams
    names = ("d_model", "vocab", "train_pairs", "train_len", "steps", "lr", "batch")
    names += (
        "window",
        "baseline_steps",
        "n_test",
        "n_test_long",
        "long_from",
        "nar_vocab",
    )
    out = {n: getattr(p, n) for n in names}
    out.update(
        chance=p.chance,
        cat_acc_train=float(cat.mean()),
        cat_acc_train_min=float(cat.min()),
        n_cat_seeds=len(cat),
        base_acc_max=float(max(tr.acc_train(k).max() for k in p.baselines)),
        cat_min_all=float(min(min(r.test) for r in tr.of("cat"))),
        max_mult=int(max(L for L, _ in p.test_grid) // p.train_len),
        n_base_runs=len(no_key),
        n_base_jumped=sum(jump_step(r.train_acc) is not None for r in no_key),
        cat_jumps=", ".join(
            "never" if j is None else str(j) for j in jump_steps(tr, "cat")
        ),
        stream_accs=", ".join(
            f"{STREAM_NAMES[k]} {st[k].test[0]:.3f}" for k in STREAM_KINDS
        ),
        stream_masses=", ".join(
            f"{STREAM_NAMES[k]} {st[k].value_mass:.2f}" for k in STREAM_KINDS
        ),
        narrow_beta=hb.narrow_beta,
        narrow_margin=math.exp(hb.narrow_beta**2),
        narrow_min_longer=min(hb.narrow_acc[1:]),
        cat_min_disjoint=min(disjoint_min_longer(tr.of("cat"))),
        base_max_disjoint=max(
            max(r.test_disjoint) for k in p.baselines for r in tr.of(k)
        ),
        n_rf_seeds=len(tr.rf),
        nar_orders=", ".join(str(N) for N in ng.orders),
    )
    return out


__all__ = [
    "FULL",
    "GPU_SWEEP",
    "PROFILES",
    "QUICK",
    "SSM_ENV",
    "HandBuilt",
    "NGram",
    "Profile",
    "Sweep",
    "SweepCurves",
    "sweep_curves_from_key_numbers",
    "Training",
    "disjoint_min_longer",
    "random_filler_lines",
    "run_sweep",
    "sweep_summary",
    "with_env",
    "example_attention",
    "exploratory_report",
    "key_numbers",
    "measured",
    "per_seed_table",
    "plateau_warnings",
    "prose_numbers",
    "run_hand_built",
    "run_ngram",
    "run_training",
    "training_jobs",
]
