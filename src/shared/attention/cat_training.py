"""Training and evaluation of the ``cat`` chapter's models: :func:`train`,
:func:`evaluate`, one experiment as a typed :class:`Job` in and a :class:`JobResult` out
(:func:`run_job`), several in worker processes (:func:`run_jobs`), and the plateau
diagnostics :func:`jump_step`, :func:`converged` and :func:`plateau_hint`.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from multiprocessing import get_context
from typing import Callable
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from shared.repro.seeds import int_seed
from shared.repro.seeds import spawn
from shared.repro.seeds import stream
from shared.repro.validate import positive_int as _int

from .cat_models import PositionalAttention
from .cat_models import get_taps
from .cat_models import make_cat_model
from .cat_tasks import IGNORE
from .cat_tasks import mqar
from .cat_tasks import ngram_recall
from .cat_tasks import selective_copy
from .model import OneLayerAttention


def train(
    model: nn.Module,
    sampler: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]],
    steps: int,
    lr: float,
    batch: int,
    seed: int,
    weight_decay: float = 0.1,
    warmup: float = 0.1,
) -> dict:
    """AdamW + OneCycle (``warmup`` share of steps rising), fresh batches from
    ``sampler(rng, batch)``.

    Cross-entropy over labelled positions only. Returns ``{"loss": [steps] floats,
    "acc": [steps] batch accuracy on labelled positions, "seconds": wall time}``.
    """
    steps, batch, seed = (
        _int("steps", steps),
        _int("batch", batch),
        _int("seed", seed, 0),
    )
    if not lr > 0:
        raise ValueError(f"lr={lr!r}: must be positive")
    rng = np.random.default_rng(seed)
    dev = next(model.parameters()).device
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=steps, pct_start=warmup
    )
    losses, accs = [], []
    t0 = time.perf_counter()
    model.train()
    for _ in range(steps):
        x, y = sampler(rng, batch)
        x, y = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)
        mask = y != IGNORE
        logits = model(x)[mask]
        target = y[mask]
        loss = F.cross_entropy(logits, target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        losses.append(float(loss.detach()))
        accs.append(float((logits.argmax(-1) == target).float().mean()))
    return {"loss": losses, "acc": accs, "seconds": time.perf_counter() - t0}


@torch.no_grad()
def evaluate(
    model: nn.Module,
    sampler: Callable,
    n_seqs: int,
    seed: int,
    batch: int = 32,
    value_mass: bool = False,
) -> dict:
    """Argmax accuracy over all labelled positions of ``n_seqs`` sequences from
    ``sampler``.

    Returns ``{"acc": float, "correct": bool array per labelled position}``; with
    ``value_mass`` (MQAR only) also ``"value_mass"``: mean attention weight a query puts
    on the position right after its key's first occurrence (the value). An APE model on
    a too-long sequence gives NaN.
    """
    n_seqs, batch = _int("n_seqs", n_seqs), _int("batch", batch)
    rng = np.random.default_rng(seed)
    dev = next(model.parameters()).device
    model.eval()
    correct, masses = [], []
    for s in range(0, n_seqs, batch):
        x, y = sampler(rng, min(batch, n_seqs - s))
        xt, yt = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)
        try:
            if value_mass:
                out, A = model(xt, return_weights=True)
            else:
                out = model(xt)
        except ValueError:
            if isinstance(model, PositionalAttention) and model.pe == "ape":
                return {"acc": float("nan"), "correct": np.zeros(0, dtype=bool)}
            raise
        mask = yt != IGNORE
        correct.append((out[mask].argmax(-1) == yt[mask]).cpu().numpy())
        if value_mass:
            b_idx, t_idx = np.nonzero(y != IGNORE)
            key = x[b_idx, t_idx]
            first = np.argmax(
                x[b_idx] == key[:, None], axis=1
            )  # first occurrence of the query key
            masses.append(
                A[
                    torch.from_numpy(b_idx),
                    torch.from_numpy(t_idx),
                    torch.from_numpy(first + 1),
                ]
                .cpu()
                .numpy()
            )
    correct = np.concatenate(correct)
    res = {"acc": float(correct.mean()), "correct": correct}
    if value_mass:
        res["value_mass"] = float(np.concatenate(masses).mean())
    return res


TASKS = ("mqar", "nar", "sc")


# Deliberate repeat: one typed field a line, the layout of every chapter's job/result
# dataclass (different fields).
@dataclass(frozen=True)
class Job:
    """One training run: the model, its task, the recipe and the test points.

    ``task``: ``"mqar"``, ``"nar"`` (N-gram recall) or ``"sc"`` (selective copying);
    ``kind``: a model name of :func:`~shared.attention.cat_models.make_cat_model`;
    ``seed``: the run's seed (model init; training and test streams derive from it);
    ``seed_index``: which of the chapter's seeds it is (0, 1, 2, ...); ``steps``,
    ``lr``, ``batch``, ``weight_decay``, ``warmup``: AdamW + one-cycle recipe;
    ``d_model``, ``window``: model width and filter taps; ``vocab``: task vocabulary;
    ``train_len``: training length (tokens). MQAR: ``train_pairs``, ``test_grid`` ((L,
    pairs), ...), ``n_test`` sequences per test point (``n_test_long`` from
    ``long_from`` tokens on). NAR: ``order``, ``test_lens``. Selective copying:
    ``num_tokens``, ``test_lens``. ``return_state``: keep the trained weights in the
    result. MQAR filler: ``filler`` during training (``"zero"`` or ``"disjoint"``, see
    :func:`~shared.attention.cat_tasks.mqar`); ``test_disjoint``: also test every test
    point with disjoint random filler. ``group``: the study the job belongs to (a
    label for the caller; ``""`` for the main runs).
    """

    task: str
    kind: str
    seed: int
    steps: int
    lr: float
    batch: int
    d_model: int
    vocab: int
    train_len: int
    seed_index: int = 0
    weight_decay: float = 0.1
    warmup: float = 0.1
    window: int = 3
    device: str = "cpu"
    train_pairs: int = 0
    test_grid: tuple = ()
    n_test: int = 256
    n_test_long: int = 64
    long_from: int = 512
    order: int = 0
    num_tokens: int = 0
    test_lens: tuple = ()
    return_state: bool = False
    filler: str = "zero"
    test_disjoint: bool = False
    group: str = ""


@dataclass(frozen=True)
class JobResult:
    """What one :class:`Job` gave: ``loss`` and ``train_acc`` per step, ``test``
    accuracy per test point (MQAR: ``job.test_grid``; otherwise ``job.test_lens``),
    ``taps`` {stream: mean |tap| per offset}, ``value_mass`` (MQAR attention models, at
    the training length; NaN otherwise), ``test_disjoint`` (MQAR with
    ``job.test_disjoint``: accuracy per test point with disjoint random filler; empty
    otherwise), ``seconds`` (training wall time),
    ``cpu_seconds`` (CPU time of the whole job) and, with ``return_state``, the trained
    ``state``."""

    job: Job
    loss: tuple
    train_acc: tuple
    test: tuple
    seconds: float
    cpu_seconds: float
    taps: dict = field(default_factory=dict)
    value_mass: float = float("nan")
    state: dict | None = None
    test_disjoint: tuple = ()


def _sampler(job: Job, seq_len: int, size: int, filler: str = "zero") -> Callable:
    """``sampler(rng, batch)`` of ``job``'s task at length ``seq_len``; ``size`` is the
    number of pairs and ``filler`` the MQAR filler (MQAR only)."""
    V = job.vocab
    if job.task == "mqar":
        return lambda r, b: mqar(r, b, seq_len, size, V, filler=filler)
    if job.task == "nar":
        return lambda r, b: ngram_recall(r, b, seq_len, job.order, V)
    return lambda r, b: selective_copy(r, b, seq_len, job.num_tokens, V)


def run_job(job: Job) -> JobResult:
    """Train and test one model (one thread, deterministic algorithms)."""
    if not isinstance(job, Job):
        raise ValueError(f"run_job needs a Job, got {type(job).__name__}")
    if job.task not in TASKS:
        raise ValueError(f"task={job.task!r}: allowed {list(TASKS)}")
    cpu0 = time.process_time()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(job.seed)
    model_vocab = job.vocab + 1 if job.task == "nar" else job.vocab
    model = make_cat_model(
        job.kind,
        model_vocab,
        job.d_model,
        window=job.window,
        max_len=job.train_len,
        seed=job.seed,
        device=job.device,
    )
    sampler = _sampler(job, job.train_len, job.train_pairs, job.filler)
    hist = train(
        model,
        sampler,
        job.steps,
        job.lr,
        job.batch,
        seed=int_seed(stream(job.seed, "train-data")),
        weight_decay=job.weight_decay,
        warmup=job.warmup,
    )
    points = job.test_grid if job.task == "mqar" else job.test_lens
    streams = spawn(job.seed, max(1, len(points)), "test-data")
    test_seeds = [int_seed(s) for s in streams]
    tests, value_mass, disjoint = [], float("nan"), []
    if job.task == "mqar":
        attn = isinstance(model, OneLayerAttention)
        for i, (L, n) in enumerate(job.test_grid):
            ns = job.n_test_long if L >= job.long_from else job.n_test
            r = evaluate(
                model,
                _sampler(job, L, n),
                ns,
                test_seeds[i],
                batch=16 if L >= 512 else 64,
                value_mass=attn and i == 0,
            )
            tests.append(r["acc"])
            if i == 0 and attn:
                value_mass = r["value_mass"]
            if job.test_disjoint:  # same test seed, disjoint random filler
                r = evaluate(
                    model,
                    _sampler(job, L, n, "disjoint"),
                    ns,
                    test_seeds[i],
                    batch=16 if L >= 512 else 64,
                )
                disjoint.append(r["acc"])
    else:
        for i, L in enumerate(job.test_lens):
            b = 128 if job.task == "nar" else 32
            r = evaluate(model, _sampler(job, L, 0), job.n_test, test_seeds[i], batch=b)
            tests.append(r["acc"])
    taps = {}
    if isinstance(model, OneLayerAttention):
        taps = {s: get_taps(model, s).abs().mean(1).tolist() for s in model.convs}
    state = None
    if job.return_state:
        state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    return JobResult(
        job=job,
        loss=tuple(hist["loss"]),
        train_acc=tuple(hist["acc"]),
        test=tuple(tests),
        seconds=hist["seconds"],
        cpu_seconds=time.process_time() - cpu0,
        taps=taps,
        value_mass=value_mass,
        state=state,
        test_disjoint=tuple(disjoint),
    )


def run_jobs(jobs: Sequence[Job], workers: int = 2) -> list[JobResult]:
    """Run :func:`run_job` over ``jobs`` (in order) in ``workers`` spawned processes of
    one thread each (``workers=1``: in this process). Results do not depend on the
    number of workers."""
    workers = _int("workers", workers)
    if workers == 1 or len(jobs) <= 1:
        return [run_job(j) for j in jobs]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn")
    ) as ex:
        return list(ex.map(run_job, jobs))


def jump_step(
    batch_acc: Sequence[float], level: float = 0.9, window: int = 10
) -> int | None:
    """First step at which the ``window``-step running mean of training batch accuracy
    reaches ``level`` (the end of the loss plateau), or ``None`` if it never does."""
    a = np.asarray(batch_acc, dtype=float)
    window = _int("window", window)
    if a.size < window:
        return None
    run = np.convolve(a, np.ones(window) / window, mode="valid")
    hit = np.nonzero(run >= level)[0]
    return int(hit[0] + window - 1) if hit.size else None


def converged(result: JobResult, threshold: float = 0.95) -> bool:
    """Whether a run left its plateau: test accuracy at the training length >=
    ``threshold``."""
    return bool(result.test[0] >= threshold)


def plateau_hint(result: JobResult) -> str:
    """One line naming lr and steps for a run that ended on its loss plateau."""
    j = result.job
    return (
        f"{j.kind} seed {j.seed_index} ended at loss {result.loss[-1]:.2f} "
        f"(lr={j.lr}, steps={j.steps}): still on the plateau; raise steps or lr before "
        "reading this run as evidence"
    )
