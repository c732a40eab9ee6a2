"""Each OVERT figure function returns a Figure with the expected number of axes."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from test_overt_experiment import encoder  # noqa: E402, F401
from test_overt_experiment import results  # noqa: E402, F401
from test_overt_experiment import tables  # noqa: E402, F401

from shared.overt import experiment as X  # noqa: E402
from shared.overt import figures as F  # noqa: E402


def test_reported_figures_need_no_data():
    rep = X.check_reported(0, 20)
    for fn, n_axes in ((F.radars, 2), (F.tradeoff, 1)):
        fig = fn(rep)
        assert isinstance(fig, Figure) and len(fig.axes) == n_axes


@pytest.mark.parametrize(
    "name, part, n_axes",
    [
        ("datacard", lambda r: r.data.card, 4),
        ("funnel", lambda r: r.workflow, 1),
        ("dedup", lambda r: r.dedup, 1),
        ("filter_rates", lambda r: r.filters, 2),
        ("filter_tradeoff", lambda r: r.filters, 1),
        ("rewrite", lambda r: r.rewrite, 2),
    ],
)
def test_measured_figures(results, name, part, n_axes):  # noqa: F811
    fig = getattr(F, name)(part(results))
    assert isinstance(fig, Figure) and len(fig.axes) == n_axes
