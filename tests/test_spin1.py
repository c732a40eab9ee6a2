"""Tests for shared.quantum.spin1: brute-force Fock-space cross-checks, exact limits,
invariants, bad input."""

import numpy as np
import pytest
from scipy.linalg import eigvalsh_tridiagonal
from scipy.sparse import diags
from scipy.sparse.linalg import expm_multiply

from shared.quantum import spin1 as s


def _embed(psi, N, basis):
    """Put an M = 0 sector vector (K,) into the full Fock space (D,)."""
    full = np.zeros(len(basis), dtype=complex)
    for k, amp in enumerate(psi):
        idx = np.flatnonzero((basis[:, 0] == k) & (basis[:, 2] == k))
        full[idx] = amp
    return full


# -------------------------------------------------------------------------- brute force
@pytest.mark.parametrize("N", [5, 6, 7, 10])
@pytest.mark.parametrize("c", [1.0, -1.0])
def test_sector_matches_bruteforce(N, c):
    for q in (-1.0, 0.0, 0.5, 1.5, 2.5):
        ref = s.fock_bruteforce(N, q, c)
        assert abs(ref["Lz2"]) < 1e-10
        E, psi = s.ground_state(N, q, c)
        m = s.moments(psi[:, 0], N)
        assert E[0] == pytest.approx(ref["E0"], abs=1e-9)
        assert m.cov[0, 0] == pytest.approx(ref["var_sx"], abs=1e-9)
        assert m.cov[1, 1] == pytest.approx(ref["var_qyz"], abs=1e-9)
        assert 2 * m.comm[0, 1] == pytest.approx(ref["comm_im"], abs=1e-9)
        assert m.qzz_minus_qyy == pytest.approx(ref["qzz_minus_qyy"], abs=1e-9)
        assert m.var_g2 == pytest.approx(ref["var_g2"], abs=1e-9)
        d, e = s.sector_hamiltonian(N, q, c)
        np.testing.assert_allclose(
            eigvalsh_tridiagonal(d, e), ref["spectrum_M0"], atol=1e-10
        )


def test_moments_of_complex_state_match_fock_operators():
    """All 4x4 second moments (real and imaginary parts) of a random complex M = 0
    state."""
    N = 9
    ops = s.fock_operators(N)
    rng = np.random.default_rng(1)
    psi = rng.normal(size=N // 2 + 1) + 1j * rng.normal(size=N // 2 + 1)
    psi /= np.linalg.norm(psi)
    full = _embed(psi, N, ops["basis"])
    names = ["Sx", "Qyz", "Sy", "Qxz"]
    m = s.moments(psi, N)
    for a, na in enumerate(names):
        assert abs(np.vdot(full, ops[na] @ full)) < 1e-12  # means vanish in M = 0
        for b, nb in enumerate(names):
            z = np.vdot(ops[na] @ full, ops[nb] @ full)
            assert m.cov[a, b] == pytest.approx(z.real, abs=1e-10)
            assert m.comm[a, b] == pytest.approx(z.imag, abs=1e-10)
    assert m.var_g2 == pytest.approx(
        np.vdot(full, ops["G2"] @ ops["G2"] @ full).real, abs=1e-10
    )
    assert m.qzz_minus_qyy == pytest.approx(
        np.vdot(full, ops["QzzmQyy"] @ full).real, abs=1e-10
    )
    # batching and normalisation: a stack of rescaled copies gives the same moments
    mb = s.moments(np.stack([psi, 3 * psi]), N)
    np.testing.assert_allclose(mb.cov[1], m.cov, atol=1e-12)


def test_operator_identities_full_space():
    """[S_x, Q_yz] = i(Q_zz - Q_yy) and su(2) closure of (S_x/2, Q_yz/2, (Q_zz -
    Q_yy)/4); mode formulas."""
    N = 4
    ops = s.fock_operators(N)
    sx, qyz, d = ops["Sx"], ops["Qyz"], ops["QzzmQyy"]

    def comm(a, b):
        return a @ b - b @ a

    np.testing.assert_allclose(comm(sx, qyz), 1j * d, atol=1e-12)
    np.testing.assert_allclose(comm(qyz, d), 4j * sx, atol=1e-12)
    np.testing.assert_allclose(comm(d, sx), 4j * qyz, atol=1e-12)
    E = ops["E"]  # a_m^dag a_n, order (+1, 0, -1)
    r2 = 1 / np.sqrt(2)
    np.testing.assert_allclose(
        sx, r2 * (E[0][1] + E[1][2] + E[1][0] + E[2][1]), atol=1e-12
    )
    np.testing.assert_allclose(
        qyz, 1j * r2 * (E[1][0] - E[0][1] + E[1][2] - E[2][1]), atol=1e-12
    )
    np.testing.assert_allclose(
        ops["Qxz"], r2 * (E[0][1] + E[1][0] - E[1][2] - E[2][1]), atol=1e-12
    )
    np.testing.assert_allclose(
        d, E[0][0] + E[2][2] - 2 * E[1][1] + E[0][2] + E[2][0], atol=1e-12
    )


def test_commutator_identity_random_sector_states():
    """2 Im<S_x psi|Q_yz psi> = 6<N_{+1}> - 2N for random complex batched states."""
    rng = np.random.default_rng(0)
    for N in (2, 3, 50, 51):
        K = N // 2 + 1
        psi = rng.normal(size=(4, K)) + 1j * rng.normal(size=(4, K))
        m = s.moments(psi, N)
        np.testing.assert_allclose(2 * m.comm[:, 0, 1], m.qzz_minus_qyy, atol=1e-9 * N)


@pytest.mark.parametrize("N", range(2, 13))
def test_q0_spectrum_parity_rule(N):
    for c in (1.0, -0.7):
        d, e = s.sector_hamiltonian(N, 0.0, c)
        L = np.arange(N % 2, N + 1, 2)
        np.testing.assert_allclose(
            np.sort(eigvalsh_tridiagonal(d, e)),
            np.sort(c * L * (L + 1) / (2 * N)),
            atol=1e-12,
        )


def test_q0_closed_forms_against_bruteforce_and_ed():
    """Exact AFM q = 0 (critical point) results per parity: brute force (N <= 12) and ED
    (N up to 1001)."""
    for N in range(2, 13):
        cf = s.q0_closed_forms(N)
        ref = s.fock_bruteforce(N, 0.0, 1.0)
        for key in ("var_sx", "var_qyz", "qzz_minus_qyy", "n_plus", "var_g2"):
            assert cf[key] == pytest.approx(ref[key], rel=1e-8, abs=1e-8), (N, key)
    for N in list(range(2, 41)) + [1000, 1001]:
        cf = s.q0_closed_forms(N)
        w, V = s.eigensystem(N, 0.0, 1.0)
        psi = V[:, 0]
        m = s.moments(psi, N)
        assert m.cov[0, 0] == pytest.approx(cf["var_sx"], rel=1e-9, abs=1e-9)
        assert m.cov[1, 1] == pytest.approx(cf["var_qyz"], rel=1e-9)
        assert m.qzz_minus_qyy == pytest.approx(
            cf["qzz_minus_qyy"], rel=1e-9, abs=1e-11 * N
        )
        assert m.var_g2 == pytest.approx(cf["var_g2"], rel=1e-9, abs=1e-9)
        assert s.qfi(psi, N, "plane") == pytest.approx(cf["fq_plane"], rel=1e-9)
        xh, _ = s.squeezing(psi, N, "H")
        if N % 2:
            assert xh == pytest.approx(cf["xi2_H"], rel=1e-9)
        else:
            assert np.isnan(xh) and np.isnan(cf["xi2_H"])


# ----------------------------------------------------------------------------- limits
def test_polar_limit_and_polar_state():
    N, c, q = 1000, 1.0, 50.0
    for cc in (c, -c):
        r = s.ground_state_scan(N, [q], cc)
        assert r["rho0"][0] > 0.999
        bog = s.bogoliubov_ground(q, cc)
        assert abs(s.to_db(r["xi2_N"][0]) - s.to_db(bog.xi2)) < 0.01
    polar = np.zeros(N // 2 + 1)
    polar[0] = 1.0
    m = s.moments(polar, N)
    np.testing.assert_allclose(np.diag(m.cov), [N, N, N, N], rtol=1e-14)
    assert m.qzz_minus_qyy == pytest.approx(-2 * N)
    xn, _ = s.squeezing(polar, N, "N")
    xh, _ = s.squeezing(polar, N, "H")
    assert xn == pytest.approx(1.0) and xh == pytest.approx(1.0)
    assert s.qfi(polar, N, "dM1") == pytest.approx(4 * N)


def test_mean_field_and_ba_qfi():
    np.testing.assert_allclose(
        s.mean_field_rho0([3.0, 0.0, 1.0, -3.0], -1.0), [1.0, 0.5, 0.75, 0.0]
    )
    out = s.mean_field_rho0([1.0, -1.0, 0.0], 1.0)
    assert out[0] == 1.0 and out[1] == 0.0 and np.isnan(out[2])
    assert s.q_critical(-2.0) == (-4.0, 4.0) and s.q_critical(1.0) == (0.0,)
    # ferro q = 0: L = N, M = 0 state, Var S_x = N(N+1)/2 exactly -> F_Q/N^2 = 2(1 +
    # 1/N)
    N = 2000
    r = s.ground_state_scan(N, [0.0, 1.0], -1.0)
    assert r["fq_plane"][0] / N**2 == pytest.approx(2 * (1 + 1 / N), rel=1e-10)
    assert r["fq_plane"][1] / N**2 == pytest.approx(
        float(s.mean_field_qfi_ba(1.0, -1.0)), rel=2e-3
    )


def test_squeezing_angle_is_the_minimum_quadrature():
    N = 200
    psi = s.quench(N, 0.8, -1.0, [3.0])[0]
    m = s.moments(psi, N)
    xi2, th = s.squeezing(psi, N)
    grid = np.linspace(-np.pi / 2, np.pi / 2, 20001)
    var = (
        np.cos(grid) ** 2 * m.cov[0, 0]
        + np.sin(grid) ** 2 * m.cov[1, 1]
        + 2 * np.sin(grid) * np.cos(grid) * m.cov[0, 1]
    )
    assert xi2 == pytest.approx(var.min() / N, rel=1e-6)
    v_th = (
        np.cos(th) ** 2 * m.cov[0, 0]
        + np.sin(th) ** 2 * m.cov[1, 1]
        + 2 * np.sin(th) * np.cos(th) * m.cov[0, 1]
    )
    assert v_th / N == pytest.approx(xi2, rel=1e-9)
    fq = [s.qfi(psi, N, g) for g in s.GENERATORS]
    assert fq[0] >= max(fq[1], fq[2]) - 1e-9 and fq[5] >= max(fq[:5]) - 1e-9
    assert fq[0] == pytest.approx(4 * var.max(), rel=1e-6)


# ----------------------------------------------------------------------------- dynamics
def test_dynamics_norm_expm_multiply_symmetry():
    N, q, c = 200, 0.7, -1.0
    t = np.linspace(0.0, 10.0, 21)
    psi_t = s.quench(N, q, c, t)
    np.testing.assert_allclose(np.linalg.norm(psi_t, axis=1), 1.0, atol=1e-12)
    d, e = s.sector_hamiltonian(N, q, c)
    H = diags([e, d, e], [-1, 0, 1], format="csr")
    psi0 = np.zeros(d.size, dtype=complex)
    psi0[0] = 1.0
    ref = expm_multiply(-1j * H, psi0, start=0.0, stop=10.0, num=21, endpoint=True)
    # eigen-propagation drops a global phase: compare after fixing it on the k = 0
    # component's overlap
    overlap = np.sum(ref.conj() * psi_t, axis=1)
    np.testing.assert_allclose(np.abs(overlap), 1.0, atol=1e-9)
    np.testing.assert_allclose(
        psi_t * (overlap.conj() / np.abs(overlap))[:, None], ref, atol=1e-9
    )
    mirror = s.quench(N, -q, -c, t)
    np.testing.assert_allclose(np.abs(mirror), np.abs(psi_t), atol=1e-10)
    np.testing.assert_allclose(
        s.squeezing(mirror, N)[0], s.squeezing(psi_t, N)[0], atol=1e-10
    )
    obs = s.quench_observables(N, q, c, t)
    np.testing.assert_allclose(obs["xi2"], s.squeezing(psi_t, N)[0], rtol=1e-12)
    np.testing.assert_allclose(obs["fq_over_4n"], s.qfi(psi_t, N) / (4 * N), rtol=1e-12)
    x0, _ = s.squeezing(psi_t[0], N)
    assert x0 == pytest.approx(1.0, abs=1e-12)
    assert s.moments(psi_t[0], N).n_plus == pytest.approx(0.0, abs=1e-12)


def test_bogoliubov_quench_identities():
    t = np.linspace(0, 12, 241)
    c = 1.0
    for q in (-3.0, -1.0, -2.0, 0.0, 0.5, 2.0):
        b = s.bogoliubov_quench(t, q, c)
        au2, av2 = np.abs(b.u) ** 2, np.abs(b.v) ** 2
        assert np.all(np.abs(au2 - av2 - 1.0) <= 1e-13 * au2 + 1e-12)
        np.testing.assert_allclose(
            b.xi2, (np.sqrt(au2) - np.sqrt(av2)) ** 2, rtol=1e-6, atol=1e-12
        )
    for qc, c in ((0.0, 1.0), (2.0, -1.0)):
        at = s.bogoliubov_quench(t, qc, c)
        # exact critical solution u = 1 - iAt, v = -iBt
        np.testing.assert_allclose(at.u, 1 - 1j * (qc + c) * t, atol=1e-12)
        np.testing.assert_allclose(at.v, -1j * c * t, atol=1e-12)
        for dq in (1e-6, -1e-6):
            near = s.bogoliubov_quench(t, qc + dq, c)
            np.testing.assert_allclose(near.xi2, at.xi2, rtol=1e-4, atol=1e-9)
    # best stable squeezing at omega t = pi/2 equals the square of the ground-state
    # value
    for q, c in ((0.5, 1.0), (3.0, -1.0), (0.05, 1.0)):
        g = s.bogoliubov_ground(q, c)
        tb = np.pi / (2 * g.omega)
        assert float(s.bogoliubov_quench(tb, q, c).xi2) == pytest.approx(
            float(g.xi2) ** 2, rel=1e-12
        )
        fine = s.bogoliubov_quench(np.linspace(0, 2 * tb, 4001), q, c)
        assert fine.xi2.min() == pytest.approx(float(g.xi2) ** 2, rel=1e-6)
    assert np.isnan(s.bogoliubov_ground(-0.5, 1.0).xi2) and np.isnan(
        s.bogoliubov_ground(1.0, -1.0).xi2
    )


def test_ed_follows_bogoliubov_on_stable_side():
    N = 2000
    t = np.linspace(0, 8, 81)
    for q, c in ((0.5, 1.0), (3.0, -1.0)):
        psi_t = s.quench(N, q, c, t)
        m = s.moments(psi_t, N)
        b = s.bogoliubov_quench(t, q, c)
        np.testing.assert_allclose(m.n_plus, b.n_pair, atol=0.02)
        xi2, th = s.squeezing(psi_t, N)
        assert np.max(np.abs(s.to_db(xi2) - s.to_db(b.xi2))) < 0.3
        ok = np.abs(s.to_db(b.xi2)) > 1.0
        dth = np.angle(np.exp(2j * (th[ok] - b.theta_opt[ok]))) / 2
        assert np.max(np.abs(dth)) < 0.05
    g = s.bogoliubov_ground(0.3, 1.0)
    r = s.ground_state_scan(10000, [0.3], 1.0)
    assert r["xi2_N"][0] == pytest.approx(float(g.xi2), rel=2e-3)


# ---------------------------------------------------------- dipolar, helpers, bad input
def test_c_eff_dipolar_m0_block():
    """In the M = 0 block the dipolar template equals the sector H with c_eff (claim
    C8)."""
    for N in (4, 7, 8):
        ops = s.fock_operators(N)
        basis = ops["basis"]
        m0 = np.flatnonzero(basis[:, 0] == basis[:, 2])
        order = np.argsort(basis[m0, 0])
        for c2, cd, kappa, q in ((-1.0, 0.3, -0.5, 0.7), (0.4, 1.2, 1.0, -0.3)):
            H = s.fock_hamiltonian(N, q, c2, cd=cd, kappa=kappa, p=0.9, ops=ops)
            block = H[np.ix_(m0[order], m0[order])]
            d, e = s.sector_hamiltonian(N, q, s.c_eff(c2, cd, kappa))
            ref = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
            np.testing.assert_allclose(block, ref, atol=1e-12)
    assert s.c_eff(-1.0, 0.5, 2.0) == 0.0


def test_to_db():
    out = s.to_db([1.0, 0.1, 0.0, np.nan])
    np.testing.assert_allclose(out[:3], [0.0, -10.0, -60.0])
    assert np.isnan(out[3])
    assert s.to_db(1e-9, floor=-80.0) == pytest.approx(-80.0)
    with pytest.raises(ValueError, match="non-negative"):
        s.to_db(-0.5)


@pytest.mark.parametrize("bad", [-4, 1, 0, 10.0, 10.5, "10", True])
def test_bad_atom_number(bad):
    with pytest.raises(ValueError, match="N=.*must be an integer"):
        s.sector_hamiltonian(bad, 0.5, 1.0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="N <= 40"):
        s.fock_bruteforce(41, 0.5, 1.0)
    with pytest.raises(ValueError, match="N <= 40"):
        s.fock_basis(100)
    psi = np.ones(6)
    with pytest.raises(ValueError, match="unknown generator 'Sz'.*plane"):
        s.qfi(psi, 10, "Sz")
    with pytest.raises(ValueError, match="norm must be"):
        s.squeezing(psi, 10, "X")
    with pytest.raises(ValueError, match="last axis K"):
        s.moments(np.ones(5), 10)
    for q, c in ((np.nan, 1.0), (0.5, np.inf), (0.5, None)):
        with pytest.raises(ValueError, match="finite real"):
            s.ground_state(10, q, c)
    with pytest.raises(ValueError, match="n_states"):
        s.ground_state(10, 0.5, 1.0, n_states=7)
    with pytest.raises(ValueError, match="finite"):
        s.bogoliubov_quench([0.0, np.nan], 0.5, 1.0)
    with pytest.raises(ValueError, match="c < 0"):
        s.mean_field_qfi_ba(0.5, 1.0)
    with pytest.raises(ValueError, match="non-zero"):
        s.q_critical(0.0)
    w, V = s.eigensystem(10, 0.5, 1.0)
    with pytest.raises(ValueError, match="need w"):
        s.evolve(w, V, np.ones(3), [0.0])


# --------------------------------------------------------------------- 1-D minimisation
def _narrow_dip(x, x0=0.123456, width=1e-3):
    return -1.0 / (1.0 + ((x - x0) / width) ** 2)


def test_minimise_on_grid_finds_a_dip_narrower_than_the_grid_step():
    grid = np.linspace(0.0, 1.0, 101)  # step 0.01 = 10 dip widths
    coarse = min(_narrow_dip(x) for x in grid)
    assert coarse > -0.3  # the grid alone misses the dip
    x, fx = s.minimise_on_grid(_narrow_dip, grid, xatol=1e-9)
    assert x == pytest.approx(0.123456, abs=1e-7)
    assert fx == pytest.approx(-1.0, abs=1e-9)


def test_minimise_on_grid_handles_a_minimum_on_the_grid_edge():
    x, fx = s.minimise_on_grid(lambda x: (x - 2.0) ** 2, np.linspace(0.0, 1.0, 11))
    assert x == pytest.approx(1.0, abs=1e-6)
    assert fx == pytest.approx(1.0, abs=1e-5)


def test_minimise_on_grid_reaches_the_ground_state_squeezing_minimum():
    """The refined minimum of xi2_N(q) at N = 10^4 lies below every point of a coarse q
    grid."""
    N, c = 10000, -1.0

    def f(q):
        return s.ground_state_scan(N, [q], c, n_states=1)["xi2_N"][0]

    grid = np.linspace(1.5, 2.5, 41)
    q_star, xi2_star = s.minimise_on_grid(f, grid, xatol=1e-6)
    assert 1.95 < q_star < 2.0
    assert s.to_db(xi2_star) < s.to_db(min(f(q) for q in grid)) - 0.5


@pytest.mark.parametrize("grid", [[0.0, 1.0], [0.0, 2.0, 1.0], [0.0, np.nan, 1.0]])
def test_minimise_on_grid_rejects_bad_grids(grid):
    with pytest.raises(ValueError):
        s.minimise_on_grid(lambda x: x, grid)


def test_refine_grid_keeps_the_coarse_grid_and_resolves_x0():
    grid = np.linspace(1.5, 3.5, 80)
    fine = s.refine_grid(grid, 1.99, 0.05, n=101)
    assert np.all(np.diff(fine) > 0)
    assert set(grid) <= set(fine)
    assert 1.99 in fine
    local = fine[(fine >= 1.94) & (fine <= 2.04)]
    assert np.max(np.diff(local)) <= 0.001 + 1e-12


@pytest.mark.parametrize(
    "kw", [{"half_width": 0.0}, {"half_width": -1.0}, {"n": 1}, {"n": 2.5}]
)
def test_refine_grid_rejects_bad_arguments(kw):
    args = {"half_width": 0.1, "n": 11} | kw
    with pytest.raises(ValueError):
        s.refine_grid([0.0, 1.0], 0.5, **args)
