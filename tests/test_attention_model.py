"""Tests for shared.attention.model (one-layer single-head attention)."""

import math

import pytest
import torch

from shared.attention.model import CONFIG_FIELDS
from shared.attention.model import OneLayerAttention
from shared.attention.model import make_config
from shared.attention.model import make_model
from shared.attention.model import one_matrix_model
from shared.attention.model import resolve_device

torch.set_num_threads(1)
F64 = torch.float64


def tokens(B=3, T=6, V=7, seed=0):
    return torch.randint(0, V, (B, T), generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("attention", ["softmax", "linear"])
@pytest.mark.parametrize("ov", ["combined", "factorized", "identity"])
@pytest.mark.parametrize("qk", ["merged", "separate"])
def test_shapes(attention, ov, qk):
    m = make_model(
        vocab_size=7, attention=attention, ov=ov, qk=qk, seed=1, device="cpu"
    )
    x = tokens()
    out, A = m(x, return_weights=True)
    assert out.shape == (3, 6, 7) and A.shape == (3, 6, 6)
    last, a_last = m(x, last_only=True, return_weights=True)
    assert last.shape == (3, 7) and a_last.shape == (3, 6)
    torch.testing.assert_close(last, out[:, -1])
    torch.testing.assert_close(a_last, A[:, -1])


def test_learned_embedding_and_output_width():
    m = make_model(
        vocab_size=5,
        d_model=4,
        embedding="learned",
        ov="factorized",
        ov_rank=2,
        n_out=3,
        seed=0,
    )
    assert m(tokens(V=5)).shape == (3, 6, 3)
    assert m.E.requires_grad and m.ov_matrix().shape == (3, 4)
    assert torch.linalg.matrix_rank(m.ov_matrix().detach()) <= 2


def test_device_handling():
    assert resolve_device("cpu").type == "cpu"
    auto = resolve_device("auto")
    assert auto.type == ("cuda" if torch.cuda.is_available() else "cpu")
    m = make_model(vocab_size=4)
    assert m.device.type == auto.type
    assert all(p.device.type == auto.type for p in m.parameters())
    # CPU tokens are moved to the model's device
    assert m(tokens(V=4)).device.type == auto.type
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            resolve_device("cuda")
    with pytest.raises(ValueError, match="allowed"):
        resolve_device("tpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu():
    kw = dict(vocab_size=6, attention="softmax", ov="factorized", seed=3, dtype=F64)
    x = tokens(V=6)
    torch.testing.assert_close(
        make_model(device="cuda", **kw)(x).cpu(), make_model(device="cpu", **kw)(x)
    )


def test_seed_makes_init_reproducible():
    a = make_model(vocab_size=6, ov="factorized", init="gaussian", seed=5)
    b = make_model(vocab_size=6, ov="factorized", init="gaussian", seed=5)
    c = make_model(vocab_size=6, ov="factorized", init="gaussian", seed=6)
    torch.testing.assert_close(a.W_O, b.W_O)
    assert not torch.equal(a.W_O, c.W_O)


@pytest.mark.parametrize("attention", ["softmax", "linear"])
def test_causal_mask_no_future_dependence(attention):
    m = make_model(
        vocab_size=7,
        attention=attention,
        ov="factorized",
        seed=0,
        dtype=F64,
        position_bias=True,
        conv_window={"q": 3, "k": 2, "v": 4},
    )
    with torch.no_grad():
        m.P.normal_()
    x = tokens(B=2, T=8)
    y = x.clone()
    y[:, 5:] = (y[:, 5:] + 1) % 7  # change positions 5.. only
    ox, Ax = m(x, return_weights=True)
    oy = m(y)
    torch.testing.assert_close(ox[:, :5], oy[:, :5], rtol=0, atol=1e-12)
    assert not torch.allclose(ox[:, 5:], oy[:, 5:])
    assert torch.all(Ax.triu(diagonal=1) == 0)


def test_non_causal_sees_future():
    m = make_model(vocab_size=7, causal=False, seed=0, dtype=F64)
    x = tokens(B=2, T=8)
    y = x.clone()
    y[:, -1] = (y[:, -1] + 1) % 7
    assert not torch.allclose(m(x)[:, 0], m(y)[:, 0])


def test_causal_conv_is_depthwise_and_left_padded():
    m = make_model(vocab_size=5, conv_window={"q": 3}, seed=0, dtype=F64)
    conv = m.convs["q"]
    assert conv.groups == 5 and conv.weight.shape == (5, 1, 3)
    X = torch.randn(2, 6, 5, dtype=F64)
    Y = m._conv("q", X)
    # brute force: y[t, c] = sum_k w[c, k] * x[t - (w-1) + k, c], zeros before the start
    w = conv.weight[:, 0].detach()
    ref = torch.zeros_like(X)
    for t in range(6):
        for k in range(3):
            s = t - 2 + k
            if s >= 0:
                ref[:, t] += w[:, k] * X[:, s]
    torch.testing.assert_close(Y, ref, rtol=0, atol=1e-12)
    # streams without a window are the raw embedding
    assert m._conv("k", X) is X
    # window 0 / None means off
    m0 = make_model(vocab_size=5, conv_window={"q": 0, "k": None, "v": 2})
    assert set(m0.convs) == {"v"}


def test_linear_vs_softmax():
    kw = dict(vocab_size=6, ov="combined", seed=2, dtype=F64, score_scale=1.0)
    lin, soft = (
        make_model(attention="linear", **kw),
        make_model(attention="softmax", **kw),
    )
    x = tokens(V=6)
    S = (lin.E[x] @ lin.W) @ lin.E[x].transpose(1, 2)
    mask = torch.ones(6, 6, dtype=torch.bool).tril()
    _, A_lin = lin(x, return_weights=True)
    _, A_soft = soft(x, return_weights=True)
    torch.testing.assert_close(A_lin, S * mask)  # raw scores, future zeroed
    torch.testing.assert_close(
        A_soft, torch.softmax(S.masked_fill(~mask, -math.inf), -1)
    )
    torch.testing.assert_close(A_soft.sum(-1), torch.ones(3, 6, dtype=F64))
    assert not torch.allclose(A_lin.sum(-1), torch.ones(3, 6, dtype=F64))
    # default scales: 1/sqrt(d) for softmax, 1 for linear
    assert make_model(vocab_size=16).score_scale == 0.25
    assert make_model(vocab_size=16, attention="linear").score_scale == 1.0


def test_factorized_equals_combined_when_product_matches():
    f = make_model(
        vocab_size=6, ov="factorized", ov_rank=3, attention="linear", seed=0, dtype=F64
    )
    c = make_model(vocab_size=6, ov="combined", attention="linear", seed=1, dtype=F64)
    with torch.no_grad():
        c.W.copy_(f.W)
        c.W_OV.copy_(f.W_O @ f.W_V)
    x = tokens(V=6)
    torch.testing.assert_close(f(x), c(x), rtol=0, atol=1e-12)
    torch.testing.assert_close(f.ov_matrix(), c.ov_matrix())


def test_separate_qk_matches_merged_product():
    s = make_model(vocab_size=5, qk="separate", d_qk=3, seed=0, dtype=F64)
    m = make_model(
        vocab_size=5, qk="merged", seed=1, dtype=F64, score_scale=s.score_scale
    )
    with torch.no_grad():
        m.W.copy_(s.W_Q.T @ s.W_K)
        m.W_OV.copy_(s.W_OV)
    x = tokens(V=5)
    torch.testing.assert_close(s(x), m(x), rtol=0, atol=1e-12)


def test_onehot_forward_equals_dense_formula():
    m = make_model(vocab_size=6, attention="linear", ov="factorized", seed=4, dtype=F64)
    x = tokens(V=6)
    X = torch.nn.functional.one_hot(x, 6).to(F64)
    a = torch.einsum("bd,de,bte->bt", X[:, -1], m.W, X)  # query on the left: x_Tᵀ W x_t
    ref = torch.einsum("bt,btd->bd", a, X) @ (m.W_O @ m.W_V).T
    torch.testing.assert_close(m(x, last_only=True), ref, rtol=0, atol=1e-12)


def test_one_matrix_model():
    m = one_matrix_model(6, seed=0, dtype=F64)
    names = [n for n, _ in m.named_parameters()]
    assert names == ["W"]
    out = m(tokens(V=6))
    # identity head + one-hot + softmax: a probability vector supported on the tokens
    # seen
    torch.testing.assert_close(out.sum(-1), torch.ones(3, 6, dtype=F64))
    assert torch.all(out >= 0)
    x = tokens(V=6)
    seen = torch.nn.functional.one_hot(x[:, 0], 6).bool()
    assert torch.all(out_first := m(x)[:, 0][~seen] == 0) and out_first.numel() > 0
    # a given fixed head
    head = torch.randn(4, 6, dtype=F64)
    mh = one_matrix_model(6, head=head, seed=0, dtype=F64)
    assert mh(x).shape == (3, 6, 4) and [n for n, _ in mh.named_parameters()] == ["W"]
    torch.testing.assert_close(mh(x), m(x) @ head.T)
    assert one_matrix_model(6, head="tied")(x).shape == (3, 6, 6)


def test_frozen_qk_and_inits():
    m = make_model(vocab_size=4, train_qk=False, init="const", init_scale=0.5)
    assert [n for n, _ in m.named_parameters()] == ["W_OV"]
    assert torch.all(m.W == 0.5)
    z = make_model(vocab_size=4, init="zero", ov="factorized")
    assert torch.all(z.W_O == 0) and torch.all(z.W == 0)
    g = make_model(vocab_size=400, init="gaussian", seed=0)
    assert abs(g.W.std().item() - 1 / 20) < 2e-3


def test_gradients_flow_and_gradcheck():
    m = make_model(
        vocab_size=4,
        attention="softmax",
        ov="factorized",
        ov_rank=2,
        seed=0,
        dtype=F64,
        conv_window={"k": 2},
    )
    x = tokens(B=2, T=3, V=4)
    params = tuple(m.parameters())
    from torch.func import functional_call

    names = [n for n, _ in m.named_parameters()]

    def g(*ps):
        return functional_call(m, dict(zip(names, ps)), (x,))

    inputs = tuple(p.detach().clone().requires_grad_(True) for p in params)
    assert torch.autograd.gradcheck(g, inputs)


@pytest.mark.parametrize(
    "options, match",
    [
        (dict(vocab_size=0), "non-empty"),
        (
            dict(vocab_size=4, attention="relu"),
            r"attention='relu'.*\['softmax', 'linear'\]",
        ),
        (
            dict(vocab_size=4, ov="both"),
            r"choose one of \['combined', 'factorized', 'identity'\]",
        ),
        (dict(vocab_size=4, qk="kq"), "choose one of"),
        (dict(vocab_size=4, embedding="sinusoidal"), "choose one of"),
        (dict(vocab_size=4, init="xavier"), "choose one of"),
        (dict(vocab_size=4, d_model=3), "one-hot embedding needs d_model"),
        (dict(vocab_size=4, embedding="learned"), "needs d_model"),
        (dict(vocab_size=4, embedding=torch.zeros(3, 2)), "expected"),
        (dict(vocab_size=4, ov="combined", ov_rank=2), "ov_rank is only used"),
        (
            dict(vocab_size=4, ov="factorized", ov_rank=0),
            r"ov_rank=0: must be an integer >= 1",
        ),
        (
            dict(vocab_size=4, ov="combined", head="tied"),
            "only used with ov='identity'",
        ),
        (dict(vocab_size=4, ov="identity", head=torch.zeros(2, 3)), "columns"),
        (
            dict(vocab_size=4, conv_window={"x": 3}),
            r"unknown stream.*\['q', 'k', 'v'\]",
        ),
        (dict(vocab_size=4, conv_window={"q": -1}), "positive integer"),
        (dict(vocab_size=4, conv_window=3), "must be a dict"),
        (dict(vocab_size=4, init="const"), "needs init_scale"),
        (dict(vocab_size=4, qk="merged", d_qk=2), "only used with qk='separate'"),
        (dict(vocab_size=4, colour="red"), r"unknown option\(s\) \['colour'\]"),
        (dict(attention="linear"), "vocab_size is required"),
    ],
)
def test_bad_arguments(options, match):
    with pytest.raises(ValueError, match=match):
        make_model(**options)


def test_bad_forward_inputs():
    m = make_model(vocab_size=4, position_bias=True, max_len=5)
    with pytest.raises(ValueError, match="integer tensor"):
        m(torch.zeros(2, 3))
    with pytest.raises(ValueError, match="integer tensor"):
        m(torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match="exceeds max_len"):
        m(torch.zeros(1, 6, dtype=torch.long))
    with pytest.raises(ValueError, match="not both"):
        OneLayerAttention(make_config(vocab_size=4), attention="linear")


def test_config_fields_listed():
    assert {"conv_window", "ov", "attention", "qk", "position_bias"} <= set(
        CONFIG_FIELDS
    )
