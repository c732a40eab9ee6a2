"""Smoke test: every figure function of shared.quantum.spin1_figures returns a
Figure."""

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from test_spin1_experiment import TINY  # noqa: E402

from shared.quantum import spin1_experiment as spe  # noqa: E402
from shared.quantum import spin1_figures as spf  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return {
        "phase": spe.run_phase(TINY),
        "gs": spe.run_ground_squeezing(TINY),
        "scaling": spe.run_critical_scaling(TINY),
        "qfi": spe.run_qfi(TINY),
        "parity": spe.run_parity(TINY),
        "curves": spe.run_quench_curves(TINY),
        "qmap": spe.run_quench_map(TINY),
        "steady": spe.run_steady(TINY),
        "val": spe.run_validity(TINY),
    }


@pytest.mark.parametrize(
    "draw, args, n_axes",
    [
        (spf.phase_diagram, ("phase",), 2),  # insets are child axes of the two panels
        (spf.ground_squeezing, ("gs",), 2),
        (spf.qfi, ("qfi", "scaling"), 3),
        (spf.parity, ("parity",), 4),
        (spf.quench_curves, ("curves",), 4),
        (spf.quench_map, ("qmap",), 2),
        (spf.steady, ("steady",), 3),
        (spf.bogoliubov_validity, ("val",), 1),
    ],
)
def test_figure_has_its_axes(results, draw, args, n_axes):
    fig = draw(*(results[a] for a in args))
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == n_axes
    finally:
        plt.close(fig)
