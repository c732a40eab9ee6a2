"""Tests of the training pieces: soft-label bank, trade-off loss, one-step attack,
determinism."""

import pytest
import torch
import torch.nn.functional as F

from shared.adversarial import spgd
from shared.adversarial.ablation import location_vs_magnitude
from shared.adversarial.common import predict
from shared.adversarial.data import load_digits
from shared.adversarial.models import ConstantModel
from shared.adversarial.models import TinyCNN
from shared.adversarial.training import METHODS
from shared.adversarial.training import SoftLabelBank
from shared.adversarial.training import kl_clean_adv
from shared.adversarial.training import soft_cross_entropy
from shared.adversarial.training import tradeoff_loss
from shared.adversarial.training import train_digits_model

torch.set_num_threads(1)


def test_load_digits_shapes_and_range():
    xtr, ytr, xte, yte = load_digits(0)
    assert xtr.shape == (1347, 1, 8, 8) and xte.shape == (450, 1, 8, 8)
    assert float(xtr.min()) == 0.0 and float(xtr.max()) == 1.0
    assert torch.equal(torch.bincount(yte), torch.bincount(yte))  # int labels
    assert abs(int((yte == 0).sum()) - 45) <= 1  # stratified
    with pytest.raises(ValueError):
        load_digits(0, test_fraction=1.5)


def test_one_step_attack_is_spgd_with_one_iteration():
    model = ConstantModel(label=0)
    x = torch.rand(5, 1, 8, 8)
    y = torch.zeros(5, dtype=torch.long)
    r = spgd(model, x, y, 8, iters=1)
    assert r.passes == 2 * 5
    r.check(x, 8, model=model, y=y)


def test_soft_label_bank():
    y = torch.tensor([0, 1, 2, 1])
    bank = SoftLabelBank(y, n_classes=3, momentum=0.9, start_epoch=2)
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.5, 0.1, 0.3]])
    idx = torch.tensor([3, 0])
    bank.update(idx, logits, epoch=1)
    assert torch.equal(bank.T, F.one_hot(y, 3).float())  # one-hot before start_epoch
    bank.update(idx, logits, epoch=2)
    ref = 0.9 * F.one_hot(y[idx], 3).float() + 0.1 * F.softmax(logits, 1)
    assert torch.allclose(bank.targets(idx), ref, atol=1e-6)
    assert torch.allclose(bank.T.sum(1), torch.ones(4), atol=1e-6)
    assert torch.equal(
        bank.targets(torch.tensor([1, 2])), F.one_hot(torch.tensor([1, 2]), 3).float()
    )
    w = bank.weights(torch.tensor([0, 1, 2, 3]))
    assert abs(float(w.mean()) - 1.0) < 1e-6
    with pytest.raises(ValueError):
        SoftLabelBank(y, 3, momentum=1.0)
    with pytest.raises(ValueError):
        SoftLabelBank(torch.tensor([5]), 3)


def test_tradeoff_loss_by_hand():
    torch.manual_seed(0)
    zc, za = (
        torch.randn(6, 4, dtype=torch.float64),
        torch.randn(6, 4, dtype=torch.float64),
    )
    t = F.softmax(torch.randn(6, 4, dtype=torch.float64), 1)
    w = torch.rand(6, dtype=torch.float64)
    pc, pa = F.softmax(zc, 1), F.softmax(za, 1)
    kl = (pc * (pc.log() - pa.log())).sum(1).mean()
    ref = (w * -(t * F.log_softmax(zc, 1)).sum(1)).mean() + 3.0 * kl
    assert abs(float(tradeoff_loss(zc, za, t, w, 1.0, 3.0) - ref)) < 1e-10
    assert float(kl_clean_adv(zc, za)) >= 0 and abs(float(kl_clean_adv(zc, zc))) < 1e-12
    y = torch.tensor([0, 1, 2, 3, 0, 1])
    oh = F.one_hot(y, 4).double()
    assert (
        abs(float(tradeoff_loss(zc, za, oh, None, 1.0, 0.0) - F.cross_entropy(zc, y)))
        < 1e-10
    )
    assert torch.allclose(
        soft_cross_entropy(zc, oh), F.cross_entropy(zc, y, reduction="none")
    )
    with pytest.raises(ValueError):
        tradeoff_loss(zc, za[:3], t)


@pytest.mark.parametrize("method", METHODS)
def test_train_digits_model_is_deterministic(method):
    xtr, ytr, _, _ = load_digits(0)
    data = (xtr[:96], ytr[:96])
    kw = dict(epochs=2, width=4, attack_steps=2, data=data, batch=32)
    m1, h1 = train_digits_model(3, method, **kw)
    m2, h2 = train_digits_model(3, method, **kw)
    for a, b in zip(m1.state_dict().values(), m2.state_dict().values()):
        assert torch.equal(a, b)
    assert len(h1) == 2 and h1[0].loss == h2[0].loss


def test_train_rejects_bad_settings():
    with pytest.raises(ValueError, match="method"):
        train_digits_model(
            0,
            "pgd",
            epochs=1,
            data=(torch.rand(8, 1, 8, 8), torch.zeros(8, dtype=torch.long)),
        )
    with pytest.raises(ValueError, match="k_train"):
        train_digits_model(
            0,
            "sat",
            k_train=65,
            epochs=1,
            data=(torch.rand(8, 1, 8, 8), torch.zeros(8, dtype=torch.long)),
        )


def test_location_vs_magnitude_supports():
    torch.manual_seed(0)
    model = TinyCNN(width=4).eval()
    x = torch.rand(20, 1, 8, 8)
    y = predict(model, x)
    out = location_vs_magnitude(model, x, y, 3, steps=10)
    m1, ms = out["masks"]["m1"], out["masks"]["m_star"]
    d = out["deltas"]
    assert bool(((d["B"] != 0).any(1, keepdim=True) <= m1.bool()).all())
    assert bool(((d["C"] != 0).any(1, keepdim=True) <= ms.bool()).all())
    assert int(((d["A"] != 0).any(1, keepdim=True) & ~m1.bool()).sum()) == 0
    assert out["location_gap"] == out["B"] - out["D"]
    for key in "ABCD":
        assert 0.0 <= out[key] <= 1.0


def test_eval_functions_invariants():
    from shared.adversarial.training import attack_eval_fn
    from shared.adversarial.training import co_eval_fn

    torch.manual_seed(0)
    model = TinyCNN(width=4).eval()
    x = torch.rand(30, 1, 8, 8)
    y = predict(model, x)
    y[:5] = (y[:5] + 1) % 10  # a few clean errors
    out = co_eval_fn(x, y, 2, iters=5, queries=5)(model, 1)
    assert out["strong"] <= out["one_step"] <= out["clean"] == pytest.approx(25 / 30)
    ev = attack_eval_fn(x, y, 2, [("spgd", dict(variant="unproj", iters=5))])(model, 1)
    assert ev["robust"] <= ev["clean"]
    const = co_eval_fn(x, torch.zeros(30, dtype=torch.long), 2, iters=3, queries=3)(
        ConstantModel(0), 1
    )
    assert const == {"clean": 1.0, "one_step": 1.0, "strong": 1.0}


def test_preact_resnet_and_bad_models():
    from shared.adversarial.models import PreActResNet18

    torch.manual_seed(0)
    net = PreActResNet18().eval()
    assert net(torch.rand(2, 3, 32, 32)).shape == (2, 10)
    with pytest.raises(ValueError):
        PreActResNet18(act="tanh")
    with pytest.raises(ValueError):
        TinyCNN(act="tanh")


def test_sparse_noise_budget_values_and_errors():
    from shared.adversarial.common import perturbed_pixels
    from shared.adversarial.training import sparse_noise

    g = torch.Generator().manual_seed(0)
    x = torch.full((400, 3, 4, 4), 0.5)
    xn = sparse_noise(x, 5, g)
    counts = perturbed_pixels(x, xn)
    assert int(counts.max()) <= 5 and 0.0 <= float(xn.min()) and float(xn.max()) <= 1.0
    # the number of noisy pixels is uniform on {0, ..., 5}: every value occurs
    assert set(counts.tolist()) == set(range(6))
    assert torch.equal(sparse_noise(x, 0, g), x)
    with pytest.raises(ValueError, match="k_max"):
        sparse_noise(x, 17, g)


def test_noise_option_changes_training_deterministically():
    data = load_digits(0)[:2]
    data = (data[0][:128], data[1][:128])
    kw = dict(attack_steps=1, epochs=1, width=4, data=data, batch=64)
    a, _ = train_digits_model(0, "strades", noise=True, **kw)
    b, _ = train_digits_model(0, "strades", noise=True, **kw)
    c, _ = train_digits_model(0, "strades", **kw)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not all(torch.equal(p, q) for p, q in zip(a.parameters(), c.parameters()))
