"""Exact outcomes of every attack on a fixed tiny model and seed.

Pins what a pure refactor of the attacks must not change: passes spent, which points
are fooled, the pixel counts and the sum of the returned images (single CPU thread).
"""

import pytest
import torch

from shared.adversarial import pgd0
from shared.adversarial import random_pixels
from shared.adversarial import sparse_rs
from shared.adversarial import spgd
from shared.adversarial.common import AttackResult
from shared.adversarial.common import attack_result
from shared.adversarial.common import predict
from shared.adversarial.models import TinyCNN

RUNS = {
    "pgd0": lambda m, x, y: pgd0(m, x, y, 5, steps=7, restarts=2, seed=1, record=True),
    "rs": lambda m, x, y: sparse_rs(m, x, y, 5, queries=40, seed=2, record=True),
    "rs_full": lambda m, x, y: sparse_rs(m, x, y, 64, queries=30, seed=2, record=True),
    "rp": lambda m, x, y: random_pixels(m, x, y, 6, queries=9, seed=3, record=True),
    "spgd": lambda m, x, y: spgd(
        m, x, y, 5, iters=12, seed=4, record=True, batch_size=5
    ),
    "spgd_proj": lambda m, x, y: spgd(
        m,
        x,
        y,
        5,
        iters=12,
        variant="proj",
        patience_rule="strict",
        seed=4,
        return_iterate="last",
    ),
    "spgd_fixed": lambda m, x, y: spgd(
        m, x, y, 5, iters=6, update_mask=False, early_stop=False, patience=None, seed=5
    ),
}

# name: (passes, fooled flags, pixels per image, surviving points at the end of the
# curve (of 12; None without record), sum of x_adv)
PINNED = {
    "pgd0": (131, "001010101011", 5, 6, 376.66643),
    "rs": (334, "001011000011", 5, 7, 385.017902),
    "rs_full": (128, "111110101111", 64, 2, 388.0),
    "rp": (87, "000011000001", 6, 9, 377.080458),
    "spgd": (98, "101111101011", 5, 3, 374.831152),
    "spgd_proj": (99, "001011101011", 5, None, 380.628699),
    "spgd_fixed": (84, "000001000000", 5, None, 388.785764),
}


@pytest.fixture(scope="module")
def tiny():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    m = TinyCNN(width=4)
    x = torch.rand(12, 1, 8, 8)
    yield m, x, predict(m, x)
    torch.set_num_threads(threads)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_attack_outcome_is_pinned(tiny, name):
    r = RUNS[name](*tiny)
    passes, fooled, pixels, survivors, total = PINNED[name]
    assert r.passes == passes
    assert "".join(str(int(v)) for v in r.success) == fooled
    assert r.n_pixels.tolist() == [pixels] * 12
    if survivors is None:
        assert r.curve is None
    else:
        assert round(float(r.curve[-1]) * 12) == survivors
    assert float(r.x_adv.double().sum()) == pytest.approx(total, abs=1e-5)


def test_attack_result_counts_pixels_and_scales_the_curve():
    x = torch.zeros(2, 1, 2, 2)
    x_adv = x.clone()
    x_adv[0, 0, 0, 0] = 1.0
    r = attack_result(
        x,
        x_adv,
        torch.tensor([True, False]),
        7,
        torch.tensor([2, 1]),
        name="a",
        settings={"k": 1},
        k=1,
    )
    assert isinstance(r, AttackResult)
    assert r.n_pixels.tolist() == [1, 0]
    assert r.curve.tolist() == [1.0, 0.5]
    assert (r.passes, r.name, r.settings, r.extra) == (7, "a", {"k": 1}, {})
    none = attack_result(
        x, x, torch.tensor([False, False]), 0, None, name="b", settings={}, k=1
    )
    assert none.curve is None


def test_attack_result_checks_the_budget():
    x = torch.zeros(1, 1, 2, 2)
    x_adv = torch.ones(1, 1, 2, 2)
    args = (x, x_adv, torch.tensor([True]), 1, None)
    with pytest.raises(AssertionError, match="l0 budget"):
        attack_result(*args, name="c", settings={}, k=1)
    assert (
        attack_result(*args, name="c", settings={}, k=1, check=False).n_pixels[0] == 4
    )
