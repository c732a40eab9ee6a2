"""Benchmark of the spin-1 M = 0 ground-state solver (``make bench``).

Prints one line per measurement: the tridiagonal ground-state time for N = 1e3, 1e4, 1e5
(target: N = 1e5 in at most 0.5 s) and the speed ratio against dense
``numpy.linalg.eigh`` of the same Hamiltonian at N = 4000 (target: at least 100x). Times
are the best of a few repeats (wall clock,
``time.perf_counter``), so a busy machine inflates them less.
"""

from __future__ import annotations

import time

import numpy as np

from shared.quantum.spin1 import ground_state
from shared.quantum.spin1 import sector_hamiltonian
from shared.repro.timing import best_time

Q, C = 2.0, -1.0  # ferromagnetic critical point, the hardest (smallest-gap) case


def main() -> None:
    """Print the ground-state timings and the dense-vs-tridiagonal ratio."""
    for N, target in ((1_000, None), (10_000, None), (100_000, 0.5)):
        t = best_time(lambda: ground_state(N, Q, C), repeats=5)
        goal = (
            f" (target <= {target} s: {'met' if t <= target else 'MISSED'})"
            if target
            else ""
        )
        print(f"spin1 ground state, tridiagonal, N = {N:>6d}: {t * 1e3:8.2f} ms{goal}")
    N = 4000
    d, e = sector_hamiltonian(N, Q, C)
    dense = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    t_tri = best_time(lambda: ground_state(N, Q, C), repeats=5)
    t0 = time.perf_counter()
    e_dense = np.linalg.eigh(dense)[0][0]  # one dense solve: it takes seconds
    t_dense = time.perf_counter() - t0
    e_tri = ground_state(N, Q, C)[0][0]
    ratio = t_dense / t_tri
    print(
        f"spin1 N = {N}: dense numpy.linalg.eigh {t_dense:.3f} s vs tridiagonal "
        f"{t_tri * 1e3:.2f} ms: "
        f"{ratio:.0f}x faster (target >= 100x: {'met' if ratio >= 100 else 'MISSED'}); "
        f"|E0 difference| = {abs(e_tri - e_dense):.1e}"
    )


if __name__ == "__main__":
    main()
