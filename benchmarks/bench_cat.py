"""Training throughput of the CAT chapter's models at the quick-profile MQAR settings.

Prints one line per model: training steps per second (AdamW, batch and length of the
quick profile, one torch thread, CPU unless CUDA is present) and the CPU seconds per
step.
"""

import time

import numpy as np
import torch

from shared.attention import cat as ct
from shared.attention.cat_experiment import PROFILES

KINDS = ("cat", "cat-k", "nope", "rope", "ape", "ssm", "mamba")


def steps_per_second(
    kind: str, steps: int = 20, warmup: int = 3
) -> tuple[float, float]:
    """(steps per wall second, CPU seconds per step) for ``kind`` at the quick MQAR
    settings."""
    p = PROFILES["quick"]
    model = ct.make_cat_model(
        kind, p.vocab, p.d_model, window=p.window, max_len=p.train_len, seed=0
    )

    def sampler(r, b):
        return ct.mqar(r, b, p.train_len, p.train_pairs, p.vocab)

    ct.train(model, sampler, warmup, p.lr, p.batch, seed=0)
    w0, c0 = time.perf_counter(), time.process_time()
    ct.train(model, sampler, steps, p.lr, p.batch, seed=1)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return steps / wall, cpu / steps


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    np.random.seed(0)
    p = PROFILES["quick"]
    for kind in KINDS:
        sps, cps = steps_per_second(kind)
        print(
            f"cat: {kind:6s} MQAR L={p.train_len} batch={p.batch} d={p.d_model}: "
            f"{sps:7.1f} training steps/s ({cps * 1e3:.1f} CPU-ms/step)"
        )


if __name__ == "__main__":
    main()
