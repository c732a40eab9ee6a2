"""Known-answer tests for shared.geomech.sonic (synthetic cubes, forward models, maps,
LSQ)."""

import numpy as np
import pytest
from scipy.linalg import null_space

from shared.geomech import sonic as S
from shared.geomech import sonic_experiment as X

L = 60.0


def homogeneous(n=12, v=2300.0):
    return np.full((n, n, n), v)


def layered(n=12, layers=(2000.0, 2600.0, 1500.0)):
    v = np.empty((n, n, n))
    b = n // 3
    for k, val in enumerate(layers):
        v[:, :, k * b : (k + 1) * b] = val
    return v


def slow_block(n=12, vb=2400.0, vs=1200.0, block=(0, 2, 1)):
    v = np.full((n, n, n), vb)
    b = n // 3
    i, j, k = block
    v[i * b : (i + 1) * b, j * b : (j + 1) * b, k * b : (k + 1) * b] = vs
    return v


# ---------------------------------------------------------------- homogeneous cube
@pytest.mark.parametrize("model", S.MODELS)
def test_homogeneous_all_27_values_equal_v(model):
    v = homogeneous()
    maps = S.region_velocities(
        v, L, model=model, coarsen=2 if model == "first_arrival" else 1
    )
    vals = np.concatenate([maps[a].ravel() for a in S.AXES])
    assert vals.size == 27
    np.testing.assert_allclose(vals, 2300.0, rtol=1e-9)


@pytest.mark.parametrize("scheme", S.SCHEMES)
@pytest.mark.parametrize("rule", S.RULES)
def test_homogeneous_flat_maps_every_scheme(scheme, rule):
    maps = S.straight_ray_velocities(homogeneous(), L)
    v3 = S.sonic_map_3d(maps, L, 12, scheme, rule)
    assert v3.shape == (12, 12, 12)
    assert np.ptp(v3) < 1e-9 * 2300
    np.testing.assert_allclose(v3, 2300.0, rtol=1e-9)


def test_homogeneous_lsq_flat():
    maps = S.straight_ray_velocities(homogeneous(), L)
    np.testing.assert_allclose(S.lsq_blocks(maps), 2300.0, rtol=1e-12)
    np.testing.assert_allclose(S.lsq_blocks(maps, tikhonov=0.5), 2300.0, rtol=1e-12)


# ---------------------------------------------------------------- layered cube
@pytest.mark.parametrize("rule", S.RULES)
def test_layered_cube_predicted_maps_and_blocks(rule):
    layers = (2000.0, 2600.0, 1500.0)
    v = layered(layers=layers)
    maps = S.straight_ray_velocities(v, L)
    exp = S.layered_expectation(layers, rule)
    for ax in S.AXES:
        np.testing.assert_allclose(maps[ax], exp[ax], rtol=1e-12)
    v3 = S.sonic_map_3d(maps, L, 12, "nearest", rule)
    np.testing.assert_allclose(
        S.block_average(v3, 3, "arithmetic"), exp["blocks"], rtol=1e-12
    )


def test_layered_arithmetic_keeps_two_thirds_of_contrast():
    layers = (2000.0, 2600.0, 1500.0)
    b = S.layered_expectation(layers, "arithmetic")["blocks"]
    assert (b[0, 0, 1] - b[0, 0, 2]) / (layers[1] - layers[2]) == pytest.approx(
        2 / 3, rel=1e-12
    )


# ---------------------------------------------------------------- single slow block
# (orientation)
@pytest.mark.parametrize("rule", S.RULES)
def test_single_slow_block_predicted_values(rule):
    block = (0, 2, 1)
    v = slow_block(block=block)
    maps = S.straight_ray_velocities(v, L)
    exp = S.slow_block_expectation(2400.0, 1200.0, block, rule)
    assert maps["X"][2, 1] == pytest.approx(exp["v_ray"], rel=1e-12)
    assert maps["Y"][0, 1] == pytest.approx(exp["v_ray"], rel=1e-12)
    assert maps["Z"][0, 2] == pytest.approx(exp["v_ray"], rel=1e-12)
    v3 = S.sonic_map_3d(maps, L, 12, "nearest", rule)
    np.testing.assert_allclose(
        S.block_average(v3, 3, "arithmetic"), exp["blocks"], rtol=1e-12
    )
    assert np.argmin(S.block_average(v3, 3, "arithmetic")) == np.ravel_multi_index(
        block, (3, 3, 3)
    )


def test_single_slow_block_lsq_fraction_19_over_27():
    block = (2, 0, 1)
    v = slow_block(block=block)
    maps = S.straight_ray_velocities(v, L)
    lsq = S.lsq_blocks(maps)
    exp = S.slow_block_expectation(2400.0, 1200.0, block)
    assert lsq[block] == pytest.approx(exp["lsq_block"], rel=1e-10)
    frac = (1 / lsq[block] - 1 / 2400) / (1 / 1200 - 1 / 2400)
    assert frac == pytest.approx(19 / 27, rel=1e-10)
    assert frac > exp["slowness_fraction_avg"]


# ---------------------------------------------------------------- ray matrix, rank,
# null space
@pytest.mark.parametrize("g", [2, 3, 4, 5])
def test_ray_matrix_rank_and_null_space(g):
    A = S.ray_matrix(g)
    assert A.shape == (3 * g * g, g**3)
    np.testing.assert_allclose(A.sum(1), 1.0)
    assert (
        np.linalg.matrix_rank(A)
        == S.ray_matrix_rank_formula(g)
        == 3 * g * g - 3 * g + 1
    )
    N = null_space(A)
    assert N.shape[1] == (g - 1) ** 3
    np.testing.assert_allclose(A @ N, 0.0, atol=1e-12)
    # each null-space pattern sums to zero on every axis-parallel line
    P = N[:, 0].reshape(g, g, g)
    for k in range(3):
        np.testing.assert_allclose(P.sum(axis=k), 0.0, atol=1e-12)


def test_ray_matrix_matches_forward_model_on_block_fields():
    rng = np.random.default_rng(3)
    blocks = rng.uniform(1500, 3000, (3, 3, 3))
    v = S.upsample_blocks(blocks, 12)
    maps = S.straight_ray_velocities(v, L)
    d = np.concatenate([1 / maps[a].ravel() for a in S.AXES])
    np.testing.assert_allclose(S.ray_matrix(3) @ (1 / blocks).ravel(), d, rtol=1e-12)
    # lsq reproduces data in the range of A
    lsq = S.lsq_blocks(maps)
    np.testing.assert_allclose(S.ray_matrix(3) @ (1 / lsq).ravel(), d, rtol=1e-10)


# ---------------------------------------------------------------- first arrival
# analytic cases
def test_fracture_plane_containing_rays():
    n, vm, vf, w = 24, 2400.0, 600.0, 2
    v = np.full((n, n, n), vm)
    v[4 : 4 + w, :, :] = vf  # plane normal to X, inside the x-third 0 (voxels 0..7)
    sr = S.straight_ray_velocities(v, L)["Y"]
    f = w / (n / 3)
    assert sr[0, 1] == pytest.approx(1 / ((1 - f) / vm + f / vf), rel=1e-12)
    fa = S.first_arrival_velocities(v, L, coarsen=2)["Y"]
    assert fa[0, 1] == pytest.approx(vm, rel=0.01)


def test_fracture_plane_normal_to_rays():
    n, vm, vf, w = 24, 2400.0, 600.0, 2
    v = np.full((n, n, n), vm)
    v[:, :, 10 : 10 + w] = vf  # spans the whole cross-section, normal to Z
    expected = 1 / ((1 - w / n) / vm + (w / n) / vf)
    np.testing.assert_allclose(
        S.straight_ray_velocities(v, L)["Z"], expected, rtol=1e-12
    )
    np.testing.assert_allclose(
        S.first_arrival_velocities(v, L, coarsen=2)["Z"], expected, rtol=0.01
    )
    # a plane covering one footprint only: diffraction round its edges makes first
    # arrival faster
    v2 = np.full((n, n, n), vm)
    v2[8:16, 8:16, 10:12] = vf
    sr = S.straight_ray_velocities(v2, L)["Z"][1, 1]
    fa = S.first_arrival_velocities(v2, L, coarsen=1)["Z"][1, 1]
    assert fa > sr * 1.02


def test_first_arrival_never_slower_than_straight_ray():
    cube = S.make_cube(S.CubeSpec(n=24, n_fractures=4), seed=5)
    sr = S.straight_ray_velocities(cube.vp, cube.L)
    fa = S.first_arrival_velocities(cube.vp, cube.L, coarsen=2)
    for ax in S.AXES:
        assert np.all(fa[ax] >= sr[ax] * (1 - 1e-12))


def test_first_arrival_axes_subset():
    v = slow_block(n=12)
    one = S.first_arrival_velocities(v, L, coarsen=1, axes=("Y",))
    allx = S.first_arrival_velocities(v, L, coarsen=1)
    assert set(one) == {"Y"}
    np.testing.assert_allclose(one["Y"], allx["Y"], rtol=1e-12)


def test_disc_footprint_smaller_than_square_weights():
    W = S.footprint_weights(30, L, 3, footprint_mm=10.0)
    np.testing.assert_allclose(W.sum(axis=(2, 3)), 1.0)
    assert np.count_nonzero(W[1, 1]) < 100
    v = homogeneous(30)
    np.testing.assert_allclose(
        S.straight_ray_velocities(v, L, footprint_mm=10.0)["X"], 2300.0, rtol=1e-12
    )


# ---------------------------------------------------------------- interpolation
@pytest.mark.parametrize("scheme", S.SCHEMES)
def test_interpolating_schemes_hit_nodes(scheme):
    rng = np.random.default_rng(0)
    m = rng.uniform(1800, 2600, (3, 3))
    xc = S.region_centres(L, 3)
    P = np.stack(np.meshgrid(xc, xc, indexing="ij"), -1).reshape(-1, 2)
    out = S.interpolate_map(m, L, 12, scheme, xy=P)
    np.testing.assert_allclose(out, m.ravel(), atol=1e-9 * 2600)


def test_spline_bbox_clamps_or_extrapolates():
    m = np.array([[1.0, 2, 4], [2, 3, 5], [3, 4, 9]])
    clamp = S.interpolate_map(m, L, 60, "spline2", spline_bbox="nodes")
    ext = S.interpolate_map(m, L, 60, "spline2", spline_bbox="cube")
    # outside the node range (x < 10 mm) the clamped spline repeats its value at the
    # edge node
    edge = S.interpolate_map(m, L, 60, "spline2", xy=np.array([[10.0, 25.5]]))
    np.testing.assert_allclose(clamp[:10, 25], edge[0], rtol=1e-12)
    assert ext[0, 59] > clamp[0, 59]


def test_nearest_is_region_blocks():
    m = np.arange(9.0).reshape(3, 3) + 1
    out = S.interpolate_map(m, L, 12, "nearest")
    np.testing.assert_array_equal(out, np.kron(m, np.ones((4, 4))))


def test_scipy_rbf_scale_kernel_without_epsilon_raises():
    from scipy.interpolate import RBFInterpolator

    with pytest.raises(ValueError):
        RBFInterpolator(
            np.random.default_rng(0).uniform(size=(9, 2)), np.ones(9), kernel="gaussian"
        )
    with pytest.raises(ValueError, match="epsilon"):
        S.interpolate_map(np.ones((3, 3)), L, 12, "rbf_gaussian", epsilon=-1.0)


# ---------------------------------------------------------------- noise, determinism,
# metrics
def test_pick_noise_off_and_size():
    maps = S.straight_ray_velocities(homogeneous(), L)
    rng = np.random.default_rng(0)
    same = S.add_pick_noise(maps, L, 0.0, rng)
    for ax in S.AXES:
        np.testing.assert_array_equal(same[ax], maps[ax])
    big = {ax: np.full((40, 40), 2300.0) for ax in S.AXES}
    noisy = S.add_pick_noise(big, L, 0.1, np.random.default_rng(1))
    sd = np.std(noisy["X"])
    assert sd == pytest.approx(2300**2 * 0.1e-6 / 60e-3, rel=0.1)  # V^2 sigma_t / L


def test_determinism_same_seed():
    a = S.make_cube(S.CubeSpec(n=24), seed=7)
    b = S.make_cube(S.CubeSpec(n=24), seed=7)
    c = S.make_cube(S.CubeSpec(n=24), seed=8)
    np.testing.assert_array_equal(a.vp, b.vp)
    np.testing.assert_array_equal(a.ct, b.ct)
    assert not np.array_equal(a.vp, c.vp)


def test_cube_labels_and_values():
    c = S.make_cube(S.CubeSpec(n=30, n_fractures=6, n_inclusions=3, n_voids=1), seed=2)
    assert c.vp.shape == c.vs.shape == c.labels.shape == c.ct.shape == (30, 30, 30)
    assert set(np.unique(c.labels)) <= {0, 1, 2, 3}
    assert np.all(c.vp[c.labels == 1] == 600.0)
    assert np.all(c.vp[c.labels == 2] == 4500.0)
    m = c.labels == 0
    assert 2100 < c.vp[m].mean() < 2600
    assert np.all(c.vp > c.vs)


def test_metrics_known_values():
    rng = np.random.default_rng(0)
    t = rng.uniform(size=(6, 6, 6))
    m = S.map_metrics(2 * t + 1, t)
    assert m["pearson"] == pytest.approx(1.0)
    assert m["spearman"] == pytest.approx(1.0)
    assert S.map_metrics(t, t)["rmse"] == 0.0
    assert np.isnan(S.map_metrics(np.ones_like(t), t)["pearson"])
    mask = S.interior_mask(6)
    assert mask.sum() == 4**3


def test_smooth_truth_and_block_average():
    v = slow_block(n=12)
    st = S.smooth_truth(v, 1)
    np.testing.assert_allclose(st, v)
    b = S.block_average(v, 3, "harmonic")
    assert b[0, 2, 1] == 1200.0 and b[1, 1, 1] == 2400.0
    np.testing.assert_array_equal(S.upsample_blocks(b, 12), v)


# ---------------------------------------------------------------- bad input
def test_bad_inputs_raise():
    v = homogeneous()
    with pytest.raises(ValueError, match="divisible"):
        S.straight_ray_velocities(np.full((10, 10, 10), 2000.0), L, grid=3)
    with pytest.raises(ValueError, match="non-negative|positive"):
        S.straight_ray_velocities(
            np.where(np.arange(12)[:, None, None] == 0, -1.0, v), L
        )
    with pytest.raises(ValueError, match="cubic"):
        S.straight_ray_velocities(np.ones((12, 12, 6)), L)
    with pytest.raises(ValueError, match="scheme"):
        S.interpolate_map(np.ones((3, 3)), L, 12, "bicubic")
    with pytest.raises(ValueError, match="rule"):
        S.combine_3d(
            np.ones((4, 4)), np.ones((4, 4)), np.ones((4, 4)), rule="geometric"
        )
    with pytest.raises(ValueError, match="shape"):
        S.combine_3d(np.ones((4, 4)), np.ones((4, 5)), np.ones((4, 4)))
    with pytest.raises(ValueError, match="model"):
        S.region_velocities(v, L, model="eikonal")
    with pytest.raises(ValueError, match="coarsen"):
        S.first_arrival_velocities(v, L, coarsen=3)
    with pytest.raises(ValueError, match="square"):
        S.interpolate_map(np.ones((3, 4)), L, 12)
    with pytest.raises(ValueError, match="L="):
        S.straight_ray_velocities(v, -1.0)
    with pytest.raises(ValueError, match="sigma_t_us"):
        S.add_pick_noise(
            S.straight_ray_velocities(v, L), L, -0.1, np.random.default_rng(0)
        )
    with pytest.raises(ValueError):
        S.make_cube(S.CubeSpec(n=2))


def test_reference_fields_and_score_map():
    cube = S.make_cube(S.CubeSpec(n=24), seed=1)
    refs = S.reference_fields(cube, "vs")
    assert set(refs) == {"voxel", "footprint", "ct", "ct_footprint"}
    np.testing.assert_array_equal(refs["voxel"], cube.vs)
    sc = S.score_map(refs["footprint"], refs, S.interior_mask(24))
    assert sc["footprint"] == pytest.approx(1.0) and sc[
        "footprint_interior"
    ] == pytest.approx(1.0)
    assert sc["rmse_footprint"] == 0.0
    assert -1 <= sc["ct"] <= 1
    with pytest.raises(ValueError, match="wave"):
        S.reference_fields(cube, "vx")


def test_tikhonov_smooths_lsq_ringing():
    maps = S.straight_ray_velocities(slow_block(), L)
    plain = S.lsq_blocks(maps)
    smooth = S.lsq_blocks(maps, tikhonov=1.0)
    assert np.nanmax(plain) > 2400.0  # minimum-norm ringing overshoots the background
    assert np.nanmax(smooth) < np.nanmax(plain)
    with pytest.raises(ValueError, match="tikhonov"):
        S.lsq_blocks(maps, tikhonov=-1.0)


def test_expectation_helpers_bad_input_and_cube_voxel_size():
    with pytest.raises(ValueError, match="three positive"):
        S.layered_expectation((2000.0, -1.0, 1500.0))
    with pytest.raises(ValueError, match="rule"):
        S.slow_block_expectation(2400.0, 1200.0, (0, 0, 0), rule="median")
    with pytest.raises(ValueError, match="positive"):
        S.slow_block_expectation(0.0, 1200.0, (0, 0, 0))
    c = S.make_cube(
        S.CubeSpec(n=12, L=30.0, n_fractures=1, n_inclusions=0, n_voids=0), seed=0
    )
    assert c.n == 12 and c.h == pytest.approx(2.5)


# ---------------------------------------------------------------- open cracks carry no
# shear (issue 12)
def test_cube_open_cracks_have_zero_shear_velocity():
    c = S.make_cube(S.CubeSpec(n=30), seed=2)
    open_ = np.isin(c.labels, (1, 3))
    assert open_.any()
    assert np.all(c.vs[open_] == 0.0) and np.all(c.vs[~open_] > 0)
    with pytest.raises(ValueError, match="vs_fracture"):
        S.make_cube(S.CubeSpec(n=30, vs_fracture=-1.0))


@pytest.mark.parametrize("model", S.MODELS)
def test_crack_sealing_the_section_makes_s_picks_missing(model):
    v = np.full((12, 12, 12), 1200.0)
    v[:, :, 6] = 0.0  # open crack normal to Z over the whole section
    kw = {"coarsen": 1} if model == "first_arrival" else {}
    mp = S.region_velocities(v, L, model=model, **kw)
    assert np.all(np.isnan(mp["Z"]))
    np.testing.assert_allclose(
        mp["X"], 1200.0, rtol=1e-12
    )  # rays parallel to the crack miss it
    assert S.count_missing(mp) == 9


def test_oblique_crack_cannot_be_crossed_diagonally():
    n = 24
    x = np.arange(n) + 0.5
    X, Y, Z = np.meshgrid(x, x, x, indexing="ij")
    nrm = np.array([0.3, 0.4, 1.0]) / np.linalg.norm([0.3, 0.4, 1.0])
    v = np.full((n, n, n), 1200.0)
    v[np.abs((X - 12) * nrm[0] + (Y - 12) * nrm[1] + (Z - 12) * nrm[2]) < 0.5] = 0.0
    fa = S.first_arrival_velocities(v, L, coarsen=1, axes=("Z",))
    assert np.all(np.isnan(fa["Z"]))


def test_partial_crack_first_arrival_detours_straight_ray_missing():
    v = np.full((12, 12, 12), 1200.0)
    v[4:8, 4:8, 6] = 0.0  # crack covers the central footprint only
    sr = S.straight_ray_velocities(v, L)
    fa = S.first_arrival_velocities(v, L, coarsen=1, axes=("Z",))
    assert np.isnan(sr["Z"][1, 1]) and S.count_missing(sr) == 1
    assert np.isfinite(fa["Z"][1, 1]) and fa["Z"][1, 1] < 1200.0
    np.testing.assert_allclose(np.delete(fa["Z"].ravel(), 4), 1200.0, rtol=1e-12)


def test_partly_cut_footprint_averages_intact_lines_only():
    v = np.full((12, 12, 12), 1200.0)
    v[:, 5:7, 7:9] = 1000.0  # slow but intact lines in region X (1, 2)
    v[:, 4, 8] = 0.0  # one cut line in the same footprint
    sr = S.straight_ray_velocities(v, L)["X"]
    intact = np.full((4, 4), 1 / 1200.0)
    intact[1:3, 3:] = 1 / 1000.0  # (y 5-6, z 7-8) -> footprint rows 1-2, cols 3
    intact[1:3, 3] = 1 / 1000.0
    ok = np.ones((4, 4), bool)
    ok[0, 0] = False  # (y 4, z 8) is cut
    expect = 1.0 / intact[ok].mean()
    assert sr[1, 2] == pytest.approx(expect, rel=1e-12)


def test_fill_missing_uses_slowest_pick_of_the_direction():
    maps = {
        "X": np.array([[1.0, np.nan], [3.0, 4.0]]),
        "Y": np.full((2, 2), 2.0),
        "Z": np.full((2, 2), np.nan),
    }
    out = S.fill_missing(maps)
    assert out["X"][0, 1] == 1.0 and np.all(np.isnan(out["Z"]))
    assert S.fill_missing(maps, "mean")["X"][0, 1] == pytest.approx(8 / 3)
    assert np.isnan(maps["X"][0, 1])  # input untouched
    with pytest.raises(ValueError, match="how"):
        S.fill_missing(maps, "zero")
    with pytest.raises(ValueError, match="fill_missing"):
        S.interpolate_map(maps["X"], L, 4)


def test_vs_reference_uses_arithmetic_footprint_with_cracks():
    cube = S.make_cube(S.CubeSpec(n=24), seed=1)
    refs = S.reference_fields(cube, "vs")
    assert np.all(np.isfinite(refs["footprint"])) and refs["footprint"].min() > 0


def test_replicate_metrics_is_seeded_and_nulls_are_near_zero():
    ss = np.random.SeedSequence(5)
    a = X.replicate_metrics(ss, n_cubes=3, fa_cubes=2, n=24, fa_coarsen=2)
    b = X.replicate_metrics(
        np.random.SeedSequence(5), n_cubes=3, fa_cubes=2, n=24, fa_coarsen=2
    )
    assert a == b
    assert a["r_fp/nearest"] > 0.3 and abs(a["null_ct_sr"]) < a["r_ct_sr"]
    with pytest.raises(ValueError):
        X.replicate_metrics(ss, n_cubes=2, fa_cubes=3)
    with pytest.raises(ValueError, match="SeedSequence"):
        X.cube_seeds(0, 3)


# ---------------------------------------------------------------- CubeSpec
def test_cube_spec_is_frozen_and_validated_when_made():
    spec = S.CubeSpec(n=24)
    with pytest.raises(Exception):
        spec.n = 30
    assert spec.h == pytest.approx(2.5)
    with pytest.raises(ValueError, match="n_fractures"):
        S.CubeSpec(n_fractures=-1)
    with pytest.raises(ValueError, match="vp_mineral"):
        S.CubeSpec(vp_mineral=0.0)
    with pytest.raises(ValueError, match="vp_matrix"):
        S.CubeSpec(vp_matrix=(2500.0, 2200.0))
    with pytest.raises(ValueError, match="set_fraction"):
        S.CubeSpec(set_fraction=1.5)
    with pytest.raises(ValueError, match="CubeSpec"):
        S.make_cube(24, seed=0)
