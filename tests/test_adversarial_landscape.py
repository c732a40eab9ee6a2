"""Tests of the landscape probes: directions, l1 projection, determinism, budgets,
smoothness."""

import numpy as np
import pytest
import torch

from shared.adversarial.common import perturbed_pixels
from shared.adversarial.common import predict
from shared.adversarial.landscape import calibrate
from shared.adversarial.landscape import curve_1d
from shared.adversarial.landscape import filter_normalized_direction
from shared.adversarial.landscape import probe
from shared.adversarial.landscape import probe_attack
from shared.adversarial.landscape import project_l1_ball
from shared.adversarial.models import TinyCNN

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def smooth():
    torch.manual_seed(0)
    model = TinyCNN(width=4, act="softplus").double().eval()
    x = torch.rand(16, 1, 8, 8, dtype=torch.float64)
    return model, x, predict(model, x)


def test_filter_normalized_direction(smooth):
    model = smooth[0]
    d = filter_normalized_direction(model, torch.Generator().manual_seed(1))
    off = 0
    for p in model.parameters():
        part = d[off : off + p.numel()].view_as(p)
        off += p.numel()
        if p.dim() <= 1:
            assert bool((part == 0).all())
        else:
            assert torch.allclose(
                part.flatten(1).norm(dim=1), p.detach().flatten(1).norm(dim=1)
            )
    assert off == len(d)


def test_l1_projection_matches_brute_force():
    torch.manual_seed(0)
    v = torch.randn(4, 5, dtype=torch.float64) * 2
    out = project_l1_ball(v, 1.5)
    assert bool((out.abs().sum(1) <= 1.5 + 1e-9).all())
    for i in range(4):  # compare with scipy's constrained optimiser
        from scipy.optimize import minimize

        vi = v[i].numpy()
        cons = [{"type": "ineq", "fun": lambda z: 1.5 - np.abs(z).sum()}]
        best = minimize(
            lambda z: ((z - vi) ** 2).sum(),
            np.zeros(5),
            constraints=cons,
            method="SLSQP",
            options={"ftol": 1e-12, "maxiter": 500},
        )
        assert ((out[i].numpy() - vi) ** 2).sum() <= best.fun + 1e-6
    inside = torch.tensor([[0.1, -0.2, 0.3]], dtype=torch.float64)
    assert torch.equal(project_l1_ball(inside, 1.0), inside)
    with pytest.raises(ValueError):
        project_l1_ball(v, 0.0)


@pytest.mark.parametrize(
    "norm,budget", [("linf", 0.1), ("l2", 0.5), ("l1", 1.0), ("l0", 2)]
)
def test_probe_attack_deterministic_and_in_budget(smooth, norm, budget):
    model, x, y = smooth
    d1 = probe_attack(model, x, y, norm, budget, iters=5, seed=3)
    d2 = probe_attack(model, x, y, norm, budget, iters=5, seed=3)
    assert torch.equal(d1, d2)
    xa = x + d1
    assert float(xa.min()) >= 0 and float(xa.max()) <= 1
    flat = d1.flatten(1)
    if norm == "linf":
        assert float(flat.abs().max()) <= budget + 1e-12
    elif norm == "l2":
        assert float(flat.norm(dim=1).max()) <= budget + 1e-9
    elif norm == "l1":
        assert float(flat.abs().sum(1).max()) <= budget + 1e-9
    else:
        assert int(perturbed_pixels(x, xa).max()) <= budget
    with pytest.raises(ValueError):
        probe_attack(model, x, y, "l3", budget)


def test_frozen_rate_is_flat_for_smooth_model(smooth):
    model, x, y = smooth
    out = probe(model, x, y, "linf", 0.05, hs=(1e-3, 3e-3, 1e-2), n_dirs=1, iters=3)
    rf = out["R_frozen"]
    assert rf.max() / rf.min() < 1.1
    assert set(out) == {"h", "R", "R_frozen", "J", "J_rel"}


def test_calibrate_and_curve(smooth):
    model, x, y = smooth
    b, accs = calibrate(model, x, y, "l0", [1, 2, 3], target=0.3, iters=3)
    assert b in (1, 2, 3) and all(0 <= a <= 1 for a in accs.values())
    assert accs[3] <= accs[1] + 0.13
    t, loss, rough = curve_1d(
        model, x, y, "linf", 0.05, np.linspace(-0.01, 0.01, 5), iters=2
    )
    assert len(loss) == 5 and rough >= 0
    with pytest.raises(ValueError):
        curve_1d(model, x, y, "linf", 0.05, [0.0, 1.0])
