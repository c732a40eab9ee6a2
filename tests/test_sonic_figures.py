"""Each figure function of shared.geomech.sonic_figures returns a Figure with its
axes."""

import pytest

pytest.importorskip("matplotlib")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from shared.geomech import sonic_experiment as X  # noqa: E402
from shared.geomech import sonic_figures as F  # noqa: E402

TINY = X.Profile(
    n=24, n_figure=12, n_cubes=2, n_cubes_sweep=2, fig_schemes=("nearest", "linear"),
    fa_coarsen=2, fa_cubes=2, fig_cubes=1,
)  # fmt: skip


def _n_plot_axes(fig):
    return sum(1 for ax in fig.axes if ax.get_label() != "<colorbar>")


def test_every_figure_returns_a_figure_with_its_panels():
    st = X.streams(TINY, 0)
    fc = X.run_figure_cube(TINY, st)
    m2 = X.run_maps_2d(TINY, fc)
    stats = X.run_statistics(TINY, st)
    fw = X.run_forward_models(TINY, st, m2.hom_fa_err)
    sweep = X.Sweep(
        r={
            k: 0.5
            for k in [
                (r, g, s) for r in X.RULES for g in X.GRIDS for s in X.NOISE_LEVELS
            ]
        }
    )
    expected = [
        (F.layout(), 3),
        (F.ct_slices(fc.cube), 6),
        (F.maps_2d(m2.maps, TINY.fig_schemes), 12),
        (F.map_3d(X.run_map_3d(TINY, st, fc).panels), 15),
        (F.scheme_scores(stats), 1),
        (F.point_spread(X.run_point_spread(TINY)), 6),
        (F.forward_models(fw, TINY), 2),
        (F.sensitivity(sweep), 1),
    ]
    for fig, n_axes in expected:
        assert isinstance(fig, plt.Figure)
        assert _n_plot_axes(fig) == n_axes
        plt.close(fig)


def test_result_texts_and_glued_values_quote_the_results():
    st = X.streams(TINY, 0)
    fc = X.run_figure_cube(TINY, st)
    m2 = X.run_maps_2d(TINY, fc)
    stats = X.run_statistics(TINY, st)
    fw = X.run_forward_models(TINY, st, m2.hom_fa_err)
    ps = X.run_point_spread(TINY)
    assert f"{100 * fc.open_frac:.2f} %" in fc.report()
    assert f"{m2.node_err:.2e} m/s" in m2.report()
    assert stats.glued()["r_default"] == stats.r()
    assert fw.glued()["fa_ratio"] == fw.ratio
    assert ps.glued()["rank_svd"] == ps.rank_svd
    sweep = X.Sweep(
        r={(r, g, s): 0.5 for r in X.RULES for g in X.GRIDS for s in X.NOISE_LEVELS}
    )
    assert sweep.glued()["noise_drop"] == 0.0
