"""Benchmark of the sparse-attack module (quick settings, under a minute on one CPU
core).

Prints: the cost of one Sparse-PGD iteration divided by one plain forward+backward pass
on the same batch in single-thread CPU time (spgd claim C6's bound,
``spgd_claims.C6_BOUND``; a two-pass iteration, the null, gives about 2), and
attacked images per second, on a vanilla TinyCNN (digits).
"""

import time

import torch

from shared.adversarial.bench import attacked_images_per_second
from shared.adversarial.bench import spgd_cost_ratio
from shared.adversarial.data import load_digits
from shared.adversarial.spgd_claims import C6_BOUND
from shared.adversarial.training import train_digits_model


def main():
    torch.set_num_threads(1)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    t0 = time.perf_counter()
    xtr, ytr, xte, yte = load_digits(0)
    model, _ = train_digits_model(
        0, "clean", epochs=10, width=16, data=(xtr, ytr), device=device
    )
    x, y = xte.to(device), yte.to(device)
    print(
        f"adversarial: trained vanilla TinyCNN(width 16, 10 epochs) on {device} in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    r = spgd_cost_ratio(model, x, y, 3, reps=20)
    print(
        "adversarial: sPGD iteration / plain forward+backward (digits, batch "
        f"{len(x)}, "
        f"width 16, k=3): {r['ratio']:.3f} (C6 bound <= {C6_BOUND}; "
        f"{1e3 * r['t_iter']:.2f} ms vs {1e3 * r['t_plain']:.2f} ms, {r['clock']}; "
        f"two-pass null {r['null_ratio']:.3f})"
    )
    ips = attacked_images_per_second(model, x, y, 3, iters=100)
    print(
        f"adversarial: sPGD-unproj T=100 k=3 (early stop): {ips:.0f} attacked images/s"
    )
    ips_full = len(x) / ((100 + 1) * r["t_iter"])
    print(
        f"adversarial: sPGD T=100 without early stop: {ips_full:.0f} attacked images/s"
    )


if __name__ == "__main__":
    main()
