"""Tests for shared.attention.grading."""

import numpy as np
import pytest

from shared.attention.grading import per_seed
from shared.repro.claims import PerSeed


def test_per_seed_keeps_booleans_and_makes_floats():
    flags = per_seed([np.bool_(True), False])
    assert isinstance(flags, PerSeed) and flags.rule == "worst"
    assert flags.values == (True, False) and type(flags.values[0]) is bool
    nums = per_seed([1, np.float32(0.5), np.int64(2)])
    assert nums.values == (1.0, 0.5, 2.0)
    assert all(type(v) is float for v in nums.values)


def test_per_seed_passes_the_rule_on():
    assert per_seed((0.1, 0.2, 0.3), rule="mean").rule == "mean"
    with pytest.raises(ValueError, match="rule"):
        per_seed((0.1, 0.2, 0.3), rule="median")
