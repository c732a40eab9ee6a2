"""Tests for shared.attention.markov: the attention <-> CCMC identity, the convex MLE,
coverage, trajectories and the winner-takes-all measurements.
"""

import numpy as np
import pytest
import scipy.stats
import torch

from shared.attention import markov as mk

torch.set_num_threads(1)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def _random_chain(rng, K, sigma=1.0):
    return mk.base_chain(sigma * rng.standard_normal((K, K)))


# ------------------------------------------------------------------ chain and identity
def test_orthonormal_embedding_and_head(rng):
    E = mk.orthonormal_embedding(5, 9, rng)
    assert E.shape == (5, 9)
    np.testing.assert_allclose(E @ E.T, np.eye(5), atol=1e-13)
    np.testing.assert_allclose(mk.head_for(E), E, atol=1e-12)
    G = rng.standard_normal((4, 7))  # general independent rows: C E^T = I still holds
    np.testing.assert_allclose(mk.head_for(G) @ G.T, np.eye(4), atol=1e-12)
    with pytest.raises(ValueError, match="d >= K"):
        mk.orthonormal_embedding(6, 4, rng)
    with pytest.raises(ValueError, match="linearly independent"):
        mk.head_for(np.ones((2, 3)))


def test_base_chain_matches_definition_and_column_shift(rng):
    K, d = 4, 6
    E = mk.orthonormal_embedding(K, d, rng)
    W = rng.standard_normal((d, d))
    P = mk.base_chain(W, E)
    for q in range(K):
        logits = np.array([E[k] @ W @ E[q] for k in range(K)])
        np.testing.assert_allclose(
            P[q], np.exp(logits) / np.exp(logits).sum(), atol=1e-14
        )
    theta = E @ W @ E.T
    shifted = theta + np.array([[0.0, 3.0, -2.0, 7.0]])  # a constant per column q
    np.testing.assert_allclose(mk.chain_from_logits(shifted), P, atol=1e-14)
    assert mk.base_chain(rng.standard_normal((3, K, K))).shape == (3, K, K)
    with pytest.raises(ValueError, match="matching W"):
        mk.base_chain(W, E[:, :5])
    with pytest.raises(ValueError, match="square"):
        mk.base_chain(np.ones((2, 3)))


def test_check_stochastic_errors():
    with pytest.raises(ValueError, match="not stochastic"):
        mk.check_stochastic(np.array([[0.5, 0.6], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="negative"):
        mk.check_stochastic(np.array([[1.5, -0.5], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="empty vocabulary"):
        mk.check_stochastic(np.zeros((0, 0)))
    with pytest.raises(ValueError, match="square"):
        mk.check_stochastic(np.ones((2, 3)) / 3)


def test_token_counts_and_position_weights():
    m = mk.token_counts([2, 0, 2, 1], 4)
    np.testing.assert_array_equal(m, [1, 1, 2, 0])
    b = np.array([0.0, 1.0, 2.0, 3.0])
    mb = mk.token_counts([2, 0, 2, 1], 4, pos_bias=b)
    np.testing.assert_allclose(mb, [np.e, np.e**3, 1 + np.e**2, 0.0])
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        mk.token_counts([0, 4], 4)
    with pytest.raises(ValueError, match="pos_bias"):
        mk.token_counts([[0, 1]], 4, pos_bias=[0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="vocabulary size"):
        mk.token_counts([0], 0)
    with pytest.raises(ValueError, match="empty"):
        mk.token_counts([], 3)


@pytest.mark.parametrize("with_bias", [False, True])
def test_ccmc_identity_matches_shared_attention_model(rng, with_bias):
    """C1/C2: the attention forward of shared.attention.model equals the CCMC formula to
    1e-12.
    """
    K, d, L, n = 10, 16, 12, 200
    E = mk.orthonormal_embedding(K, d, rng)
    W = 2.0 * rng.standard_normal((d, d))
    tok = rng.integers(0, K, size=(n, L))
    b = rng.standard_normal(L) if with_bias else None
    p_ccmc = mk.ccmc_probs(mk.base_chain(W, E), tok, pos_bias=b)
    p_attn = mk.attention_probs(W, E, tok, pos_bias=b)
    assert p_attn.dtype == np.float64 and p_attn.shape == (n, K)
    assert np.abs(p_ccmc - p_attn).max() <= 1e-12
    assert np.abs(p_ccmc.sum(1) - 1).max() <= 1e-12


def test_ccmc_identity_general_embedding(rng):
    """Non-orthonormal E with C = (E E^T)^-1 E still gives the CCMC exactly."""
    K, d, L = 5, 8, 7
    E = rng.standard_normal((K, d))
    W = rng.standard_normal((d, d))
    tok = rng.integers(0, K, size=(50, L))
    diff = mk.ccmc_probs(mk.base_chain(W, E), tok) - mk.attention_probs(W, E, tok)
    assert np.abs(diff).max() <= 1e-12


def test_ccmc_zero_on_absent_tokens_and_full_prompt(rng):
    K = 6
    P = _random_chain(rng, K, 2.0)
    p = mk.ccmc_probs(P, [1, 3, 3, 1, 4])
    assert np.all(p[[0, 2, 5]] == 0.0)
    assert abs(p.sum() - 1) <= 1e-12
    perm = rng.permutation(K)
    np.testing.assert_allclose(mk.ccmc_probs(P, perm), P[perm[-1]], atol=1e-15)
    # hand case: counts (2, 1) on tokens (3, 4), last token 4
    expect = np.zeros(K)
    expect[[1, 3, 4]] = [2 * P[4, 1], 2 * P[4, 3], P[4, 4]]
    np.testing.assert_allclose(
        mk.ccmc_probs(P, [1, 3, 3, 1, 4]), expect / expect.sum(), atol=1e-15
    )


def test_ccmc_permutation_invariance_without_bias(rng):
    K, L = 7, 9
    P = _random_chain(rng, K)
    tok = rng.integers(0, K, size=(30, L))
    perm = np.concatenate([rng.permutation(L - 1), [L - 1]])
    np.testing.assert_allclose(
        mk.ccmc_probs(P, tok[:, perm]), mk.ccmc_probs(P, tok), atol=1e-15
    )
    b = np.linspace(0, 3, L)  # with a recency bias the order matters
    assert (
        np.abs(mk.ccmc_probs(P, tok[:, perm], b) - mk.ccmc_probs(P, tok, b)).max()
        > 1e-3
    )


def test_attention_probs_bad_shapes(rng):
    E = mk.orthonormal_embedding(3, 4, rng)
    with pytest.raises(ValueError, match="W must be"):
        mk.attention_probs(np.zeros((3, 3)), E, [[0, 1]])
    with pytest.raises(ValueError, match="tokens must be"):
        mk.attention_probs(np.zeros((4, 4)), E, [0, 1])
    with pytest.raises(ValueError, match="pos_bias"):
        mk.attention_probs(np.zeros((4, 4)), E, [[0, 1]], pos_bias=[0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="non-empty"):
        mk.attention_probs(np.zeros((4, 4)), np.zeros((0, 4)), [[0]])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_attention_probs_cuda(rng):
    E = mk.orthonormal_embedding(5, 6, rng)
    W = rng.standard_normal((6, 6))
    tok = rng.integers(0, 5, size=(20, 4))
    diff = mk.attention_probs(W, E, tok, device="cuda") - mk.ccmc_probs(
        mk.base_chain(W, E), tok
    )
    assert np.abs(diff).max() <= 1e-12


# ------------------------------------------------------------------ data
def test_sample_prompts_uniform_and_blocks(rng):
    tok = mk.sample_prompts(20000, 3, 4, rng)
    assert tok.shape == (20000, 3) and tok.min() == 0 and tok.max() == 3
    assert scipy.stats.chisquare(np.bincount(tok.ravel(), minlength=4)).pvalue > 1e-3
    blk = mk.sample_prompts(2000, 5, 8, rng, blocks=2)
    low = blk < 4
    assert np.all(low.all(1) | (~low).all(1))  # each prompt inside one half
    assert 0.4 < low.all(1).mean() < 0.6
    with pytest.raises(ValueError, match="blocks"):
        mk.sample_prompts(5, 3, 4, rng, blocks=5)
    with pytest.raises(ValueError, match="n >= 1"):
        mk.sample_prompts(0, 3, 4, rng)


def test_gumbel_sampler_matches_rng_choice(rng):
    p = np.array([0.5, 0.3, 0.15, 0.05])
    n = 100_000
    draws = mk.sample_categorical(np.tile(p, (n, 1)), rng)
    ref = rng.choice(4, size=n, p=p)
    table = np.vstack([np.bincount(draws, minlength=4), np.bincount(ref, minlength=4)])
    assert scipy.stats.chi2_contingency(table).pvalue > 1e-3
    assert scipy.stats.chisquare(table[0], n * p).pvalue > 1e-3
    with pytest.raises(ValueError, match="sum to 1"):
        mk.sample_categorical(np.array([[0.5, 0.6]]), rng)


def test_sample_ccmc_labels_in_prompt(rng):
    P = _random_chain(rng, 9, 2.0)
    tok = mk.sample_prompts(500, 4, 9, rng)
    y = mk.sample_ccmc(P, tok, rng)
    assert np.all((tok == y[:, None]).any(1))


# ------------------------------------------------------------------ the convex MLE
def _data(rng, K=5, n=400, L=4, sigma=1.0):
    P = _random_chain(rng, K, sigma)
    tok = mk.sample_prompts(n, L, K, rng)
    return P, tok, mk.token_counts(tok, K), tok[:, -1], mk.sample_ccmc(P, tok, rng)


@pytest.mark.parametrize("soft", [False, True])
def test_nll_gradient_matches_autograd(rng, soft):
    K = 5
    P, tok, counts, last, y = _data(rng, K)
    if soft:
        y = mk.ccmc_probs(P, tok)
    theta = rng.standard_normal((K, K))
    val, grad = mk.ccmc_nll(theta, counts, last, y, ridge=0.1)
    th = torch.tensor(theta, requires_grad=True)
    A = th.T[torch.as_tensor(last)] + torch.log(torch.as_tensor(counts))
    logp = torch.log_softmax(A, dim=1)
    Y = (
        torch.as_tensor(y)
        if soft
        else torch.nn.functional.one_hot(torch.as_tensor(y), K).double()
    )
    loss = (
        -(torch.where(Y > 0, logp, torch.zeros_like(logp)) * Y).sum(1).mean()
        + 0.05 * (th**2).sum()
    )
    loss.backward()
    assert abs(val - loss.item()) <= 1e-10
    np.testing.assert_allclose(grad, th.grad.numpy(), atol=1e-10)


def test_nll_convex_along_random_lines(rng):
    K = 4
    _, _, counts, last, y = _data(rng, K, n=200)
    for _ in range(5):
        a, b = rng.standard_normal((2, K, K)) * 2
        fa = mk.ccmc_nll(a, counts, last, y)[0]
        fb = mk.ccmc_nll(b, counts, last, y)[0]
        fm = mk.ccmc_nll(0.5 * (a + b), counts, last, y)[0]
        assert fm <= 0.5 * (fa + fb) + 1e-12


def test_mle_stationary_and_noiseless_recovery(rng):
    K = 5
    P, tok, counts, last, y = _data(rng, K, n=2000)
    res = mk.fit_ccmc_mle(counts, last, y)
    assert res.grad_norm <= 1e-6
    assert res.P.shape == (K, K) and np.allclose(res.P.sum(1), 1)
    # noiseless: the exact CCMC laws as soft targets recover P*
    soft = mk.fit_ccmc_mle(counts, last, mk.ccmc_probs(P, tok))
    assert np.abs(soft.P - P).max() <= 1e-3


def test_mle_newton_and_lbfgs_agree(rng):
    K = 5
    _, tok, counts, last, y = _data(rng, K, n=1500, sigma=2.0)
    a = mk.fit_ccmc_mle(counts, last, y, method="newton")
    b = mk.fit_ccmc_mle(counts, last, y, method="lbfgs")
    assert a.grad_norm <= 1e-8 and b.grad_norm <= 1e-6
    assert np.abs(a.P - b.P).max() <= 1e-5
    assert a.nll <= b.nll + 1e-12
    with pytest.raises(ValueError, match="unknown method"):
        mk.fit_ccmc_mle(counts, last, y, method="adam")


def test_column_hessian_matches_autograd(rng):
    K, n = 4, 60
    tok = mk.sample_prompts(n, 3, K, rng)
    counts = mk.token_counts(tok, K)
    Y = mk.ccmc_probs(_random_chain(rng, K), tok)
    mask = counts > 0
    logm = mk._log_counts(counts)
    fun, hess = mk._column_problem(logm, mask, Y, 2 * n, 0.01)
    th0 = rng.standard_normal(K)

    def f(th):
        A = th[None, :] + torch.as_tensor(logm)
        lse = torch.logsumexp(A, dim=1)
        Af = torch.where(torch.as_tensor(mask), A, torch.zeros_like(A))
        return (lse.sum() - (Af * torch.as_tensor(Y)).sum()) / (2 * n) + 0.005 * (
            th * th
        ).sum()

    th = torch.tensor(th0, requires_grad=True)
    val = f(th)
    (g,) = torch.autograd.grad(val, th)
    H = torch.autograd.functional.hessian(f, torch.tensor(th0))
    v, gr = fun(th0)
    assert abs(v - val.item()) <= 1e-12
    np.testing.assert_allclose(gr, g.numpy(), atol=1e-12)
    np.testing.assert_allclose(hess(th0), H.numpy(), atol=1e-12)


def test_mle_error_shrinks_with_n(rng):
    P = _random_chain(rng, 4)
    errs = []
    for n in (300, 30000):
        tok = mk.sample_prompts(n, 4, 4, rng)
        res = mk.fit_ccmc_mle(
            mk.token_counts(tok, 4), tok[:, -1], mk.sample_ccmc(P, tok, rng)
        )
        errs.append(mk.row_tv(res.P, P))
    assert errs[1] < 0.4 * errs[0]


def test_mle_bad_input(rng):
    K = 4
    _, tok, counts, last, y = _data(rng, K)
    bad = y.copy()
    absent = np.where(counts[0] == 0)[0]
    if absent.size:
        bad[0] = absent[0]
        with pytest.raises(ValueError, match="absent"):
            mk.fit_ccmc_mle(counts, last, bad)
    with pytest.raises(ValueError, match="ridge"):
        mk.fit_ccmc_mle(counts, last, y, ridge=0.0)
    with pytest.raises(ValueError, match="columns"):
        mk.fit_ccmc_mle(counts, last, y, K=K + 1)
    with pytest.raises(ValueError, match="last must have shape"):
        mk.fit_ccmc_mle(counts, last[:-1], y)
    with pytest.raises(ValueError, match="soft targets"):
        mk.fit_ccmc_mle(counts, last, np.ones((len(y), K)))
    with pytest.raises(ValueError, match="theta must be"):
        mk.ccmc_nll(np.zeros((K, K + 1)), counts, last, y)


def test_learn_from_prompts_coverage(rng):
    P = _random_chain(rng, 6)
    ok = mk.learn_from_prompts(P, 6000, 5, rng)
    broken = mk.learn_from_prompts(P, 6000, 5, rng, blocks=2)
    assert ok.identified.all() and not broken.identified.any()
    assert ok.fit.grad_norm <= 1e-6
    assert broken.tv > 3 * ok.tv
    with pytest.raises(ValueError, match="single"):
        mk.learn_from_prompts(np.stack([P, P]), 10, 3, rng)


def test_row_tv(rng):
    P = _random_chain(rng, 3)
    assert mk.row_tv(P, P) == 0.0
    Q = np.eye(3)
    R = np.roll(np.eye(3), 1, axis=1)
    assert mk.row_tv(Q, R) == pytest.approx(1.0)
    assert mk.row_tv(Q, R, rows=[0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        mk.row_tv(P, np.eye(4))


# ------------------------------------------------------------------ identifiability
def test_identifiable_rows_hand_cases():
    K = 4
    star = np.array(
        [[a, 2] for a in range(K)]
    )  # length-2 prompts (a, q=2): a star at 2
    assert mk.identifiable_rows(star, K).tolist() == [False, False, True, False]
    # q = 1 is in every prompt that ends in q, so H_q is connected on the tokens that
    # co-occur with q: token 3 never does here, so row 1 is not identified until a
    # prompt brings it in
    partial = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 1]])
    assert not mk.identifiable_rows(partial, K)[1]
    joined = np.vstack([partial, [[3, 0, 1]]])
    assert mk.identifiable_rows(joined, K)[1]
    # two disjoint cliques of the raw co-occurrence graph (last tokens in different
    # halves)
    halves = np.array([[0, 1, 1], [1, 0, 0], [2, 3, 3], [3, 2, 2]])
    assert not mk.identifiable_rows(halves, K).any()


def test_identifiable_rows_coverage(rng):
    K = 8
    assert mk.identifiable_rows(mk.sample_prompts(2000, 6, K, rng), K).all()
    assert not mk.identifiable_rows(
        mk.sample_prompts(2000, 6, K, rng, blocks=2), K
    ).any()
    with pytest.raises(ValueError, match="last must have shape"):
        mk.identifiable_rows_from_counts(np.ones((3, K)), [0, 1])


# ------------------------------------------------------------------ attention-layer
# training
def test_fit_attention_layer_reaches_mle(rng):
    K, d, L, n = 4, 6, 4, 400
    E = mk.orthonormal_embedding(K, d, rng)
    Ps = mk.base_chain(1.5 * rng.standard_normal((d, d)), E)
    tok = mk.sample_prompts(n, L, K, rng)
    y = mk.sample_ccmc(Ps, tok, rng)
    W, P_attn, loss = mk.fit_attention_layer(E, tok, y, max_iter=300)
    mle = mk.fit_ccmc_mle(mk.token_counts(tok, K), tok[:, -1], y)
    assert W.shape == (d, d)
    assert np.abs(P_attn - mle.P).max() <= 2e-2
    assert loss <= mle.nll + 1e-6
    with pytest.raises(ValueError, match="absent"):
        mk.fit_attention_layer(E, [[0, 1]], [3])


# ------------------------------------------------------------------ trajectories
def test_trajectory_invariants(rng):
    K = 6
    P = _random_chain(rng, K, 2.0)
    start = np.array([1, 3, 4])
    res = mk.trajectory(P, start, 400, runs=5, seed=3)
    assert res.tokens.shape == (5, 400)
    assert set(np.unique(res.tokens)) <= {1, 3, 4}  # attention only copies the prompt
    np.testing.assert_array_equal(res.counts.sum(1), np.full(5, 3 + 400))
    again = mk.trajectory(P, start, 400, runs=5, seed=3)
    np.testing.assert_array_equal(res.tokens, again.tokens)
    markov = mk.trajectory(P, start, 2000, runs=2, mode="markov", seed=3)
    assert len(np.unique(markov.tokens)) == K  # the plain chain visits everything


@pytest.mark.parametrize("mode", ["ccmc", "markov"])
def test_batched_trajectory_equals_reference(rng, mode):
    K, steps, runs = 5, 300, 3
    P = _random_chain(rng, K, 1.5)
    start = np.arange(K)
    g = rng.gumbel(size=(steps, runs, K))
    batched = mk.trajectory(P, start, steps, runs, mode=mode, gumbel=g)
    for r in range(runs):
        np.testing.assert_array_equal(
            batched.tokens[r], mk.trajectory_reference(P, start, g[:, r], mode=mode)
        )


def test_trajectory_per_run_chains(rng):
    K, steps = 4, 200
    Ps = np.stack([_random_chain(rng, K) for _ in range(2)])
    g = rng.gumbel(size=(steps, 2, K))
    res = mk.trajectory(Ps, np.arange(K), steps, runs=2, gumbel=g)
    for r in range(2):
        np.testing.assert_array_equal(
            res.tokens[r], mk.trajectory_reference(Ps[r], np.arange(K), g[:, r])
        )


def test_trajectory_bad_input(rng):
    P = _random_chain(rng, 3)
    with pytest.raises(ValueError, match="unknown mode"):
        mk.trajectory(P, [0, 1], 10, mode="greedy")
    with pytest.raises(ValueError, match="steps"):
        mk.trajectory(P, [0, 1], 0)
    with pytest.raises(ValueError, match="one per run"):
        mk.trajectory(np.stack([P, P]), [0, 1], 10, runs=3)
    with pytest.raises(ValueError, match="gumbel"):
        mk.trajectory(P, [0, 1], 10, runs=1, gumbel=np.zeros((10, 1, 4)))
    with pytest.raises(ValueError, match="not stochastic"):
        mk.trajectory(P * 2, [0, 1], 10)
    with pytest.raises(ValueError, match="start"):
        mk.trajectory(P, [0, 5], 10)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_trajectory_cuda_matches_cpu(rng):
    K, steps, runs = 5, 200, 4
    P = _random_chain(rng, K, 1.5)
    g = rng.gumbel(size=(steps, runs, K))
    a = mk.trajectory(P, np.arange(K), steps, runs, gumbel=g, device="cuda")
    b = mk.trajectory(P, np.arange(K), steps, runs, gumbel=g)
    np.testing.assert_array_equal(a.tokens, b.tokens)


def test_trajectory_pairs_replay(rng):
    K = 5
    P = _random_chain(rng, K, 1.0)
    start = np.array([0, 2, 4, 2])
    tok = mk.trajectory(P, start, 50, seed=1).tokens[0]
    counts, last, y = mk.trajectory_pairs(start, tok, K)
    assert counts.shape == (50, K) and last[0] == 2 and np.array_equal(y, tok)
    np.testing.assert_array_equal(counts[0], [1, 0, 2, 0, 1])
    np.testing.assert_array_equal(
        counts[-1] + np.eye(K)[tok[-1]], np.bincount(np.r_[start, tok], minlength=K)
    )
    assert np.array_equal(last[1:], tok[:-1])


# ------------------------------------------------------------------ winner-takes-all
# metrics
def test_token_frequencies_and_active_tokens():
    tok = np.array([[0] * 95 + [1] * 5, [2] * 50 + [3] * 50])
    f = mk.token_frequencies(tok, 4, end=100, window=100)
    np.testing.assert_allclose(f, [[0.95, 0.05, 0, 0], [0, 0, 0.5, 0.5]])
    np.testing.assert_array_equal(
        mk.active_tokens(tok, 4, window=100, thresh=0.01), [2, 2]
    )
    np.testing.assert_array_equal(
        mk.active_tokens(tok, 4, window=100, thresh=0.1), [1, 2]
    )
    np.testing.assert_array_equal(mk.active_tokens(tok, 4, end=50, window=50), [1, 1])
    with pytest.raises(ValueError, match="window"):
        mk.active_tokens(tok, 4, window=101)
    with pytest.raises(ValueError, match="thresh"):
        mk.active_tokens(tok, 4, window=10, thresh=1.5)


def test_self_dominant():
    P = np.array([[0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.1, 0.4, 0.5]])
    assert mk.self_dominant(P).tolist() == [True, False, True]
    assert mk.self_dominant(np.stack([P, np.full((3, 3), 1 / 3)])).shape == (2, 3)
    with pytest.raises(ValueError, match="not stochastic"):
        mk.self_dominant(P * 0.5)
