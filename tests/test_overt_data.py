"""Loader, checksums, quirks and data card of the OVERT release (shared.overt.data)."""

import io
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from shared.overt import data as D
from shared.overt import reported as R

ROOT = Path(__file__).resolve().parents[1]
REAL = D.candidate_dirs()[0]
pytestmark = pytest.mark.skipif(
    not all((REAL / f).is_file() for f in D.FILES.values()),
    reason="OVERT CSV files not present beside the checkout",
)


@pytest.fixture(scope="module")
def tables():
    return D.load_all()


def test_checksums_match_release():
    for split, name in D.FILES.items():
        assert D.file_sha256(REAL / name) == D.SHA256[split]


def test_data_dir_is_beside_the_checkout_found_from_the_working_directory(
    monkeypatch, tmp_path
):
    monkeypatch.delenv(D.ENV_DATA_DIR, raising=False)
    monkeypatch.delenv("REPRO_BOOK_ROOT", raising=False)
    beside = REAL.resolve()
    monkeypatch.chdir(ROOT / "notebooks")  # any folder inside the checkout
    assert D.data_dir(allow_download=False).resolve() == beside
    # outside any checkout the folder beside it is not searched; $REPRO_BOOK_ROOT names
    # one
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(D.ENV_CACHE_DIR, str(tmp_path / "cache"))
    assert D.shared_data_dir() is None
    with pytest.raises(D.MissingDataError):
        D.data_dir(allow_download=False)
    monkeypatch.setenv("REPRO_BOOK_ROOT", str(ROOT))
    assert D.data_dir(allow_download=False).resolve() == beside


def test_counts_and_categories(tables):
    full, mini, unsafe = tables["full"], tables["mini"], tables["unsafe"]
    assert (len(full), len(mini), len(unsafe)) == (4600, 1800, 1785)
    for t in tables.values():
        assert set(t["category"]) == set(D.CATEGORIES)
    assert np.all(D.counts_by(mini["category"]) == 200)
    assert D.counts_by(unsafe["category"]).tolist() == [
        200,
        199,
        198,
        200,
        197,
        200,
        199,
        194,
        198,
    ]


def test_quirk_unethical_alias_in_raw_unsafe_file():
    text = (REAL / D.FILES["unsafe"]).read_text(encoding="utf-8")
    assert ",unethical," in text and ",unethical_unsafe_action," not in text
    assert D.normalize_category("unethical") == "unethical_unsafe_action"
    assert D.normalize_category("illegal_activites") == "illegal_activities"


def test_quirk_mini_not_subset_of_full(tables):
    mask = D.not_in(tables["mini"].prompts, tables["full"].prompts)
    by_cat = dict(zip(D.CATEGORIES, D.counts_by(tables["mini"]["category"][mask])))
    assert mask.sum() == 215
    assert (
        by_cat["copyright_violations"] == 172
        and by_cat["unethical_unsafe_action"] == 30
    )
    assert (
        by_cat["illegal_activities"] == 8
        and by_cat["sexual_content"] == 4
        and by_cat["self_harm"] == 1
    )


def test_quirk_duplicates_and_seeds(tables):
    full = tables["full"]
    assert D.exact_duplicates(full.prompts) == 34
    assert D.exact_duplicates(tables["mini"].prompts) == 1
    empty = full["seed_prompt"] == ""
    assert empty.sum() == 1037
    assert set(full["category"][empty]) == {"violence", "discrimination"}
    assert np.all(full["generation_type"][empty] == "direct_generation")
    assert len(set(full["seed_prompt"][~empty])) == 1142


def test_quirk_pairing(tables):
    index, method = D.match_pairs(tables["unsafe"], tables["mini"])
    assert (method == "exact").sum() == 1566
    assert (method == "substring").sum() == 117
    matched = index >= 0
    assert np.all(
        tables["mini"]["category"][index[matched]]
        == tables["unsafe"]["category"][matched]
    )
    assert np.all(tables["unsafe"]["category"][method == "substring"] == "violence")


def test_match_pairs_hand_made():
    mini = D.Table(
        "mini",
        {
            "seed_prompt": np.array(["", ""], dtype=object),
            "image_prompt": np.array(
                ["Draw a cat.", "illustrate a play where a knight falls"], dtype=object
            ),
            "category": np.array(["copyright_violations", "violence"], dtype=object),
            "generation_type": np.array(
                ["converted_from_wildguardmix", "direct_generation"], dtype=object
            ),
        },
    )
    uns = D.Table(
        "unsafe",
        {
            "seed_prompt": np.array(["", "", ""], dtype=object),
            "benign_image_prompt": np.array(
                [" draw a CAT", "a knight falls", "a dog"], dtype=object
            ),
            "unsafe_image_prompt": np.array(["x", "y", "z"], dtype=object),
            "category": np.array(
                ["copyright_violations", "violence", "violence"], dtype=object
            ),
            "generation_type": np.array(
                ["converted_from_wildguardmix"] + ["direct_generation"] * 2,
                dtype=object,
            ),
        },
    )
    index, method = D.match_pairs(uns, mini)
    assert index.tolist() == [0, 1, -1]
    assert method.tolist() == ["exact", "substring", "none"]
    with pytest.raises(ValueError):
        D.match_pairs(mini, uns)


def test_data_card_shares_equal_donut(tables):
    card = D.data_card(tables["full"], tables["mini"], tables["unsafe"])
    donut = np.array([R.DONUT_SHARES[c] for c in D.CATEGORIES])
    assert np.all(np.round(card.shares_full, 1) == donut)
    assert card.shares_full.sum() == pytest.approx(100.0)
    assert card.prompts_per_seed.sum() == 4600 - 1037
    with pytest.raises(ValueError):
        D.data_card(tables["mini"], tables["mini"], tables["unsafe"])


def test_unknown_category_and_split():
    with pytest.raises(ValueError, match="allowed"):
        D.normalize_category("weapons")
    with pytest.raises(ValueError):
        D.normalize_category(3)
    with pytest.raises(ValueError, match="allowed"):
        D.load("tiny", allow_download=False)


def test_missing_files_offline_says_where(monkeypatch, tmp_path):
    monkeypatch.setenv(D.ENV_DATA_DIR, str(tmp_path / "nothing"))
    with pytest.raises(D.MissingDataError, match="OVERT_full.csv") as err:
        D.load("mini", allow_download=False)
    assert str(tmp_path / "nothing") in str(err.value)

    def offline(*a, **k):
        raise urllib.error.URLError("offline")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(D.MissingDataError, match="download failed"):
        D.load("mini")


def test_download_fallback_when_online(monkeypatch, tmp_path):
    """The download path, with the network replaced by the local release files."""
    by_url = {urls[1]: (REAL / D.FILES[s]).read_bytes() for s, urls in D.URLS.items()}
    calls = []

    def fake_urlopen(url, timeout=None):  # first mirror down, second serves the file
        calls.append(url)
        if url not in by_url:
            raise urllib.error.URLError("mirror down")
        return io.BytesIO(by_url[url])

    monkeypatch.setenv(D.ENV_DATA_DIR, str(tmp_path / "dl"))
    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    t = D.load("mini")
    assert len(t) == 1800 and t.checksum_ok
    assert sorted(calls) == sorted(u for urls in D.URLS.values() for u in urls)
    assert all(u.startswith("https://") for urls in D.URLS.values() for u in urls)
    assert (
        D.load("mini").checksum_ok and len(calls) == 6
    )  # second load: no new download


def test_checksum_mismatch_raises(tmp_path):
    for split, name in D.FILES.items():
        (tmp_path / name).write_bytes((REAL / name).read_bytes())
    path = tmp_path / D.FILES["mini"]
    path.write_text(
        path.read_text(encoding="utf-8").replace("video game", "videogame", 1),
        encoding="utf-8",
    )
    with pytest.raises(D.ChecksumError, match="sha256"):
        D.load("mini", tmp_path)
    assert len(D.load("mini", tmp_path, verify=False)) == 1800


def test_wrong_columns(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        D.read_csv(p, "mini")


def test_stratified_sample(tables):
    cats = tables["unsafe"]["category"]
    a = D.stratified_sample(cats, 20, np.random.default_rng(1))
    b = D.stratified_sample(cats, 20, np.random.default_rng(1))
    assert np.array_equal(a, b) and len(np.unique(a)) == len(a)
    assert np.all(D.counts_by(cats[a]) == 20)
    assert len(D.stratified_sample(cats, 10_000, np.random.default_rng(0))) == len(cats)
    with pytest.raises(ValueError):
        D.stratified_sample(cats, 0, np.random.default_rng(0))


def test_show_examples_refuses_harmful(tables):
    mini = tables["mini"]
    assert len(D.show_examples(mini, [801, 1601])) == 2
    with pytest.raises(ValueError, match="aggregate"):
        D.show_examples(tables["unsafe"], [0])
    sexual = int(np.flatnonzero(mini["category"] == "sexual_content")[0])
    with pytest.raises(ValueError, match="never displayed"):
        D.show_examples(mini, [sexual])
    with pytest.raises(ValueError, match="words"):
        D.show_examples(mini, [801], max_words=3)
