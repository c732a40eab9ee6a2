"""Regression tests: Sparse-RS and Sparse-PGD follow their official implementations
(issue 12).

* Sparse-RS: a one-pixel proposal must change the image (the official code redraws the
colour of
  the incoming pixel until it differs from that pixel's current colour).
* Sparse-PGD: the stagnation counter is batch-wide by default (the released code), per
image on
  request (the paper's text).
"""

import pytest
import torch

from shared.adversarial import sparse_rs
from shared.adversarial import spgd
from shared.adversarial.common import predict
from shared.adversarial.models import TinyCNN
from shared.adversarial.spgd import PATIENCE_RULES
from shared.adversarial.spgd import stall_counter

torch.set_num_threads(1)


class _Recorder(torch.nn.Module):
    """Constant logits (label 0 always wins, loss constant); records every input
    batch."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def forward(self, x):
        self.seen.append(x.detach().clone())
        z = torch.zeros(len(x), 10, dtype=x.dtype)
        z[:, 0] = 1.0
        return z


@pytest.mark.parametrize(
    "shape,k", [((8, 1, 4, 4), 2), ((8, 1, 2, 2), 4), ((8, 3, 4, 4), 1)]
)
def test_sparse_rs_single_pixel_proposals_always_change_the_image(shape, k):
    # black images: an unforced single-pixel swap would paint colour 0 (= clean) half
    # the time
    model = _Recorder()
    x = torch.zeros(shape)
    y = torch.zeros(shape[0], dtype=torch.long)
    sparse_rs(model, x, y, k, queries=40, seed=3)
    clean, first, *proposals = model.seen
    assert torch.equal(clean, x)
    # constant loss: only the first candidate is ever accepted, so it stays the current
    # image
    assert len(proposals) == 39
    for cand in proposals:
        changed = (cand != first).flatten(1).any(dim=1)
        assert bool(changed.all()), "a one-pixel proposal left the image unchanged"


def test_sparse_rs_forced_change_keeps_budget_and_vertex_colours():
    model = _Recorder()
    x = torch.zeros(5, 1, 4, 4)
    y = torch.zeros(5, dtype=torch.long)
    r = sparse_rs(model, x, y, 2, queries=30)
    for cand in model.seen[1:]:
        assert bool(((cand == 0) | (cand == 1)).all())
        assert int((cand != x).flatten(1).sum(1).max()) <= 2
    r.check(x, 2)


def test_stall_counter_rules_by_hand():
    counter = torch.tensor([0, 2, 1])
    same = torch.tensor([True, False, False])
    # released code: the stalled image counts up, the others keep their counts
    assert stall_counter(counter, same, "batch").tolist() == [1, 2, 1]
    # paper's text: per image, a change resets that image's counter
    assert stall_counter(counter, same, "strict").tolist() == [1, 0, 0]
    none = torch.tensor([False, False, False])
    assert stall_counter(counter, none, "batch").tolist() == [0, 0, 0]
    assert stall_counter(counter, none, "strict").tolist() == [0, 0, 0]
    with pytest.raises(ValueError, match="patience_rule"):
        stall_counter(counter, same, "loose")


def test_spgd_default_rule_is_the_released_codes():
    assert PATIENCE_RULES[0] == "batch"
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 10)).eval()
    x, y = torch.rand(4, 1, 4, 4), torch.zeros(4, dtype=torch.long)
    assert spgd(model, x, y, 2, iters=3).settings["patience_rule"] == "batch"


def test_rules_agree_for_a_single_image_and_differ_on_a_batch():
    torch.manual_seed(1)
    model = TinyCNN(width=4, in_channels=1, image_size=8).eval()
    x = torch.rand(12, 1, 8, 8)
    y = predict(model, x)  # clean-correct labels, so every point is attacked
    for i in range(3):
        a = spgd(
            model,
            x[i : i + 1],
            y[i : i + 1],
            2,
            iters=40,
            patience_rule="batch",
            seed=5,
        )
        b = spgd(
            model,
            x[i : i + 1],
            y[i : i + 1],
            2,
            iters=40,
            patience_rule="strict",
            seed=5,
        )
        assert torch.equal(a.x_adv, b.x_adv)
    a = spgd(model, x, y, 2, iters=40, patience_rule="batch", seed=5, early_stop=False)
    b = spgd(model, x, y, 2, iters=40, patience_rule="strict", seed=5, early_stop=False)
    assert not torch.equal(
        a.extra["m_tilde"], b.extra["m_tilde"]
    )  # the rules are not the same
