"""Safety scan of the executed OVERT chapter: no harmful prompt text in any output."""

import json
from pathlib import Path

import pytest

from shared.overt import data as D

NB = Path(__file__).resolve().parents[1] / "notebooks" / "overt.ipynb"
HAVE_DATA = all((D.candidate_dirs()[0] / f).is_file() for f in D.FILES.values())


def _output_text(nb):
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime, value in (out.get("data") or {}).items():
                if not mime.startswith("image/"):
                    parts.append(
                        value
                        if isinstance(value, str)
                        else "".join(value)
                        if isinstance(value, list)
                        else json.dumps(value)
                    )
    return "\n".join(parts).lower()


@pytest.mark.skipif(
    not (NB.is_file() and HAVE_DATA), reason="needs the executed notebook and the data"
)
def test_no_harmful_prompt_in_notebook():
    text = _output_text(json.loads(NB.read_text(encoding="utf-8")))
    unsafe = D.load("unsafe")
    leaked = [
        i
        for i, p in enumerate(unsafe["unsafe_image_prompt"])
        if p.strip().lower()[:60] in text
    ]
    assert leaked == [], f"{len(leaked)} harmful prompts appear in the notebook"
    mini = D.load("mini")
    for cat in D.NEVER_DISPLAY:
        rows = mini.where(cat).prompts
        assert not any(p.strip().lower()[:60] in text for p in rows), (
            f"a {cat} prompt appears"
        )


@pytest.mark.skipif(not NB.is_file(), reason="needs the executed notebook")
def test_notebook_has_no_errors_or_stderr():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error"
            assert not (
                out["output_type"] == "stream" and out.get("name") == "stderr"
            ), "".join(out.get("text", ""))
