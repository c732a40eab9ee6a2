"""Benchmark of the next-token automaton chapter's training loop (``make bench``).

Prints one line per model variant: full-batch normalized-GD steps per second at the
quick settings (trials batched on a leading axis, closed-form gradient, float64, one
torch thread) for the identity head with log-loss (acyclic n4T6K8d8, 10 trials), the
tied head with cross-entropy and with squared loss (cyclic n4T6K8d8, 8 trials), and one
trial of the shared ``OneLayerAttention`` module with autograd for comparison. Repeated
on CUDA when present. Times are the best of three repeats (``time.perf_counter``), so a
busy machine inflates them less.
"""

from __future__ import annotations

import numpy as np
import torch

from shared.attention import automaton as A
from shared.repro.timing import best_time

STEPS = 300


def _best_rate(fn, steps: int, repeats: int = 3) -> float:
    return steps / best_time(fn, repeats)


def _closed_form(datasets, loss: str, device: str) -> float:
    batch = A.make_batch(datasets, device=device)
    W0 = A.default_init(len(datasets), datasets[0].d, seed=0, device=device)

    def run():
        A.normalized_gd(W0, batch, loss, lr=0.01, iters=STEPS, record_every=STEPS)
        if device == "cuda":
            torch.cuda.synchronize()

    return _best_rate(run, STEPS)


def _shared_model_autograd(ds, device: str) -> float:
    model = A.to_shared_model(
        A.default_init(1, ds.d, seed=0)[0].numpy(), ds.E, "identity", device=device
    )
    tokens = torch.tensor(ds.X, device=device)
    y = torch.tensor(ds.y, device=device)

    def run():
        for _ in range(STEPS):
            out = model(tokens, last_only=True)
            loss = -torch.log(out.gather(1, y[:, None])).mean()
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                model.W -= 0.01 * model.W.grad / model.W.grad.norm()
        if device == "cuda":
            torch.cuda.synchronize()

    return _best_rate(run, STEPS)


def main() -> None:
    """Print steps per second for each model variant, on CPU and on CUDA if present."""
    torch.set_num_threads(1)
    q = A.PROFILES["quick"]
    rng = np.random.default_rng(0)
    acyc = A.draw_trials(q.acyclic, "acyclic", q.n_trials, rng)
    loc = A.draw_trials(q.local, "cyclic", q.local_trials, rng)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for dev in devices:
        for name, dss, loss in (
            ("identity head, log-loss", acyc, "log"),
            ("tied head, cross-entropy", loc, "ce"),
            ("tied head, squared loss", loc, "sq"),
        ):
            r = _closed_form(dss, loss, dev)
            print(
                f"automaton {name:<26s} ({len(dss)} trials batched, {dev}): {r:8.0f} "
                "steps/s "
                f"= {r * len(dss):8.0f} trial-steps/s"
            )
        r = _shared_model_autograd(acyc[0], dev)
        print(
            f"automaton shared OneLayerAttention, autograd (1 trial, {dev}):    "
            f"{r:8.0f} steps/s"
        )


if __name__ == "__main__":
    main()
