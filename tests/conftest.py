"""Shared pytest configuration: markers, paths and a quiet, single-threaded torch."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The build machinery (bookkit) lives in book/_ext, outside the installed package.
sys.path.insert(0, str(ROOT / "book" / "_ext"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "book: needs the built HTML or executed notebooks (run by `make test-book`)",
    )
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
