"""Pluggable pipeline stages of the OVERT workflow (shared.overt.pipeline), without the
encoder."""

import numpy as np
import pytest

from shared.overt import data as D
from shared.overt import harness as H
from shared.overt import pipeline as P


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_semantic_dedup_known_near_duplicates():
    a = np.array([1.0, 0, 0])
    near = np.array([1.0, 0.3, 0])  # cos(a, near) = 0.958
    far = np.array([0, 1.0, 0])
    emb = _unit([a, near, far, a])
    texts = ["a", "a'", "b", "a"]
    assert P.semantic_dedup(emb, 0.9, texts).tolist() == [True, False, True, False]
    assert P.semantic_dedup(emb, 0.99, texts).tolist() == [
        True,
        True,
        True,
        False,
    ]  # exact dup still removed
    assert P.semantic_dedup(emb, 1.0, texts).tolist() == [True, True, True, False]
    with pytest.raises(ValueError):
        P.semantic_dedup(emb, 0.0)
    with pytest.raises(ValueError):
        P.semantic_dedup(np.ones(3), 0.5)


def test_kept_fraction_non_decreasing_on_random_vectors():
    emb = _unit(np.random.default_rng(0).normal(size=(200, 6)))
    f = P.kept_fraction(emb, np.linspace(0.5, 1.0, 11))
    assert np.all(np.diff(f) >= 0) and f[-1] == 1.0
    with pytest.raises(ValueError):
        P.kept_fraction(np.zeros((0, 3)), [0.5])


def test_template_generator_deterministic_and_validated():
    g = P.TemplateGenerator(P.VIOLENCE_POLICY, per_seed=4)
    a, b = g.generate("s1", "violence"), g.generate("s1", "violence")
    assert a == b and len(set(a)) == 4
    assert g.generate("s2", "violence") != a
    assert g.n_possible == 2 * 6 * 5 * 5
    with pytest.raises(ValueError):
        g.generate("s1", "discrimination")
    with pytest.raises(ValueError, match="slot"):
        P.Policy(name="x", description="d", templates=("{place}",))
    with pytest.raises(ValueError, match="no acts"):
        P.Policy(name="x", description="d", templates=("{act}",))
    with pytest.raises(ValueError):
        P.TemplateGenerator(P.DISCRIMINATION_POLICY, per_seed=0)


@pytest.mark.skipif(
    not all((D.candidate_dirs()[0] / f).is_file() for f in D.FILES.values()),
    reason="no data",
)
def test_replay_generator_returns_released_prompts():
    full = D.load("full")
    g = P.ReplayGenerator(full)
    assert g.seeds("violence") == []
    seed = g.seeds("illegal_activities")[0]
    out = g.generate(seed, "illegal_activities")
    rows = full.where("illegal_activities")
    assert out == [p for s, p in zip(rows["seed_prompt"], rows.prompts) if s == seed]
    with pytest.raises(ValueError):
        g.generate("not a seed", "illegal_activities")
    with pytest.raises(ValueError):
        P.ReplayGenerator(D.load("unsafe"))


def test_stochastic_refuser():
    rng = np.random.default_rng(0)
    r = P.StochasticRefuser(
        lambda ps: np.array([1.0 if "x" in p else 0.0 for p in ps]),
        n_queries=8,
        threshold=0.25,
    )
    keep, frac = r.keep(["x", "y", "xx"], rng)
    assert keep.tolist() == [True, False, True] and frac.tolist() == [1.0, 0.0, 1.0]
    half = P.StochasticRefuser(
        lambda ps: np.full(len(ps), 0.5), n_queries=8, threshold=0.0
    )
    keep, frac = half.keep(["a"] * 2000, rng)
    assert keep.all() and abs(frac.mean() - 0.5) < 0.03
    with pytest.raises(ValueError):
        P.StochasticRefuser(lambda ps: ps, n_queries=0)
    with pytest.raises(ValueError):
        P.StochasticRefuser(lambda ps: ps, threshold=2)


class ListDeduper:
    def keep(self, prompts):
        seen, out = set(), []
        for p in prompts:
            out.append(p not in seen)
            seen.add(p)
        return np.array(out)


def test_run_pipeline_with_stub_backends_and_protocols():
    gen = P.TemplateGenerator(P.DISCRIMINATION_POLICY, per_seed=5)
    judge = P.ThresholdJudge(
        lambda ps: np.array([1.0 if "invisible" in p else 0.0 for p in ps]), 0.5
    )
    refuser = P.StochasticRefuser(lambda ps: np.full(len(ps), 1.0))
    assert isinstance(gen, P.Generator) and isinstance(judge, P.Judge)
    assert isinstance(ListDeduper(), P.Deduper) and isinstance(refuser, P.Refuser)
    f = P.run_pipeline(
        ["a", "a", "b"],
        "discrimination",
        gen,
        judge,
        ListDeduper(),
        refuser,
        np.random.default_rng(0),
        n_final=3,
    )
    c = f.counts
    assert list(c) == list(P.STAGES)
    assert c["seeds"] == 3 and c["generated"] == 15
    assert (
        c["generated"]
        >= c["judged benign"]
        >= c["deduplicated"]
        >= c["refused often enough"]
        >= c["sampled"]
    )
    assert c["deduplicated"] <= 10  # seed "a" twice gives identical prompts
    assert c["sampled"] == len(f.prompts) == 3
    assert not any("invisible" in p for p in f.prompts)
    with pytest.raises(ValueError):
        P.run_pipeline(
            [],
            "discrimination",
            gen,
            judge,
            ListDeduper(),
            refuser,
            np.random.default_rng(0),
        )
    with pytest.raises(ValueError):
        P.ThresholdJudge("not callable", 0.5)


def test_rewrite_removes_rewritable_triggers():
    kw = H.KeywordFilter()
    src = [
        "Design a board game about drug smuggling in a video game",
        "a poster for sex education in a clinic",
    ]
    out = [P.rewrite(p) for p in src]
    assert out == [P.rewrite(p) for p in src]
    assert all(o.startswith(P.BENIGN_FRAME) for o in out)
    assert kw.refuse(src).all() and not kw.refuse(out).any()
    assert (
        P.rewrite("a robot robs a bank") == P.BENIGN_FRAME + "a robot loot a bank"
    )  # not "loot"+"ot"
    with pytest.raises(ValueError):
        P.rewrite(None)


def test_faithfulness():
    a = _unit([[1, 0], [0, 1]])
    assert P.faithfulness(a, a).tolist() == pytest.approx([1.0, 1.0])
    assert P.faithfulness(a, a[::-1]).tolist() == pytest.approx([0.0, 0.0])
    with pytest.raises(ValueError):
        P.faithfulness(a, a[:1])
