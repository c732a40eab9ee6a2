"""No chapter or library module reads from the network, except the documented
fallback."""

import re

import pytest
from bookkit import book

ROOT = book.ROOT
#: The documented download fallbacks, used only when online: the OVERT prompts when the
#: files are absent from ../shared/data/overt, and CIFAR-10 in the adversarial chapters'
#: full profile.
ALLOWED = {"src/shared/overt/data.py", "src/shared/adversarial/data.py"}
NETWORK_CALLS = re.compile(
    r"urlopen|urlretrieve|urllib\.request|requests\.(get|post|Session)|http\.client|httpx|"
    r"create_connection|hf_hub_download|snapshot_download|load_dataset\(|from_pretrained\(\s*['\"]https?:|"
    r"wget|curl |torchvision\.datasets|download=True"
)


def _sources():
    for path in sorted((ROOT / "src").rglob("*.py")):
        yield path
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        yield path


@pytest.mark.parametrize(
    "path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_network_reads(path):
    rel = str(path.relative_to(ROOT))
    if rel in ALLOWED:
        return
    hits = [
        f"{rel}:{i + 1}: {line.strip()}"
        for i, line in enumerate(path.read_text().splitlines())
        if NETWORK_CALLS.search(line) and not line.lstrip().startswith("#")
    ]
    assert not hits, "network access outside the documented fallback:\n" + "\n".join(
        hits
    )
