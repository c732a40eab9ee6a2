"""Tests for the cat chapter's library (through the ``shared.attention.cat`` re-export):
task generators, causal filters, models, hand-built CAT, training helpers."""

import math

import numpy as np
import pytest
import torch

from shared.attention import cat as C
from shared.attention.cat_models import _ssm_chunk_scan

torch.set_num_threads(1)


# ---------------------------------------------------------------- tasks
@pytest.mark.parametrize(
    "L,n,V,filler",
    [
        (64, 8, 128, "zero"),
        (1024, 32, 128, "zero"),
        (128, 8, 8192, "zero"),
        (64, 16, 128, "random"),
        (16, 4, 10, "zero"),
    ],
)
def test_mqar_invariants(L, n, V, filler):
    x, y = C.mqar(np.random.default_rng(1), 16, L, n, V, filler=filler)
    assert x.shape == y.shape == (16, L) and x.dtype == np.int64
    keys, vals = x[:, 0 : 2 * n : 2], x[:, 1 : 2 * n : 2]
    assert ((keys >= 1) & (keys <= V // 2 - 1)).all() and (
        (vals >= V // 2) & (vals <= V - 1)
    ).all()
    for b in range(16):
        assert len(set(keys[b])) == n and len(set(vals[b])) == n
        q = np.nonzero(y[b] != -100)[0]
        assert len(q) == n and (q >= 2 * n).all() and ((q - 2 * n) % 2 == 0).all()
        bound = dict(zip(keys[b], vals[b]))
        for t in q:  # every query's answer is in context, bound to its key
            assert y[b, t] == bound[x[b, t]]
        assert sorted(x[b, q]) == sorted(keys[b])
        if filler == "zero":
            rest = np.setdiff1d(np.arange(2 * n, L), q)
            assert (x[b, rest] == 0).all()


def test_mqar_gaps_cluster_near_pairs():
    x, y = C.mqar(np.random.default_rng(0), 400, 256, 4, 128)
    q = np.nonzero(y != -100)[1]
    gaps = (q - 8) // 2
    assert (
        np.mean(gaps < 10) > 0.3
    )  # p(g) ~ 1/g: heavy near the pairs, far above uniform (10/124)


def test_mqar_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="too small"):
        C.mqar(rng, 2, 64, 8, 16)  # keys 1..7 only
    with pytest.raises(ValueError, match="4\\*num_kv"):
        C.mqar(rng, 2, 30, 8, 128)
    with pytest.raises(ValueError, match="filler"):
        C.mqar(rng, 2, 64, 8, 128, filler="noise")
    with pytest.raises(ValueError, match="Generator"):
        C.mqar(0, 2, 64, 8, 128)
    with pytest.raises(ValueError, match="num_kv"):
        C.mqar(rng, 2, 64, 0, 128)
    with pytest.raises(ValueError, match="too small"):
        C.associative_recall(rng, 2, 10, 20)


def test_associative_recall():
    x, y = C.associative_recall(np.random.default_rng(3), 32, 5, 64)
    assert x.shape == (32, 11) and (y[:, :-1] == -100).all()
    for b in range(32):
        k = list(x[b, 0:10:2])
        assert x[b, -1] in k and y[b, -1] == x[b, 2 * k.index(x[b, -1]) + 1]


@pytest.mark.parametrize("N,L", [(1, 16), (2, 32), (3, 32), (4, 64)])
def test_ngram_recall_invariants(N, L):
    x, y = C.ngram_recall(np.random.default_rng(N), 40, L, N, 16)
    assert ((x >= 1) & (x <= 16)).all() and (y[:, :-1] == -100).all()
    for b in range(40):
        gram = x[b, L - N :]
        ends = [
            e
            for e in range(N - 1, L - 1)
            if np.array_equal(x[b, e - N + 1 : e + 1], gram)
        ]
        assert len(ends) == 1 and ends[0] + 1 <= L - N - 1
        assert y[b, -1] == x[b, ends[0] + 1]


def test_ngram_recall_bad_arguments():
    with pytest.raises(ValueError, match="too short"):
        C.ngram_recall(np.random.default_rng(0), 2, 6, 3, 16)
    with pytest.raises(ValueError, match="vocab"):
        C.ngram_recall(np.random.default_rng(0), 2, 32, 2, 1)


def test_suffix_oracle_limits():
    x, y = C.ngram_recall(np.random.default_rng(0), 300, 32, 2, 16)
    assert np.allclose(
        C.suffix_oracle(x, y, 3), 1.0
    )  # W = N + 1 sees the whole N-gram: exact
    o1, o2 = C.suffix_oracle(x, y, 1).mean(), C.suffix_oracle(x, y, 2).mean()
    assert 0.03 < o1 < 0.2 and o1 < o2 < 0.9
    # brute force for W = 1: share of earlier tokens equal to the label
    assert np.allclose(C.suffix_oracle(x, y, 1), (x[:, :-1] == y[:, -1:]).mean(1))


def test_selective_copy():
    x, y = C.selective_copy(np.random.default_rng(0), 8, 40, 5, 12)
    for b in range(8):
        data = x[b, :35][x[b, :35] >= 3]
        assert len(data) == 5 and x[b, 35] == 2
        assert list(y[b, 35:]) == list(data) and list(x[b, 36:]) == list(data[:-1])
    with pytest.raises(ValueError):
        C.selective_copy(np.random.default_rng(0), 2, 10, 5, 12)


# ---------------------------------------------------------------- filters and causality
def test_taps_match_explicit_loop():
    torch.manual_seed(0)
    m = C.make_recall_model(20, 8, conv="qkv", window=4, device="cpu")
    x = torch.randn(3, 11, 8)
    taps = C.get_taps(m, "k")
    ref = torch.zeros_like(x)
    for t in range(11):
        for i in range(4):
            if t - i >= 0:
                ref[:, t] += taps[i] * x[:, t - i]
    assert torch.allclose(m._conv("k", x), ref, atol=1e-5)
    assert torch.allclose(C.causal_filter(x, taps), ref, atol=1e-5)
    # shared (one scalar filter) == depthwise with identical channels
    s = torch.randn(4)
    assert torch.allclose(
        C.causal_filter(x, s), C.causal_filter(x, s[:, None].expand(4, 8)), atol=1e-6
    )
    new = torch.randn(4, 8)
    C.set_taps(m, "q", new)
    assert torch.allclose(C.get_taps(m, "q"), new)


@pytest.mark.parametrize("kind", ["cat", "cat-k", "nope", "rope", "ape", "ssm"])
def test_no_output_depends_on_future_tokens(kind):
    m = C.make_cat_model(kind, 30, 16, window=3, max_len=24, seed=1, device="cpu")
    x = torch.randint(0, 30, (2, 24), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        base = m(x)
        for t in (0, 7, 20):
            x2 = x.clone()
            x2[:, t + 1 :] = (x2[:, t + 1 :] + 5) % 30
            out = m(x2)
            assert (out[:, : t + 1] - base[:, : t + 1]).abs().max() < 1e-6
            assert (
                out[:, t + 1 :] - base[:, t + 1 :]
            ).abs().max() > 1e-4  # the future does change


def test_shapes_device_and_errors():
    m = C.make_cat_model("cat", 50, 16, window=2, device="auto")
    want = "cuda" if torch.cuda.is_available() else "cpu"
    assert m.device.type == want
    out = m(
        torch.zeros(3, 9, dtype=torch.int64)
    )  # CPU tokens are moved to the model's device
    assert out.shape == (3, 9, 50) and out.device.type == want
    out, A = C.make_cat_model("rope", 50, 16, device="cpu")(
        torch.zeros(2, 5, dtype=torch.int64), return_weights=True
    )
    assert A.shape == (2, 5, 5) and torch.allclose(A.sum(-1), torch.ones(2, 5))
    with pytest.raises(ValueError, match="window"):
        C.make_recall_model(50, 16, conv="qkv", window=0)
    with pytest.raises(ValueError, match="conv"):
        C.make_recall_model(50, 16, conv="x")
    with pytest.raises(ValueError, match="kind"):
        C.make_cat_model("lstm", 50, 16)
    with pytest.raises(ValueError, match="APE"):
        C.make_cat_model("ape", 50, 16, max_len=8, device="cpu")(
            torch.zeros(1, 9, dtype=torch.int64)
        )
    with pytest.raises(ValueError, match="no convolution"):
        C.get_taps(C.make_cat_model("nope", 50, 16, device="cpu"), "k")


def test_positional_attention_without_pe_equals_parent():
    a = C.make_recall_model(20, 8, conv="k", window=2, pe="none", seed=3, device="cpu")
    b = C.make_recall_model(20, 8, conv="k", window=2, pe="rope", seed=3, device="cpu")
    b.pe = "none"
    x = torch.randint(0, 20, (2, 10), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        assert torch.allclose(a(x), b(x), atol=1e-6)


def test_rope_is_relative():
    q, k = torch.randn(1, 1, 8).expand(1, 12, 8), torch.randn(1, 1, 8).expand(1, 12, 8)
    s = (C.rope(q.clone()) @ C.rope(k.clone()).transpose(1, 2))[0]
    assert torch.allclose(s[5, 2], s[9, 6], atol=1e-5) and torch.allclose(
        s[3, 3], s[7, 7], atol=1e-5
    )
    with pytest.raises(ValueError, match="even"):
        C.rope(torch.randn(1, 3, 5))


def test_ssm_chunked_scan_matches_naive():
    torch.manual_seed(0)
    log_a = (-torch.rand(2, 37, 4, 3) * 12).clamp(min=-10)
    b = torch.randn(2, 37, 4, 3)
    assert (
        _ssm_chunk_scan(log_a, b, 8) - C.ssm_naive_scan(log_a, b)
    ).abs().max() < 1e-4
    m = C.SSMModel(20, 16, seed=0, device="cpu")
    x = torch.randint(0, 20, (2, 30))
    with torch.no_grad():
        assert (m(x) - m(x, naive=True)).abs().max() < 1e-4
    with pytest.raises(ValueError, match="chunk"):
        C.SSMModel(20, 16, chunk=16)


# ---------------------------------------------------------------- hand-built
# construction
def test_hand_built_exact_at_design_length():
    x, y = C.mqar(np.random.default_rng(0), 64, 64, 8, 128)
    m = C.hand_built_cat(2.0, 128)  # e^4 = 54.6 > 64 - 16 filler tokens at most
    with torch.no_grad():
        out = m(torch.from_numpy(x))
    mask = y != -100
    assert (out[torch.from_numpy(mask)].argmax(-1).numpy() == y[mask]).all()
    assert C.hand_built_correct(x, y, 2.0).all()


def test_hand_built_matches_closed_form_beyond_limit():
    res = C.hand_built_sweep([1.5, 2.0], [64, 512], tokens=2048)
    assert res["agree"].all()
    assert np.array_equal(res["measured"], res["predicted"])
    assert res["measured"][0, 1] < 0.9 and res["measured"][1, 0] == 1.0
    with pytest.raises(ValueError, match="beta"):
        C.hand_built_cat(0.0, 16)


def test_hand_built_correct_rule_is_filler_count():
    x, y = C.mqar(np.random.default_rng(5), 20, 256, 8, 128)
    beta = 2.0
    rule = []
    for b, t in zip(*np.nonzero(y != -100)):
        rule.append((x[b, : t + 1] == 0).sum() < math.exp(beta**2))
    assert np.array_equal(C.hand_built_correct(x, y, beta), np.array(rule))


# ---------------------------------------------------------------- training helpers
def test_train_and_evaluate_small_run_learns():
    torch.manual_seed(0)
    m = C.make_cat_model("cat", 32, 32, window=2, max_len=16, seed=0, device="cpu")

    def sampler(r, b):
        return C.mqar(r, b, 16, 4, 32)

    hist = C.train(m, sampler, steps=150, lr=1e-2, batch=32, seed=0)
    assert len(hist["loss"]) == 150 and hist["loss"][-1] < hist["loss"][0]
    res = C.evaluate(m, sampler, 64, seed=9, value_mass=True)
    assert 0 <= res["acc"] <= 1 and 0 <= res["value_mass"] <= 1
    assert res["acc"] > 0.5  # 1/4 is chance
    with pytest.raises(ValueError, match="lr"):
        C.train(m, sampler, steps=1, lr=0, batch=2, seed=0)
    ape = C.make_cat_model("ape", 32, 8, max_len=16, device="cpu")
    assert math.isnan(
        C.evaluate(ape, lambda r, b: C.mqar(r, b, 32, 4, 32), 4, seed=0)["acc"]
    )


def test_jump_step_and_converged():
    acc = [0.1] * 50 + [1.0] * 50
    assert C.jump_step(acc, 0.9, 10) == 58  # mean of steps 49..58 = 0.91
    assert C.jump_step([0.1] * 100) is None and C.jump_step([1.0] * 3) is None
    job = C.Job(
        task="mqar",
        kind="cat",
        seed=0,
        steps=400,
        lr=0.01,
        batch=2,
        d_model=4,
        vocab=8,
        train_len=8,
    )
    r = C.JobResult(
        job=job,
        loss=(4.0,),
        train_acc=(0.1,),
        test=(0.96,),
        seconds=0.0,
        cpu_seconds=0.0,
    )
    assert C.converged(r) and not C.converged(
        C.JobResult(job, (4.0,), (0.1,), (0.5,), 0, 0)
    )
    assert "lr=0.01" in C.plateau_hint(r) and "steps=400" in C.plateau_hint(r)


def test_make_cat_model_is_not_the_config_make_model():
    from shared.attention import model

    assert not hasattr(C, "make_model")
    assert model.make_model(vocab_size=4).cfg.vocab_size == 4  # signature unchanged
    with pytest.raises(ValueError, match="kind"):
        C.make_cat_model("lstm", 50, 16)


def test_mqar_disjoint_filler_never_collides_with_keys_or_values():
    rng = np.random.default_rng(0)
    x, y = C.mqar(rng, 32, 128, 8, 64, filler="disjoint")
    for b in range(32):
        pairs = set(x[b, :16].tolist())
        labelled = y[b] != -100
        rest = x[b, 16:][~labelled[16:]]
        assert not pairs & set(rest.tolist())
        assert sorted(y[b][labelled].tolist()) == sorted(x[b, 1:16:2].tolist())
    assert len(set(x[:, 16:].ravel().tolist())) > 20  # really random
    xz, yz = C.mqar(np.random.default_rng(0), 4, 64, 8, 64)
    assert (xz[:, 16:][yz[:, 16:] == -100] == 0).all()


def test_mamba_defaults_model_is_the_ssm_at_expand_2_state_16_low_rank_delta():
    from shared.attention.cat_models import mamba_defaults

    assert mamba_defaults(64) == {"expand": 2, "state": 16, "dt_rank": 4}
    m = C.make_cat_model("mamba", 20, 16, seed=0, device="cpu")
    assert m.dt_low.weight.shape == (1, 32) and m.A_log.shape == (32, 16)
    x = torch.randint(0, 20, (2, 12))
    assert m(x).shape == (2, 12, 20)
    assert torch.allclose(m(x), m(x, naive=True), atol=1e-4)
    small = C.make_cat_model("ssm", 20, 16, seed=0, device="cpu")
    assert small.dt_low is None and small.A_log.shape == (16, 8)
