"""l0 adversarial training: sAT, sTRADES, one-step variants, soft labels (SAT) and the
trade-off loss of Fast-LS-l0, plus the deterministic digits trainer
``train_digits_model``.

Methods (``method=``):

* ``"clean"``: cross-entropy on clean images;
* ``"sat"``: cross-entropy on sPGD examples (``attack_steps=1`` gives one-step sAT);
* ``"strades"``: CE(f(x), y) + beta_trade * KL(softmax f(x) || softmax f(x_adv));
* ``"sat_soft"``: weighted soft-label CE on f(x_adv), labels from an extra clean
forward;
* ``"fast_ls"``: weighted soft-label CE on f(x) + beta_trade * KL (soft labels +
trade-off loss);
  with ``attack_steps=1, noise=True`` this is Fast-LS-l0 as arXiv:2502.21041 v2 defines
  it (one-step sTRADES + soft labels + noise).

The training attack is sPGD with ``k_train`` pixels, ``attack_steps`` updates, patience
10, the variant drawn per batch (proj/unproj with probability 1/2), the model in eval
mode.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from shared.repro.seeds import stream
from shared.repro.seeds import torch_generator
from shared.repro.validate import positive_int

from ..repro.output import progress
from .common import named_seed
from .models import TinyCNN
from .spgd import spgd

__all__ = [
    "sparse_noise",
    "SoftLabelBank",
    "soft_cross_entropy",
    "kl_clean_adv",
    "tradeoff_loss",
    "train_model",
    "attack_eval_fn",
    "co_eval_fn",
    "train_digits_model",
    "METHODS",
]

METHODS = ("clean", "sat", "strades", "sat_soft", "fast_ls")


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Per-sample ``-sum_j T_ij log softmax(z_i)_j``; logits, targets (B, K) -> (B,)."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(1)


def kl_clean_adv(logits_clean: torch.Tensor, logits_adv: torch.Tensor) -> torch.Tensor:
    """Batch mean of KL(softmax z_clean || softmax z_adv) (clean branch not detached);
    scalar."""
    return F.kl_div(
        F.log_softmax(logits_adv, 1),
        F.log_softmax(logits_clean, 1),
        log_target=True,
        reduction="batchmean",
    )


def tradeoff_loss(
    logits_clean: torch.Tensor,
    logits_adv: torch.Tensor,
    targets: torch.Tensor,
    weights: torch.Tensor | None = None,
    w_clean: float = 1.0,
    w_adv: float = 3.0,
) -> torch.Tensor:
    """``w_clean * mean_i w_i softCE(z_i, T_i) + w_adv * KL(clean || adv)``; logits,
    targets (B, K)."""
    if logits_clean.shape != logits_adv.shape or logits_clean.shape != targets.shape:
        raise ValueError(
            f"logits_clean, logits_adv and targets must share a (B, K) shape; got "
            f"{tuple(logits_clean.shape)}, {tuple(logits_adv.shape)}, "
            f"{tuple(targets.shape)}"
        )
    w = (
        torch.ones(len(targets), dtype=logits_clean.dtype, device=logits_clean.device)
        if weights is None
        else weights
    )
    return w_clean * (
        w * soft_cross_entropy(logits_clean, targets)
    ).mean() + w_adv * kl_clean_adv(logits_clean, logits_adv)


class SoftLabelBank:
    """Self-adaptive soft labels: a bank T (n, K) of per-example targets, one-hot at the
    start.

    From epoch ``start_epoch`` on (epochs counted from 0), ``update`` moves the rows of
    a batch to ``momentum * T + (1 - momentum) * softmax(logits)`` (no gradient).
    ``weights`` returns ``max_j T_ij`` divided by its batch mean.
    """

    def __init__(
        self,
        labels: torch.Tensor,
        n_classes: int = 10,
        momentum: float = 0.9,
        start_epoch: int = 0,
    ):
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1); got {momentum}")
        if labels.dim() != 1 or (
            len(labels) and (int(labels.min()) < 0 or int(labels.max()) >= n_classes)
        ):
            raise ValueError(f"labels must be a 1-D tensor of ints in [0, {n_classes})")
        self.T = F.one_hot(labels.long(), n_classes).to(torch.float32)
        self.momentum, self.start_epoch = momentum, start_epoch

    def update(self, idx: torch.Tensor, logits: torch.Tensor, epoch: int) -> None:
        """Update rows ``idx`` (B,) from clean ``logits`` (B, K) if ``epoch >=
        start_epoch``."""
        if epoch < self.start_epoch:
            return
        with torch.no_grad():
            p = F.softmax(logits.detach().float(), 1).to(self.T.device)
            self.T[idx] = self.momentum * self.T[idx] + (1 - self.momentum) * p

    def targets(self, idx: torch.Tensor) -> torch.Tensor:
        """Targets (B, K) of examples ``idx``."""
        return self.T[idx]

    def weights(self, idx: torch.Tensor) -> torch.Tensor:
        """Confidence weights (B,) with batch mean 1."""
        w = self.T[idx].max(1).values
        return w / w.mean()


@dataclass
class EpochRecord:
    """One training epoch.

    ``seconds`` and ``cpu_seconds`` time the training steps alone (wall clock and
    process CPU time): the ``eval_fn`` that may run after the epoch is timed apart, in
    ``eval_seconds``. ``passes_per_batch`` counts forward+backward passes per training
    example.
    """

    epoch: int
    loss: float
    seconds: float
    passes_per_batch: float
    unchanged: int
    eval: dict
    cpu_seconds: float = 0.0
    eval_seconds: float = 0.0


def sparse_noise(
    x: torch.Tensor, k_max: int, generator: torch.Generator
) -> torch.Tensor:
    """Random sparse noise, the l0 analogue of N-FGSM's noise: per image, n ~ U{0, ...,
    k_max} random pixels take uniform random values in [0, 1] (every channel). (N, C, H,
    W) -> same.
    """
    n, c, h, w = x.shape
    if not 0 <= k_max <= h * w:
        raise ValueError(f"k_max must be in [0, H*W = {h * w}]; got {k_max}")
    counts = torch.randint(0, k_max + 1, (n, 1), generator=generator, device=x.device)
    rank = (
        torch.rand((n, h * w), generator=generator, device=x.device)
        .argsort(1)
        .argsort(1)
    )
    mask = (rank < counts).view(n, 1, h, w)
    values = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    return torch.where(mask, values, x)


def _augment(xb: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Random crop (pad 4) and horizontal flip, (B, C, H, W) -> same shape."""
    b, c, h, w = xb.shape
    pad = F.pad(xb, (4, 4, 4, 4))
    dx = torch.randint(0, 9, (b,), generator=gen, device=xb.device)
    dy = torch.randint(0, 9, (b,), generator=gen, device=xb.device)
    out = torch.stack(
        [pad[i, :, dy[i] : dy[i] + h, dx[i] : dx[i] + w] for i in range(b)]
    )
    flip = torch.rand(b, generator=gen, device=xb.device) < 0.5
    out[flip] = out[flip].flip(3)
    return out


# Deliberate repeat: one keyword setting a line, the layout of the trainers'
# signatures (train_digits_model and train_cifar_model forward these keywords).
def train_model(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    seed: int = 0,
    method: str = "clean",
    attack_steps: int = 10,
    k_train: int = 8,
    epochs: int = 20,
    lr: float = 0.05,
    batch: int = 64,
    weight_decay: float = 5e-4,
    alpha: float = 0.25,
    beta: float = 0.25,
    patience: int = 10,
    sat_start: float = 0.25,
    sat_momentum: float = 0.9,
    beta_trade: float = 3.0,
    milestones: tuple = (0.5, 0.75),
    augment: bool = False,
    eval_fn=None,
    eval_every: int = 0,
    device: str = "cpu",
    n_classes: int = 10,
    optimizer: str = "sgd",
    desc: str | None = None,
    noise: bool = False,
):
    """Train ``model`` in place on x (N, C, H, W) in [0, 1], y (N,); returns the history
    list.

    SGD (momentum 0.9; ``optimizer="adam"`` uses Adam with the same lr and weight
    decay), lr multiplied by 0.1 at the ``milestones`` fractions of all iterations
    (stepped per iteration). ``eval_fn(model, epoch) -> dict`` runs after every
    ``eval_every`` epochs (epoch numbers counted from 1). Each history entry is an
    ``EpochRecord``. ``desc`` labels a progress bar over the epochs (none when ``desc``
    is None). ``noise=True`` starts the training attack from :func:`sparse_noise` of the
    batch with up to ``2 * k_train`` pixels (the "N" component of Fast-LS-l0,
    reconstructed from its description); the clean terms of the losses still use the
    clean batch.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    positive_int("epochs", epochs)
    positive_int("batch", batch)
    positive_int("attack_steps", attack_steps)
    if not 1 <= k_train <= x.shape[2] * x.shape[3]:
        raise ValueError(f"k_train must be in [1, H*W]; got {k_train}")
    model.to(device)
    x, y = x.to(device), y.to(device)
    g_shuffle = torch_generator(stream(seed, "shuffle"))
    g_attack = torch_generator(stream(seed, "training attack"), device)
    g_aug = torch_generator(stream(seed, "augmentation"), device)
    g_noise = torch_generator(stream(seed, "sparse noise"), device)
    if optimizer not in ("sgd", "adam"):
        raise ValueError(f"optimizer must be 'sgd' or 'adam'; got {optimizer!r}")
    if optimizer == "sgd":
        opt = torch.optim.SGD(
            model.parameters(), lr=lr, momentum=0.9, weight_decay=weight_decay
        )
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    n_batches = (len(x) + batch - 1) // batch
    total = epochs * n_batches
    sched = torch.optim.lr_scheduler.MultiStepLR(
        opt, milestones=[int(f * total) for f in milestones], gamma=0.1
    )
    bank = None
    if method in ("sat_soft", "fast_ls"):
        bank = SoftLabelBank(
            y, n_classes, sat_momentum, start_epoch=int(round(sat_start * epochs))
        )
        bank.T = bank.T.to(device)
    hist = []
    epoch_iter = range(epochs) if desc is None else progress(range(epochs), desc=desc)
    for ep in epoch_iter:
        t0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(len(x), generator=g_shuffle).to(device)
        tot_loss, passes, unchanged = 0.0, 0, 0
        for b in range(n_batches):
            idx = perm[b * batch : (b + 1) * batch]
            xb, yb = x[idx], y[idx]
            if augment:
                xb = _augment(xb, g_aug)
            if method != "clean":
                variant = (
                    "proj"
                    if bool(torch.rand((), generator=g_attack, device=device) < 0.5)
                    else "unproj"
                )
                x_start = (
                    sparse_noise(
                        xb, min(2 * k_train, xb.shape[2] * xb.shape[3]), g_noise
                    )
                    if noise
                    else xb
                )
                r = spgd(
                    model,
                    x_start,
                    yb,
                    k_train,
                    iters=attack_steps,
                    variant=variant,
                    alpha=alpha,
                    beta=beta,
                    patience=patience,
                    generator=g_attack,
                )
                x_adv = r.x_adv.detach()
                passes += r.passes + len(xb)
                unchanged += int((r.n_pixels == 0).sum())
            model.train()
            if method == "clean":
                loss = F.cross_entropy(model(xb), yb)
            elif method == "sat":
                loss = F.cross_entropy(model(x_adv), yb)
            elif method == "strades":
                loss = F.cross_entropy(z := model(xb), yb) + beta_trade * kl_clean_adv(
                    z, model(x_adv)
                )
            elif method == "sat_soft":
                with torch.no_grad():
                    bank.update(idx, model(xb), ep)
                loss = (
                    bank.weights(idx)
                    * soft_cross_entropy(model(x_adv), bank.targets(idx))
                ).mean()
            else:  # fast_ls
                z = model(xb)
                bank.update(idx, z, ep)
                loss = tradeoff_loss(
                    z,
                    model(x_adv),
                    bank.targets(idx),
                    bank.weights(idx),
                    1.0,
                    beta_trade,
                )
            passes += 2 * len(xb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot_loss += float(loss.detach()) * len(xb)
        model.eval()
        train_s, train_cpu = time.perf_counter() - t0, time.process_time() - c0
        ev, t1 = {}, time.perf_counter()
        if eval_fn is not None and eval_every and (ep + 1) % eval_every == 0:
            ev = eval_fn(model, ep + 1)
        hist.append(
            EpochRecord(
                ep + 1,
                tot_loss / len(x),
                train_s,
                passes / len(x),
                unchanged,
                ev,
                cpu_seconds=train_cpu,
                eval_seconds=time.perf_counter() - t1,
            )
        )
    model.eval()
    return hist


# Deliberate repeat: the keyword arguments of train_model that this digits wrapper
# fixes, in its signature and in the call that forwards them.
def train_digits_model(
    seed: int = 0,
    method: str = "clean",
    *,
    attack_steps: int = 10,
    k_train: int = 8,
    epochs: int = 20,
    width: int = 32,
    act: str = "relu",
    device: str = "cpu",
    data=None,
    **kwargs,
):
    """Deterministically train a TinyCNN on the digits split (split seed 0); returns
    (model, history).

    The weights depend only on the arguments (same seed -> identical weights on the same
    device and thread count). ``data`` may pass ``(x_train, y_train)`` to avoid
    reloading. Other keyword arguments go to :func:`train_model` (lr, batch, alpha,
    beta, sat_start, beta_trade, eval_fn, eval_every, ...).
    """
    if data is None:
        from .data import load_digits

        data = load_digits(0)[:2]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = TinyCNN(width=width, act=act)
    hist = train_model(
        model,
        data[0],
        data[1],
        seed=seed,
        method=method,
        attack_steps=attack_steps,
        k_train=k_train,
        epochs=epochs,
        device=device,
        **kwargs,
    )
    return model, hist


def attack_eval_fn(
    x: torch.Tensor, y: torch.Tensor, k: int, stages: list, seed: int = 0
):
    """An ``eval_fn`` for :func:`train_model`: clean accuracy and sAA robust accuracy on
    (x, y)."""
    from .autoattack import sparse_autoattack
    from .common import predict

    def fn(model, epoch):
        clean = float((predict(model, x) == y).double().mean())
        r = sparse_autoattack(model, x, y, k, stages=stages, seed=seed)
        return {"clean": clean, "robust": r.robust_accuracy()}

    return fn


# Deliberate repeat: the (x, y, k, then keyword budgets, step sizes and seed)
# signature of the attacks it runs, one parameter a line.
def co_eval_fn(
    x: torch.Tensor,
    y: torch.Tensor,
    k: int,
    *,
    iters: int = 50,
    queries: int = 100,
    alpha: float = 0.25,
    beta: float = 0.25,
    seed: int = 0,
):
    """An ``eval_fn`` measuring catastrophic overfitting on a fixed subset (x, y).

    Returns ``{"clean", "one_step", "strong"}``: accuracy under the one-step training
    attack (worst case of the proj and unproj variants, fixed seeds) and under the
    strong attack, per point the worst case over {the one-step attacks, sPGD-unproj
    ``iters`` -> Sparse-RS ``queries``}; so ``strong <= one_step`` by construction.
    """
    from .autoattack import sparse_autoattack
    from .common import predict

    def fn(model, epoch):
        clean = predict(model, x) == y
        one = clean.clone()
        for v in ("proj", "unproj"):
            r = spgd(
                model,
                x,
                y,
                k,
                iters=1,
                variant=v,
                alpha=alpha,
                beta=beta,
                patience=10,
                seed=named_seed(seed, f"one-step {v}"),
            )
            one &= ~r.success
        s = sparse_autoattack(
            model,
            x,
            y,
            k,
            seed=named_seed(seed, "strong attack"),
            stages=[
                ("spgd", dict(variant="unproj", iters=iters)),
                ("rs", dict(queries=queries)),
            ],
        )
        strong = one & ~s.success
        return {
            "clean": float(clean.double().mean()),
            "one_step": float(one.double().mean()),
            "strong": float(strong.double().mean()),
        }

    return fn
