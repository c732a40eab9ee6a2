"""Tests of the sparse attacks: budget and box, top-k, gradients, projection, oracles,
errors."""

import itertools

import pytest
import torch
import torch.nn.functional as F

from shared.adversarial import pgd0
from shared.adversarial import project_l0_box
from shared.adversarial import random_pixels
from shared.adversarial import sparse_autoattack
from shared.adversarial import sparse_rs
from shared.adversarial import spgd
from shared.adversarial import topk_mask
from shared.adversarial.common import perturbed_pixels
from shared.adversarial.common import predict
from shared.adversarial.models import ConstantModel
from shared.adversarial.models import LinearModel
from shared.adversarial.models import TinyCNN
from shared.adversarial.rs import rs_fraction
from shared.adversarial.spgd import spgd_gradients

torch.set_num_threads(1)


def _attacks(iters=20):
    return {
        "spgd-proj": lambda m, x, y, k, **kw: spgd(
            m, x, y, k, iters=iters, variant="proj", **kw
        ),
        "spgd-unproj": lambda m, x, y, k, **kw: spgd(
            m, x, y, k, iters=iters, variant="unproj", **kw
        ),
        "rs": lambda m, x, y, k, **kw: sparse_rs(m, x, y, k, queries=iters, **kw),
        "pgd0": lambda m, x, y, k, **kw: pgd0(
            m, x, y, k, steps=iters, restarts=2, **kw
        ),
        "random": lambda m, x, y, k, **kw: random_pixels(
            m, x, y, k, queries=iters, **kw
        ),
        "saa": lambda m, x, y, k, **kw: sparse_autoattack(
            m,
            x,
            y,
            k,
            stages=[
                ("spgd", dict(variant="proj", iters=iters)),
                ("spgd", dict(variant="unproj", iters=iters)),
                ("rs", dict(queries=iters)),
            ],
            **kw,
        ),
    }


def _tiny(c, seed=0):
    torch.manual_seed(seed)
    return TinyCNN(width=4, in_channels=c, image_size=4).eval()


@pytest.mark.parametrize("c", [1, 3])
@pytest.mark.parametrize("k", [1, 3, 16])
@pytest.mark.parametrize("name", list(_attacks()))
def test_budget_box_and_success_flags(c, k, name):
    torch.manual_seed(1)
    model = _tiny(c)
    x = torch.rand(12, c, 4, 4)
    x[0] = 0.0
    x[1] = 1.0
    y = torch.randint(0, 10, (12,))
    res = _attacks(10)[name](model, x, y, k)
    assert res.x_adv.min() >= 0 and res.x_adv.max() <= 1
    assert int(perturbed_pixels(x, res.x_adv).max()) <= k
    res.check(x, k, model=model, y=y)  # also success <=> prediction != y
    assert torch.equal(res.n_pixels, perturbed_pixels(x, res.x_adv))


def test_topk_mask_properties():
    torch.manual_seed(0)
    s = torch.randn(5, 1, 4, 4)
    for k in (1, 3, 16):
        m = topk_mask(s, k)
        assert torch.equal(m.flatten(1).sum(1), torch.full((5,), float(k)))
        assert torch.equal(m, topk_mask(torch.sigmoid(s), k))
        kept_min = torch.where(m.bool(), s, torch.inf).flatten(1).min(1).values
        drop_max = torch.where(m.bool(), -torch.inf, s).flatten(1).max(1).values
        assert bool((kept_min > drop_max).all())
    assert bool((topk_mask(s, 16) == 1).all())
    with pytest.raises(ValueError):
        topk_mask(s, 0)
    with pytest.raises(ValueError):
        topk_mask(torch.randn(2, 3, 4, 4), 1)


def test_gradient_variants_match_autograd():
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3, padding=1),
        torch.nn.Softplus(),
        torch.nn.Flatten(),
        torch.nn.Linear(64, 5),
    ).double()
    x = torch.rand(2, 3, 4, 4, dtype=torch.float64) * 0.5 + 0.25
    y = torch.tensor([1, 3])
    p = (torch.rand_like(x) - 0.5) * 0.4
    mt = torch.randn(2, 1, 4, 4, dtype=torch.float64)
    m = topk_mask(mt, 5)

    def loss_of(delta):
        return F.cross_entropy(net(x + delta), y, reduction="sum")

    xa = (x + p * m).requires_grad_(True)
    (g,) = torch.autograd.grad(loss_of(xa - x), xa)
    gp_proj, gm = spgd_gradients(g, p, m, mt, "proj")
    gp_unproj, _ = spgd_gradients(g, p, m, mt, "unproj")
    pp = p.clone().requires_grad_(True)
    (ref_p,) = torch.autograd.grad(loss_of(pp * m), pp)
    assert (gp_proj - ref_p).abs().max() < 1e-10
    assert (gp_unproj - g * torch.sigmoid(mt)).abs().max() < 1e-10
    mm = mt.clone().requires_grad_(True)
    s = torch.sigmoid(mm)
    st = m + s - s.detach()
    (ref_m,) = torch.autograd.grad(loss_of(p * st), mm)
    assert (gm - ref_m).abs().max() < 1e-10


def test_spgd_single_update_matches_formula():
    torch.manual_seed(0)
    model = _tiny(3).double()
    x = torch.rand(4, 3, 4, 4, dtype=torch.float64)
    y = predict(model, x)  # all clean-correct
    p0 = torch.maximum(torch.minimum((torch.rand_like(x) * 2 - 1), 1 - x), -x)
    mt0 = torch.randn(4, 1, 4, 4, dtype=torch.float64)
    r = spgd(
        model,
        x,
        y,
        3,
        iters=1,
        variant="unproj",
        init=(p0, mt0),
        patience=None,
        early_stop=False,
        return_iterate="last",
    )
    m0 = topk_mask(mt0, 3)
    xa = (x + p0 * m0).requires_grad_(True)
    (g,) = torch.autograd.grad(F.cross_entropy(model(xa), y, reduction="sum"), xa)
    gp, gm = spgd_gradients(g, p0, m0, mt0, "unproj")
    p1 = torch.clamp(torch.clamp(p0 + 0.25 * torch.sign(gp), -x, 1 - x), -1, 1)
    mt1 = mt0 + 0.25 * 4 * gm / gm.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
    assert torch.allclose(r.extra["p"], p1, atol=1e-12)
    assert torch.allclose(r.extra["m_tilde"], mt1, atol=1e-12)
    assert r.passes == 2 * 4


def test_pgd0_projection_matches_brute_force():
    torch.manual_seed(0)
    for trial in range(5):
        x = torch.rand(1, 3, 3, 3, dtype=torch.float64)
        d = torch.randn(1, 3, 3, 3, dtype=torch.float64)
        proj = project_l0_box(d, x, 2)
        best = None
        lo, hi = torch.clamp(-x, min=-1), torch.clamp(1 - x, max=1)
        clipped = torch.maximum(torch.minimum(d, hi), lo).view(3, 9)
        for sub in itertools.combinations(range(9), 2):
            cand = torch.zeros(3, 9, dtype=torch.float64)
            cand[:, list(sub)] = clipped[:, list(sub)]
            dist = float(((cand - d.view(3, 9)) ** 2).sum())
            if best is None or dist < best[0]:
                best = (dist, cand)
        assert float(((proj.view(3, 9) - d.view(3, 9)) ** 2).sum()) <= best[0] + 1e-12
        assert torch.allclose(proj.view(3, 9), best[1])


def _linear_oracle(W, b, x, y, k):
    """True where some wrong class can be reached with k pixels (exact for a linear
    model)."""
    n, c, h, w = x.shape
    z = x.flatten(1) @ W.T + b
    vuln = torch.zeros(n, dtype=torch.bool)
    for i in range(n):
        for j in range(W.shape[0]):
            if j == y[i]:
                continue
            a = (W[y[i]] - W[j]).view(c, h * w)
            xi = x[i].view(c, h * w)
            change = torch.minimum(a * (0 - xi), a * (1 - xi)).sum(0)
            gain = torch.clamp(change.sort().values[:k], max=0).sum()
            if float(z[i, y[i]] - z[i, j] + gain) < -1e-9:
                vuln[i] = True
    return vuln


def test_exact_linear_oracle():
    torch.manual_seed(3)
    W, b = (
        torch.randn(4, 3 * 16, dtype=torch.float64) * 0.1,
        torch.randn(4, dtype=torch.float64),
    )
    model = LinearModel(W, b).double()
    x = torch.rand(60, 3, 4, 4, dtype=torch.float64)
    y = predict(model, x)
    k = 2
    vuln = _linear_oracle(W, b, x, y, k)
    assert 5 < int(vuln.sum()) < 55
    fooled_any = torch.zeros(60, dtype=torch.bool)
    for name, atk in _attacks(50).items():
        r = atk(model, x, y, k)
        assert not bool((r.success & ~vuln).any()), (
            name
        )  # never fools an oracle-robust point
        fooled_any |= r.success
    for v in ("proj", "unproj"):
        r = spgd(model, x, y, k, iters=300, variant=v)
        rate = float(r.success[vuln].float().mean())
        assert rate >= 0.9, (v, rate)


@pytest.fixture(scope="module")
def digits_model():
    from shared.adversarial.data import load_digits
    from shared.adversarial.training import train_digits_model

    xtr, ytr, xte, yte = load_digits(0)
    model, _ = train_digits_model(0, "clean", epochs=8, width=16, data=(xtr, ytr))
    return model, xte[:150], yte[:150]


def test_monotone_in_iterations(digits_model):
    model, x, y = digits_model
    for v in ("proj", "unproj"):
        r1 = spgd(model, x, y, 2, iters=5, variant=v, seed=4, record=True)
        r2 = spgd(model, x, y, 2, iters=40, variant=v, seed=4, record=True)
        assert bool((~r2.success <= ~r1.success).all())  # robust set shrinks
        assert torch.equal(r2.curve[:6], r1.curve)  # prefix property of one seeded run
        assert bool((r2.curve[1:] <= r2.curve[:-1]).all())


def test_monotone_in_budget_within_noise(digits_model):
    model, x, y = digits_model
    for atk in (
        lambda k: spgd(model, x, y, k, iters=50),
        lambda k: sparse_rs(model, x, y, k, queries=100),
    ):
        accs = [atk(k).robust_accuracy() for k in (1, 2, 3, 5)]
        assert all(b <= a + 0.01 for a, b in zip(accs, accs[1:])), accs
        assert accs[-1] < accs[0]


def test_constant_model_is_never_fooled():
    model = ConstantModel(label=2)
    x = torch.rand(10, 1, 8, 8)
    y = torch.tensor([2] * 7 + [1, 3, 4])
    for name, atk in _attacks(10).items():
        r = atk(model, x, y, 5)
        assert abs(r.robust_accuracy() - 0.7) < 1e-9, name
        assert not torch.isnan(r.x_adv).any()
        assert torch.equal(r.success, y != 2)


def test_sparse_rs_vertex_pixels_and_queries():
    model = ConstantModel(label=0)
    x = torch.full((6, 3, 4, 4), 0.5)
    y = torch.zeros(6, dtype=torch.long)
    r = sparse_rs(model, x, y, 3, queries=25)
    assert torch.equal(r.n_pixels, torch.full((6,), 3))
    changed = r.x_adv != x
    assert bool(((r.x_adv[changed] == 0) | (r.x_adv[changed] == 1)).all())
    assert r.passes <= 25 * 6
    assert (
        rs_fraction(0, 100) == 0.8
        and rs_fraction(1, 100) == 0.2
        and rs_fraction(99, 100) == 0.04
    )


def test_sparse_rs_best_loss_never_decreases(digits_model):
    model, x, y = digits_model
    r = sparse_rs(model, x, y, 1, queries=60, record=True)
    trace = r.extra["best_loss_trace"]
    finite = torch.isfinite(trace[:-1]) & torch.isfinite(trace[1:])
    assert bool((trace[1:][finite] >= trace[:-1][finite]).all())


def test_saa_robust_iff_every_stage_failed(digits_model):
    model, x, y = digits_model
    stages = [
        ("spgd", dict(variant="proj", iters=10)),
        ("spgd", dict(variant="unproj", iters=10)),
        ("rs", dict(queries=30)),
    ]
    r = sparse_autoattack(model, x, y, 2, stages=stages, seed=7)
    acc = r.extra["stage_accuracy"]
    assert all(b <= a for a, b in zip(acc, acc[1:]))
    assert torch.equal(~r.success, r.extra["stage_of"] == len(stages))
    first = spgd(model, x, y, 2, iters=10, variant="proj", seed=7)
    assert (
        abs(first.robust_accuracy() - acc[0]) < 1e-12
    )  # stage 0 equals the attack alone
    assert bool((~r.success <= ~first.success).all())
    r.check(x, 2, model=model, y=y)


@pytest.mark.parametrize("name", list(_attacks()))
def test_bad_inputs_raise(name):
    model = _tiny(1)
    atk = _attacks(2)[name]
    x = torch.rand(3, 1, 4, 4)
    y = torch.zeros(3, dtype=torch.long)
    for bad in (0, -1, 17, 2.5):
        with pytest.raises(ValueError, match="k"):
            atk(model, x, y, bad)
    with pytest.raises(ValueError, match="box"):
        atk(model, x + 1.0, y, 2)
    with pytest.raises(ValueError, match="4-D"):
        atk(model, x[0], y, 2)
    with pytest.raises(ValueError, match="label"):
        atk(model, x, y[:2], 2)


def test_bad_settings_raise():
    model = _tiny(1)
    x, y = torch.rand(2, 1, 4, 4), torch.zeros(2, dtype=torch.long)
    with pytest.raises(ValueError, match="variant"):
        spgd(model, x, y, 2, variant="other")
    with pytest.raises(ValueError, match="patience_rule"):
        spgd(model, x, y, 2, patience_rule="loose")
    with pytest.raises(ValueError, match="queries"):
        sparse_rs(model, x, y, 2, queries=0)
    with pytest.raises(ValueError, match="stage"):
        sparse_autoattack(model, x, y, 2, stages=[("cornersearch", {})])


def test_batch_patience_rule_runs_and_differs_only_in_restarts(digits_model):
    model, x, y = digits_model
    a = spgd(model, x, y, 2, iters=30, patience_rule="batch", seed=1)
    b = spgd(model, x, y, 2, iters=30, patience_rule="strict", seed=1, patience=None)
    c = spgd(model, x, y, 2, iters=30, patience_rule="batch", seed=1, patience=None)
    assert torch.equal(b.x_adv, c.x_adv)  # without re-draws the rules coincide
    a.check(x, 2, model=model, y=y)
