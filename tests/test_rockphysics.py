"""Known-answer tests for shared.geomech.rockphysics."""

import numpy as np
import pytest

from shared.geomech import rockphysics as R


# ---------------------------------------------------------------- dynamic moduli
def test_moduli_identities():
    rng = np.random.default_rng(0)
    vs = rng.uniform(800, 1500, 50)
    vp = vs * rng.uniform(1.5, 2.5, 50)
    rho = rng.uniform(1200, 1500, 50)
    m = R.dynamic_moduli(rho, vp, vs)
    np.testing.assert_allclose(m["E"], 2 * m["G"] * (1 + m["nu"]), rtol=1e-12)
    np.testing.assert_allclose(
        m["E"], 9 * m["K"] * m["G"] / (3 * m["K"] + m["G"]), rtol=1e-12
    )
    np.testing.assert_allclose(m["K"] + 4 / 3 * m["G"], rho * vp**2, rtol=1e-12)


def test_moduli_known_values():
    m = R.dynamic_moduli(
        1000.0, np.sqrt(3) * 1000.0, 1000.0
    )  # Vp/Vs = sqrt(3) -> nu = 1/4
    assert m["nu"] == pytest.approx(0.25)
    assert m["G"] == pytest.approx(1e9)
    assert m["E"] == pytest.approx(2.5e9)


def test_moduli_bad_inputs():
    with pytest.raises(ValueError, match="sqrt\\(2\\)"):
        R.dynamic_moduli(1300.0, 1400.0, 1000.0)
    with pytest.raises(ValueError, match="sqrt\\(2\\)"):
        R.dynamic_moduli(1300.0, np.sqrt(2) * 1000.0, 1000.0)
    # negative nu allowed on request, but not K <= 0
    assert (
        R.dynamic_moduli(1300.0, 1400.0, 1000.0, require_nonnegative_nu=False)["nu"] < 0
    )
    with pytest.raises(ValueError, match="bulk"):
        R.dynamic_moduli(1300.0, 1100.0, 1000.0, require_nonnegative_nu=False)
    with pytest.raises(ValueError, match="positive"):
        R.dynamic_moduli(-1300.0, 2200.0, 1000.0)
    with pytest.raises(ValueError, match="finite"):
        R.dynamic_moduli(1300.0, np.nan, 1000.0)


# ---------------------------------------------------------------- Gassmann
def test_gassmann_limits():
    kd, km, phi = 4e9, 6e9, 0.05
    assert R.gassmann_ksat(kd, km, 0.0, phi) == pytest.approx(
        kd, rel=1e-14
    )  # empty pores
    assert R.gassmann_ksat(kd, km, 1e-6, phi) == pytest.approx(kd, rel=1e-4)
    assert R.gassmann_ksat(km, km, 2.25e9, phi) == pytest.approx(km, rel=1e-12)
    assert R.gassmann_ksat(kd, km, km, phi) == pytest.approx(km, rel=1e-12)
    assert kd < R.gassmann_ksat(kd, km, 2.25e9, phi) < km


def test_fluid_substitution_zero_fluid_returns_dry():
    out = R.fluid_substitute(
        1350.0, 2250.0, 1150.0, 0.05, 6e9, k_fluid=0.0, rho_fluid=1e-12
    )
    assert out["k_sat"] == pytest.approx(out["k_dry"], rel=1e-12)
    assert out["vp"] == pytest.approx(2250.0, rel=1e-9)
    assert out["vs"] == pytest.approx(1150.0, rel=1e-9)
    for k in ("E", "G", "K", "nu"):
        assert out["wet"][k] == pytest.approx(out["dry"][k], rel=1e-9)


def test_gassmann_worked_example():
    out = R.fluid_substitute(1350.0, 2250.0, 1150.0, 0.05, 6e9, 2.25e9, 1000.0)
    assert out["k_dry"] / 1e9 == pytest.approx(4.45, abs=0.005)
    assert out["k_sat"] / 1e9 == pytest.approx(5.62, abs=0.005)
    assert out["rho"] == pytest.approx(1400.0)
    assert out["vp"] == pytest.approx(2391, abs=0.5)
    assert out["vs"] == pytest.approx(1129, abs=0.5)
    assert out["dry"]["E"] / 1e9 == pytest.approx(4.72, abs=0.005)
    assert out["wet"]["E"] / 1e9 == pytest.approx(4.84, abs=0.005)
    assert out["mu"] == pytest.approx(
        out["wet"]["G"], rel=1e-12
    )  # shear modulus unchanged


def test_gassmann_bad_inputs():
    with pytest.raises(ValueError, match="k_dry"):
        R.gassmann_ksat(7e9, 6e9, 2.25e9, 0.1)
    with pytest.raises(ValueError, match="phi"):
        R.gassmann_ksat(4e9, 6e9, 2.25e9, 0.0)
    with pytest.raises(ValueError, match="k_fluid"):
        R.gassmann_ksat(4e9, 6e9, -1.0, 0.1)
    with pytest.raises(ValueError, match="inconsistent"):
        R.fluid_substitute(1350.0, 2250.0, 1150.0, 0.05, 3e9)


def test_wet_density():
    assert R.wet_density(1350.0, 0.05) == pytest.approx(1400.0)
    assert R.wet_density(1350.0, 0.05, sw=0.5) == pytest.approx(1375.0)
    with pytest.raises(ValueError):
        R.wet_density(1350.0, 0.05, sw=1.5)


# ---------------------------------------------------------------- percentages
def test_pct_conventions():
    rng = np.random.default_rng(0)
    wet = rng.uniform(10, 20, 12)
    assert R.pct_higher(1.31 * wet, wet, "b") == pytest.approx(31.0)
    assert R.pct_higher(1.31 * wet, wet, "a") == pytest.approx(23.664, abs=1e-3)
    assert R.pct_higher(1.10 * wet, wet, "b") == pytest.approx(10.0)
    assert R.pct_higher(1.10 * wet, wet, "a") == pytest.approx(9.0909, abs=1e-4)
    assert R.pct_higher(1.10 * wet, wet, "paired") == pytest.approx(10.0)
    assert R.pct_higher(1.10 * wet, wet, "median") == pytest.approx(10.0)
    assert float(R.convert_pct_base(31.0)) == pytest.approx(23.664, abs=1e-3)
    assert float(R.convert_pct_base(R.convert_pct_base(31.0), to="b")) == pytest.approx(
        31.0
    )


def test_pct_bad_inputs():
    with pytest.raises(ValueError, match="paired"):
        R.pct_higher([1.0, 2.0, 3.0], [1.0, 2.0], "paired")
    with pytest.raises(ValueError, match="base"):
        R.pct_higher([1.0], [1.0], "geometric")
    with pytest.raises(ValueError, match="positive"):
        R.pct_higher([-1.0], [1.0])


def test_bootstrap_reproducible_and_covers():
    rng = np.random.default_rng(1)
    b = rng.normal(10, 1, 30)
    a = 1.3 * rng.normal(10, 1, 30)
    ci1 = R.bootstrap_ratio_ci(a, b, 2000, seed=4)
    ci2 = R.bootstrap_ratio_ci(a, b, 2000, seed=4)
    assert ci1 == ci2
    assert ci1[0] < a.mean() / b.mean() < ci1[1]
    lo, hi = R.bootstrap_ratio_ci(1.1 * b, b, 500, seed=0, paired=True)
    assert lo == pytest.approx(1.1) and hi == pytest.approx(1.1)


# ---------------------------------------------------------------- fracture networks
@pytest.mark.parametrize("w", [1, 2, 3])
def test_single_plane_porosity_and_p32(w):
    n = 40
    mask = np.zeros((n, n, n), dtype=bool)
    mask[17 : 17 + w] = True
    assert R.fracture_porosity(mask) == pytest.approx(w / n)
    d = R.DIRECTIONS_13 / np.linalg.norm(R.DIRECTIONS_13, axis=1, keepdims=True)
    expected = 2 / 13 * np.sum(np.abs(d[:, 0])) / (n - 1)
    assert R.p32_intercepts(mask) == pytest.approx(expected, rel=1e-12)
    assert expected * (n - 1) == pytest.approx(0.944, abs=1e-3)
    assert R.p32_intercepts(mask, voxel_size=0.5) == pytest.approx(
        2 * expected, rel=1e-12
    )


def test_single_plane_disc_exact_p32():
    n = 40
    disc = R.Disc(
        centre=np.array([20.3, 20.0, 20.0]),
        normal=np.array([1.0, 0, 0]),
        radius=100.0,
        aperture=2.0,
        set_id=0,
    )
    mask = R.voxelise_disc(np.zeros((n, n, n), bool), disc)
    assert R.fracture_porosity(mask) == pytest.approx(2 / n)
    assert R.disc_area_inside(disc, n) / n**3 == pytest.approx(1 / n, rel=0.01)


def test_disc_inside_exact_p32():
    d = R.Disc(
        centre=np.array([30.0, 31.0, 29.0]),
        normal=np.array([0.3, 0.5, 0.8]) / np.linalg.norm([0.3, 0.5, 0.8]),
        radius=10.0,
        aperture=1.0,
        set_id=2,
    )
    assert R.disc_area_inside(d, 60) == pytest.approx(np.pi * 100, rel=1e-12)
    half = R.Disc(
        centre=np.array([0.0, 30.0, 30.0]),
        normal=np.array([0.0, 0, 1.0]),
        radius=10.0,
        aperture=1.0,
        set_id=2,
    )
    assert R.disc_area_inside(half, 60) == pytest.approx(np.pi * 50, rel=0.01)


def test_isotropic_estimator_is_roughly_unbiased():
    # sparse, randomly oriented discs (few overlaps): Crofton's 2 <P10> is close to the
    # exact P32
    ratios = []
    for seed in range(3):
        net = R.fracture_network(
            n=60,
            n_discs=5,
            aperture_median=1.5,
            seed=seed,
            set_fractions=(1 / 3, 1 / 3, 1 / 3),
            jitter=3.0,
            aperture_sigma=0.0,
        )
        ratios.append(R.p32_intercepts(net.mask) / net.p32_exact)
    assert 0.9 < np.mean(ratios) < 1.1
    # dense networks: merged cracks are counted once, so the estimate falls below the
    # exact value
    dense = R.fracture_network(
        n=60,
        n_discs=25,
        aperture_median=2.5,
        seed=0,
        set_fractions=(1 / 3, 1 / 3, 1 / 3),
        jitter=3.0,
        aperture_sigma=0.0,
    )
    assert R.p32_intercepts(dense.mask) / dense.p32_exact < 0.9


def test_network_deterministic_and_porosity_tracks_p32():
    a = R.fracture_network(n=40, n_discs=10, aperture_median=2.0, seed=11)
    b = R.fracture_network(n=40, n_discs=10, aperture_median=2.0, seed=11)
    np.testing.assert_array_equal(a.mask, b.mask)
    assert a.p32_exact == b.p32_exact
    assert set(np.unique(a.set_map)) <= {0, 1, 2, 3}
    assert np.array_equal(a.set_map > 0, a.mask)
    mean_ap = np.mean([d.aperture for d in a.discs])
    # phi ~ P32 * aperture for thin discs (overlaps and truncation make it approximate)
    assert 0.5 < R.fracture_porosity(a.mask) / (a.p32_exact * mean_ap) < 1.5


def test_downsample_mask():
    mask = np.zeros((12, 12, 12), bool)
    mask[3:6] = True
    ds = R.downsample_mask(mask, 3)
    assert ds.shape == (4, 4, 4) and ds[1].all() and ds.sum() == 16
    thin = np.zeros((12, 12, 12), bool)
    thin[4] = True
    assert not R.downsample_mask(
        thin, 3
    ).any()  # a one-voxel crack vanishes at threshold 0.5
    assert R.downsample_mask(thin, 3, threshold=0.2).sum() == 16
    assert R.downsample_mask(np.zeros((13, 13, 13), bool), 3).shape == (4, 4, 4)


def test_fit_line():
    x = np.linspace(1, 10, 20)
    f = R.fit_line(x, 3 * x, through_origin=True)
    assert f["slope"] == pytest.approx(3) and f["r2"] == pytest.approx(1)
    g = R.fit_line(x, 2 * x + 1)
    assert g["slope"] == pytest.approx(2) and g["intercept"] == pytest.approx(1)
    rng = np.random.default_rng(0)
    y = 2 * x + rng.normal(0, 1, x.size)
    h = R.fit_line(x, y)
    assert h["slope_ci"][0] < 2 < h["slope_ci"][1]
    with pytest.raises(ValueError):
        R.fit_line(x, y[:-1])


def test_fracture_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        R.fracture_porosity(np.zeros((0, 0, 0), bool))
    with pytest.raises(ValueError, match="boolean"):
        R.fracture_porosity(np.zeros((3, 3, 3)))
    with pytest.raises(ValueError, match="set_fractions"):
        R.fracture_network(n=20, set_fractions=(0.5, 0.6, 0.1))
    with pytest.raises(ValueError, match="direction"):
        R.p10_along(np.zeros((4, 4, 4), bool), (0, 0, 0))


# ---------------------------------------------------------------- static modulus
def test_static_modulus_extraction():
    E, ucs = 3.0e9, 20e6
    eps, sig = R.synthetic_stress_strain(E, ucs)
    assert sig.max() == pytest.approx(ucs)
    assert np.all(np.diff(eps) > 0)
    assert R.static_modulus(eps, sig, "tangent50") == pytest.approx(E, rel=0.01)
    assert R.static_modulus(eps, sig, "linear") == pytest.approx(E, rel=0.01)
    assert R.static_modulus(eps, sig, "secant50") < 0.95 * E
    with pytest.raises(ValueError, match="method"):
        R.static_modulus(eps, sig, "chord")
    with pytest.raises(ValueError):
        R.synthetic_stress_strain(-1.0, ucs)


def test_line_band_contains_fit_and_widens_away_from_mean():
    rng = np.random.default_rng(2)
    x = np.linspace(1, 10, 30)
    y = 2 * x + 1 + rng.normal(0, 0.5, x.size)
    fit, lo, hi = R.line_band(x, y, np.array([1.0, 5.5, 10.0]))
    assert np.all(lo < fit) and np.all(fit < hi)
    w = hi - lo
    assert w[1] < w[0] and w[1] < w[2]
    fo, lo0, hi0 = R.line_band(x, y, np.array([0.0, 5.0]), through_origin=True)
    assert lo0[0] == hi0[0] == 0.0 and lo0[1] < fo[1] < hi0[1]


def test_p10_along_diagonal_known_value():
    n = 20
    mask = np.zeros((n, n, n), bool)
    mask[7] = True
    assert R.p10_along(mask, (1, 1, 0)) == pytest.approx(
        1 / ((n - 1) * np.sqrt(2)), rel=1e-12
    )
    assert R.p10_along(mask, (0, 1, 1)) == 0.0
    with pytest.raises(ValueError, match="boolean"):
        R.p10_along(mask.astype(int), (1, 0, 0))


def test_bootstrap_bad_inputs():
    with pytest.raises(ValueError, match="level"):
        R.bootstrap_ratio_ci([1.0, 2.0], [1.0, 2.0], level=1.5)
    with pytest.raises(ValueError, match="n_boot"):
        R.bootstrap_ratio_ci([1.0, 2.0], [1.0, 2.0], n_boot=2)
    with pytest.raises(ValueError, match="paired"):
        R.bootstrap_ratio_ci([1.0, 2.0, 3.0], [1.0, 2.0], paired=True)
    with pytest.raises(ValueError, match="finite"):
        R.bootstrap_ratio_ci([1.0, np.nan], [1.0, 2.0])
