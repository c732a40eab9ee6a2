"""The shipped MiniLM encoder, its cache and the embedding-based filters (loads the
model once)."""

import os

import numpy as np
import pytest
import torch

from shared.overt import embed as E
from shared.overt import harness as H
from shared.overt import pipeline as P

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def encoder():
    return E.load_encoder("cpu", batch_size=16)


def test_offline_and_shapes(encoder):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    v = encoder.encode(["a cat on a mat", "a video game heist"])
    assert v.shape == (2, E.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    again = encoder.encode(["a cat on a mat"])
    assert float(v[0] @ again[0]) >= 0.999
    assert encoder.encode([]).shape == (0, E.DIM)
    with pytest.raises(ValueError):
        encoder.encode("one string")
    with pytest.raises(ValueError):
        encoder.encode(["ok", 3])
    with pytest.raises(ValueError):
        E.load_encoder("tpu")


def test_cache_round_trip_is_identical(encoder, monkeypatch, tmp_path):
    monkeypatch.setenv(E.ENV_EMBED_CACHE, str(tmp_path))
    texts = ["a knight in a stage play", "a board game night"]
    first = E.embed(texts, encoder)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    second = E.embed(texts, encoder)
    assert np.array_equal(first, second)
    assert np.array_equal(first, E.embed(texts, encoder, cache=False))
    assert E.texts_key(texts) != E.texts_key(texts[::-1])


def test_semantic_dedup_on_real_near_duplicates(encoder, monkeypatch, tmp_path):
    monkeypatch.setenv(E.ENV_EMBED_CACHE, str(tmp_path))
    texts = [
        "A cat sitting on a mat.",
        "A cat sits on the mat.",
        "A rocket launching into space.",
        "A cat sitting on a mat.",
    ]
    keep = P.SemanticDeduper(encoder, 0.85).keep(texts)
    assert keep.tolist() == [True, False, True, False]
    assert P.SemanticDeduper(encoder, 1.0).keep(texts).tolist() == [
        True,
        True,
        True,
        False,
    ]
    with pytest.raises(ValueError):
        P.SemanticDeduper(encoder, 1.5)


def test_similarity_and_logreg_filters(encoder, monkeypatch, tmp_path):
    monkeypatch.setenv(E.ENV_EMBED_CACHE, str(tmp_path))
    sim = H.SimilarityFilter(encoder, threshold=0.4)
    s = sim.scores(
        [
            "graphic violence, a person being tortured with blood and gore",
            "a teapot on a table",
        ]
    )
    assert s[0] > 0.5 > s[1]
    assert sim.generate(
        "graphic violence, a person being tortured with blood and gore"
    ).refused
    with pytest.raises(ValueError):
        sim.scores_from_embeddings(np.ones((2, 5)))
    benign = ["a teapot", "a garden with roses", "a calm lake", "a bookshelf"]
    harmful = [
        "a bloody murder scene",
        "a man stabbing a victim",
        "a violent shooting",
        "gore and torture",
    ]
    f = H.LogRegFilter(encoder, c=10.0).fit(
        E.embed(benign + harmful, encoder), np.r_[np.zeros(4, int), np.ones(4, int)]
    )
    p = f.scores(["a vase of flowers", "a brutal killing with blood"])
    assert p[0] < 0.5 < p[1]
