"""Tests for shared.attention.automaton (next-token prediction as an automaton)."""

import numpy as np
import pytest
import torch

from shared.attention import automaton as A

torch.set_num_threads(1)


# ---------------------------------------------------------------- helpers (brute force)


def brute_reach(adj2: np.ndarray) -> np.ndarray:
    """Reachability by depth-first search from every node, [K, K] bool."""
    K = adj2.shape[0]
    out = np.zeros((K, K), dtype=bool)
    for a in range(K):
        stack, seen = [a], {a}
        while stack:
            u = stack.pop()
            for v in np.flatnonzero(adj2[u]):
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        out[a, list(seen)] = True
    return out


def same_partition(lab1: np.ndarray, lab2: np.ndarray) -> bool:
    return np.array_equal(
        lab1[:, None] == lab1[None, :], lab2[:, None] == lab2[None, :]
    )


@pytest.fixture(scope="module")
def cyc():
    return A.ntp_dataset(6, 4, 6, 8, "cyclic", np.random.default_rng(3))


@pytest.fixture(scope="module")
def acyc():
    return A.ntp_dataset(4, 6, 8, 8, "acyclic", np.random.default_rng(4))


# ---------------------------------------------------------------- data


def test_dataset_properties_and_seed():
    rng = np.random.default_rng(0)
    for kind in ("acyclic", "cyclic"):
        ds = A.ntp_dataset(6, 4, 6, 8, kind, rng)
        assert ds.E.shape == (6, 8) and ds.X.shape == (6, 4) and ds.y.shape == (6,)
        np.testing.assert_allclose(np.linalg.norm(ds.E, axis=1), 1.0, atol=1e-12)
        assert all(len(set(row)) == 4 for row in ds.X)  # distinct tokens
        assert np.all((ds.X == ds.y[:, None]).any(1))  # label in window
        assert A.is_cyclic(ds.scc) == (kind == "cyclic")
    a = A.ntp_dataset(4, 6, 8, 8, "any", np.random.default_rng(5))
    b = A.ntp_dataset(4, 6, 8, 8, "any", np.random.default_rng(5))
    assert (
        np.array_equal(a.X, b.X)
        and np.array_equal(a.y, b.y)
        and np.array_equal(a.E, b.E)
    )


def test_dataset_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="vocabulary"):
        A.ntp_dataset(4, 2, 0, 8, "any", rng)
    with pytest.raises(ValueError, match="T <= K"):
        A.ntp_dataset(4, 9, 8, 8, "any", rng)
    with pytest.raises(ValueError, match="K <= d"):
        A.ntp_dataset(4, 3, 8, 4, "any", rng)
    with pytest.raises(ValueError, match="kind"):
        A.ntp_dataset(4, 3, 8, 8, "cyclical", rng)
    with pytest.raises(
        RuntimeError, match="no cyclic draw"
    ):  # one window -> a star, never cyclic
        A.ntp_dataset(1, 3, 8, 8, "cyclic", rng, max_tries=5)
    with pytest.raises(ValueError, match="setting"):
        A.draw_trials((4, 6, 8), "any", 1, rng)


def test_edges_from_data():
    X = np.array([[0, 1, 2], [2, 0, 3]])
    y = np.array([1, 3])
    e = A.edges_from_data(X, y)
    assert {tuple(r) for r in e} == {(1, 0, 2), (1, 2, 2), (3, 2, 3), (3, 0, 3)}
    with pytest.raises(ValueError, match="shapes"):
        A.edges_from_data(X, np.array([1]))


# ---------------------------------------------------------------- graphs


def test_scc_hand_cases():
    K = 4
    dag = A.token_priority_graphs(
        np.array([[0, 1, 0], [1, 2, 0], [0, 2, 0], [2, 3, 0]]), K
    )
    two = A.token_priority_graphs(np.array([[0, 1, 1], [1, 0, 1]]), K)
    three = A.token_priority_graphs(
        np.array([[0, 1, 2], [1, 2, 2], [2, 0, 2], [2, 3, 2]]), K
    )
    lab = A.scc_labels(dag + two + three)
    assert len(set(lab[0])) == 4  # DAG -> singletons
    assert lab[1, 0] == lab[1, 1] and len(set(lab[1])) == 3
    assert lab[2, 0] == lab[2, 1] == lab[2, 2] != lab[2, 3]
    assert A.is_cyclic(lab) and not A.is_cyclic(A.scc_labels(dag))


def test_scc_and_reachability_vs_brute_force():
    rng = np.random.default_rng(1)
    adj = rng.random((30, 7, 7)) < 0.2
    lab = A.scc_labels(adj)
    reach = A.reachability(adj)
    for k in range(adj.shape[0]):
        R = brute_reach(adj[k])
        assert np.array_equal(reach[k], R)
        mutual = R & R.T
        assert np.array_equal(lab[k][:, None] == lab[k][None, :], mutual)


def test_scc_vs_networkx():
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(2)
    adj = rng.random((20, 9, 9)) < 0.18
    lab = A.scc_labels(adj)
    for k in range(adj.shape[0]):
        g = nx.DiGraph()
        g.add_nodes_from(range(9))
        g.add_edges_from(zip(*np.nonzero(adj[k])))
        ref = np.empty(9, dtype=int)
        for c, comp in enumerate(nx.strongly_connected_components(g)):
            ref[list(comp)] = c
        assert same_partition(lab[k], ref)


def test_graph_errors():
    with pytest.raises(ValueError, match="0..K-1"):
        A.token_priority_graphs(np.array([[0, 5, 0]]), 4)
    with pytest.raises(ValueError, match="vocabulary"):
        A.token_priority_graphs(np.zeros((0, 3)), 0)
    with pytest.raises(ValueError, match="adj"):
        A.scc_labels(np.zeros((3, 3), dtype=bool))


# ---------------------------------------------------------------- Graph-SVM


def check_kkt(res: A.SVMResult):
    assert res.min_margin >= 1 - 1e-6
    assert res.eq_residual <= 1e-8
    assert np.all(res.lam >= 0)
    assert res.complementarity <= 1e-6
    assert res.stationarity <= 1e-6
    assert res.n_active >= 1


@pytest.mark.parametrize("which", ["acyc", "cyc"])
def test_graph_svm_kkt_and_slsqp(which, request):
    ds = request.getfixturevalue(which)
    e = A.edges_from_data(ds.X, ds.y)
    dual = A.graph_svm(ds.E, e, ds.scc, "dual")
    check_kkt(dual)
    assert (dual.n_eq > 0) == (which == "cyc")
    sl = A.graph_svm(ds.E, e, ds.scc, "slsqp")
    assert np.linalg.norm(sl.W - dual.W) <= 1e-5 * np.linalg.norm(dual.W)
    # optimality: moving inside the feasible set never lowers the norm (random feasible
    # points)
    rng = np.random.default_rng(0)
    Aeq, G = A.svm_constraints(ds.E, e, ds.scc)
    for _ in range(20):
        w = dual.W.ravel() + 0.1 * rng.standard_normal(dual.W.size)
        if Aeq.shape[0]:
            w -= np.linalg.pinv(Aeq) @ (Aeq @ w)
        if np.all(G @ w >= 1):
            assert w @ w >= dual.W.ravel() @ dual.W.ravel() - 1e-10


def test_graph_svm_closed_form_single_constraint():
    E = np.eye(3)
    scc = np.tile(np.arange(3), (3, 1))
    res = A.graph_svm(E, np.array([[0, 1, 2]]), scc)
    expected = np.zeros((3, 3))
    expected[0, 2], expected[1, 2] = 0.5, -0.5
    np.testing.assert_allclose(res.W, expected, atol=1e-12)


def test_graph_svm_cvxpy_optional(cyc):
    pytest.importorskip("cvxpy")
    e = A.edges_from_data(cyc.X, cyc.y)
    d, c = A.graph_svm(cyc.E, e, cyc.scc), A.graph_svm(cyc.E, e, cyc.scc, "cvxpy")
    assert np.linalg.norm(c.W - d.W) <= 1e-4 * np.linalg.norm(d.W)


def test_graph_svm_errors(acyc):
    e = A.edges_from_data(acyc.X, acyc.y)
    with pytest.raises(ValueError, match="method"):
        A.graph_svm(acyc.E, e, acyc.scc, "scs")
    with pytest.raises(ValueError, match="scc has shape"):
        A.graph_svm(acyc.E, e, acyc.scc[:3])
    E = np.eye(3)
    E[1] = E[0]  # tokens 0 and 1 share an embedding: 0 -> 1 cannot have margin 1
    with pytest.raises(RuntimeError, match="infeasible"):
        A.graph_svm(E, np.array([[0, 1, 2]]), np.tile(np.arange(3), (3, 1)))


def test_cyclic_subspace_projection(cyc, acyc):
    e = A.edges_from_data(cyc.X, cyc.y)
    Bs = A.cyclic_subspace(cyc.E, e, cyc.scc)
    assert Bs.shape[0] >= 1
    np.testing.assert_allclose(Bs @ Bs.T, np.eye(Bs.shape[0]), atol=1e-12)
    W = np.random.default_rng(0).standard_normal((3, 8, 8))
    P = A.project(W, Bs)
    np.testing.assert_allclose(A.project(P, Bs), P, atol=1e-12)
    Ws = A.graph_svm(cyc.E, e, cyc.scc).W
    assert abs((A.project(Ws, Bs) ** 2).sum()) <= 1e-14  # W_svm is orthogonal to S_fin
    assert A.cyclic_subspace(
        acyc.E, A.edges_from_data(acyc.X, acyc.y), acyc.scc
    ).shape == (0, 64)
    with pytest.raises(ValueError, match="basis"):
        A.project(W[:, :4, :4], Bs)


def test_reduced_mask(cyc, acyc):
    m = A.reduced_mask(cyc.X, cyc.y, cyc.scc)
    assert m.any()
    lab = cyc.X == cyc.y[:, None]
    for i in range(m.shape[0]):
        assert m[i].sum() == 0 or (m[i].sum() >= 2 and m[i][lab[i]].all())
    assert not A.reduced_mask(acyc.X, acyc.y, acyc.scc).any()


# ------------------------------------------------------- heads, losses, gradients


def test_identity_head(acyc):
    C = A.identity_head(acyc.E)
    np.testing.assert_allclose(C @ acyc.E.T, np.eye(acyc.K), atol=1e-10)
    W = np.random.default_rng(1).standard_normal((8, 8))
    s = A.attention_np(W, acyc.E, acyc.X)
    f = np.einsum("nt,ntd->nd", s, acyc.E[acyc.X])
    scatter = np.zeros((acyc.X.shape[0], acyc.K))
    np.put_along_axis(scatter, acyc.X, s, axis=1)
    np.testing.assert_allclose(f @ C.T, scatter, atol=1e-10)
    with pytest.raises(ValueError, match="K <= d"):
        A.identity_head(np.ones((5, 3)))


@pytest.mark.parametrize(
    "loss,stable", [("log", True), ("log", False), ("ce", True), ("sq", True)]
)
@pytest.mark.parametrize("masked", [False, True])
def test_closed_form_gradient_vs_autograd(loss, stable, masked, cyc):
    rng = np.random.default_rng(7)
    dss = [cyc, A.ntp_dataset(6, 4, 6, 8, "cyclic", rng)]
    masks = [A.reduced_mask(d.X, d.y, d.scc) for d in dss] if masked else None
    batch = A.make_batch(dss, masks)
    W = torch.tensor(
        rng.standard_normal((2, 8, 8)), dtype=torch.float64, requires_grad=True
    )
    A.loss_value(W, batch, loss, stable).sum().backward()
    G = A.loss_grad(W.detach(), batch, loss, stable)
    torch.testing.assert_close(G, W.grad, atol=1e-12, rtol=0)


def test_stable_loss_matches_naive_and_stays_exact(cyc):
    batch = A.make_batch([cyc])
    W = torch.tensor(np.random.default_rng(2).standard_normal((1, 8, 8)))
    p = (A.attention(W, batch) * batch.label).sum(-1)
    assert float(p.max()) <= 0.99
    torch.testing.assert_close(
        A.loss_value(W, batch, "log", True),
        A.loss_value(W, batch, "log", False),
        atol=1e-12,
        rtol=0,
    )
    # far along the SVM direction: the naive form rounds to 0, the stable one does not
    ds = A.ntp_dataset(4, 6, 8, 8, "acyclic", np.random.default_rng(9))
    Ws = A.graph_svm(ds.E, A.edges_from_data(ds.X, ds.y), ds.scc).W
    b2 = A.make_batch([ds])
    Wbig = torch.tensor(60.0 * Ws)[None]
    assert float(A.loss_value(Wbig, b2, "log", True)) > 0
    assert float(torch.linalg.matrix_norm(A.loss_grad(Wbig, b2, "log", True))) > 0


def test_loss_errors(cyc):
    batch = A.make_batch([cyc])
    W = torch.zeros(1, 8, 8, dtype=torch.float64)
    with pytest.raises(ValueError, match="loss"):
        A.loss_value(W, batch, "mse")
    with pytest.raises(ValueError, match=r"W must be a tensor \[B, d, d\]"):
        A.loss_grad(torch.zeros(1, 6, 6, dtype=torch.float64), batch)
    with pytest.raises(ValueError, match="datasets is empty"):
        A.make_batch([])
    other = A.ntp_dataset(4, 6, 8, 8, "any", np.random.default_rng(0))
    with pytest.raises(ValueError, match="share"):
        A.make_batch([cyc, other])
    with pytest.raises(ValueError, match="masks"):
        A.make_batch([cyc], [np.ones((6, 4), bool), np.ones((6, 4), bool)])
    bad = np.zeros((6, 4), bool)
    bad[0, :] = cyc.X[0] != cyc.y[0]
    with pytest.raises(ValueError, match="label position"):
        A.make_batch([cyc], [bad])


# ---------------------------------------------------------------- training


def test_normalized_gd_steps_and_batching(cyc):
    rng = np.random.default_rng(11)
    dss = [cyc] + [A.ntp_dataset(6, 4, 6, 8, "cyclic", rng) for _ in range(2)]
    W0 = A.default_init(3, 8, seed=0)
    assert float(W0.abs().max()) <= 1 / np.sqrt(8)
    W, steps, hist = A.normalized_gd(W0, A.make_batch(dss), "log", 0.05, 30, 7)
    assert list(steps) == [0, 7, 14, 21, 28, 30] and hist.shape == (3, 6, 8, 8)
    np.testing.assert_allclose(hist[:, 0], W0.numpy())
    np.testing.assert_allclose(hist[:, -1], W.numpy())
    for b, ds in enumerate(dss):  # batched == one by one
        Wb, _, _ = A.normalized_gd(
            W0[b : b + 1], A.make_batch([ds]), "log", 0.05, 30, 7
        )
        np.testing.assert_allclose(Wb[0].numpy(), W[b].numpy(), atol=1e-12, rtol=0)
    W1, _, h1 = A.normalized_gd(W0, A.make_batch(dss), "ce", 0.05, 1, 1)
    np.testing.assert_allclose(
        np.linalg.norm(h1[:, 1] - h1[:, 0], axis=(-2, -1)), 0.05, atol=1e-12
    )
    with pytest.raises(ValueError, match="lr"):
        A.normalized_gd(W0, A.make_batch(dss), lr=-1.0)
    with pytest.raises(ValueError, match="iters"):
        A.normalized_gd(W0, A.make_batch(dss), iters=0)


def test_run_global_short(cyc):
    rng = np.random.default_rng(12)
    dss = [cyc, A.ntp_dataset(6, 4, 6, 8, "cyclic", rng)]
    run = A.run_global(dss, 0.05, 600, 100)
    assert run.corr.shape == (2, 7) and run.steps[-1] == 600
    assert np.all(run.corr[:, -1] > run.corr[:, 0])
    assert np.all(run.corr[:, -1] > 0.8)
    assert np.all(run.mass[:, -1] >= run.mass_label[:, -1] - 1e-12)
    for b, ds in enumerate(dss):  # W_fin stays in S_fin
        Bs = A.cyclic_subspace(ds.E, A.edges_from_data(ds.X, ds.y), ds.scc)
        assert np.linalg.norm(run.W_fin[b] - A.project(run.W_fin[b], Bs)) <= 1e-10
    assert np.all(np.isfinite(run.soft_diff)) and np.all(run.automaton_tv <= 1)


def test_run_global_nulls_and_projection_identity(cyc):
    rng = np.random.default_rng(13)
    dss = [cyc, A.ntp_dataset(6, 4, 6, 8, "cyclic", rng)]
    run = A.run_global(dss, 0.05, 600, 100)
    # label_argmax: a fraction per recorded step, equal to 1 at the end exactly when
    # argmax_ok
    assert run.label_argmax.shape == run.corr.shape
    assert np.all((run.label_argmax >= 0) & (run.label_argmax <= 1))
    np.testing.assert_array_equal(run.label_argmax[:, -1] == 1.0, run.argmax_ok)
    # norm_PW = ‖Π_S W‖ computed independently; the norm difference is ‖Π_S W − W_fin‖
    for b, ds in enumerate(dss):
        Bs = A.cyclic_subspace(ds.E, A.edges_from_data(ds.X, ds.y), ds.scc)
        assert run.norm_PW[b, -1] == pytest.approx(
            np.linalg.norm(A.project(run.W[b], Bs)), abs=1e-12
        )
        assert run.norm_diff[b, -1] == pytest.approx(
            np.linalg.norm(A.project(run.W[b], Bs) - run.W_fin[b]), abs=1e-12
        )
    # W_svm ⊥ S_fin, so corr(W − Π_S W, W_svm)·‖W − Π_S W‖ = corr(W, W_svm)·‖W‖
    perp = np.sqrt(run.norm_W**2 - run.norm_PW**2)
    np.testing.assert_allclose(run.proj_corr * perp, run.corr * run.norm_W, atol=1e-9)
    # the uniform-split nulls are distances of the same kind, and W_fin beats them after
    # training
    assert np.all(np.isfinite(run.soft_diff_uniform)) and np.all(
        run.automaton_tv_uniform <= 1
    )
    assert np.all(run.automaton_tv_uniform >= 0)


def test_uniform_null_equals_zero_finite_component(cyc):
    run = A.run_global([cyc], 0.05, 200, 100)
    auto0, _ = A.automaton_attention(
        cyc.E, cyc.X, cyc.adj, cyc.scc, np.zeros((cyc.d, cyc.d))
    )
    s_end = A.attention_np(run.W[0], cyc.E, cyc.X)
    assert run.automaton_tv_uniform[0] == pytest.approx(
        0.5 * np.abs(auto0 - s_end).sum(-1).max(), abs=1e-12
    )


# ---------------------------------------------------------------- metrics


def test_cosine_and_fit_R():
    rng = np.random.default_rng(0)
    Aa, Bb = rng.standard_normal((4, 4)), rng.standard_normal((4, 4))
    assert A.cosine(Aa, 3 * Aa) == pytest.approx(1.0)
    assert A.cosine(Aa, -Aa) == pytest.approx(-1.0)
    assert A.cosine(Aa, Bb) == pytest.approx(A.cosine(2 * Aa, 5 * Bb))
    assert np.isnan(A.cosine(Aa, np.zeros((4, 4))))
    Ws = rng.standard_normal((4, 4))
    Wf = rng.standard_normal((4, 4))
    Wf -= (Wf * Ws).sum() / (Ws * Ws).sum() * Ws
    assert A.fit_R(7.5 * Ws + Wf, Wf, Ws) == pytest.approx(7.5)


def test_scc_mass_and_automaton():
    # one window (last token 3) whose label 0 forms a 2-cycle with token 1 in G^(3)
    X = np.array([[0, 1, 2, 3], [1, 0, 2, 3]])
    y = np.array([0, 1])
    K = 4
    adj = A.token_priority_graphs(A.edges_from_data(X, y), K)
    scc = A.scc_labels(adj)
    assert scc[3, 0] == scc[3, 1] != scc[3, 2]
    s = np.array([[0.3, 0.3, 0.1, 0.3], [0.5, 0.2, 0.2, 0.1]])
    np.testing.assert_allclose(A.scc_mass(s, X, y, scc, "label"), np.mean([0.6, 0.7]))
    np.testing.assert_allclose(A.scc_mass(s, X, y, scc, "largest"), np.mean([0.6, 0.7]))
    np.testing.assert_allclose(
        A.scc_mass(s, X, y, scc, "label", complement=True), np.mean([0.4, 0.3])
    )
    s2 = np.array(
        [[0.1, 0.1, 0.7, 0.1], [0.5, 0.2, 0.2, 0.1]]
    )  # window 0: SCC {2} gets most mass
    np.testing.assert_allclose(
        A.scc_mass(s2, X, y, scc, "largest"), np.mean([0.7, 0.7])
    )
    np.testing.assert_allclose(
        A.scc_mass(s2, X, y, scc, "largest", complement=True), np.mean([0.3, 0.3])
    )
    stacked = np.stack([s, s2])  # leading axis (e.g. recorded steps)
    np.testing.assert_allclose(A.scc_mass(stacked, X, y, scc, "largest"), [0.65, 0.7])
    tiny = np.array(
        [[1 - 1e-30, 1e-30, 0, 0]] * 2
    )  # complement stays exact where 1 - mass rounds to 0
    X2 = np.array([[0, 2, 1, 3], [0, 2, 1, 3]])
    scc2 = np.tile(np.arange(4), (4, 1))
    assert A.scc_mass(
        tiny, X2, np.array([0, 0]), scc2, "label", complement=True
    ) == pytest.approx(1e-30)
    with pytest.raises(ValueError, match="which"):
        A.scc_mass(s, X, y, scc, "top")
    E = np.eye(4)
    Wf = np.zeros((4, 4))
    Wf[0, 3] = np.log(3.0)  # token 0 scores log 3 above token 1 against last token 3
    auto, top = A.automaton_attention(E, X, adj, scc, Wf)
    assert np.array_equal(top, np.array([[1, 1, 0, 0], [1, 1, 0, 0]], bool))
    np.testing.assert_allclose(auto[0], [0.75, 0.25, 0, 0], atol=1e-12)


def test_to_shared_model_matches(acyc):
    W = np.random.default_rng(3).standard_normal((8, 8))
    s = A.attention_np(W, acyc.E, acyc.X)
    m = A.to_shared_model(W, acyc.E, "identity")
    out, wts = m(torch.tensor(acyc.X), last_only=True, return_weights=True)
    np.testing.assert_allclose(wts.detach().numpy(), s, atol=1e-12)
    scatter = np.zeros((acyc.X.shape[0], acyc.K))
    np.put_along_axis(scatter, acyc.X, s, axis=1)
    np.testing.assert_allclose(out.detach().numpy(), scatter, atol=1e-10)
    mt = A.to_shared_model(W, acyc.E, "tied")
    f = np.einsum("nt,ntd->nd", s, acyc.E[acyc.X])
    np.testing.assert_allclose(
        mt(torch.tensor(acyc.X), last_only=True).detach().numpy(),
        f @ acyc.E.T,
        atol=1e-12,
    )
    with pytest.raises(ValueError, match="head"):
        A.to_shared_model(W, acyc.E, "general")


def test_local_selection_and_filter():
    X = np.array([[0, 1, 2, 3]])
    s = np.array([[0.6, 0.3905, 0.0095, 0.0]])
    sel, amb, edges = A.local_selection(s, X)
    assert sel.tolist() == [[True, True, False, False]] and amb.tolist() == [
        [False, False, True, False]
    ]
    assert {tuple(e) for e in edges} == {(0, 1, 3), (0, 3, 3), (1, 0, 3), (1, 3, 3)}
    lscc = A.scc_labels(A.token_priority_graphs(edges, 4))
    assert lscc[3, 0] == lscc[3, 1]
    with pytest.raises(ValueError, match="ambiguous_low"):
        A.local_selection(s, X, select=1e-3, ambiguous_low=1e-2)
    keep = A.repo_trial_filter(np.array([0.99, 0.5, np.nan, 0.95]))
    assert keep.tolist() == [True, False, False, True]
    with pytest.raises(ValueError, match="1-D"):
        A.repo_trial_filter(np.zeros((2, 2)))


def test_run_local_short():
    dss = A.draw_trials((4, 6, 8, 8), "cyclic", 2, np.random.default_rng(5))
    r = A.run_local(dss, "ce", 0.1, 200, 50)
    assert r.corr_global.shape == r.corr_local.shape == (2, 5)
    assert np.all(r.norm_diff_local >= 0) and np.all(r.n_selected >= 4)
    with pytest.raises(ValueError, match="loss"):
        A.run_local(dss, "log", 0.1, 10, 5)


def test_regularization_path_grows(acyc):
    c = A.regularization_path(acyc, (0.5, 20.0), iters=300)
    assert c[1] > c[0] and c[1] > 0.9
    with pytest.raises(ValueError, match="positive"):
        A.regularization_path(acyc, (-1.0,), iters=2)


def test_profiles_are_frozen_dataclasses_with_plain_values():
    import dataclasses

    assert set(A.PROFILES) == {"quick", "full"}
    for prof in A.PROFILES.values():
        assert isinstance(prof, A.Profile)
        for f in dataclasses.fields(prof):
            assert isinstance(getattr(prof, f.name), (int, float, str, tuple))
        with pytest.raises(dataclasses.FrozenInstanceError):
            prof.iters = 1


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu(cyc):
    W = A.default_init(1, 8, seed=1)
    g_cpu = A.loss_grad(W, A.make_batch([cyc]), "ce")
    g_gpu = A.loss_grad(W.cuda(), A.make_batch([cyc], device="cuda"), "ce")
    torch.testing.assert_close(g_gpu.cpu(), g_cpu, atol=1e-12, rtol=0)


def test_device_argument(cyc):
    b = A.make_batch([cyc], device="cpu")
    assert b.Xe.device.type == "cpu" and b.Xe.dtype == torch.float64
    with pytest.raises(ValueError, match="device"):
        A.make_batch([cyc], device="tpu")


def test_second_differences_convex_log_loss(acyc, cyc):
    rng = np.random.default_rng(0)
    sd = A.second_differences([acyc], "log", 50, rng)
    assert sd.shape == (50, 1) and sd.min() >= -1e-10 and sd.max() > 0
    sd_c = A.second_differences([cyc], "log", 50, rng)
    assert sd_c.min() >= -1e-10
    with pytest.raises(ValueError, match="positive"):
        A.second_differences([acyc], "log", 2, rng, h=0.0)


def test_random_embeddings_and_attention(cyc):
    E = A.random_embeddings(5, 7, np.random.default_rng(0))
    assert E.shape == (5, 7)
    np.testing.assert_allclose(np.linalg.norm(E, axis=1), 1.0, atol=1e-12)
    with pytest.raises(ValueError, match="d"):
        A.random_embeddings(5, 0, np.random.default_rng(0))
    m = A.reduced_mask(cyc.X, cyc.y, cyc.scc)
    b = A.make_batch([cyc], [m])
    W = A.default_init(1, 8, seed=3)
    a = A.scores(W, b)
    assert a.shape == (1, 6, 4) and bool(torch.isinf(a[0][~torch.tensor(m)]).all())
    s = A.attention(W, b)
    rows = torch.tensor(m.any(1))
    torch.testing.assert_close(
        s[0][rows].sum(-1), torch.ones(int(rows.sum()), dtype=torch.float64)
    )
    assert float(s[0][~rows].abs().sum()) == 0.0
    np.testing.assert_allclose(
        s[0].numpy(), A.attention_np(W[0].numpy(), cyc.E, cyc.X, m), atol=1e-12
    )


def test_token_validation_errors(cyc):
    y_bad = cyc.y.copy()
    y_bad[0] = [v for v in range(cyc.K) if v not in cyc.X[0]][
        0
    ]  # a label outside its window
    with pytest.raises(ValueError, match="occur in its window"):
        A.reduced_mask(cyc.X, y_bad, cyc.scc)
    with pytest.raises(ValueError, match="0..K-1"):
        A.automaton_attention(cyc.E, cyc.X + 10, cyc.adj, cyc.scc, np.zeros((8, 8)))
    with pytest.raises(ValueError, match="W_fin"):
        A.automaton_attention(cyc.E, cyc.X, cyc.adj, cyc.scc, np.zeros((6, 6)))
    with pytest.raises(ValueError, match=r"\[\.\.\., n, T\]"):
        A.scc_mass(np.zeros((6, 3)), cyc.X, cyc.y, cyc.scc)
