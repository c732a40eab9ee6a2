import pytest

from shared.repro import format_key_number
from shared.repro import key_numbers
from shared.repro import progress
from shared.repro.colab import REPO_URL
from shared.repro.colab import colab_url
from shared.repro.colab import setup_cell


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (1.23456, 3, "1.235"),
        (-0.0001, 3, "-1.00e-04"),
        (-0.0, 3, "0.000"),
        (-0.0004999, 3, "-5.00e-04"),
        (2, 3, "2"),
        (True, 3, "True"),
        ("ok", 3, "ok"),
        (float("nan"), 3, "nan"),
        (12.5, 0, "12"),
    ],
)
def test_format_key_number(value, digits, text):
    assert format_key_number(value, digits) == text


def test_format_key_number_rejects_bad_input():
    with pytest.raises(ValueError):
        format_key_number([1, 2])
    with pytest.raises(ValueError):
        format_key_number(1.0, digits=-1)


def test_key_numbers_prints_aligned_lines(capsys):
    key_numbers({"a": 1.0, "long_name": 2})
    assert capsys.readouterr().out == "a         = 1.000\nlong_name = 2\n"
    with pytest.raises(ValueError):
        key_numbers({})


def test_progress_is_silent_when_disabled(monkeypatch, capsys):
    monkeypatch.setenv("REPRO_PROGRESS", "0")
    assert list(progress(range(3), desc="x")) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    calls = []
    import subprocess

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    namespace: dict = {}
    exec(setup_cell(), namespace)
    assert namespace["IN_COLAB"] is False and calls == []


def test_setup_cell_installs_from_the_repository_in_colab(monkeypatch):
    import subprocess
    import sys
    import types

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls.append(cmd))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(setup_cell(), {})
    exec(setup_cell(("overt",)), {})
    plain, overt = calls
    assert plain[-1] == f"reprobook-shared @ git+{REPO_URL}@main"
    assert overt[-1] == f"reprobook-shared[overt] @ git+{REPO_URL}@main"
    assert not any(name in " ".join(plain + overt) for name in ("torch", "numpy"))
    with pytest.raises(ValueError, match="extra names"):
        setup_cell(("bad-name",))


def test_colab_url():
    assert colab_url("ocr").endswith("/blob/main/notebooks/ocr.ipynb")
    assert colab_url("ocr").startswith(
        "https://colab.research.google.com/github/reprobook/"
    )


def test_glue_converts_numpy_scalars(monkeypatch):
    import myst_nb
    import numpy as np

    from shared.repro import glue

    stored = {}
    monkeypatch.setattr(
        myst_nb, "glue", lambda name, value, display: stored.update({name: value})
    )
    glue("x", np.float64(0.25))
    assert stored == {"x": 0.25} and type(stored["x"]) is float
    with pytest.raises(ValueError):
        glue("", 1)


def test_glue_without_myst_nb_is_a_no_op(monkeypatch):
    import sys

    from shared.repro import glue

    monkeypatch.setitem(sys.modules, "myst_nb", None)  # import fails, as in Colab
    glue("x", 1.0)  # nothing raised, nothing shown


def test_best_time_takes_the_minimum():
    from shared.repro.timing import best_time

    calls = []
    assert best_time(lambda: calls.append(1), repeats=4) >= 0 and len(calls) == 4
    with pytest.raises(ValueError):
        best_time(lambda: None, repeats=0)
