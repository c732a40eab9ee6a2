import math

import numpy as np
import pytest
import torch

from shared.repro.validate import choice
from shared.repro.validate import positive_float
from shared.repro.validate import positive_int
from shared.repro.validate import resolve_device


@pytest.mark.parametrize("value, minimum", [(1, 1), (np.int64(5), 1), (0, 0)])
def test_positive_int_accepts_integers(value, minimum):
    assert positive_int("n", value, minimum) == int(value)
    assert type(positive_int("n", value, minimum)) is int


@pytest.mark.parametrize("value", [0, -3, 1.0, "2", True, None])
def test_positive_int_rejects_with_the_name_and_value(value):
    with pytest.raises(ValueError, match=r"n_steps=.*must be an integer >= 1"):
        positive_int("n_steps", value)


def test_positive_float():
    assert (
        positive_float("lr", 0.1) == 0.1
        and positive_float("lr", 0, allow_zero=True) == 0.0
    )
    for bad in (0, -1.0, math.nan, math.inf, True, "1"):
        with pytest.raises(ValueError, match="lr="):
            positive_float("lr", bad)


def test_choice():
    assert choice("kind", "cat", ("cat", "rope")) == "cat"
    with pytest.raises(
        ValueError, match=r"kind='dog' is not allowed; choose one of \['cat'"
    ):
        choice("kind", "dog", ("cat", "rope"))


def test_resolve_device():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device(torch.device("cpu")) == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert resolve_device().type == expected
    for bad in ("tpu", 3):
        with pytest.raises(ValueError, match="allowed"):
            resolve_device(bad)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            resolve_device("cuda")
