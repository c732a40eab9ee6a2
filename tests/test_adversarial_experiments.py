"""The experiment and figure modules of the sparse-attack chapters, at toy size
(seconds).

``tiny_profile()`` is the smoke profile without CIFAR-10; its numbers mean nothing. The
tests check result shapes, invariants that hold by construction, determinism (same seed,
same key numbers), that the claims table builds, that each figure has its axes, and that
bad input raises with a message naming the problem.
"""

import matplotlib
import pytest

matplotlib.use("Agg")

from shared.adversarial import fastls_experiment as fx  # noqa: E402
from shared.adversarial import fastls_figures as ff  # noqa: E402
from shared.adversarial import spgd_experiment as sx  # noqa: E402
from shared.adversarial import spgd_figures as sf  # noqa: E402
from shared.adversarial.fastls_claims import claims as fastls_claims  # noqa: E402
from shared.adversarial.spgd_claims import claims as spgd_claims  # noqa: E402


def _spgd_run(seed=0):
    p = sx.tiny_profile()
    tr = sx.train(p, seed)
    at = sx.attack(p, seed, tr)
    ab = sx.ablate(p, seed, tr)
    return p, tr, at, ab


@pytest.fixture(scope="module")
def spgd_run():
    return _spgd_run()


@pytest.fixture(scope="module")
def fastls_run():
    p = fx.tiny_profile()
    tr = fx.train(p, 0)
    fin = fx.evaluate(p, 0, tr)
    abl = fx.locate(p, 0, tr)
    ls = fx.landscape(p, 0, tr)
    sm = fx.smoothing(p, 0, tr, ls)
    bud = fx.budget_study(p, 0, tr, fin)
    comp = fx.components(p, 0, tr, fin)
    return p, tr, fin, abl, ls, sm, bud, comp


@pytest.fixture(scope="module")
def fastls_seeds(fastls_run):
    p, tr = fastls_run[:2]
    return fx.seed_study(p, 0, tr)


def test_profiles_are_frozen_and_complete():
    for table in (sx.PROFILES, fx.PROFILES):
        assert set(table) == {"quick", "full", "smoke"}
        with pytest.raises(Exception):
            table["quick"].epochs = 1
    assert (
        sx.PROFILES["quick"].cifar is None and sx.PROFILES["full"].cifar.arch == "prn18"
    )
    assert fx.PROFILES["smoke"].cifar.download_if_missing is False


def test_spgd_results_have_every_run_and_respect_sAA_invariants(spgd_run):
    p, tr, at, ab = spgd_run
    assert set(tr.models) == {"vanilla", "sAT"} and tr.robust == ["sAT"]
    for k in p.ks:
        for a in sx.ATTACKS:
            assert ("vanilla", k, a) in at.single
    for (m, k), r in at.saa.items():  # sAA is never above its first stage
        assert r.robust_accuracy() <= r.extra["stage_accuracy"][0] + 1e-12
        assert len(r.success) == len(tr.data[m][0])
    assert set(ab.abl) == {(v, pat) for v in ("proj", "unproj") for pat in (3, None)}
    assert set(ab.step_grid) == set(p.step_grid)
    assert all(0 <= v <= 100 for v in ab.abl.values())


def test_spgd_measured_builds_the_claims_table(spgd_run):
    p, tr, at, ab = spgd_run
    bench = sx.benchmark(p, tr)
    m = sx.measured(p, tr, at, ab, bench, None, profile_name="smoke")
    table = spgd_claims(m)
    assert {c.id for c in table.claims} >= {"C1", "C2", "C8"}
    assert "| vanilla |" in sx.main_table(p, tr, at)
    assert "null" in sx.efficiency_table(p, at, bench, tr.data)
    assert set(sx.prose_numbers(p, tr, at, m)) >= {"van_saa", "c1_rs_k3", "width"}


def test_spgd_same_seed_gives_identical_key_numbers(spgd_run):
    p, tr, at, ab = spgd_run
    again = _spgd_run(0)
    assert sx.key_numbers(p, tr, at, ab) == sx.key_numbers(*again)


def test_spgd_figures_have_their_axes(spgd_run):
    p, tr, at, ab = spgd_run
    n = len(tr.models)
    assert len(sf.curves(p, tr, at).axes) == 2 * n
    assert len(sf.k_sweep(at).axes) == 1
    assert len(sf.examples(p, tr, at).axes) == 8 * (1 + n)
    assert len(sf.ablation(ab).axes) == 1
    assert len(sf.training(tr).axes) == 2


def test_fastls_results_and_invariants(fastls_run):
    p, tr, fin, abl, ls, sm, bud, comp = fastls_run
    one, fast, multi = tr.names
    assert multi == f"{p.multi_steps}-step sAT"
    for f in fin.final.values():
        assert 0 <= f["sAA"] <= f["sPGD-proj"] <= f["clean"] <= 1
    assert set(abl) == {one, multi} and set(sm[0]) == {one, fast}
    assert set(ls.budget) == set(fx.GRIDS) and ls.budget["l0"] in fx.GRIDS["l0"]
    assert set(bud.f5) == set(p.k_train_grid)
    assert all(len(v) == p.ablation_n_seeds for v in comp.runs.values())
    for name in tr.models:  # the models are back in float32 after the float64 probes
        assert next(tr.models[name].parameters()).dtype.is_floating_point
        assert str(next(tr.models[name].parameters()).dtype) == "torch.float32"


def test_fastls_measured_key_numbers_and_figures(fastls_run):
    p, tr, fin, abl, ls, sm, bud, comp = fastls_run
    m = fx.measured(p, tr, fin, abl, ls, sm, bud, comp, None, profile_name="smoke")
    assert {c.id for c in fastls_claims(m).claims} >= {"C1", "C5", "C10"}
    kn = fx.key_numbers(p, fin, abl, ls, bud, comp)
    assert kn == fx.key_numbers(p, fin, abl, ls, bud, comp)
    assert "R_l0 / max other R at smallest h" in kn
    for md in (
        fx.final_table(tr, fin),
        fx.strong_table(fin),
        fx.budget_table(bud),
        fx.component_table(comp),
    ):
        assert md.startswith("|")
    assert len(ff.co_curves(tr.hist, p.k_test).axes) == 3
    assert len(ff.location(abl, p.ablation_steps).axes) == 1
    assert len(ff.landscape(ls).axes) == 3
    assert len(ff.smoothing(sm[0]).axes) == 2
    assert len(ff.budget(bud, p.k_test).axes) == len(p.k_train_grid)


def test_fastls_same_seed_same_training_and_evaluation():
    p = fx.tiny_profile()
    a, b = fx.train(p, 1), fx.train(p, 1)
    assert (
        fx.evaluate(p, 1, a).final["1-step sAT"]["sAA"]
        == fx.evaluate(p, 1, b).final["1-step sAT"]["sAA"]
    )


@pytest.mark.parametrize("mod", [sx, fx])
def test_bad_input_raises_with_a_clear_message(mod):
    with pytest.raises(ValueError, match="Profile"):
        mod.train({"width": 4}, 0)
    with pytest.raises(ValueError, match="seed"):
        mod.train(mod.tiny_profile(), -1)


def test_spgd_saturation_of_every_robust_model(spgd_run):
    p, tr, at, ab = spgd_run
    assert set(at.saturation) == set(tr.robust)
    for m, c in at.saturation.items():
        assert c.budgets[0] == 1 and c.max_budget == p.sat_max
        # 1x is the chapter's own sAA-lite run
        assert c.robust[0] == int((~at.saa[m, p.k_main].success).sum())
        assert list(c.robust) == sorted(c.robust, reverse=True)
    bench = sx.benchmark(p, tr)
    m = sx.measured(p, tr, at, ab, bench, None, profile_name="smoke")
    assert m.saa["sAT"] == at.saturation["sAT"].final_accuracy
    assert "M8" in {c.id for c in spgd_claims(m).method_checks}


def test_fastls_saturation_and_seed_study(fastls_run, fastls_seeds):
    p, tr, fin, abl, ls, sm, bud, comp = fastls_run
    st = fastls_seeds
    assert set(fin.saturation) == set(tr.names)
    assert len(st.seeds) == p.co_seeds == 3 and len(set(st.seeds)) == 3
    for name in tr.names:
        assert st.robust[name].shape == (3, p.co_epochs) == st.clean[name].shape
        assert (st.fall(name) >= 0).all() and (st.peak(name) >= st.last(name)).all()
    m = fx.measured(
        p, tr, fin, abl, ls, sm, bud, comp, None, profile_name="smoke", seeds=st
    )
    assert m.seeds["n"] == 3 and m.seeds["gain"].n == 3
    table = fastls_claims(m)
    ids = {c.id for c in table.claims}
    assert {"C2b", "C6"} <= ids and "M4" in {c.id for c in table.method_checks}
    kn = fx.key_numbers(p, fin, abl, ls, bud, comp, seeds=st)
    assert "1-step sAT: last-epoch sAA, seed mean (%)" in kn
    assert len(ff.seed_curves(st, p.k_test).axes) == 1
    assert fx.seed_study(fx.PROFILES["quick"], 0, tr) is None


def test_fastls_without_seed_study_says_full_profile(fastls_run):
    p, tr, fin, abl, ls, sm, bud, comp = fastls_run
    m = fx.measured(p, tr, fin, abl, ls, sm, bud, comp, None, profile_name="smoke")
    c2b = next(c for c in fastls_claims(m).claims if c.id == "C2b")
    assert c2b.verdict == "not attempted" and "full profile" in c2b.note
