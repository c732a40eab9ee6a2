"""Experiments of the chapter ``spin1-bec``: one ``run_*`` function per section.

Every value comes from exact diagonalisation (ED) of the M = 0 sector in
:mod:`shared.quantum.spin1` or from its closed forms; nothing is random, so no function
takes a seed and two runs give identical numbers. Units: energies and q in |c|, times in
1/|c|, squeezing in dB (10 log10 xi^2_N, negative = squeezed), F_Q/(4N) dimensionless.

The notebook calls, in order, :func:`run_phase`, :func:`run_ground_squeezing`,
:func:`run_critical_scaling`, :func:`run_qfi`, :func:`run_parity`,
:func:`run_quench_curves`, :func:`run_quench_map`, :func:`run_steady`,
:func:`run_validity` and :func:`dipolar_error`, then :func:`measured` (the input of
:func:`shared.quantum.spin1_claims.claims`) and :func:`key_numbers`. Each result has a
``prose()`` method: the numbers the chapter's text glues.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace

import numpy as np

from shared.quantum import spin1 as sp
from shared.quantum import spin1_claims as spc
from shared.repro.validate import positive_float
from shared.repro.validate import positive_int

__all__ = [
    "AFM",
    "FERRO",
    "PROFILES",
    "CriticalScaling",
    "GroundSqueezing",
    "Parity",
    "Phase",
    "Profile",
    "Qfi",
    "QuenchCurves",
    "QuenchMap",
    "Steady",
    "Validity",
    "dipolar_error",
    "key_numbers",
    "measured",
    "run_critical_scaling",
    "run_ground_squeezing",
    "run_parity",
    "run_phase",
    "run_qfi",
    "run_quench_curves",
    "run_quench_map",
    "run_steady",
    "run_validity",
]

#: c in units of |c|: ferromagnetic and antiferromagnetic.
FERRO, AFM = -1.0, 1.0


def _ints(name: str, values, minimum: int = 2) -> tuple[int, ...]:
    if not isinstance(values, tuple) or not values:
        raise ValueError(
            f"{name}={values!r}: must be a non-empty tuple of atom numbers"
        )
    return tuple(positive_int(name, v, minimum) for v in values)


# Deliberate repeat: one field a line, like every profile dataclass in the book;
# the fields themselves are this class's own.
@dataclass(frozen=True)
class Profile:
    """Settings of the chapter ``spin1-bec`` (atom numbers, grid sizes, times in 1/|c|).

    * ``n_phase`` -- atom numbers of the phase diagram (F1, M1); ``n_q_phase`` -- q
      points per sign of c on [-4, 4]|c|.
    * ``n_squeeze`` -- atom numbers of the ground-state squeezing scan (F2, C2),
      increasing;
      ``n_q_squeeze`` -- q points per sign of c.
    * ``n_scaling`` -- atom numbers of the power-law fits at q_c = 2|c| (F3, C3, M3);
      ``n_q_qfi`` -- q points of the QFI scans.
    * ``parity_pairs`` -- neighbouring (even, odd) atom numbers (F4, C4);
      ``parity_nmax`` -- largest N of the q = 0 closed-form plot; ``n_q_parity`` --
      points of the q N^2/c axis.
    * ``n_quench`` -- atoms in the quench curves and the quench map (F5, F6, C5);
      ``n_times`` -- time points on [0, t_max]; ``t_max`` -- simulated window (1/|c|);
      ``n_q_map`` -- q points of the quench map per sign of c.
    * ``n_steady`` -- atom numbers of the quench to q_c (F7, C6), increasing.
    * ``n_validity`` -- atom numbers of the Bogoliubov comparison (F8, C7);
      ``t_validity`` -- its time window (1/|c|).
    * ``n_c2`` -- the N at which C2 compares ED with Bogoliubov (must be in
      ``n_squeeze``);
      ``n_ba`` -- the two N of the C3 broken-axisymmetry comparison (in ``n_scaling``);
      ``n_c7`` -- the two N at which C7 is tested (in ``n_validity``).
    """

    n_phase: tuple[int, ...]
    n_q_phase: int
    n_squeeze: tuple[int, ...]
    n_q_squeeze: int
    n_scaling: tuple[int, ...]
    n_q_qfi: int
    parity_pairs: tuple[tuple[int, int], ...]
    parity_nmax: int
    n_q_parity: int
    n_quench: int
    n_times: int
    t_max: float
    n_q_map: int
    n_steady: tuple[int, ...]
    n_validity: tuple[int, ...]
    t_validity: float
    n_c2: int = 10000
    n_ba: tuple[int, int] = (1000, 10000)
    n_c7: tuple[int, int] = (1000, 4000)

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "parity_pairs":
                if not isinstance(value, tuple) or not value:
                    raise ValueError(
                        f"parity_pairs={value!r}: must be a non-empty tuple"
                    )
                for pair in value:
                    a, b = _ints("parity_pairs", pair)
                    if b != a + 1:
                        raise ValueError(f"parity_pairs: {pair!r} must be (N, N + 1)")
            elif f.name in ("t_max", "t_validity"):
                positive_float(f.name, value)
            elif str(f.type).startswith("tuple"):
                _ints(f.name, value)
            else:
                positive_int(f.name, value, 2)
        for name, need, have in (
            ("n_c2", (self.n_c2,), self.n_squeeze),
            ("n_ba", self.n_ba, self.n_scaling),
            ("n_c7", self.n_c7, self.n_validity),
        ):
            if not set(need) <= set(have):
                raise ValueError(
                    f"{name}={need!r}: the atom numbers must be listed in {have}"
                )
        for name in ("n_squeeze", "n_steady", "n_validity", "n_scaling"):
            if list(getattr(self, name)) != sorted(set(getattr(self, name))):
                raise ValueError(f"{name}: atom numbers must increase strictly")


#: The quick profile, one setting a line (the values of the former ``spin1.PROFILES``
#: dict). Deliberate repeat: the same one-setting-a-line layout as every chapter's QUICK
#: profile.
QUICK = Profile(
    n_phase=(100, 1000, 10000),
    n_q_phase=150,
    n_squeeze=(100, 1000, 10000),
    n_q_squeeze=80,
    n_scaling=(100, 316, 1000, 3162, 10000),
    n_q_qfi=120,
    parity_pairs=((100, 101), (1000, 1001)),
    parity_nmax=60,
    n_q_parity=121,
    n_quench=1000,
    n_times=301,
    t_max=15.0,
    n_q_map=12,
    n_steady=(1000, 4000),
    n_validity=(250, 500, 1000, 2000, 4000),
    t_validity=12.0,
)
#: The full profile: only what differs from :data:`QUICK`. Deliberate repeat: the
#: same ``replace(QUICK, ...)`` layout as every chapter's FULL profile.
FULL = replace(
    QUICK,
    n_phase=(100, 1000, 10000, 100000),
    n_squeeze=(100, 1000, 10000, 100000),
    n_q_squeeze=120,
    n_scaling=(100, 178, 316, 562, 1000, 1778, 3162, 5623, 10000, 100000),
    n_q_qfi=160,
    parity_pairs=((100, 101), (1000, 1001), (10000, 10001)),
    n_q_parity=161,
    n_quench=4000,
    n_times=601,
    n_q_map=40,
    n_steady=(1000, 4000, 10000),
    n_validity=(250, 500, 1000, 2000, 4000, 8000),
)
#: The chapter's profiles by name.
PROFILES = {"quick": QUICK, "full": FULL}


def _floats(d: dict) -> dict:
    return {k: float(v) for k, v in d.items()}


# ------------------------------------------------------------------ phase diagram (M1)
# Deliberate repeat: one field a line and a prose() dict, like every results
# dataclass of this module; the fields and glued values differ.
@dataclass(frozen=True)
class Phase:
    """Ground-state scans over ``q`` (|c|), both signs of c, every N of ``n_phase``.

    ``scans[(c, N)]``: :func:`spin1.ground_state_scan` arrays (``rho0``, ``gap``, ...);
    ``gap_min[(c, q_c, N)]``: (q, gap) of the local gap minimum near q_c; ``rho0_err``,
    ``gap_shift``, ``gap_shrinks``: method check M1; ``gap_afm_nmax``: N x gap at the
    AFM q = 0 for the largest N (|c|).
    """

    n: tuple[int, ...]
    q: np.ndarray
    scans: dict
    gap_min: dict
    rho0_err: float
    gap_shift: float
    gap_shrinks: bool
    gap_afm_nmax: float

    def prose(self) -> dict:
        return _floats(
            {
                "rho0_err": self.rho0_err,
                "gap_shift": self.gap_shift,
                "gap_afm_nmax": self.gap_afm_nmax,
            }
        )


def _lowest_gap(N, q, c):
    E, _ = sp.ground_state(N, float(q), c, n_states=2)
    return E[1] - E[0]


def _gap_minimum(N, c, qc):
    """Location and value of the local minimum of the lowest gap near q_c."""
    width = 0.5 if c < 0 else 10.0 / N**2  # the AFM gap closes in a window |q| ~ c/N^2
    grid = qc + width * np.linspace(-1.0, 1.0, 41)
    return sp.minimise_on_grid(lambda q: _lowest_gap(N, q, c), grid, xatol=1e-6 * width)


def run_phase(p: Profile) -> Phase:
    """Exact rho0 and lowest M = 0 gap versus q, against mean field (check M1)."""
    q = np.union1d(np.linspace(-4.0, 4.0, p.n_q_phase), [-2.0, 0.0, 2.0])
    scans = {
        (c, N): sp.ground_state_scan(N, q, c) for c in (FERRO, AFM) for N in p.n_phase
    }

    def rho0_error(c, N):
        far = np.min([np.abs(q - qc) for qc in sp.q_critical(c)], axis=0) >= 0.2
        dev = np.abs(scans[(c, N)]["rho0"] - sp.mean_field_rho0(q, c))
        return float(np.max(dev[far]))

    crit = [(c, qc) for c in (FERRO, AFM) for qc in sp.q_critical(c)]
    gap_min = {(c, qc, N): _gap_minimum(N, c, qc) for c, qc in crit for N in p.n_phase}
    big = [N for N in p.n_phase if N >= 1000]
    rho0_err = max(rho0_error(c, N) for c in (FERRO, AFM) for N in big)
    gap_shift = max(abs(gap_min[(c, qc, N)][0] - qc) for c, qc in crit for N in big)
    gap_shrinks = all(
        np.all(np.diff([gap_min[(c, qc, N)][1] for N in p.n_phase]) < 0)
        for c, qc in crit
    )
    n_max = p.n_phase[-1]
    return Phase(
        n=p.n_phase,
        q=q,
        scans=scans,
        gap_min=gap_min,
        rho0_err=rho0_err,
        gap_shift=gap_shift,
        gap_shrinks=bool(gap_shrinks),
        gap_afm_nmax=_lowest_gap(n_max, 0.0, AFM) * n_max,
    )


# ---------------------------------------------------------- ground-state squeezing (C2)
# Deliberate repeat: one field a line, like every results dataclass
# of this module; the fields differ.
@dataclass(frozen=True)
class GroundSqueezing:
    """Ground-state squeezing versus q (C2, M4, M7).

    ``q[c]``, ``scans[(c, N)]``: scan grids and ED scans; ``bog[c]``: Bogoliubov ground
    state; ``dev_db[c]`` / ``dev_null_db[c]``: max |ED - Bogoliubov| (dB) at N =
    ``n_c2`` on the stable side, and the same for the c = 0 ground state; ``best_q``,
    ``best_db``: minimiser (|c|) and minimum (dB) over q near the ferromagnetic q_c for
    each N, and
    ``best_free_db`` for c = 0; ``deepen_db`` (largest step of ``best_db`` between
    consecutive N), ``gain_db`` (best minus the value at q = 3.5|c|, largest N) and
    their c = 0 nulls; ``q_plot[N]``, ``xi2_plot[N]``: the refined plotting grid and
    curve;
    ``fig_gap_db`` (M7) and ``fig_gap_null_db`` (coarse grid alone).
    """

    n: tuple[int, ...]
    n_c2: int
    q: dict
    scans: dict
    bog: dict
    dev_db: dict
    dev_null_db: dict
    best_q: list
    best_db: list
    best_free_db: list
    deepen_db: float
    deepen_null_db: float
    ba_side_approaches: bool
    gain_db: float
    gain_null_db: float
    q_plot: dict
    xi2_plot: dict
    fig_gap_db: float
    fig_gap_null_db: float

    def prose(self) -> dict:
        out = _floats(
            {
                "c2_gap_ferro": self.dev_db[FERRO],
                "c2_gap_afm": self.dev_db[AFM],
                "best_q_nmax": self.best_q[-1],
                "best_db_nmax": self.best_db[-1],
                "gain_db": self.gain_db,
                "fig_gap_null": self.fig_gap_null_db,
                "fig_gap": self.fig_gap_db,
            }
        )
        out["n_a"] = self.n_c2
        return out


def _xi2_at(N, q, c=FERRO):
    return float(sp.ground_state_scan(N, [q], c, n_states=1)["xi2_N"][0])


def _max_db_dev(a, b, mask):
    return float(np.nanmax(np.abs(sp.to_db(a) - sp.to_db(b))[mask]))


def run_ground_squeezing(p: Profile) -> GroundSqueezing:
    """ED versus Bogoliubov ground-state squeezing; the minimum over q near 2|c|.

    The minimum over q is found on a grid and refined by bounded Brent search
    (:func:`spin1.minimise_on_grid`); the null of every check is the c = 0 ground state.
    """
    n = p.n_squeeze
    q = {
        FERRO: np.linspace(1.5, 3.5, p.n_q_squeeze),
        AFM: np.logspace(-3, 0, p.n_q_squeeze),
    }
    scans = {(c, N): sp.ground_state_scan(N, q[c], c) for c in (FERRO, AFM) for N in n}
    bog = {c: sp.bogoliubov_ground(q[c], c) for c in (FERRO, AFM)}
    stable = {FERRO: q[FERRO] >= 2.1, AFM: q[AFM] >= 0.02}
    dev = {
        c: _max_db_dev(scans[(c, p.n_c2)]["xi2_N"], bog[c].xi2, stable[c])
        for c in (FERRO, AFM)
    }
    free = {
        c: sp.ground_state_scan(p.n_c2, q[c], 0.0, n_states=1) for c in (FERRO, AFM)
    }
    dev_null = {
        c: _max_db_dev(free[c]["xi2_N"], bog[c].xi2, stable[c]) for c in (FERRO, AFM)
    }

    q_fine = np.linspace(1.5, 2.5, 101)
    best = [
        sp.minimise_on_grid(lambda x, N=N: _xi2_at(N, x), q_fine, xatol=1e-6) for N in n
    ]
    best_q = [b[0] for b in best]
    best_db = [float(sp.to_db(b[1])) for b in best]
    best_free_db = [
        float(
            sp.to_db(sp.minimise_on_grid(lambda x, N=N: _xi2_at(N, x, 0.0), q_fine)[1])
        )
        for N in n
    ]
    bq = np.array(best_q)
    ba_side = bool(np.all(bq < 2.0) and np.all(np.diff(2.0 - bq) < 0))
    q_far = float(q[FERRO][-1])
    gain = best_db[-1] - float(sp.to_db(_xi2_at(n[-1], q_far)))
    gain_null = best_free_db[-1] - float(sp.to_db(_xi2_at(n[-1], q_far, 0.0)))
    # the figure: a grid refined around each minimum (the dip at N = 10^4 is ~0.03|c|
    # wide)
    q_plot = {N: sp.refine_grid(q[FERRO], qs, 0.05, n=101) for N, qs in zip(n, best_q)}
    xi2_plot = {
        N: sp.ground_state_scan(N, q_plot[N], FERRO, n_states=1)["xi2_N"] for N in n
    }
    fig_gap = max(float(sp.to_db(xi2_plot[N].min())) - b for N, b in zip(n, best_db))
    coarse_min = float(sp.to_db(scans[(FERRO, n[-1])]["xi2_N"].min()))
    return GroundSqueezing(
        n=n,
        n_c2=p.n_c2,
        q=q,
        scans=scans,
        bog=bog,
        dev_db=dev,
        dev_null_db=dev_null,
        best_q=best_q,
        best_db=best_db,
        best_free_db=best_free_db,
        deepen_db=float(np.max(np.diff(best_db))),
        deepen_null_db=float(np.max(np.diff(best_free_db))),
        ba_side_approaches=ba_side,
        gain_db=gain,
        gain_null_db=gain_null,
        q_plot=q_plot,
        xi2_plot=xi2_plot,
        fig_gap_db=fig_gap,
        fig_gap_null_db=coarse_min - best_db[-1],
    )


# ------------------------------------------------------- scaling at q_c = 2|c| (C3, M3)
# Deliberate repeat: one field a line and a prose() dict, like every results
# dataclass of this module; the fields and glued values differ.
@dataclass(frozen=True)
class CriticalScaling:
    """Ground state at the ferromagnetic q_c = 2|c| versus N (``n``).

    ``series[name]`` for name in ``xi2``, ``gap`` (|c|), ``fq``: values at each N;
    ``fits[name]``: (polyfit coefficients of log10 y on log10 N, max log10 residual);
    ``exp_a``, ``exp_b``, ``exp_f``: fitted exponents of xi2, gap and F_Q.
    """

    n: np.ndarray
    series: dict
    fits: dict
    exp_a: float
    exp_b: float
    exp_f: float

    def prose(self) -> dict:
        return _floats(
            {
                "exp_a": self.exp_a,
                "exp_b": self.exp_b,
                "exp_f": self.exp_f,
                "exp_ab": abs(self.exp_a - self.exp_b),
                "exp_fa": abs(self.exp_f - (1 - self.exp_a)),
            }
        )


def run_critical_scaling(p: Profile) -> CriticalScaling:
    """Squeezing, gap and QFI at q_c = 2|c| and their power-law fits in N."""
    n = np.array(p.n_scaling)
    at_qc = [sp.ground_state_scan(int(N), [2.0], FERRO) for N in n]
    series = {
        "xi2": np.array([r["xi2_N"][0] for r in at_qc]),
        "gap": np.array([r["gap"][0] for r in at_qc]),
        "fq": np.array([r["fq_plane"][0] for r in at_qc]),
    }
    fits = {}
    for name, y in series.items():
        coef = np.polyfit(np.log10(n), np.log10(y), 1)
        resid = np.abs(np.log10(y) - np.polyval(coef, np.log10(n)))
        fits[name] = (coef, float(np.max(resid)))
    return CriticalScaling(
        n=n,
        series=series,
        fits=fits,
        exp_a=fits["xi2"][0][0],
        exp_b=fits["gap"][0][0],
        exp_f=fits["fq"][0][0],
    )


# ------------------------------------------------------------------------- QFI (C3)
@dataclass(frozen=True)
class Qfi:
    """Ground-state QFI scans (C3).

    ``q[c]``, ``scans[(c, N)]`` for N in ``n`` (100 and ``n_ba`` where listed);
    ``witness``: min F_Q/(4N) at the critical points over ``n_scaling``; ``ba_change``:
    max relative change of F_Q/N^2 in the BA phase (|q| <= 1.5|c|) between the two N of
    ``n_ba``;
    ``ba_vs_mf``: max relative deviation from mean field at the larger; ``*_null``: the
    same for the unentangled polar state |0, N, 0>.
    """

    n: tuple[int, ...]
    q: dict
    scans: dict
    witness: float
    witness_null: float
    ba_change: float
    ba_change_null: float
    ba_vs_mf: float
    ba_vs_mf_null: float

    def prose(self) -> dict:
        return _floats(
            {
                "ba_change": self.ba_change,
                "ba_vs_mf": self.ba_vs_mf,
                "witness_min": self.witness,
            }
        )


def run_qfi(p: Profile) -> Qfi:
    """F_Q of the best (S_x, Q_yz) generator versus q; Heisenberg scaling in BA."""
    q = {
        FERRO: np.linspace(-3.0, 4.0, p.n_q_qfi),
        AFM: np.linspace(-1.0, 1.0, p.n_q_qfi),
    }
    lo, hi = p.n_ba
    n = tuple(N for N in p.n_scaling if N in (100,) + p.n_ba)
    scans = {(c, N): sp.ground_state_scan(N, q[c], c) for c in (FERRO, AFM) for N in n}
    ba = np.abs(q[FERRO]) <= 1.5
    mf = sp.mean_field_qfi_ba(q[FERRO][ba], FERRO)
    fq_n2 = {N: scans[(FERRO, N)]["fq_plane"][ba] / N**2 for N in n}
    witness = min(
        float(sp.ground_state_scan(N, [qc], c)["fq_plane"][0] / (4 * N))
        for c in (FERRO, AFM)
        for qc in sp.q_critical(c)
        for N in p.n_scaling
    )
    # null: the unentangled polar state |0, N, 0> (the c = 0 ground state for q > 0)
    polar = {N: float(sp.qfi(np.eye(N // 2 + 1)[0], N)) / N**2 for N in p.n_scaling}
    return Qfi(
        n=n,
        q=q,
        scans=scans,
        witness=witness,
        witness_null=min(polar[N] * N / 4 for N in p.n_scaling),
        ba_change=float(np.max(np.abs(fq_n2[hi] / fq_n2[lo] - 1.0))),
        ba_change_null=abs(polar[hi] / polar[lo] - 1.0),
        ba_vs_mf=float(np.max(np.abs(fq_n2[hi] / mf - 1.0))),
        ba_vs_mf_null=float(np.max(np.abs(polar[hi] / mf - 1.0))),
    )


# ------------------------------------------------------------------ even and odd N (C4)
@dataclass(frozen=True)
class Parity:
    """Even versus odd N in the AFM case near q = 0 (C4).

    ``cf_err`` / ``cf_null``: max error of the q = 0 closed forms against ED, for the
    closed forms of the same and of the other parity; ``x``: the q N^2/c axis;
    ``scans[N]``: ED scans for every N of ``pairs``; ``parity_small_db``,
    ``merge_polar_db``, ``twin_gap_db``: min |dB(N) - dB(N+1)| for |x| <= 1, its max for
    x >= 30 and its min for x <= -30; ``n_small``, ``q0[i]``, ``cf_small[i]``: ED and
    closed forms at q = 0 for N = 2 ... parity_nmax.
    """

    pairs: tuple
    cf_err: float
    cf_null: float
    x: np.ndarray
    scans: dict
    parity_small_db: float
    merge_polar_db: float
    twin_gap_db: float
    n_small: np.ndarray
    q0: list
    cf_small: list

    def prose(self) -> dict:
        return _floats(
            {
                "cf_err": self.cf_err,
                "parity_small": self.parity_small_db,
                "merge_polar": self.merge_polar_db,
                "twin_gap": self.twin_gap_db,
            }
        )


def _closed_form_errors(N: int) -> tuple[float, float]:
    """Max error of the q = 0 closed forms of N and of N + 1 against ED at N."""
    _, psi = sp.ground_state(N, 0.0, AFM)
    m = sp.moments(psi[:, 0], N)
    ed = (m.cov[0, 0], m.cov[1, 1], m.n_plus, m.var_g2, sp.qfi(psi[:, 0], N))
    errs = []
    for n_cf in (N, N + 1):
        cf = sp.q0_closed_forms(n_cf)
        exact = (
            cf["var_sx"],
            cf["var_qyz"],
            cf["n_plus"],
            cf["var_g2"],
            cf["fq_plane"],
        )
        errs.append(
            max(
                abs(a - b) / abs(b) if b != 0 else abs(a - b) for a, b in zip(ed, exact)
            )
        )
    return errs[0], errs[1]


def run_parity(p: Profile) -> Parity:
    """Closed forms at q = 0 against ED, and the parity gap versus q N^2/c."""
    cf_err, cf_null = 0.0, 0.0  # null: the closed forms of the other parity (N + 1)
    pair_ns = [n for pair in p.parity_pairs for n in pair]
    for N in list(range(2, 41)) + [1000, 1001] + pair_ns:
        err, err_null = _closed_form_errors(N)
        cf_err, cf_null = max(cf_err, err), max(cf_null, err_null)
    n_side = (p.n_q_parity - 1) // 2
    x = np.concatenate([-np.logspace(4, -3, n_side), [0.0], np.logspace(-3, 4, n_side)])
    scans = {N: sp.ground_state_scan(N, x / N**2, AFM) for N in pair_ns}
    diff = [
        np.abs(sp.to_db(scans[a]["xi2_N"]) - sp.to_db(scans[b]["xi2_N"]))
        for a, b in p.parity_pairs
    ]
    n_small = np.arange(2, p.parity_nmax + 1)
    return Parity(
        pairs=p.parity_pairs,
        cf_err=cf_err,
        cf_null=cf_null,
        x=x,
        scans=scans,
        parity_small_db=min(float(d[np.abs(x) <= 1].min()) for d in diff),
        merge_polar_db=max(float(d[x >= 30].max()) for d in diff),
        twin_gap_db=min(float(d[x <= -30].min()) for d in diff),
        n_small=n_small,
        q0=[sp.ground_state_scan(int(N), [0.0], AFM) for N in n_small],
        cf_small=[sp.q0_closed_forms(int(N)) for N in n_small],
    )


# -------------------------------------------------------------- quench dynamics (C5)
def _times(p: Profile) -> np.ndarray:
    return np.linspace(0.0, p.t_max, p.n_times)


@dataclass(frozen=True)
class QuenchCurves:
    """Squeezing after quenches from the polar state, N = ``n``, times ``t`` (1/|c|).

    ``q[c]``: the quench points; ``ed[(c, q)]``: :func:`spin1.quench_observables`;
    ``bog[(c, q)]``: :func:`spin1.bogoliubov_quench` on the same grid.
    """

    n: int
    t: np.ndarray
    q: dict
    ed: dict
    bog: dict

    def prose(self) -> dict:
        return {"t_max": float(self.t[-1]), "n_quench": self.n}


def run_quench_curves(p: Profile) -> QuenchCurves:
    """Exact and Bogoliubov dynamics at a few q on both sides of each critical point."""
    t = _times(p)
    q = {FERRO: (3.0, 2.5, 2.0, 1.0), AFM: (1.0, 0.5, 0.1, 0.0)}
    pts = [(c, x) for c in (FERRO, AFM) for x in q[c]]
    return QuenchCurves(
        n=p.n_quench,
        t=t,
        q=q,
        ed={(c, x): sp.quench_observables(p.n_quench, x, c, t) for c, x in pts},
        bog={(c, x): sp.bogoliubov_quench(t, x, c) for c, x in pts},
    )


# Deliberate repeat: one field a line, like every results dataclass
# of this module; the fields differ.
@dataclass(frozen=True)
class QuenchMap:
    """Best squeezing and largest F_Q/(4N) within t <= t_max versus q (C5, M6).

    ``q[c]``: the q grid; ``best[c]``, ``fq[c]``: ED min_t xi2 and max_t F_Q/(4N);
    ``bog_best[c]``, ``bog_fq[c]``: Bogoliubov over the same window; ``monotone`` /
    ``monotone_null``: best xi2 improves monotonically towards q_c on the stable side
    (ED / c = 0); ``fq_min`` / ``fq_min_null``: min over q of max_t F_Q/(4N);
    ``far_dev_db[c]``: max |ED - Bogoliubov| best squeezing for |q - q_c| >= 0.5 (dB);
    ``over_db``: how much deeper Bogoliubov's best squeezing is in the unstable window
    (dB, each q there).
    """

    n: int
    t_max: float
    q: dict
    best: dict
    fq: dict
    bog_best: dict
    bog_fq: dict
    monotone: bool
    monotone_null: bool
    fq_min: float
    fq_min_null: float
    far_dev_db: dict
    over_db: np.ndarray

    def prose(self) -> dict:
        return _floats(
            {
                "fq_min_map": self.fq_min,
                "over_min": self.over_db.min(),
                "over_max": self.over_db.max(),
            }
        )


_Q_CRIT = {FERRO: 2.0, AFM: 0.0}


def _improves_towards_qc(q, best, qc) -> bool:
    stable = q > qc
    order = np.argsort(-np.abs(q[stable] - qc))  # far -> near
    return bool(np.all(np.diff(best[stable][order]) < 0))


def run_quench_map(p: Profile) -> QuenchMap:
    """Quench map over q for both signs of c; the null is the c = 0 quench."""
    t = _times(p)
    k = p.n_q_map // 3
    rest = p.n_q_map - k
    q = {
        FERRO: np.concatenate(
            [np.linspace(0.5, 1.9, k), 2.0 + 2.0 * np.logspace(-1.5, 0, rest)]
        ),
        AFM: np.concatenate([np.linspace(-1.9, -0.5, k), np.logspace(-1.5, 0, rest)]),
    }
    best, fq, bog_best, bog_fq, far_dev = {}, {}, {}, {}, {}
    for c in (FERRO, AFM):
        rows = [sp.quench_observables(p.n_quench, float(x), c, t) for x in q[c]]
        bog = sp.bogoliubov_quench(t[None, :], q[c][:, None], c)
        best[c] = np.array([r["xi2"].min() for r in rows])
        fq[c] = np.array([r["fq_over_4n"].max() for r in rows])
        bog_best[c], bog_fq[c] = bog.xi2.min(axis=1), bog.fq_over_4n.max(axis=1)
    monotone = True
    for c in (FERRO, AFM):
        qc = _Q_CRIT[c]
        monotone &= _improves_towards_qc(q[c], best[c], qc)
        far = (q[c] > qc) & (np.abs(q[c] - qc) >= 0.5)
        far_dev[c] = _max_db_dev(best[c], bog_best[c], far)
    # null: the same quenches with c = 0: the polar state does not evolve
    free = {
        c: [sp.quench_observables(p.n_quench, float(x), 0.0, t) for x in q[c]]
        for c in (FERRO, AFM)
    }
    monotone_null = True
    for c in (FERRO, AFM):
        best_free = np.array([r["xi2"].min() for r in free[c]])
        monotone_null &= _improves_towards_qc(q[c], best_free, _Q_CRIT[c])
    over = [
        (sp.to_db(best[c]) - sp.to_db(bog_best[c]))[q[c] * (q[c] + 2 * c) < 0]
        for c in (FERRO, AFM)
    ]
    # Deliberate repeat: one keyword a line, like every results constructor.
    return QuenchMap(
        n=p.n_quench,
        t_max=p.t_max,
        q=q,
        best=best,
        fq=fq,
        bog_best=bog_best,
        bog_fq=bog_fq,
        monotone=bool(monotone),
        monotone_null=bool(monotone_null),
        fq_min=min(float(fq[c].min()) for c in (FERRO, AFM)),
        fq_min_null=min(
            float(r["fq_over_4n"].max()) for c in (FERRO, AFM) for r in free[c]
        ),
        far_dev_db=far_dev,
        over_db=np.concatenate(over),
    )


# ---------------------------------------------------------------- steady squeezing (C6)
@dataclass(frozen=True)
class Steady:
    """Quench to the ferromagnetic q_c = 2|c| and the late-window test of C6 (and M5).

    ``ed[N]``: ED observables for N in ``n``; ``bog``: Bogoliubov on the same grid;
    ``t_win``: start of the late window (1/|c|); ``level_db``, ``spread_db``,
    ``fq_min``: worst squeezing, its spread (dB) and min F_Q/(4N) in the window (worst
    over N);
    ``*_null``: the same for an oscillating quench to ``q_osc`` = 2.5|c| at the smallest
    N (``osc``); ``bog_spread_db``: spread of Bogoliubov's squeezing in the window; M5:
    ``t_opt[N]``, ``best_db[N]``, ``opt_time_grows``, ``follow_dev_db`` and, from the
    stable quench ``stab`` to ``q_stab`` = 3|c| with frequency ``omega``,
    ``period_err``.
    """

    n: tuple[int, ...]
    t: np.ndarray
    ed: dict
    bog: object
    t_win: float
    level_db: float
    spread_db: float
    fq_min: float
    q_osc: float
    osc: dict
    level_null_db: float
    spread_null_db: float
    fq_min_null: float
    bog_spread_db: float
    t_opt: dict
    best_db: dict
    opt_time_grows: bool
    follow_dev_db: float
    q_stab: float
    stab: dict
    omega: float
    period_err: float

    def prose(self) -> dict:
        lo, hi = self.n[0], self.n[-1]
        out = _floats(
            {
                "t_opt_small": self.t_opt[lo],
                "t_opt_large": self.t_opt[hi],
                "best_steady_small": self.best_db[lo],
                "best_steady_large": self.best_db[hi],
                "t_win": self.t_win,
                "c6_level": self.level_db,
                "c6_spread": self.spread_db,
                "c6_fq": self.fq_min,
                "c6_level_null": self.level_null_db,
                "c6_spread_null": self.spread_null_db,
                "c6_fq_null": self.fq_min_null,
                "bog_spread": self.bog_spread_db,
                "follow_dev": self.follow_dev_db,
                "period_err": self.period_err,
            }
        )
        out.update(n_steady_small=lo, n_steady_large=hi)
        return out


def run_steady(p: Profile) -> Steady:
    """Quench to q_c = 2|c|: is the squeezing held over [t_max/3, t_max]? (C6, M5)."""
    t = _times(p)
    q_st, c_st = 2.0, FERRO
    ed = {N: sp.quench_observables(N, q_st, c_st, t) for N in p.n_steady}
    bog = sp.bogoliubov_quench(t, q_st, c_st)
    t_win = spc.C6_WINDOW_FRACTION * p.t_max
    window = t >= t_win

    def held(obs):
        """Worst squeezing (dB), its spread (dB), smallest F_Q/(4N) in the window."""
        db = sp.to_db(obs["xi2"][window])
        return (
            float(db.max()),
            float(db.max() - db.min()),
            float(obs["fq_over_4n"][window].min()),
        )

    held_ed = [held(ed[N]) for N in p.n_steady]
    q_osc = 2.5  # null: a stable quench, whose squeezing oscillates
    osc = sp.quench_observables(p.n_steady[0], q_osc, c_st, t)
    level_null, spread_null, fq_null = held(osc)
    t_opt = {N: float(t[np.argmin(ed[N]["xi2"])]) for N in p.n_steady}
    follow = max(
        float(
            np.max(
                np.abs(sp.to_db(ed[N]["xi2"]) - sp.to_db(bog.xi2))[t <= t_opt[N] / 2]
            )
        )
        for N in p.n_steady
    )
    q_stab = 3.0
    stab = sp.quench_observables(p.n_steady[0], q_stab, c_st, t)
    omega = float(sp.bogoliubov_ground(q_stab, c_st).omega)
    x = stab["xi2"]  # period from the local minima of xi2(t)
    mins = np.flatnonzero((x[1:-1] < x[:-2]) & (x[1:-1] < x[2:])) + 1
    period = float((t[mins[-1]] - t[mins[0]]) / (len(mins) - 1))
    return Steady(
        n=p.n_steady,
        t=t,
        ed=ed,
        bog=bog,
        t_win=t_win,
        level_db=max(h[0] for h in held_ed),
        spread_db=max(h[1] for h in held_ed),
        fq_min=min(h[2] for h in held_ed),
        q_osc=q_osc,
        osc=osc,
        level_null_db=level_null,
        spread_null_db=spread_null,
        fq_min_null=fq_null,
        bog_spread_db=float(np.ptp(sp.to_db(bog.xi2[window]))),
        t_opt=t_opt,
        best_db={N: float(sp.to_db(ed[N]["xi2"].min())) for N in p.n_steady},
        opt_time_grows=bool(np.all(np.diff([t_opt[N] for N in p.n_steady]) > 0)),
        follow_dev_db=follow,
        q_stab=q_stab,
        stab=stab,
        omega=omega,
        period_err=abs(period / (np.pi / omega) - 1.0),
    )


# ------------------------------------------------------------- Bogoliubov validity (C7)
@dataclass(frozen=True)
class Validity:
    """Largest |ED - Bogoliubov| quench squeezing (dB), t <= ``t_validity``, versus N.

    ``points``: the (q, c) of the comparison; ``dev[(q, c)]`` / ``dev_null[(q, c)]``:
    the deviation for each N of ``n`` from Bogoliubov / from the unsqueezed 0 dB
    prediction;
    ``slopes``, ``slopes_null``: log-log slopes in N; ``n_c7``: the N at which C7 is
    tested; ``at(point, N)``, ``at_null(point, N)`` read one value.
    """

    n: np.ndarray
    t_validity: float
    points: tuple
    dev: dict
    dev_null: dict
    slopes: dict
    slopes_null: dict
    n_c7: tuple[int, int]

    def at(self, point, N: int) -> float:
        return float(self.dev[point][list(self.n).index(N)])

    def at_null(self, point, N: int) -> float:
        return float(self.dev_null[point][list(self.n).index(N)])

    def prose(self) -> dict:
        afm, ferro = self.points
        lo = self.n_c7[0]
        out = _floats(
            {
                "dev_afm_1000": self.at(afm, lo),
                "dev_ferro_1000": self.at(ferro, lo),
                "slope_afm": self.slopes[afm],
                "slope_ferro": self.slopes[ferro],
            }
        )
        out["t_validity"] = self.t_validity
        return out


def run_validity(p: Profile) -> Validity:
    """ED against Bogoliubov quench dynamics at AFM q = 0.5c and ferro q = 3|c| (C7)."""
    t = np.linspace(0.0, p.t_validity, 241)
    points = ((0.5, AFM), (3.0, FERRO))
    db = {
        (q, c, N): sp.to_db(sp.quench_observables(N, q, c, t)["xi2"])
        for q, c in points
        for N in p.n_validity
    }
    dev, dev_null = {}, {}
    for q, c in points:
        theory = sp.to_db(sp.bogoliubov_quench(t, q, c).xi2)
        dev[(q, c)] = np.array(
            [np.max(np.abs(db[(q, c, N)] - theory)) for N in p.n_validity]
        )
        # null: the unsqueezed prediction (0 dB) in place of Bogoliubov theory
        dev_null[(q, c)] = np.array(
            [np.max(np.abs(db[(q, c, N)])) for N in p.n_validity]
        )
    n = np.array(p.n_validity)

    def slope(v):
        return float(np.polyfit(np.log10(n), np.log10(v), 1)[0])

    return Validity(
        n=n,
        t_validity=p.t_validity,
        points=points,
        dev=dev,
        dev_null=dev_null,
        slopes={k: slope(v) for k, v in dev.items()},
        slopes_null={k: slope(v) for k, v in dev_null.items()},
        n_c7=p.n_c7,
    )


# --------------------------------------------------------- dipolar renormalisation (M2)
def dipolar_error(atom_numbers=(4, 7, 8)) -> float:
    """Max |M = 0 block of the full-Fock template - sector H at c_eff| (check M2)."""
    err = 0.0
    for N in atom_numbers:
        ops = sp.fock_operators(N)
        basis = ops["basis"]
        m0 = np.flatnonzero(basis[:, 0] == basis[:, 2])
        m0 = m0[np.argsort(basis[m0, 0])]
        for c2, cd, kappa, q in ((-1.0, 0.3, -0.5, 0.7), (0.4, 1.2, 1.0, -0.3)):
            full = sp.fock_hamiltonian(N, q, c2, cd=cd, kappa=kappa, p=0.9, ops=ops)
            d, e = sp.sector_hamiltonian(N, q, sp.c_eff(c2, cd, kappa))
            sector = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
            err = max(err, float(np.max(np.abs(full[np.ix_(m0, m0)] - sector))))
    return err


# --------------------------------------------------------------- claims and key numbers
def measured(
    phase: Phase,
    gs: GroundSqueezing,
    scaling: CriticalScaling,
    qfi: Qfi,
    parity: Parity,
    qmap: QuenchMap,
    steady: Steady,
    val: Validity,
    dipolar_err: float,
) -> spc.Measured:
    """The values :func:`shared.quantum.spin1_claims.claims` grades."""
    afm, ferro = val.points
    lo, hi = val.n_c7
    return spc.Measured(
        c2_gain_db=gs.gain_db,
        c2_gain_null_db=gs.gain_null_db,
        c2_bog_dev_ferro_db=gs.dev_db[FERRO],
        c2_bog_dev_ferro_null_db=gs.dev_null_db[FERRO],
        c2_bog_dev_afm_db=gs.dev_db[AFM],
        c2_bog_dev_afm_null_db=gs.dev_null_db[AFM],
        c2_deepen_db=gs.deepen_db,
        c2_deepen_null_db=gs.deepen_null_db,
        c3_witness=qfi.witness,
        c3_witness_null=qfi.witness_null,
        c3_ba_change=qfi.ba_change,
        c3_ba_change_null=qfi.ba_change_null,
        c3_ba_vs_mf=qfi.ba_vs_mf,
        c3_ba_vs_mf_null=qfi.ba_vs_mf_null,
        c4_cf_err=parity.cf_err,
        c4_cf_err_null=parity.cf_null,
        c4_parity_small_db=parity.parity_small_db,
        c4_merge_polar_db=parity.merge_polar_db,
        c5_monotone=qmap.monotone,
        c5_monotone_null=qmap.monotone_null,
        c5_fq_min=qmap.fq_min,
        c5_fq_min_null=qmap.fq_min_null,
        c6_level_db=steady.level_db,
        c6_level_null_db=steady.level_null_db,
        c6_spread_db=steady.spread_db,
        c6_spread_null_db=steady.spread_null_db,
        c6_fq_min=steady.fq_min,
        c6_fq_min_null=steady.fq_min_null,
        c7_dev_afm_1000=val.at(afm, lo),
        c7_dev_afm_1000_null=val.at_null(afm, lo),
        c7_dev_ferro_1000=val.at(ferro, lo),
        c7_dev_ferro_1000_null=val.at_null(ferro, lo),
        c7_dev_4000=max(val.at(k, hi) for k in val.points),
        c7_dev_4000_null=max(val.at_null(k, hi) for k in val.points),
        c7_slope_err=max(abs(v + 1) for v in val.slopes.values()),
        c7_slope_err_null=min(abs(v + 1) for v in val.slopes_null.values()),
        m1_rho0_err=phase.rho0_err,
        m1_gap_shift=phase.gap_shift,
        m1_gap_shrinks=phase.gap_shrinks,
        m2_dipolar_err=dipolar_err,
        m3_powerlaw_resid=scaling.fits["xi2"][1],
        m3_exp_ab=abs(scaling.exp_a - scaling.exp_b),
        m3_exp_fa=abs(scaling.exp_f - (1 - scaling.exp_a)),
        m4_best_q_ba_side=gs.ba_side_approaches,
        m5_opt_time_grows=steady.opt_time_grows,
        m5_follow_dev_db=steady.follow_dev_db,
        m5_period_err=steady.period_err,
        m6_far_dev_afm_db=qmap.far_dev_db[AFM],
        m6_far_dev_ferro_db=qmap.far_dev_db[FERRO],
        m7_fig_gap_db=gs.fig_gap_db,
        m7_fig_gap_null_db=gs.fig_gap_null_db,
        n_quench=qmap.n,
        t_max=qmap.t_max,
        t_validity=val.t_validity,
        n_steady=tuple(steady.n),
    )


def key_numbers(
    m: spc.Measured,
    gs: GroundSqueezing,
    sc: CriticalScaling,
    par: Parity,
    steady: Steady,
) -> dict:
    """The chapter's key numbers (the ``# NBVAL_CHECK_OUTPUT`` cell), in print order."""
    return {
        "M1 max |rho0 ED - MF| (N>=1e3)": m.m1_rho0_err,
        "M1 max gap-minimum shift (|c|)": m.m1_gap_shift,
        "C2 ED-Bogoliubov gap ferro N=1e4 (dB)": m.c2_bog_dev_ferro_db,
        "C2 best xi2 at largest N (dB)": gs.best_db[-1],
        "C2 best q at largest N (|c|)": gs.best_q[-1],
        "C2 gain over q=3.5|c| (dB)": m.c2_gain_db,
        "C3 exponent a (xi2 at q_c)": sc.exp_a,
        "C3 exponent b (gap at q_c)": sc.exp_b,
        "C3 exponent f (F_Q at q_c)": sc.exp_f,
        "C3 BA F_Q/N^2 change 1e3->1e4": m.c3_ba_change,
        "C4 parity gap |q|<=c/N^2 (dB)": m.c4_parity_small_db,
        "C4 polar-side merge (dB)": m.c4_merge_polar_db,
        "C4 twin-Fock-side gap (dB)": par.twin_gap_db,
        "C5 min_q max_t F_Q/4N": m.c5_fq_min,
        "C6 worst xi2 in late window (dB)": m.c6_level_db,
        "C6 xi2 spread in late window (dB)": m.c6_spread_db,
        "C6 min F_Q/4N in late window": m.c6_fq_min,
        "C7 AFM q=0.5 dev N=1000 (dB)": m.c7_dev_afm_1000,
        "C7 ferro q=3 dev N=1000 (dB)": m.c7_dev_ferro_1000,
        "M5 optimum time small N": steady.t_opt[steady.n[0]],
        "M5 optimum time large N": steady.t_opt[steady.n[-1]],
        "M7 figure minimum gap (dB)": m.m7_fig_gap_db,
    }
