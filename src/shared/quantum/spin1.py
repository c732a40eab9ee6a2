"""Single-mode spin-1 Bose-Einstein condensate in the magnetisation M = 0 sector.

Model (single-mode approximation; hbar = 1; energies in units of |c|, times in 1/|c|)::

    H = (c / 2N) L^2 + q (N_{+1} + N_{-1}),        c = c_eff = c2 + kappa * cd

with modes a_{+1}, a_0, a_{-1}, total spin L and quadratic Zeeman shift q. ``c < 0`` is
the ferromagnetic case (87Rb-like), ``c > 0`` the antiferromagnetic one (23Na-like). The
linear Zeeman term and the L_z^2 part of the dipolar interaction are constants in a
fixed-M sector, so within M = 0 the dipolar term only renormalises c (see
:func:`c_eff`).

Basis of the M = 0 sector: ``|k> = |N_{+1} = k, N_0 = N - 2k, N_{-1} = k>``, k = 0 ...
floor(N/2), so K = N // 2 + 1 states. H is real symmetric tridiagonal there
(:func:`sector_hamiltonian`).

Spin-nematic operators (collective sums of single-atom S_i and Q_ij = S_i S_j + S_j S_i
- 4/3 delta_ij) map an M = 0 state into the M = +1 and M = -1 sectors; :func:`moments`
builds those images and returns all second moments of (S_x, Q_yz, S_y, Q_xz). Shot-noise
normalised squeezing is
``xi2_N = lambda_min(C) / N`` with C the covariance of (S_x, Q_yz); the
commutator-normalised one is
``xi2_H = lambda_min(C) / (|<Q_zz - Q_yy>| / 2)``. Quantum Fisher information of a pure
state:
``F_Q[G] = 4 Var G``. All arrays are float64 (complex128 for time-evolved states).

Conventions and normalisations are a reconstruction from standard references (Law, Pu &
Bigelow 1998; Kawaguchi & Ueda 2012; Hamley et al. 2012); the paper this module serves
could not be read beyond its abstract.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import numpy as np
from scipy.linalg import eigh_tridiagonal
from scipy.optimize import minimize_scalar

from shared.repro.validate import positive_float
from shared.repro.validate import positive_int

__all__ = [
    "FOCK_MAX_N",
    "GENERATORS",
    "sector_dim",
    "sector_hamiltonian",
    "ground_state",
    "eigensystem",
    "evolve",
    "quench",
    "quench_observables",
    "Moments",
    "moments",
    "squeezing",
    "qfi",
    "ground_state_scan",
    "mean_field_rho0",
    "mean_field_qfi_ba",
    "q_critical",
    "BogoliubovGround",
    "bogoliubov_ground",
    "BogoliubovQuench",
    "bogoliubov_quench",
    "q0_closed_forms",
    "fock_basis",
    "fock_operators",
    "fock_hamiltonian",
    "fock_bruteforce",
    "c_eff",
    "to_db",
    "minimise_on_grid",
    "refine_grid",
]

#: Largest N accepted by the brute-force full Fock-space reference (dimension
#: (N+1)(N+2)/2 = 861).
FOCK_MAX_N = 40

#: Generator names accepted by :func:`qfi`.
GENERATORS = ("plane", "Sx", "Qyz", "Sy", "Qxz", "dM1", "dM2")


# --------------------------------------------------------------------------- validation
def _check_n(N, name="N", minimum=2):
    return positive_int(name, N, minimum)


def _check_real(x, name):
    if isinstance(x, bool) or not isinstance(x, Real) or not np.isfinite(x):
        raise ValueError(f"{name} must be a finite real number, got {x!r}")
    return float(x)


def _check_array(x, name):
    a = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain only finite real numbers")
    return a


def sector_dim(N: int) -> int:
    """Dimension K = N // 2 + 1 of the M = 0 sector for N atoms."""
    return _check_n(N) // 2 + 1


# -------------------------------------------------------------------------- Hamiltonian
def sector_hamiltonian(N: int, q: float, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Tridiagonal M = 0 Hamiltonian H = (c/2N) L^2 + q (N_{+1} + N_{-1}).

    Returns ``(diag (K,), off (K-1,))`` in units of the energy unit of ``q`` and ``c``::

        H_kk     = (c/N) [(N - 2k)(2k + 1) + k] + 2 q k
        H_k+1,k  = (c/N) (k + 1) sqrt((N - 2k)(N - 2k - 1))
    """
    N = _check_n(N)
    q = _check_real(q, "q")
    c = _check_real(c, "c")
    k = np.arange(N // 2 + 1, dtype=float)
    diag = (c / N) * ((N - 2 * k) * (2 * k + 1) + k) + 2.0 * q * k
    kk = k[:-1]
    off = (c / N) * (kk + 1) * np.sqrt((N - 2 * kk) * (N - 2 * kk - 1))
    return diag, off


def ground_state(
    N: int, q: float, c: float, n_states: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Lowest ``n_states`` eigenpairs of the M = 0 sector.

    Returns ``(E (n_states,), psi (K, n_states))`` with real orthonormal columns.
    """
    d, e = sector_hamiltonian(N, q, c)
    n_states = _check_n(n_states, "n_states", minimum=1)
    if n_states > d.size:
        raise ValueError(
            f"n_states must be <= K = {d.size} for N = {N}, got {n_states}"
        )
    if d.size == 1:
        return d.copy(), np.ones((1, 1))
    return eigh_tridiagonal(d, e, select="i", select_range=(0, n_states - 1))


def eigensystem(N: int, q: float, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Full eigendecomposition of the M = 0 sector: ``(w (K,), V (K, K))``, columns =
    eigenvectors."""
    d, e = sector_hamiltonian(N, q, c)
    if d.size == 1:
        return d.copy(), np.ones((1, 1))
    return eigh_tridiagonal(d, e)


def evolve(w: np.ndarray, V: np.ndarray, psi0: np.ndarray, t) -> np.ndarray:
    """Exact evolution psi(t) = V exp(-i w t) V^T psi0 for all times at once.

    ``w (K,)``, ``V (K, K)`` real (from :func:`eigensystem`), ``psi0 (K,)`` real or
    complex, ``t (T,)``. Returns ``Psi (T, K)`` complex128. The real matrix V is applied
    with two real products over the whole time grid (no per-time complex matrix-vector
    loop).
    """
    w = np.asarray(w, dtype=float)
    V = np.asarray(V, dtype=float)
    t = np.atleast_1d(_check_array(t, "t"))
    psi0 = np.asarray(psi0)
    if (
        V.ndim != 2
        or V.shape[0] != V.shape[1]
        or w.shape != (V.shape[1],)
        or psi0.shape != (V.shape[0],)
    ):
        raise ValueError(
            f"need w (K,), V (K, K), psi0 (K,); got {w.shape}, {V.shape}, {psi0.shape}"
        )
    coef = V.T @ psi0  # (K,)
    phase = np.outer(w - w.min(), t)  # (K, T); global phase removed
    amp = coef[:, None] * (np.cos(phase) - 1j * np.sin(phase))
    return (V @ amp.real + 1j * (V @ amp.imag)).T


def quench(N: int, q: float, c: float, t) -> np.ndarray:
    """States ``Psi (T, K)`` after a quench from the polar state |0, N, 0> to (q, c) at
    times t."""
    w, V = eigensystem(N, q, c)
    psi0 = np.zeros(w.size)
    psi0[0] = 1.0
    return evolve(w, V, psi0, t)


def quench_observables(N: int, q: float, c: float, t) -> dict:
    """Squeezing and QFI after a quench from the polar state, on the time grid ``t
    (T,)``.

    Returns arrays (T,): ``t``, ``xi2`` (shot-noise normalised, (S_x, Q_yz) plane),
    ``theta`` (squeezed angle), ``n_plus`` (<N_{+1}>), ``fq_over_4n`` (plane-optimised
    F_Q / 4N).
    """
    psi_t = quench(N, q, c, t)
    m = moments(psi_t, N)
    lo, hi, theta = _eig2(m.cov[:, 0, 0], m.cov[:, 0, 1], m.cov[:, 1, 1])
    return {
        "t": np.atleast_1d(np.asarray(t, dtype=float)),
        "xi2": lo / N,
        "theta": theta,
        "n_plus": m.n_plus,
        "fq_over_4n": hi / N,
    }


# ----------------------------------------------------------------------------- moments
@dataclass
class Moments:
    """Second moments of an M = 0 state (all batched over leading axes ``...``).

    cov : (..., 4, 4) covariance of (S_x, Q_yz, S_y, Q_xz) (means vanish in M = 0), Cov
    = Re<A psi|B psi> comm : (..., 4, 4) Im<A psi|B psi>, so <[A, B]> = 2i comm
    qzz_minus_qyy : (...) <Q_zz - Q_yy> = 6 <N_{+1}> - 2N n_plus : (...) <N_{+1}> var_g2
    : (...) variance of G_2 = a_{+1}^dag a_{-1} + h.c. (Delta M = +-2 generator)
    """

    cov: np.ndarray
    comm: np.ndarray
    qzz_minus_qyy: np.ndarray
    n_plus: np.ndarray
    var_g2: np.ndarray


def _as_states(psi, N):
    N = _check_n(N)
    psi = np.asarray(psi)
    K = N // 2 + 1
    if psi.ndim == 0 or psi.shape[-1] != K:
        raise ValueError(
            f"psi must have last axis K = N//2 + 1 = {K} for N = {N}, got shape "
            f"{psi.shape}"
        )
    if not np.iscomplexobj(psi):
        psi = psi.astype(float)
    return N, psi


def moments(psi, N: int) -> Moments:
    """Second moments from the M = +1 and M = -1 images of ``psi (..., K)`` (real or
    complex).

    For j = 0 ... (N+1)//2 - 1: u_j = sqrt((j+1)(N-2j)) psi_j and w_j =
    sqrt((j+1)(N-2j-1)) psi_{j+1}. Stacking the (M=+1; M=-1) images: S_x psi = [u+w;
    w+u]/sqrt2, Q_yz psi = i[w-u; w-u]/sqrt2, S_y psi = i[-u-w; u+w]/sqrt2, Q_xz psi =
    [u-w; w-u]/sqrt2. States need not be normalised; moments are returned per unit norm.
    """
    N, psi = _as_states(psi, N)
    K = psi.shape[-1]
    J = (N + 1) // 2
    pad = np.concatenate(
        [psi, np.zeros(psi.shape[:-1] + (1,), dtype=psi.dtype)], axis=-1
    )
    j = np.arange(J, dtype=float)
    u = np.sqrt((j + 1) * (N - 2 * j)) * pad[..., :J]
    w = np.sqrt((j + 1) * (N - 2 * j - 1)) * pad[..., 1 : J + 1]
    s = 1.0 / np.sqrt(2.0)
    images = np.stack(
        [
            np.concatenate([u + w, w + u], axis=-1) * s,
            np.concatenate([w - u, w - u], axis=-1) * (1j * s),
            np.concatenate([-u - w, u + w], axis=-1) * (1j * s),
            np.concatenate([u - w, w - u], axis=-1) * s,
        ],
        axis=-2,
    )  # (..., 4, 2J)
    norm = np.sum(np.abs(psi) ** 2, axis=-1)
    gram = (
        np.einsum("...ai,...bi->...ab", images.conj(), images) / norm[..., None, None]
    )
    k = np.arange(K, dtype=float)
    p2 = np.abs(psi) ** 2
    n_plus = np.sum(k * p2, axis=-1) / norm
    var_g2 = 2.0 * np.sum(k * (k + 1) * p2, axis=-1) / norm
    return Moments(
        cov=gram.real,
        comm=gram.imag,
        qzz_minus_qyy=6.0 * n_plus - 2.0 * N,
        n_plus=n_plus,
        var_g2=var_g2,
    )


def _eig2(a, b, d):
    """Eigenvalues (lo, hi) and the angle of the lo eigenvector of [[a, b], [b, d]]
    (batched)."""
    mean = 0.5 * (a + d)
    rad = np.hypot(0.5 * (a - d), b)
    hi = mean + rad
    det = a * d - b * b
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(hi > 0, det / np.where(hi > 0, hi, 1.0), mean - rad)
    # eigenvector of the smaller eigenvalue: angle theta with tan(2 theta) = 2b / (a -
    # d), shifted by pi/2
    theta = 0.5 * np.arctan2(2 * b, a - d) + 0.5 * np.pi
    theta = (theta + 0.5 * np.pi) % np.pi - 0.5 * np.pi
    return lo, hi, theta


def squeezing(psi, N: int, norm: str = "N") -> tuple[np.ndarray, np.ndarray]:
    """Spin-nematic squeezing in the (S_x, Q_yz) plane for ``psi (..., K)``.

    ``norm="N"``: xi2 = lambda_min(C) / N (shot-noise normalised, default).
    ``norm="H"``: xi2 = lambda_min(C) / (|<Q_zz - Q_yy>| / 2) (commutator normalised;
    NaN where <Q_zz - Q_yy> = 0). Returns ``(xi2 (...), theta_opt (...))`` with
    theta_opt in [-pi/2, pi/2) the angle of the squeezed quadrature cos(theta) S_x +
    sin(theta) Q_yz.
    """
    if norm not in ("N", "H"):
        raise ValueError(f"norm must be 'N' or 'H', got {norm!r}")
    N_, psi = _as_states(psi, N)
    m = moments(psi, N_)
    lo, _, theta = _eig2(m.cov[..., 0, 0], m.cov[..., 0, 1], m.cov[..., 1, 1])
    if norm == "N":
        return lo / N_, theta
    half = 0.5 * np.abs(m.qzz_minus_qyy)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi2 = np.where(half > 1e-9 * N_, lo / np.where(half > 0, half, 1.0), np.nan)
    return xi2, theta


def qfi(psi, N: int, generator: str = "plane") -> np.ndarray:
    """Quantum Fisher information F_Q = 4 Var G of the pure state ``psi (..., K)``.

    generator: ``"plane"`` (best unit combination of S_x, Q_yz: 4 lambda_max of their
    covariance),
    ``"Sx"``, ``"Qyz"``, ``"Sy"``, ``"Qxz"`` (single operators), ``"dM1"`` (best unit
    combination of the four Delta M = +-1 operators S_x, Q_yz, S_y, Q_xz) or ``"dM2"``
    (G_2 = a_{+1}^dag a_{-1} + h.c.). Every generator has single-atom spectrum {-1, 0,
    1}: separable bound 4N, Heisenberg bound 4N^2.
    """
    if generator not in GENERATORS:
        raise ValueError(
            f"unknown generator {generator!r}; allowed: {', '.join(GENERATORS)}"
        )
    N, psi = _as_states(psi, N)
    m = moments(psi, N)
    single = {"Sx": 0, "Qyz": 1, "Sy": 2, "Qxz": 3}
    if generator in single:
        i = single[generator]
        return 4.0 * m.cov[..., i, i]
    if generator == "plane":
        _, hi, _ = _eig2(m.cov[..., 0, 0], m.cov[..., 0, 1], m.cov[..., 1, 1])
        return 4.0 * hi
    if generator == "dM1":
        return 4.0 * np.linalg.eigvalsh(m.cov)[..., -1]
    return 4.0 * m.var_g2


def ground_state_scan(N: int, q_values, c: float, n_states: int = 2) -> dict:
    """Ground-state observables on a grid of q (one tridiagonal solve per q).

    Returns a dict of arrays of shape (len(q_values),): ``E0``, ``gap`` (E1 - E0, lowest
    M = 0 gap),
    ``rho0`` (<N_0>/N), ``var_sx``, ``var_qyz``, ``qzz_minus_qyy``, ``xi2_N``,
    ``xi2_H``,
    ``fq_plane`` (F_Q of the optimal (S_x, Q_yz) generator), ``fq_dM2``.
    """
    N = _check_n(N)
    qs = np.atleast_1d(_check_array(q_values, "q_values"))
    c = _check_real(c, "c")
    K = N // 2 + 1
    E = np.empty((qs.size, n_states))
    psis = np.empty((qs.size, K))
    for i, q in enumerate(qs):
        e, v = ground_state(N, float(q), c, n_states=n_states)
        E[i] = e
        psis[i] = v[:, 0]
    m = moments(psis, N)
    xi2_N, _ = squeezing(psis, N, "N")
    xi2_H, _ = squeezing(psis, N, "H")
    return {
        "q": qs,
        "E0": E[:, 0],
        "gap": E[:, 1] - E[:, 0] if n_states > 1 else np.full(qs.size, np.nan),
        "rho0": 1.0 - 2.0 * m.n_plus / N,
        "var_sx": m.cov[:, 0, 0],
        "var_qyz": m.cov[:, 1, 1],
        "qzz_minus_qyy": m.qzz_minus_qyy,
        "xi2_N": xi2_N,
        "xi2_H": xi2_H,
        "fq_plane": qfi(psis, N, "plane"),
        "fq_dM2": 4.0 * m.var_g2,
    }


# --------------------------------------------------------------------------- mean field
def q_critical(c: float) -> tuple[float, ...]:
    """Mean-field critical points of the M = 0 sector: (-2|c|, 2|c|) for c < 0, (0,) for
    c > 0."""
    c = _check_real(c, "c")
    if c == 0:
        raise ValueError("c must be non-zero to define critical points")
    return (-2 * abs(c), 2 * abs(c)) if c < 0 else (0.0,)


def mean_field_rho0(q, c: float) -> np.ndarray:
    """Mean-field fraction rho0 = N_0/N in the M = 0 sector (array like q).

    From E/N = q (1 - rho0) + c rho0 (1 - rho0)(1 + cos theta) minimised over rho0 and
    theta: c < 0: rho0 = 1 (q > 2|c|), (1 + q/2|c|)/2 (|q| <= 2|c|), 0 (q < -2|c|); c >
    0 (and c = 0): rho0 = 1 (q > 0), 0 (q < 0), NaN at q = 0 (degenerate).
    """
    q = _check_array(q, "q")
    c = _check_real(c, "c")
    if c < 0:
        return np.clip(0.5 * (1.0 + q / (2 * abs(c))), 0.0, 1.0)
    return np.where(q > 0, 1.0, np.where(q < 0, 0.0, np.nan))


def mean_field_qfi_ba(q, c: float) -> np.ndarray:
    """Mean-field F_Q / N^2 of the (S_x, Q_yz)-plane generator in the broken-axisymmetry
    phase.

    The M = 0 ground state is the L_z-symmetric projection of a product state with
    transverse magnetisation m = sqrt(1 - (q/2c)^2) per atom; averaging its orientation
    gives Var S_x = N^2 m^2 / 2 and a negligible Q_yz variance, so F_Q / N^2 = 2 (1 -
    (q/2c)^2) for |q| < 2|c| (NaN outside; c must be negative).
    """
    q = _check_array(q, "q")
    c = _check_real(c, "c")
    if c >= 0:
        raise ValueError(f"the broken-axisymmetry phase needs c < 0, got c = {c}")
    x = q / (2 * c)
    return np.where(np.abs(x) < 1, 2.0 * (1.0 - x**2), np.nan)


# --------------------------------------------------------------------------- Bogoliubov
@dataclass
class BogoliubovGround:
    """Bogoliubov (a_0 -> sqrt N) ground state on the polar side (NaN where q(q+2c) <= 0
    or q <= 0).

    var_sx, var_qyz : Var S_x / N, Var Q_yz / N
    xi2 : min of the two (shot-noise-normalised squeezing, no squeezing angle mixing)
    omega : Bogoliubov frequency sqrt(q (q + 2c))
    """

    var_sx: np.ndarray
    var_qyz: np.ndarray
    xi2: np.ndarray
    omega: np.ndarray


def bogoliubov_ground(q, c: float) -> BogoliubovGround:
    """Ground-state variances Var S_x/N = sqrt(q/(q+2c)) and Var Q_yz/N =
    sqrt((q+2c)/q)."""
    q = _check_array(q, "q")
    c = _check_real(c, "c")
    ok = (q > 0) & (q + 2 * c > 0)
    qq = np.where(ok, q, 1.0)
    qc = np.where(ok, q + 2 * c, 1.0)
    vx = np.where(ok, np.sqrt(qq / qc), np.nan)
    vq = np.where(ok, np.sqrt(qc / qq), np.nan)
    return BogoliubovGround(
        var_sx=vx,
        var_qyz=vq,
        xi2=np.fmin(vx, vq),
        omega=np.where(ok, np.sqrt(qq * qc), np.nan),
    )


@dataclass
class BogoliubovQuench:
    """Bogoliubov quench from the polar state: u, v with b(t) = u b + v b^dag (|u|^2 -
    |v|^2 = 1).

    xi2 = (|u| - |v|)^2 = 1 / (|u| + |v|)^2 (the second form avoids cancellation);
    n_pair = <N_{+1}> = |v|^2; fq_over_4n = (|u| + |v|)^2 (plane generator); theta_opt =
    squeezed angle in the (S_x, Q_yz) plane (NaN at t = 0).
    """

    u: np.ndarray
    v: np.ndarray
    xi2: np.ndarray
    n_pair: np.ndarray
    fq_over_4n: np.ndarray
    theta_opt: np.ndarray


def bogoliubov_quench(t, q, c: float) -> BogoliubovQuench:
    """Linearised quench dynamics, broadcasting t against q.

    A = q + c, B = c (the b_+ mode, which carries S_x and Q_yz), omega^2 = A^2 - B^2 = q
    (q + 2c); u = cos(omega t) - i A sin(omega t)/omega, v = -i B sin(omega t)/omega,
    continued analytically through omega^2 = 0 (u = 1 - iAt, v = -iBt) to the unstable
    side (cosh, sinh).
    """
    t = _check_array(t, "t")
    q = _check_array(q, "q")
    c = _check_real(c, "c")
    t, q = np.broadcast_arrays(t, q)
    A = q + c
    w2 = A * A - c * c
    om = np.sqrt(np.abs(w2))
    x = om * t
    safe = np.where(om > 0, om, 1.0)
    cos_t = np.where(w2 > 0, np.cos(x), np.cosh(x))
    sin_over = np.where(om > 0, np.where(w2 > 0, np.sin(x), np.sinh(x)) / safe, t)
    u = cos_t - 1j * A * sin_over
    v = -1j * c * sin_over
    au, av = np.abs(u), np.abs(v)
    with np.errstate(invalid="ignore"):
        phi = 0.5 * (np.angle(u * v) + np.pi)
        theta = (-phi + 0.5 * np.pi) % np.pi - 0.5 * np.pi
    theta = np.where(av > 0, theta, np.nan)
    return BogoliubovQuench(
        u=u,
        v=v,
        xi2=1.0 / (au + av) ** 2,
        n_pair=av**2,
        fq_over_4n=(au + av) ** 2,
        theta_opt=theta,
    )


# ------------------------------------------------------------------ exact q = 0 results
def q0_closed_forms(N: int) -> dict:
    """Exact antiferromagnetic (c > 0) q = 0 ground-state moments, derived in the
    chapter.

    The ground state is the lowest-L state |N, L, M=0> with L = 0 (even N, the pair
    singlet) or L = 1 (odd N). Returns floats: var_sx, var_qyz, qzz_minus_qyy, n_plus,
    var_g2, xi2_N, xi2_H (NaN for even N: 0/0), fq_plane.
    """
    N = _check_n(N, minimum=1)
    if N % 2 == 0:
        vx, vq = 0.0, 4.0 * N * (N + 3) / 15.0
        d, n_plus, vg2 = 0.0, N / 3.0, 4.0 * N * (N + 3) / 15.0
        xi2_H = float("nan")
    else:
        vx, vq = 1.0, (12.0 * N * N + 36.0 * N - 13.0) / 35.0
        d, n_plus, vg2 = (
            -(4.0 * N + 6.0) / 5.0,
            (N - 1) / 5.0,
            4.0 * (N - 1) * (N + 4) / 35.0,
        )
        xi2_H = 5.0 / (2.0 * N + 3.0)
    return {
        "var_sx": vx,
        "var_qyz": vq,
        "qzz_minus_qyy": d,
        "n_plus": n_plus,
        "var_g2": vg2,
        "xi2_N": min(vx, vq) / N,
        "xi2_H": xi2_H,
        "fq_plane": 4.0 * max(vx, vq),
    }


# -------------------------------------------------------------------------- brute force
def fock_basis(N: int) -> np.ndarray:
    """All occupations (n_{+1}, n_0, n_{-1}) with sum N: int array (D, 3), D =
    (N+1)(N+2)/2."""
    N = _check_n(N, minimum=1)
    if N > FOCK_MAX_N:
        raise ValueError(f"brute-force Fock space needs N <= {FOCK_MAX_N}, got N = {N}")
    return np.array(
        [(a, N - a - b, b) for a in range(N + 1) for b in range(N + 1 - a)], dtype=int
    )


def fock_operators(N: int) -> dict:
    """Dense collective operators on the full N-atom Fock space (float64/complex128, (D,
    D)).

    Built from E[m][n] = a_m^dag a_n (mode order +1, 0, -1). Keys: "E" (3x3 nested
    list), "Sx", "Sy", "Sz", "Qyz", "Qxz", "QzzmQyy", "G2", "L2", "N+", "N0", "N-", and
    "single" (dict of the 3x3 single-atom spin-1 matrices Sx, Sy, Sz and Q_ij used to
    define them).
    """
    basis = fock_basis(N)
    D = len(basis)
    index = {tuple(b): i for i, b in enumerate(basis)}
    E = [[np.zeros((D, D)) for _ in range(3)] for _ in range(3)]
    for i, occ in enumerate(basis):
        for m in range(3):
            for n in range(3):
                if occ[n] == 0:
                    continue
                new = list(occ)
                amp = np.sqrt(new[n])
                new[n] -= 1
                amp *= np.sqrt(new[m] + 1)
                new[m] += 1
                E[m][n][index[tuple(new)], i] += amp
    s2 = 1.0 / np.sqrt(2.0)
    sx = s2 * np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=complex)
    sy = s2 * np.array([[0, -1j, 0], [1j, 0, -1j], [0, 1j, 0]])
    sz = np.diag([1.0, 0.0, -1.0]).astype(complex)
    S = {"x": sx, "y": sy, "z": sz}
    single = {"Sx": sx, "Sy": sy, "Sz": sz}
    for a in "xyz":
        for b in "xyz":
            single[f"Q{a}{b}"] = (
                S[a] @ S[b] + S[b] @ S[a] - (4.0 / 3.0) * (a == b) * np.eye(3)
            )

    def collective(mat):
        out = np.zeros((D, D), dtype=complex)
        for m in range(3):
            for n in range(3):
                if mat[m, n] != 0:
                    out += mat[m, n] * E[m][n]
        return out

    ops = {name: collective(single[name]) for name in ("Sx", "Sy", "Sz", "Qyz", "Qxz")}
    ops["QzzmQyy"] = collective(single["Qzz"] - single["Qyy"])
    ops["G2"] = E[0][2] + E[2][0]
    ops["L2"] = ops["Sx"] @ ops["Sx"] + ops["Sy"] @ ops["Sy"] + ops["Sz"] @ ops["Sz"]
    ops["N+"], ops["N0"], ops["N-"] = E[0][0], E[1][1], E[2][2]
    ops["E"] = E
    ops["single"] = single
    ops["basis"] = basis
    return ops


# Deliberate repeat: one parameter a line (ruff format of a long signature).
def fock_hamiltonian(
    N: int,
    q: float,
    c2: float,
    cd: float = 0.0,
    kappa: float = 1.0,
    p: float = 0.0,
    ops: dict | None = None,
) -> np.ndarray:
    """Full-Fock template H = (c2/2N) L^2 + (kappa cd/2N)(L^2 - 3 L_z^2) - p L_z + q
    (N_{+1} + N_{-1}).

    Returns a dense real (D, D) matrix (the template is real in this basis).
    """
    N = _check_n(N)
    q, c2, cd, kappa, p = (
        _check_real(x, n)
        for x, n in ((q, "q"), (c2, "c2"), (cd, "cd"), (kappa, "kappa"), (p, "p"))
    )
    ops = fock_operators(N) if ops is None else ops
    L2, Lz = ops["L2"].real, ops["Sz"].real
    H = (
        (c2 / (2 * N)) * L2
        + (kappa * cd / (2 * N)) * (L2 - 3 * Lz @ Lz)
        - p * Lz
        + q * (ops["N+"] + ops["N-"])
    )
    return H


def fock_bruteforce(N: int, q: float, c: float, penalty: float = 1e3) -> dict:
    """Brute-force reference on the full Fock space (N <= FOCK_MAX_N).

    H_full = (c/2N) L^2 + q (N_{+1} + N_{-1}) + penalty |c| L_z^2 (the penalty pins the
    ground state to M = 0). Returns a dict with E0 (without penalty), psi (D,), Lz2
    (<L_z^2>, should be 0), var_sx, var_qyz, comm_im (Im <[S_x, Q_yz]>), qzz_minus_qyy,
    n_plus, var_g2, spectrum_M0 (sorted M = 0 eigenvalues).
    """
    N = _check_n(N)
    if N > FOCK_MAX_N:
        raise ValueError(f"brute-force Fock space needs N <= {FOCK_MAX_N}, got N = {N}")
    q, c, penalty = (
        _check_real(q, "q"),
        _check_real(c, "c"),
        _check_real(penalty, "penalty"),
    )
    ops = fock_operators(N)
    H = fock_hamiltonian(N, q, c, ops=ops)
    Lz = ops["Sz"].real
    evals, evecs = np.linalg.eigh(H + penalty * max(abs(c), 1.0) * Lz @ Lz)
    psi = evecs[:, 0]

    def ev(op):
        return np.vdot(psi, op @ psi)

    sx, qyz = ops["Sx"], ops["Qyz"]
    m0 = np.flatnonzero(ops["basis"][:, 0] == ops["basis"][:, 2])
    return {
        "E0": float(ev(H).real),
        "psi": psi,
        "Lz2": float(ev(Lz @ Lz).real),
        "var_sx": float((ev(sx @ sx) - ev(sx) ** 2).real),
        "var_qyz": float((ev(qyz @ qyz) - ev(qyz) ** 2).real),
        "comm_im": float(ev(sx @ qyz - qyz @ sx).imag),
        "qzz_minus_qyy": float(ev(ops["QzzmQyy"]).real),
        "n_plus": float(ev(ops["N+"]).real),
        "var_g2": float((ev(ops["G2"] @ ops["G2"]) - ev(ops["G2"]) ** 2).real),
        "spectrum_M0": np.linalg.eigvalsh(H[np.ix_(m0, m0)]),
    }


# ----------------------------------------------------------------------------- helpers
def c_eff(c2: float, cd: float, kappa: float) -> float:
    """Effective spin-exchange coupling in the M = 0 sector: c_eff = c2 + kappa * cd.

    Convention (ours): the dipolar single-mode term is (kappa cd / 2N)(L^2 - 3 L_z^2)
    with kappa the dimensionless trap-geometry factor of the dipolar integral (sign
    included). In a fixed-M sector the L_z^2 part is a constant, so only c2 + kappa cd
    enters the dynamics.
    """
    return _check_real(c2, "c2") + _check_real(kappa, "kappa") * _check_real(cd, "cd")


def to_db(x, floor: float = -60.0) -> np.ndarray:
    """10 log10(x), floored at ``floor`` dB (for zero or vanishing variances); NaN stays
    NaN."""
    x = np.asarray(x, dtype=float)
    if np.any(x < -1e-9):
        raise ValueError("to_db needs non-negative values (variances or ratios)")
    with np.errstate(divide="ignore"):
        return np.maximum(10.0 * np.log10(np.maximum(x, 0.0)), floor)


# --------------------------------------------------------------------- 1-D minimisation
def minimise_on_grid(f, grid, xatol: float = 1e-9) -> tuple[float, float]:
    """Minimise a scalar function of one variable that may have a sharp minimum.

    Evaluates ``f`` on ``grid`` (sorted, at least 3 points), then refines with bounded
    Brent search in the two grid cells around the grid minimum (``xatol`` absolute
    tolerance in x). A grid spacing wider than the minimum would miss it; the Brent step
    finds it. Returns ``(x, f(x))``, the better of the grid point and the refined point.
    """
    grid = _check_array(grid, "grid")
    if grid.ndim != 1 or grid.size < 3 or np.any(np.diff(grid) <= 0):
        raise ValueError(
            "grid must be a strictly increasing 1-D array of at least 3 points"
        )
    xatol = positive_float("xatol", xatol)
    values = np.array([float(f(float(x))) for x in grid])
    i = int(np.argmin(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    res = minimize_scalar(
        lambda x: float(f(float(x))),
        bounds=(float(lo), float(hi)),
        method="bounded",
        options={"xatol": xatol},
    )
    if float(res.fun) <= values[i]:
        return float(res.x), float(res.fun)
    return float(grid[i]), float(values[i])


def refine_grid(grid, x0: float, half_width: float, n: int = 101) -> np.ndarray:
    """``grid`` plus ``n`` evenly spaced points on ``[x0 - half_width, x0 +
    half_width]`` and ``x0``.

    Returns the sorted union without duplicates (float64): a plotting grid that resolves
    a sharp feature at ``x0`` that the coarse ``grid`` steps over.
    """
    grid = _check_array(grid, "grid").ravel()
    x0 = _check_real(x0, "x0")
    half_width = _check_real(half_width, "half_width")
    if half_width <= 0:
        raise ValueError(f"half_width must be positive, got {half_width}")
    n = positive_int("n", n, 2)
    return np.union1d(
        grid, np.append(np.linspace(x0 - half_width, x0 + half_width, int(n)), x0)
    )
