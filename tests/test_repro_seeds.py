import numpy as np
import pytest
import torch

from shared.repro.seeds import generator
from shared.repro.seeds import int_seed
from shared.repro.seeds import spawn
from shared.repro.seeds import stream
from shared.repro.seeds import torch_generator


def test_named_streams_are_reproducible_and_independent():
    a1, a2, b = stream(0, "data"), stream(0, "data"), stream(0, "init")
    assert generator(a1).integers(1 << 30) == generator(a2).integers(1 << 30)
    assert generator(stream(0, "data")).random() != generator(b).random()
    assert (
        generator(stream(1, "data")).random() != generator(stream(0, "data")).random()
    )


def test_spawned_children_differ_and_adding_one_keeps_the_others():
    three, four = spawn(0, 3), spawn(0, 4)
    draws = [generator(s).random() for s in three]
    assert len(set(draws)) == 3
    assert draws == [generator(s).random() for s in four[:3]]


def test_int_seed_and_torch_generator():
    s = int_seed(stream(0, "init"))
    assert 0 <= s < 2**63 and s == int_seed(stream(0, "init"))
    g1, g2 = torch_generator(stream(0, "x")), torch_generator(stream(0, "x"))
    assert torch.equal(torch.rand(3, generator=g1), torch.rand(3, generator=g2))


@pytest.mark.parametrize(
    "call",
    [
        lambda: stream(-1, "a"),
        lambda: stream(0, ""),
        lambda: stream(True, "a"),
        lambda: spawn(0, 0),
        lambda: stream(np.float64(1.0), "a"),
    ],
)
def test_bad_arguments_say_what_is_allowed(call):
    with pytest.raises(ValueError, match="must be|needs"):
        call()
