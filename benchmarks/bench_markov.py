"""Benchmark of the ``attn-markov`` chapter (``make bench``), at its quick settings.

``main()`` prints one line per measurement, on CPU (one torch thread) and on CUDA when
present:

- training steps per second of the one-matrix attention layer
  (``shared.attention.model`` in the chapter's setting: fixed orthonormal embedding,
  mass head, float64) on the C5 instance (K = 6, d = 10, L = 5, n = 1000, full batch),
  one step = forward + backward + Adam update;
- the same for the full-batch L-BFGS fit the chapter uses (wall time of one fit);
- convex-MLE fits per second (K = 8, n = 4000 IID prompts, per-column Newton);
- generated tokens per second of the batched trajectory sampler (K = 20, 10 runs),
  attention (CCMC) and plain Markov modes.

Times are the best of three repeats (``time.perf_counter``) so a busy machine inflates
them less.
"""

from __future__ import annotations

import numpy as np
import torch

from shared.attention import markov as mk
from shared.attention.markov_experiment import PROFILES
from shared.repro.timing import best_time

Q = PROFILES["quick"]


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def bench_device(device: str) -> None:
    rng = np.random.default_rng(0)
    K, d, L, n = Q.attn_K, Q.attn_d, Q.attn_L, Q.attn_n
    E = mk.orthonormal_embedding(K, d, rng)
    P_star = mk.base_chain(Q.attn_sigma * rng.standard_normal((d, d)), E)
    tok = mk.sample_prompts(n, L, K, rng)
    y = mk.sample_ccmc(P_star, tok, rng)

    model = mk.attention_layer(E, device=device)
    tok_t = torch.as_tensor(tok, device=model.device)
    y_t = torch.as_tensor(y, device=model.device)
    idx = torch.arange(n, device=model.device)
    opt = torch.optim.Adam([model.W], lr=0.05)
    steps = 200

    def train():
        for _ in range(steps):
            opt.zero_grad(set_to_none=True)
            loss = -torch.log(model(tok_t, last_only=True)[idx, y_t]).mean()
            loss.backward()
            opt.step()
        _sync(device)

    t = best_time(train)
    print(
        f"attn-markov [{device}]: attention layer (merged W, mass head, float64), "
        "Adam full batch "
        f"n={n}: {steps / t:.0f} training steps/s"
    )
    t = best_time(
        lambda: mk.fit_attention_layer(
            E, tok, y, max_iter=Q.attn_max_iter, device=device
        )
    )
    print(
        f"attn-markov [{device}]: attention layer, one full-batch L-BFGS fit (max_iter "
        f"{Q.attn_max_iter}): {t:.2f} s"
    )

    if device == "cpu":
        P8 = mk.base_chain(rng.standard_normal((8, 8)))
        tok8 = mk.sample_prompts(4000, Q.rate_L, 8, rng)
        y8 = mk.sample_ccmc(P8, tok8, rng)
        c8 = mk.token_counts(tok8, 8)
        t = best_time(lambda: mk.fit_ccmc_mle(c8, tok8[:, -1], y8))
        print(
            "attn-markov [cpu]: convex CCMC MLE (K=8, n=4000, Newton per column): "
            f"{1 / t:.1f} fits/s"
        )

    Kw, runs, steps_w = Q.wta_K, Q.wta_runs, Q.wta_steps
    Pw = mk.base_chain(rng.standard_normal((runs, Kw, Kw)))
    for mode in ("ccmc", "markov"):
        t = best_time(
            lambda: mk.trajectory(
                Pw, np.arange(Kw), steps_w, runs, mode=mode, seed=1, device=device
            )
        )
        print(
            f"attn-markov [{device}]: trajectory sampler, {mode} mode (K={Kw}, {runs} "
            "runs x "
            f"{steps_w} steps): {runs * steps_w / t:.3g} tokens/s ({steps_w / t:.0f} "
            "steps/s)"
        )


def main() -> None:
    torch.set_num_threads(1)
    bench_device("cpu")
    if torch.cuda.is_available():
        bench_device("cuda")


if __name__ == "__main__":
    main()
