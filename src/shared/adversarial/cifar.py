"""CIFAR-10 at the papers' settings: the full profile of the two sparse-attack chapters.

Meant for a GPU (Colab or a GPU box): PreActResNet-18 with softplus, 100 epochs of sAT
take hours on an A100. The ``smoke`` profile runs the same code with ``arch="tiny"`` on
a few random images in CIFAR-10's file format
(:func:`~shared.adversarial.data.write_fake_cifar10`), so the path is tested on a CPU;
its numbers mean nothing.

Shapes: images (N, 3, 32, 32) in [0, 1], labels (N,) int64; robust accuracies are
fractions of all evaluated points (clean errors count as broken).
"""

from __future__ import annotations

import time
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace

import torch
import torch.nn as nn

from shared.repro.validate import positive_int

from .autoattack import default_stages
from .autoattack import sparse_autoattack
from .common import named_seed
from .common import predict
from .common import validate_attack_inputs
from .models import PreActResNet18
from .models import TinyCNN
from .rs import sparse_rs
from .spgd import spgd
from .training import train_model

__all__ = [
    "ARCHS",
    "cifar_model",
    "train_cifar_model",
    "evaluate_sparse",
    "try_load_cifar10",
    "CifarSuite",
    "run_cifar_suite",
    "check_cifar_epochs",
    "CifarSettings",
    "CIFAR_FULL",
    "CIFAR_SMOKE",
]

ARCHS = ("prn18", "tiny")


@dataclass(frozen=True)
class CifarSettings:
    """CIFAR-10 settings of a chapter's full (or smoke) profile.

    arch: "prn18" (PreActResNet-18, softplus) or "tiny"; epochs, batch, lr: training
    schedule (SGD); k_train: training budget (pixels of 1024); attack_steps: sPGD
    iterations of the training attack; ks: evaluation budgets; k_main: the budget the
    claims use; n_eval: test images evaluated; iters, queries: sAA budget (iterations
    per sPGD stage, Sparse-RS queries); chunk: images per evaluation chunk; n_co,
    co_iters, co_queries: the catastrophic-overfitting measure (test images, sPGD
    iterations, Sparse-RS queries);
    download_if_missing: fetch the archive when it is not found.
    """

    arch: str
    epochs: int
    batch: int
    lr: float
    k_train: int
    attack_steps: int
    ks: tuple[int, ...]
    k_main: int
    n_eval: int
    iters: int
    queries: int
    chunk: int
    n_co: int
    co_iters: int
    co_queries: int
    download_if_missing: bool


#: CIFAR-10 at the papers' settings (spgd brief 3.6/3.8): PreActResNet-18 (softplus),
#: 100 epochs, batch 128, lr 0.05, training attack sPGD k = 120, 20 iterations; sAA
#: 1000/1000/3000 on 1000 test images at k = 10 and 20.
# Deliberate repeat: one setting a line, the layout of every chapter's profile table.
CIFAR_FULL = CifarSettings(
    arch="prn18",
    epochs=100,
    batch=128,
    lr=0.05,
    k_train=120,
    attack_steps=20,
    ks=(10, 20),
    k_main=20,
    n_eval=1000,
    iters=1000,
    queries=3000,
    chunk=500,
    n_co=500,
    co_iters=100,
    co_queries=1000,
    download_if_missing=True,
)
#: Every CIFAR-10 code path at toy size (tests only; never downloads).
# Deliberate repeat: the smoke settings differ from CIFAR_FULL in 13 of its 16 fields,
# one a line like the table above.
CIFAR_SMOKE = replace(
    CIFAR_FULL,
    arch="tiny",
    epochs=1,
    batch=32,
    k_train=8,
    attack_steps=2,
    n_eval=20,
    iters=5,
    queries=10,
    chunk=10,
    n_co=10,
    co_iters=3,
    co_queries=5,
    download_if_missing=False,
)


def cifar_model(arch: str = "prn18", seed: int = 0, act: str = "softplus") -> nn.Module:
    """A fresh CIFAR-10 classifier, initialised from ``seed``.

    ``"prn18"``: PreActResNet-18 (the papers' model, 11 M parameters); ``"tiny"``: a
    width-8 TinyCNN for 3x32x32 inputs (smoke tests on a CPU only).
    """
    if arch not in ARCHS:
        raise ValueError(f"arch must be one of {ARCHS}; got {arch!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if arch == "prn18":
            return PreActResNet18(act=act)
        return TinyCNN(width=8, act=act, in_channels=3, image_size=32)


# Deliberate repeat: the keyword arguments of train_model that this CIFAR-10 wrapper
# fixes, in its signature and in the call that forwards them.
def train_cifar_model(
    method: str,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    seed: int = 0,
    arch: str = "prn18",
    epochs: int = 100,
    k_train: int = 120,
    attack_steps: int = 20,
    batch: int = 128,
    lr: float = 0.05,
    device: str = "cpu",
    **kwargs,
):
    """Train one CIFAR-10 model with the released sAT recipe; returns ``(model,
    history)``.

    SGD (momentum 0.9, weight decay 5e-4), lr ``lr`` multiplied by 0.1 at 25 % and 75 %
    of all iterations, random crop (pad 4) and horizontal flip, training attack sPGD
    with ``k_train`` pixels and ``attack_steps`` iterations (patience 10, variant drawn
    per batch). ``method`` and further keyword arguments go to
    :func:`~shared.adversarial.training.train_model`.
    """
    if x.dim() != 4 or x.shape[1:] != (3, 32, 32):
        raise ValueError(f"x must have shape (N, 3, 32, 32); got {tuple(x.shape)}")
    model = cifar_model(arch, seed)
    kwargs.setdefault("milestones", (0.25, 0.75))
    hist = train_model(
        model,
        x,
        y,
        seed=seed,
        method=method,
        attack_steps=attack_steps,
        k_train=k_train,
        epochs=epochs,
        lr=lr,
        batch=batch,
        augment=True,
        device=device,
        **kwargs,
    )
    return model, hist


# Deliberate repeat: the (model, x, y, k, then keyword budgets and seed) signature
# of the attacks it runs, one parameter a line.
def evaluate_sparse(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    iters: int = 1000,
    queries: int = 3000,
    seed: int = 0,
    chunk: int = 500,
) -> dict:
    """Clean accuracy and robust accuracy under each attack alone and under sAA, at
    ``k`` pixels.

    The points are attacked in chunks of ``chunk`` images (GPU memory), chunk j with
    seed ``seed`` for chunk 0 and the stream ``"chunk j"`` of ``seed`` after it (in a
    chunk, sPGD-unproj and Sparse-RS use the streams of their names). Returns
    ``{"clean", "sPGD-proj", "sPGD-unproj", "Sparse-RS", "sAA", "seconds"}`` (accuracies
    as fractions of all points).
    """
    validate_attack_inputs(x, y, k)
    positive_int("chunk", chunk)
    t0 = time.perf_counter()
    robust = {name: [] for name in ("sPGD-proj", "sPGD-unproj", "Sparse-RS", "sAA")}
    for j, i in enumerate(range(0, len(x), chunk)):
        xc, yc, s = (
            x[i : i + chunk],
            y[i : i + chunk],
            seed if j == 0 else named_seed(seed, f"chunk {j}"),
        )
        saa = sparse_autoattack(
            model, xc, yc, k, stages=default_stages(iters, queries), seed=s
        )
        saa.check(xc, k, model=model, y=yc)
        single = {
            "sPGD-proj": spgd(model, xc, yc, k, iters=iters, variant="proj", seed=s),
            "sPGD-unproj": spgd(
                model,
                xc,
                yc,
                k,
                iters=iters,
                variant="unproj",
                seed=named_seed(s, "sPGD-unproj"),
            ),
            "Sparse-RS": sparse_rs(
                model, xc, yc, k, queries=queries, seed=named_seed(s, "Sparse-RS")
            ),
        }
        for name, r in single.items():
            r.check(xc, k)
            robust[name].append(~r.success)
        robust["sAA"].append(~saa.success)
    out = {"clean": float((predict(model, x) == y).double().mean())}
    out.update(
        {name: float(torch.cat(v).double().mean()) for name, v in robust.items()}
    )
    out["seconds"] = time.perf_counter() - t0
    return out


def try_load_cifar10(root=None, download: bool = True):
    """``(data, "")`` with ``data = load_cifar10(root, download)``, or ``(None,
    reason)`` when the data are absent and cannot be fetched (offline, no space, bad
    checksum)."""
    from .data import load_cifar10

    try:
        return load_cifar10(root, download=download), ""
    except (OSError, ValueError) as err:  # URLError is an OSError
        return None, f"CIFAR-10 unavailable: {err}"


@dataclass
class CifarSuite:
    """What :func:`run_cifar_suite` did.

    ran: whether the data were found and the models trained; reason: why not, else "".
    results: ``{(model name, k): evaluate_sparse(...) dict}``; history: ``{name:
    [EpochRecord]}``;
    train_seconds: ``{name: wall seconds}``; settings: the CIFAR settings used.
    """

    ran: bool
    reason: str
    settings: dict
    results: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)
    train_seconds: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Markdown: the reason when nothing ran, else the schedule and one table per
        k."""
        if not self.ran:
            return f"**Not run.** {self.reason}"
        head = (
            f"{self.settings['epochs']} epochs, model `{self.settings['arch']}`, "
            f"{self.settings['n_eval']} test images; robust accuracy in %."
        )
        return "\n\n".join([head] + [self.table(k) for k in self.settings["ks"]])

    def table(
        self, k: int, columns=("clean", "sPGD-proj", "sPGD-unproj", "Sparse-RS", "sAA")
    ) -> str:
        """Markdown table of robust accuracies (%) at ``k``: one row per model."""
        head = (
            "| model (CIFAR-10, k = {}) | ".format(k)
            + " | ".join(columns)
            + " | train s |"
        )
        rows = [head, "|" + "---|" * (len(columns) + 2)]
        for name in self.history:
            r = self.results[name, k]
            rows.append(
                f"| {name} | "
                + " | ".join(f"{100 * r[c]:.1f}" for c in columns)
                + f" | {self.train_seconds[name]:.0f} |"
            )
        return "\n".join(rows)


def run_cifar_suite(
    settings: CifarSettings,
    methods: dict,
    *,
    seed: int = 0,
    device: str = "cpu",
    root=None,
    co_curves: bool = False,
    epochs: int | None = None,
) -> CifarSuite:
    """Train each model of ``methods`` on CIFAR-10 and evaluate it at every k of
    ``settings``.

    settings: a profile's ``cifar`` entry (:class:`CifarSettings`; ``suite.settings`` is
    its dict, with ``epochs`` overridden).
    methods: ``{name: (method, extra train_model keyword arguments)}``, e.g.
    ``{"sAT": ("sat", {})}``. ``co_curves`` adds the per-epoch catastrophic-overfitting
    measure
    (:func:`~shared.adversarial.training.co_eval_fn` on the first ``n_co`` test images
    at the largest k). ``epochs`` overrides the profile's epochs (say so beside the
    results). Returns a :class:`CifarSuite`; ``ran`` is False (with the reason) when the
    data are absent.
    """
    from .training import co_eval_fn

    if not isinstance(settings, CifarSettings):
        raise ValueError(
            f"settings must be a CifarSettings; got {type(settings).__name__}"
        )
    loaded, reason = try_load_cifar10(root, download=settings.download_if_missing)
    if loaded is None:
        return CifarSuite(False, reason, asdict(settings))
    x_tr, y_tr, x_te, y_te = (t.to(device) for t in loaded)
    cfg = dict(asdict(settings), epochs=epochs or settings.epochs)
    suite = CifarSuite(True, "", cfg)
    xe, ye = x_te[: cfg["n_eval"]], y_te[: cfg["n_eval"]]
    k_co = max(cfg["ks"])
    for name, (method, extra) in methods.items():
        kw = dict(
            seed=seed,
            arch=cfg["arch"],
            epochs=cfg["epochs"],
            k_train=cfg["k_train"],
            attack_steps=cfg["attack_steps"],
            batch=cfg["batch"],
            lr=cfg["lr"],
            device=device,
            desc=f"CIFAR-10 {name}",
        )
        if co_curves:
            kw.update(
                eval_every=1,
                eval_fn=co_eval_fn(
                    x_te[: cfg["n_co"]],
                    y_te[: cfg["n_co"]],
                    k_co,
                    iters=cfg["co_iters"],
                    queries=cfg["co_queries"],
                    seed=seed,
                ),
            )
        kw.update(extra)
        t0 = time.perf_counter()
        model, suite.history[name] = train_cifar_model(method, x_tr, y_tr, **kw)
        suite.train_seconds[name] = time.perf_counter() - t0
        for k in cfg["ks"]:
            suite.results[name, k] = evaluate_sparse(
                model,
                xe,
                ye,
                k,
                iters=cfg["iters"],
                queries=cfg["queries"],
                seed=seed,
                chunk=cfg["chunk"],
            )
    return suite


def check_cifar_epochs(epochs) -> None:
    """Validate a chapter's ``CIFAR_EPOCHS`` parameter: None (the profile's value) or an
    int >= 1."""
    if epochs is not None and (
        isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1
    ):
        raise ValueError(
            f"CIFAR_EPOCHS must be None (use the profile's epochs) or an integer >= 1; "
            f"got {epochs!r}"
        )
