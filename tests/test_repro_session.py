import random

import numpy as np
import pytest
import torch

from shared.repro import Settings
from shared.repro import check_seed
from shared.repro import resolve_profile
from shared.repro import seed_everything
from shared.repro import start
from shared.repro.session import check_parameters
from shared.repro.session import provenance

PROFILES = {"quick": {"n": 3, "sizes": (1, 2)}, "full": {"n": 30, "sizes": (1, 2, 3)}}


def test_start_returns_profile_settings():
    cfg = start("demo", PROFILES, "full", 7, quiet=True)
    assert isinstance(cfg, Settings)
    assert (cfg.n, cfg.sizes, cfg.profile, cfg.seed, cfg.chapter) == (
        30,
        (1, 2, 3),
        "full",
        7,
        "demo",
    )
    assert cfg.device in ("cpu", "cuda")
    assert cfg.as_dict()["n"] == 30


def test_unknown_setting_names_the_known_ones():
    cfg = start("demo", PROFILES, quiet=True)
    with pytest.raises(AttributeError, match="has no setting 'm'.*n, sizes"):
        cfg.m


def test_unknown_profile_names_allowed_values():
    with pytest.raises(
        ValueError, match=r"PROFILE='fast'.*allowed values: 'quick', 'full'"
    ):
        start("demo", PROFILES, "fast", 0, quiet=True)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True, 2**32])
def test_bad_seed_is_rejected(seed):
    with pytest.raises(ValueError, match="SEED=.*non-negative integer"):
        check_seed(seed)


def test_misspelled_parameter_is_reported_with_allowed_names():
    namespace = {
        "PROFILE": "quick",
        "SEED": 0,
        "PROFIL": "full",
        "np": np,
        "IN_COLAB": False,
        "PROFILES": PROFILES,
    }
    with pytest.raises(ValueError, match="unknown parameter.*PROFIL.*PROFILE, SEED"):
        start("demo", PROFILES, namespace=namespace, quiet=True)


def test_extra_parameters_are_allowed_when_declared():
    namespace = {"PROFILE": "quick", "SEED": 0, "N_SEEDS": 3}
    check_parameters(namespace, {"PROFILE", "SEED", "N_SEEDS"})
    cfg = start(
        "demo", PROFILES, namespace=namespace, extra_params={"N_SEEDS": 3}, quiet=True
    )
    assert cfg.n == 3


def test_empty_profiles_and_bad_device_and_threads():
    with pytest.raises(ValueError, match="non-empty mapping"):
        resolve_profile({}, "quick")
    with pytest.raises(ValueError, match="device='tpu'"):
        start("demo", PROFILES, device="tpu", quiet=True)
    with pytest.raises(ValueError, match="threads=0"):
        seed_everything(0, threads=0)


def test_seeding_is_reproducible():
    def draw():
        cfg = start("demo", PROFILES, seed=3, quiet=True)
        return random.random(), np.random.rand(), torch.rand(1).item(), cfg.rng.random()

    assert draw() == draw()
    assert torch.are_deterministic_algorithms_enabled()
    assert torch.get_num_threads() == 1


def test_provenance_is_one_line_with_versions(capsys):
    start("demo", PROFILES, seed=5)
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    assert line.startswith("[demo] profile=quick seed=5 device=")
    assert "numpy" in line and "torch" in line
    assert provenance("x", "quick", 0, "cpu", 1).count("|") == 1


def test_settings_values_are_read_only():
    cfg = start("demo", PROFILES, quiet=True)
    with pytest.raises(TypeError):
        cfg.values["n"] = 5


def test_start_takes_frozen_profile_dataclasses():
    from dataclasses import dataclass

    from shared.repro import start

    @dataclass(frozen=True)
    class Profile:
        n_steps: int
        lr: float = 0.1

    profiles = {"quick": Profile(10), "full": Profile(1000, 0.01)}
    cfg = start("demo", profiles, profile="full", seed=3, quiet=True)
    assert cfg.n_steps == 1000 and cfg.lr == 0.01 and cfg.spec is profiles["full"]
    assert cfg.as_dict()["n_steps"] == 1000
    with pytest.raises(ValueError, match="allowed values: 'quick', 'full'"):
        start("demo", profiles, profile="smoke", quiet=True)
    assert start("demo", {"quick": {"a": 1}}, quiet=True).spec is None
