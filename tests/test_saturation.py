"""Unit tests of shared.adversarial.saturation (attack-budget saturation)."""

from __future__ import annotations

import pytest
import torch

from shared.adversarial.common import AttackResult
from shared.adversarial.saturation import Saturation
from shared.adversarial.saturation import doubling_budgets
from shared.adversarial.saturation import saa_at_budget
from shared.adversarial.saturation import saturation_checks
from shared.adversarial.saturation import saturation_curve
from shared.adversarial.saturation import saturation_figure
from shared.adversarial.saturation import saturation_table


class _Res:
    """A stand-in AttackResult: only ``success`` is read."""

    def __init__(self, success):
        self.success = torch.as_tensor(success, dtype=torch.bool)


def _fake(robust_at):
    """A fake attack: at budget b, the first ``robust_at(b)`` of N points stay
    robust."""
    calls = []

    def attack(model, x, y, b):
        calls.append(b)
        n_rob = robust_at(b)
        return _Res([i >= n_rob for i in range(len(x))])

    return attack, calls


X, Y = torch.zeros(100, 1, 8, 8), torch.zeros(100, dtype=torch.long)


def test_converging_attack_saturates_and_stops():
    rob = {1: 40, 2: 30, 4: 25, 8: 24, 16: 24}
    attack, calls = _fake(lambda b: rob[b])
    c = saturation_curve(None, X, Y, attack, (1, 2, 4, 8, 16))
    assert isinstance(c, Saturation)
    assert c.saturated and c.saturated_budget == 4
    assert c.budgets == (1, 2, 4, 8) and calls == [1, 2, 4, 8]  # stopped at 8
    assert c.robust == (40, 30, 25, 24)
    assert c.accuracy == (40.0, 30.0, 25.0, 24.0)
    assert c.final_accuracy == 24.0
    assert c.moves == (10, 5, 1)
    assert "saturated: 4x -> 8x" in c.text()


def test_never_converging_attack_is_not_saturated():
    attack, calls = _fake(lambda b: 60 - 5 * b.bit_length())
    c = saturation_curve(None, X, Y, attack, doubling_budgets(8))
    assert not c.saturated and c.saturated_budget is None
    assert c.budgets == (1, 2, 4, 8) and c.max_budget == 8
    assert "not saturated within 8x" in c.text()
    (chk,) = saturation_checks({"m": c})
    assert chk.measured is False


def test_tolerance_and_known_results_are_used():
    attack, calls = _fake(lambda b: {1: 50, 2: 47, 4: 45}[b])
    known = {1: _Res([i >= 50 for i in range(100)])}
    c = saturation_curve(None, X, Y, attack, (1, 2, 4), tol_images=3, known=known)
    assert calls == [2] and c.saturated_budget == 1
    c0 = saturation_curve(None, X, Y, attack, (1, 2, 4), tol_images=0)
    assert not c0.saturated
    (chk,) = saturation_checks({"m": c})
    assert chk.measured is True


def test_robust_means_robust_to_every_budget_run_so_far():
    def attack(model, x, y, b):  # budget 2 fools other points than budget 1
        lo = {1: 0, 2: 10, 4: 10}[b]
        return _Res([lo <= i < lo + 80 for i in range(100)])

    c = saturation_curve(None, X, Y, attack, (1, 2, 4))
    assert c.robust == (20, 10, 10) and c.moves == (10, 0)
    assert c.saturated_budget == 2


@pytest.mark.parametrize(
    "budgets, msg",
    [
        ((1,), "at least two"),
        ((1, 3), "double"),
        ((0, 0), "budget"),
        ((2, 1), "double"),
    ],
)
def test_bad_budgets(budgets, msg):
    attack, _ = _fake(lambda b: 0)
    with pytest.raises(ValueError, match=msg):
        saturation_curve(None, X, Y, attack, budgets)


def test_doubling_budgets():
    assert doubling_budgets(2) == (1, 2)
    assert doubling_budgets(16) == (1, 2, 4, 8, 16)
    for bad in (1, 6, 0, True):
        with pytest.raises(ValueError):
            doubling_budgets(bad)


def test_saa_at_budget_on_a_tiny_model():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 10))
    x, y = torch.rand(12, 1, 8, 8), torch.randint(0, 10, (12,))
    attack = saa_at_budget(k=2, iters=2, queries=3, seed=0)
    r = attack(model, x, y, 2)
    assert isinstance(r, AttackResult) and len(r.success) == 12
    c = saturation_curve(model, x, y, attack, (1, 2, 4))
    assert c.n == 12 and 1 <= len(c.budgets) - 1 <= 2
    with pytest.raises(ValueError, match="iters"):
        saa_at_budget(k=2, iters=0, queries=3, seed=0)


def test_table_and_figure():
    attack, _ = _fake(lambda b: {1: 30, 2: 20, 4: 20}[b])
    curves = {
        "a": saturation_curve(None, X, Y, attack, (1, 2, 4)),
        "b": saturation_curve(None, X, Y, attack, (1, 2)),
    }
    tab = saturation_table(curves, "10/10/30")
    assert "| a | 30.0 | 20.0 | 20.0 |" in tab and "10/10/30" in tab
    assert "not saturated within 2x" in tab
    fig = saturation_figure(curves, "10/10/30")
    assert fig.axes[0].get_title() == "Attack-budget saturation (our check)"
