"""Each figure function of shared.geomech.dewatering_figures returns a Figure with its
axes, and the result texts quote their own numbers."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from shared.geomech import dewatering_experiment as D  # noqa: E402
from shared.geomech import dewatering_figures as F  # noqa: E402
from shared.geomech import rockphysics as rp  # noqa: E402

TINY = D.Profile(n=24, n_volumes=3, n_sweep=2, n_boot=200)


def _n_plot_axes(fig):
    return sum(1 for ax in fig.axes if ax.get_label() != "<colorbar>")


def test_every_figure_returns_a_figure_with_its_panels():
    rng = np.random.default_rng(0)
    por = D.run_porosity(TINY, rng)
    im = D.run_imaging(TINY, 0)
    fl = D.run_fluid()
    pct = D.run_percentages(TINY, rng)
    sta = D.run_static()
    expected = [
        (F.ct_slices(rp.fracture_network(24, 5, 3.0, seed=0)), 3, 4),
        (F.phi_p32(por), 2, 2),
        (F.resolution(im), 3, 3),
        (F.gassmann(fl), 2, 3),
        (F.percent_bases(pct), 1, 1),
        (F.static_moduli(sta), 1, 1),
    ]
    for fig, n_panels, n_axes in expected:
        assert isinstance(fig, matplotlib.figure.Figure)
        assert _n_plot_axes(fig) == n_panels
        assert len(fig.axes) == n_axes
        plt.close(fig)


def test_reports_and_glued_values_quote_the_results():
    rng = np.random.default_rng(0)
    por = D.run_porosity(TINY, rng)
    fl = D.run_fluid()
    pct = D.run_percentages(TINY, rng)
    sta = D.run_static()
    assert por.glued()["r2_const"] == por.r2_const
    assert f"{por.r2_const:.3f}" in por.report()
    assert fl.glued()["vp_pct"] == pytest.approx(100 * (fl.vp_ratio - 1))
    assert "reproduced to 3 significant figures: True" in fl.report()
    assert f"{fl.ed_min_ratio:.4f}" in fl.grid_report()
    assert set(pct.glued()) == {"es_dry_base", "ucs_dry_base", "ci_width"}
    assert len(pct.report().splitlines()) == len(D.REPORTED) + 1
    assert f"{sta.es['secant50']:.3f}" in sta.report()
    im = D.run_imaging(TINY, 0)
    assert len(im.report().splitlines()) == len(D.FACTORS) * len(D.THRESHOLDS)
    assert im.glued()["p32_loss3"] == pytest.approx(100 * im.p32_loss3)
