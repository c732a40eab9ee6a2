"""Tests for shared.attention.ocr (task, model wrapper, training loop, reduced
model)."""

import math

import numpy as np
import pytest
import torch

from shared.attention import ocr
from shared.attention.ocr import KINDS
from shared.attention.ocr import OCRTask
from shared.attention.ocr import among_c_metrics
from shared.attention.ocr import ce_loss_grad
from shared.attention.ocr import cosine
from shared.attention.ocr import effective_rank
from shared.attention.ocr import gd_reduced
from shared.attention.ocr import margins
from shared.attention.ocr import nuclear_norm
from shared.attention.ocr import ocr_logits
from shared.attention.ocr import ocr_model
from shared.attention.ocr import prox_nuclear_ce
from shared.attention.ocr import reduced_data
from shared.attention.ocr import ridge_ce
from shared.attention.ocr import svt
from shared.attention.ocr import toy_matrix
from shared.attention.ocr import toy_nuclear_norm
from shared.attention.ocr import train_ocr
from shared.attention.ocr import transfer_ratio

torch.set_num_threads(1)
F64 = torch.float64


# --- task -----------------------------------------------------------------------------
def test_vocabulary_layout():
    t = OCRTask()
    assert t.vocab_size == 128
    assert (t.r1, t.r2) == (0, 1)
    np.testing.assert_array_equal(t.b_ids, np.arange(2, 22))
    np.testing.assert_array_equal(t.c_ids, np.arange(22, 42))
    np.testing.assert_array_equal(t.subject_ids, np.arange(42, 122))
    np.testing.assert_array_equal(t.noise_ids, np.arange(122, 127))
    assert t.eos == 127


def test_split_one_training_subject_per_group():
    t = OCRTask()
    groups = t.group_of(np.arange(t.n_subjects))
    assert np.all(np.bincount(groups) == 4)
    assert len(t.train_subjects) == 20 == int(0.25 * 80)
    assert np.all(np.bincount(t.group_of(t.train_subjects), minlength=20) == 1)
    assert set(t.train_subjects) | set(t.test_subjects) == set(range(80))
    assert not set(t.train_subjects) & set(t.test_subjects)


@pytest.mark.parametrize("kind", KINDS)
def test_samples_labels_and_positions(kind):
    t = OCRTask()
    toks, lab, subj = t.sample(kind, 500, np.random.default_rng(0))
    assert toks.shape == (500, 16) and toks.dtype == np.int64
    assert np.all(toks[:, -1] == t.eos)
    g = t.group_of(subj)
    assert np.all(lab == (t.b_ids[g] if kind.endswith("fact") else t.c_ids[g]))
    pool = t.train_subjects if kind.startswith("train") else t.test_subjects
    assert np.all(np.isin(subj, pool))
    rel = t.r1 if kind.endswith("fact") else t.r2
    for row, s in zip(toks, subj):
        ps = np.flatnonzero(row == t.subject_ids[s])
        pr = np.flatnonzero(row == rel)
        assert len(ps) == 1 and len(pr) == 1 and ps[0] < pr[0] < 15
        others = np.delete(row[:-1], [ps[0], pr[0]])
        assert np.all(np.isin(others, t.noise_ids))


def test_batch_composition_and_determinism():
    t = OCRTask()
    toks, lab = t.batch(np.random.default_rng(3))
    assert toks.shape == (252, 16)
    assert np.all(np.isin(lab[:84], t.b_ids)) and np.all(np.isin(lab[84:168], t.c_ids))
    assert np.all(np.isin(lab[168:], t.b_ids))
    toks2, lab2 = t.batch(np.random.default_rng(3))
    np.testing.assert_array_equal(toks, toks2)
    np.testing.assert_array_equal(lab, lab2)


def test_random_pairing_is_a_permutation():
    t = OCRTask(pairing="random", pairing_seed=1)
    ans = t.impl_answer(np.arange(20))
    assert sorted(ans) == list(t.c_ids) and not np.array_equal(ans, t.c_ids)
    _, lab, subj = t.sample("test_impl", 50, np.random.default_rng(0))
    assert np.all(lab == ans[t.group_of(subj)])


def test_variants_and_bad_task_arguments():
    t = OCRTask(subjects_per_group=8)
    assert t.n_subjects == 160 and len(t.train_subjects) == 20 and t.vocab_size == 208
    with pytest.raises(ValueError, match="subjects_per_group"):
        OCRTask(subjects_per_group=1)
    with pytest.raises(ValueError, match=r"n_groups=1: must be an integer >= 2"):
        OCRTask(n_groups=1)
    with pytest.raises(ValueError, match=r"n_noise=0: must be an integer >= 1"):
        OCRTask(n_noise=0)
    with pytest.raises(ValueError, match="n=-1"):
        OCRTask().sample("train_fact", -1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="pairing"):
        OCRTask(pairing="shuffled")
    with pytest.raises(ValueError, match="seq_len"):
        OCRTask(seq_len=2)
    with pytest.raises(ValueError, match="kind"):
        OCRTask().sample("dev_fact", 3, np.random.default_rng(0))


# --- model ----------------------------------------------------------------------------
@pytest.mark.parametrize("ov", ["factorized", "combined"])
@pytest.mark.parametrize("attention", ["linear", "softmax"])
def test_index_forward_equals_dense(ov, attention):
    t = OCRTask(n_groups=3, subjects_per_group=2, seq_len=6, n_noise=2)
    m = ocr_model(
        t, ov=ov, init="gaussian", attention=attention, dtype=F64, device="cpu", seed=1
    )
    toks = torch.from_numpy(t.batch(np.random.default_rng(0), 5)[0])
    torch.testing.assert_close(
        ocr_logits(m, toks), m(toks, last_only=True), rtol=0, atol=1e-12
    )
    # the dense bag (used on CUDA) equals the scatter_add bag
    torch.testing.assert_close(
        ocr_logits(m, toks, dense=True),
        ocr_logits(m, toks, dense=False),
        rtol=0,
        atol=1e-12,
    )


def test_logits_invariant_to_permuting_context():
    t = OCRTask()
    m = ocr_model(t, ov="factorized", init="gaussian", dtype=F64, device="cpu")
    toks = torch.from_numpy(t.batch(np.random.default_rng(0), 4)[0])
    perm = torch.randperm(15, generator=torch.Generator().manual_seed(0))
    shuffled = torch.cat([toks[:, :15][:, perm], toks[:, 15:]], 1)
    torch.testing.assert_close(
        ocr_logits(m, toks), ocr_logits(m, shuffled), rtol=0, atol=1e-12
    )


def test_gradcheck_tiny_model():
    t = OCRTask(n_groups=2, subjects_per_group=2, seq_len=4, n_noise=1)
    m = ocr_model(t, ov="factorized", init="gaussian", dtype=F64, device="cpu")
    toks = torch.from_numpy(t.batch(np.random.default_rng(0), 2)[0])
    names = [n for n, _ in m.named_parameters()]
    from torch.func import functional_call

    def f(*ps):
        m2 = dict(zip(names, ps))
        return functional_call(m, m2, (toks,), {"last_only": True})

    assert torch.autograd.gradcheck(
        f, tuple(p.detach().clone().requires_grad_() for p in m.parameters())
    )


def test_trainable_parameters_and_rank():
    t = OCRTask()
    comb = ocr_model(t, ov="combined", device="cpu")
    assert [n for n, _ in comb.named_parameters()] == ["W", "W_OV"]
    fact = ocr_model(
        t, ov="factorized", rank=5, init="gaussian", device="cpu", dtype=F64
    )
    assert [n for n, _ in fact.named_parameters()] == ["W", "W_V", "W_O"]
    assert torch.linalg.matrix_rank(fact.ov_matrix().detach().double()) <= 5
    small = ocr_model(t, ov="factorized", device="cpu")
    torch.testing.assert_close(small.ov_matrix(), torch.full((128, 128), 1e-8))
    assert torch.all(comb.W_OV == 1e-4) and torch.all(comb.W == 1e-4)
    with pytest.raises(ValueError, match="ov="):
        ocr_model(t, ov="identity")
    with pytest.raises(ValueError, match="rank"):
        ocr_model(t, ov="combined", rank=3)
    with pytest.raises(ValueError, match="init="):
        ocr_model(t, init="orthogonal")


def test_among_c_metrics_ties_fail():
    t = OCRTask(n_groups=3, subjects_per_group=2, n_noise=1)
    logits = torch.zeros(2, t.vocab_size)
    lab = torch.tensor(t.c_ids[[0, 1]])
    acc, rank = among_c_metrics(logits, lab, t)
    assert acc == 0.0 and rank == 2.0  # all tied: worst rank G-1
    logits[0, t.c_ids[0]] = 1.0
    logits[1, t.c_ids[2]] = 1.0
    acc, rank = among_c_metrics(logits, lab, t)
    assert acc == 0.5 and rank == (0 + 2) / 2
    with pytest.raises(ValueError, match="c answer"):
        among_c_metrics(logits, torch.tensor(t.b_ids[[0, 1]]), t)


def test_short_training_run_fits_and_is_deterministic():
    t = OCRTask(n_groups=4, subjects_per_group=2, seq_len=6, n_noise=2)
    runs = []
    for _ in range(2):
        m = ocr_model(t, ov="factorized", device="cpu")
        runs.append(
            train_ocr(t, m, steps=300, per_kind=16, eval_every=100, n_eval=64, seed=0)
        )
    h = runs[0]
    np.testing.assert_array_equal(h["step"], [0, 100, 200, 300])
    assert h["train_loss"].shape == (300,)
    assert h["train_fact_acc"][-1] == 1.0 and h["train_impl_acc"][-1] == 1.0
    assert h["train_loss"][-1] < 0.5 * h["train_loss"][0]
    np.testing.assert_array_equal(runs[0]["test_impl_ce"], runs[1]["test_impl_ce"])
    with pytest.raises(ValueError, match="vocab_size"):
        train_ocr(OCRTask(), m, steps=1)
    with pytest.raises(ValueError, match="steps"):
        train_ocr(t, m, steps=-1)


# --- weight analysis ------------------------------------------------------------------
def test_transfer_ratio_known_values():
    G = 3
    W = np.zeros((2 * G, 4))
    cols, groups = np.array([0, 1, 2, 3]), np.array([0, 1, 2, 0])
    for k, (c, g) in enumerate(zip(cols, groups)):
        W[g, c] = 2.0  # b contrast = 2 - 0
        W[G + g, c] = [2.0, 1.0, 0.0, -1.0][k]
    rho = transfer_ratio(W, np.arange(G), G + np.arange(G), cols, groups)
    np.testing.assert_allclose(rho, [1.0, 0.5, 0.0, -0.5])
    # a constant added to every row of a column does not change ρ
    np.testing.assert_allclose(
        transfer_ratio(W + 5.0, np.arange(G), G + np.arange(G), cols, groups), rho
    )
    with pytest.raises(ValueError):
        transfer_ratio(W, np.arange(G), G + np.arange(2), cols, groups)


def test_effective_rank_and_cosine():
    assert effective_rank(np.outer([1, 2], [3, 4, 5])) == pytest.approx(1.0)
    assert effective_rank(np.eye(5)) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        effective_rank(np.zeros((2, 2)))
    A = np.arange(6.0).reshape(2, 3)
    assert cosine(A, 3 * A) == pytest.approx(1.0) and cosine(A, -A) == pytest.approx(
        -1.0
    )
    with pytest.raises(ValueError, match="shapes"):
        cosine(A, A.T)


# --- reduced model --------------------------------------------------------------------
def test_reduced_data_layout():
    d = reduced_data(4, 1, 2)
    assert d.D == 12 + 2 and d.K == 8
    assert d.X_train.shape == (12 + 4, 14) and np.all(d.X_train.sum(1) == 2)
    assert np.all(d.y_train[:12] == np.arange(12) % 4)
    assert np.all(d.y_train[12:] == 4 + np.arange(4))
    assert d.X_test.shape == (8, 14) and np.all(d.y_test == 4 + np.arange(4, 12) % 4)
    with pytest.raises(ValueError):
        reduced_data(1, 1, 1)


def test_ce_gradient_matches_autograd():
    d = reduced_data(3, 1, 2)
    W = np.random.default_rng(0).standard_normal((d.K, d.D))
    loss, g = ce_loss_grad(W, d.X_train, d.y_train)
    Wt = torch.tensor(W, requires_grad=True)
    lt = torch.nn.functional.cross_entropy(
        torch.tensor(d.X_train) @ Wt.T, torch.tensor(d.y_train)
    )
    lt.backward()
    assert loss == pytest.approx(lt.item(), abs=1e-12)
    np.testing.assert_allclose(g, Wt.grad.numpy(), atol=1e-12)
    with pytest.raises(ValueError, match="shapes"):
        ce_loss_grad(W[:, :-1], d.X_train, d.y_train)


def test_factorized_chain_rule_matches_autograd():
    d = reduced_data(3, 1, 1)
    rng = np.random.default_rng(1)
    A, B = rng.standard_normal((d.K, 4)), rng.standard_normal((4, d.D))
    _, G = ce_loss_grad(A @ B, d.X_train, d.y_train)
    At, Bt = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    torch.nn.functional.cross_entropy(
        torch.tensor(d.X_train) @ (At @ Bt).T, torch.tensor(d.y_train)
    ).backward()
    np.testing.assert_allclose(G @ B.T, At.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(A.T @ G, Bt.grad.numpy(), atol=1e-12)


def test_margins():
    W = np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 0.5]])
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(margins(W, X, np.array([0, 1])), [0.5, 1.5])
    np.testing.assert_allclose(
        margins(W, X, np.array([1, 2]), rows=[1, 2]), [-0.5, -1.5]
    )
    with pytest.raises(ValueError, match="rows"):
        margins(W, X, np.array([0, 1]), rows=[1, 2])


def test_svt_on_diagonal_is_soft_threshold():
    s = np.array([3.0, 1.0, 0.2])
    np.testing.assert_allclose(
        svt(np.diag(s), 0.5), np.diag([2.5, 0.5, 0.0]), atol=1e-12
    )
    Q = np.linalg.qr(np.random.default_rng(0).standard_normal((3, 3)))[0]
    M = Q @ np.diag(s) @ Q.T
    assert nuclear_norm(svt(M, 0.5)) == pytest.approx(3.0)
    with pytest.raises(ValueError):
        svt(M, -1.0)


def test_toy_nuclear_norm_closed_form_and_minimizer():
    for k in (1, 3, 7):
        for t in (-0.5, 0.0, 0.3, 1.0, 2.0):
            assert toy_nuclear_norm(t, k) == pytest.approx(
                nuclear_norm(toy_matrix(t, k)), abs=1e-12
            )
        grid = np.linspace(-1, 2, 30001)
        assert (
            abs(grid[np.argmin(toy_nuclear_norm(grid, k))] - 1 / math.sqrt(k)) <= 1e-3
        )
        fro = [np.linalg.norm(toy_matrix(t, k)) for t in grid[::100]]
        assert abs(grid[::100][np.argmin(fro)]) < 1e-9
    with pytest.raises(ValueError):
        toy_nuclear_norm(0.5, 0)


def test_reduced_gd_and_references_small():
    d = reduced_data(4, 1, 2)
    c_rows = d.G + np.arange(d.G)
    comb = gd_reduced(d, "combined", steps=400, log_every=100)
    fact = gd_reduced(d, "factorized", steps=400, log_every=100)
    assert np.all(np.diff(comb["loss"]) <= 0) and np.all(np.diff(fact["loss"]) <= 0)
    assert margins(comb["W"], d.X_train, d.y_train).min() > 0
    # combined: the test c-logits are tied (no transfer); factorized: positive test
    # margins
    assert np.abs(margins(comb["W"], d.X_test, d.y_test, c_rows)).max() < 1e-9
    assert margins(fact["W"], d.X_test, d.y_test, c_rows).min() > 0
    Wn, Wr = prox_nuclear_ce(d, 1e-2, 300), ridge_ce(d, 1e-3)
    assert margins(Wn, d.X_test, d.y_test, c_rows).min() > 0
    assert np.abs(margins(Wr, d.X_test, d.y_test, c_rows)).max() < 1e-6
    assert cosine(comb["W"], Wr) > 0.95
    with pytest.raises(ValueError, match="mode"):
        gd_reduced(d, "tied")
    with pytest.raises(ValueError, match="lam=0.0"):
        prox_nuclear_ce(d, lam=0.0)
    with pytest.raises(ValueError, match="steps=0"):
        gd_reduced(d, steps=0)
    with pytest.raises(ValueError, match="lam=-1"):
        ridge_ce(d, lam=-1)
    with pytest.raises(ValueError, match="tau=-0.5"):
        svt(np.eye(2), -0.5)
    with pytest.raises(ValueError, match=r"k=0: must be an integer >= 1"):
        toy_matrix(0.5, 0)
    with pytest.raises(ValueError):
        ridge_ce(d, lam=-1.0)


def test_profiles_are_plain_values():
    assert set(ocr.PROFILES) == {"quick", "full"}
    assert ocr.PROFILES["quick"].keys() == ocr.PROFILES["full"].keys()
    for prof in ocr.PROFILES.values():
        for v in prof.values():
            assert isinstance(v, (int, float, str, tuple))


def test_eval_set_evaluate_and_example_table():
    t = OCRTask(n_groups=3, subjects_per_group=2, seq_len=5, n_noise=2)
    es = ocr.make_eval_set(t, 20, seed=0)
    assert set(es) == set(KINDS) and all(v[0].shape == (20, 5) for v in es.values())
    m = ocr_model(t, ov="combined", device="cpu")
    res = ocr.evaluate(m, t, es)
    assert {
        "test_impl_ce",
        "test_impl_acc",
        "test_impl_acc_c",
        "train_impl_rank_c",
        "train_fact_acc",
    } <= set(res)
    # the constant initialization gives uniform logits: CE = ln V, all c's tied
    # (accuracy 0, worst rank)
    assert res["test_fact_ce"] == pytest.approx(math.log(t.vocab_size), abs=1e-5)
    assert res["test_impl_acc_c"] == 0.0 and res["test_impl_rank_c"] == t.n_groups - 1
    rows = t.example_table(np.random.default_rng(0))
    assert [r[0] for r in rows] == list(KINDS)
    assert all(len(r[1]) == 5 and r[1][-1] == "EOS" for r in rows)
    assert rows[0][2].startswith("b") and rows[1][2].startswith("c")


def test_exact_hard_margin_references_are_tight_and_the_symmetric_sdp_is_exact():
    from shared.attention import ocr

    d = ocr.reduced_data(20, 1, 1)
    Wf, Wn = ocr.hard_margin_fro(d), ocr.hard_margin_nuc(d)
    for W in (Wf, Wn):
        assert abs(ocr.margins(W, d.X_train, d.y_train).min() - 1) < 1e-6
    Wg = ocr.hard_margin_nuc(d, symmetric=False)
    nn = ocr.nuclear_norm(Wg)
    assert abs(ocr.nuclear_norm(Wn) - nn) < 1e-6 * nn
    assert ocr.nuclear_norm(Wn) < ocr.nuclear_norm(Wf)
    assert np.linalg.norm(Wf) < np.linalg.norm(Wn)
    a = np.random.default_rng(0).standard_normal(12)
    W = np.tensordot(a, ocr.symmetric_basis(d), axes=1)
    assert abs(ocr.symmetric_nuclear_norm(a, d) - ocr.nuclear_norm(W)) < 1e-9
    d3 = ocr.reduced_data(20, 1, 3)
    tm = ocr.margins(ocr.hard_margin_nuc(d3), d3.X_test, d3.y_test, 20 + np.arange(20))
    assert abs(tm.min() - 1 / np.sqrt(3)) < 1e-4  # the toy's 1/sqrt(k)
