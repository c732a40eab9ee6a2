"""Benchmark of the sonic-mapping pipeline and the fracture-network tools (``make
bench``).

Prints one line per measurement: the time for one synthetic 60 mm cube's 54 forward
measurements (27 Vp + 27 Vs) with the straight-ray model and with the first-arrival
model (2 mm and 1 mm graphs; the S graph drops the open-crack nodes and their
corner-cutting edges, Vs = 0 there), the time for one 3D map (three 60 x 60 interpolated
maps plus the combination) per interpolation family, and the time to generate and
measure one 80^3 fracture network. Times are the best of a few repeats of
``time.perf_counter`` (wall clock), so a busy machine inflates them less.
"""

from __future__ import annotations

import numpy as np

from shared.geomech import rockphysics as R
from shared.geomech import sonic as S
from shared.geomech import sonic_experiment as X
from shared.repro.timing import best_time


def main() -> None:
    """Print the forward-model, 3D-map and fracture-network timings."""
    cube = S.make_cube(S.CubeSpec(n=60, L=60.0), seed=0)

    def both(model, coarsen=1):
        S.region_velocities(cube.vp, cube.L, model=model, coarsen=coarsen)
        S.region_velocities(cube.vs, cube.L, model=model, coarsen=coarsen)

    t = best_time(lambda: both("straight"), 5)
    print(
        "geomech 54 measurements (27 Vp + 27 Vs), straight ray, 60^3 cube: "
        f"{t * 1e3:8.2f} ms"
    )
    t = best_time(lambda: both("first_arrival", 2), 2)
    print(
        "geomech 54 measurements, first arrival (Dijkstra), 2 mm graph (30^3): "
        f"{t:8.2f} s"
    )
    t = best_time(lambda: both("first_arrival", 1), 1)
    print(
        "geomech 54 measurements, first arrival (Dijkstra), 1 mm graph (60^3): "
        f"{t:8.2f} s"
    )
    maps = S.straight_ray_velocities(cube.vp, cube.L)
    for scheme in (
        "nearest",
        "linear",
        "spline2",
        "rbf_thin_plate_spline",
        "rbf_gaussian",
    ):
        t = best_time(lambda: S.sonic_map_3d(maps, cube.L, 60, scheme, "arithmetic"), 5)
        print(
            f"geomech one 3D map (60^3), scheme {scheme:<22s} arithmetic: "
            f"{t * 1e3:8.2f} ms"
        )
    t = best_time(lambda: S.first_arrival_velocities(cube.vs, cube.L, coarsen=2), 2)
    print(
        "geomech 27 S first arrivals round open cracks (blocked nodes), 2 mm graph: "
        f"{t:8.2f} s"
    )
    t = best_time(
        lambda: X.replicate_metrics(np.random.SeedSequence(0), n_cubes=10, fa_cubes=3),
        1,
    )
    print(f"geomech one claim replicate (10 cubes, 3 with first arrivals): {t:8.2f} s")
    t = best_time(lambda: S.lsq_blocks(maps), 5)
    print(f"geomech least-squares 27-block inversion: {t * 1e3:8.2f} ms")
    t = best_time(
        lambda: R.fracture_network(n=80, n_discs=20, aperture_median=2.0, seed=0), 3
    )
    print(f"geomech fracture network 80^3, 20 discs: {t * 1e3:8.1f} ms")
    net = R.fracture_network(n=80, n_discs=20, aperture_median=2.0, seed=0)
    t = best_time(lambda: R.p32_intercepts(net.mask), 3)
    print(f"geomech 13-direction P32 estimate, 80^3: {t * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
