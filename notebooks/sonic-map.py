# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A simple sonic mapping method for coal cubes, checked against CT
#
# {cite:p}`sonicmap` propose mapping the interior of small coal cubes (sides of 50–70 mm) with
# ordinary ultrasonic tests: P- and S-wave travel times are measured through each of three
# orthogonal directions X, Y, Z, with each face split into 9 regions, so every sample gives
# 27 Vp and 27 Vs values. The 9 values of a direction form a 2D map, refined by interpolation, and
# the three 2D maps are averaged into a 3D map, which the authors compare with high-resolution CT
# images and judge to be confirmed by them.
#
# **Scope.** Only the abstract of the paper could be read (and a machine-written third-party
# summary of it); there is no figure list, sample table, transducer or CT setting, interpolation
# detail, data or code. No paper figure can therefore be reproduced. This chapter reproduces the
# **method** on seeded *synthetic* "CT" cubes whose interior is known exactly, so that the question
# the paper answers visually — does a 27-measurement map reflect the interior seen by CT? — can be
# answered with numbers. **Evidence level:** because the paper's body was not read and the cubes,
# layout details, thresholds and material values are ours, every paper claim is graded as a
# *reconstruction*: the best verdict it can earn is "holds in our reconstruction", never
# "reproduced". The paper claims are C2 (the 2D maps are refined by interpolation), C3 (the averaged
# 3D map reflects the interior seen by CT, scored against the CT proxy) and C4 (slow zones mark
# fractures; a hint of the third-party summary, not of the abstract). Everything that holds by
# construction or is this book's own experiment is a *method check* in a separate table and is
# never counted: C1 (27 + 27 measurements), interpolation exactness, the map against the synthetic
# velocity truth (which a lab never has), C5 (averaging is a lossy reconstruction, with a
# least-squares baseline), C6 (which interpolation), C7 (the travel-time physics matters) and the
# treatment of open cracks for S waves. Seed-dependent values come from three replicates, each a
# fresh set of seeded cubes. The figures on the layout, the
# CT images, the 2D maps, the 3D map and the CT verification are *analogues* of the paper's figures
# on those topics; three further method figures (point spread and null space, forward models,
# sensitivity) have no counterpart in the paper and are labelled so. Reconstructions and assumptions: the 3 × 3 region layout
# and its orientation, the square transducer footprint, the averaging rule (arithmetic and harmonic
# are both shown), the interpolation schemes, the two forward models and all material values of the
# synthetic cubes.

# %% tags=["remove-input"]
# Colab set-up: installs this book's `shared` package in Google Colab; anywhere
# else it does nothing (the README gives the two set-up commands).
import subprocess
import sys

REPO_URL = "https://github.com/reprobook/executable-reproductions"
IN_COLAB = "google.colab" in sys.modules
if IN_COLAB:  # Colab's torch and numpy stay: the package asks for lower bounds only
    pkg = f"reprobook-shared @ git+{REPO_URL}@main"
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", pkg]
    subprocess.run(cmd, check=True)

# %% tags=["parameters"]
PROFILE = "quick"
SEED = 0

# %%
from shared.repro import start
from shared.geomech import sonic

cfg = start("sonic-map", sonic.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown, display
from scipy import stats

from shared.repro import glue
from scipy.linalg import null_space

from shared.repro import key_numbers, progress

side = 60.0                                 # cube side L in mm (the paper: 50-70 mm)
n = cfg.n                                   # voxels per side (1 mm at n = 60)
fp = n // 3                                 # footprint side in voxels (L/3)
smooth = [s for s in sonic.SCHEMES if s != "nearest"]
short = {"nearest": "nearest", "linear": "linear", "spline2": "spline k=2",
         "rbf_thin_plate_spline": "RBF TPS", "rbf_linear": "RBF linear", "rbf_cubic": "RBF cubic",
         "rbf_quintic": "RBF quintic", "rbf_gaussian": "RBF gauss", "rbf_multiquadric": "RBF MQ",
         "rbf_inverse_multiquadric": "RBF IMQ"}
default_scheme = "rbf_thin_plate_spline"
# three replicates (independent sets of cubes) for the claims; replicate 0 also feeds the figures and tables
seq = np.random.SeedSequence(cfg.seed)
replicates = seq.spawn(3)
noise_seq, sweep_seq = seq.spawn(2)
cube_seeds = sonic.cube_seeds(replicates[0], max(cfg.n_cubes, cfg.n_cubes_sweep, cfg.fa_cubes))
print(f"cube side {side} mm, {n}^3 voxels of {side / n:.2f} mm, {cfg.n_cubes} cubes for statistics")

# %% [markdown]
# ## Measurement layout
#
# For propagation along X the transducers sit on the two faces normal to X; the face is cut into a
# 3 × 3 grid of 20 mm squares and one travel time is picked per square. Region (r, c) indexes the
# two remaining axes in increasing order (X: (y, z); Y: (x, z); Z: (x, y)). The paper's own
# numbering (1–9, origin, row direction) is unknown; this convention is fixed once in
# `shared.geomech.sonic` and a test with an off-centre slow block guards against transposition.
# Travel times are converted to velocities by V = L/t; with lengths in mm and times in ms the unit
# is m/s directly.

# %% mystnb={"figure": {"caption": "Analogue of the paper's layout figure: the 3 × 3 regions on each face pair and the 9 ray columns per direction (27 per wave type). Reconstruction; the paper's region numbering is unknown.", "name": "fig-sonic-layout"}}
fig = plt.figure(figsize=(10.5, 3.6))
xc = sonic.region_centres(side, 3)
edges = [((0, 0, 0), (1, 0, 0)), ((0, 0, 0), (0, 1, 0)), ((0, 0, 0), (0, 0, 1)), ((1, 1, 1), (0, 1, 1)),
         ((1, 1, 1), (1, 0, 1)), ((1, 1, 1), (1, 1, 0)), ((1, 0, 0), (1, 1, 0)), ((1, 0, 0), (1, 0, 1)),
         ((0, 1, 0), (1, 1, 0)), ((0, 1, 0), (0, 1, 1)), ((0, 0, 1), (1, 0, 1)), ((0, 0, 1), (0, 1, 1))]
for q, ax_name in enumerate(sonic.AXES):
    ax = fig.add_subplot(1, 3, q + 1, projection="3d")
    for a, b in edges:
        ax.plot(*[np.array([a[k], b[k]]) * side for k in range(3)], color="0.6", lw=0.8)
    others = [k for k in range(3) if k != q]
    for face in (0.0, side):  # 3 x 3 grid lines on the two transducer faces
        for t in (side / 3, 2 * side / 3):
            for k_line in (0, 1):
                p0, p1 = np.zeros(3), np.zeros(3)
                p0[q] = p1[q] = face
                p0[others[k_line]] = p1[others[k_line]] = t
                p1[others[1 - k_line]] = side
                ax.plot(*zip(p0, p1), color="k", lw=0.8)
    for r in range(3):
        for c in range(3):
            p0, p1 = np.zeros(3), np.zeros(3)
            p0[others[0]] = p1[others[0]] = xc[r]
            p0[others[1]] = p1[others[1]] = xc[c]
            p1[q] = side
            ax.plot(*zip(p0, p1), color="C3", lw=1.2)
    ax.set_xlabel("x (mm)"), ax.set_ylabel("y (mm)"), ax.set_zlabel("z (mm)")
    ax.set_title(f"rays along {ax_name}: 9 regions")
    ax.set_box_aspect((1, 1, 1))
    ax.tick_params(labelsize=7)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## A synthetic CT cube with a known interior
#
# The ground truth is a seeded voxel cube (assumed values, not paper data): a coal matrix with Vp
# drawn in 2.2–2.5 km/s and a ±1.5 % smooth texture, Vs = Vp / (1.9–2.0); air-filled cleats as
# 1 mm thick discs of radius 12–30 mm (70 % in two near-orthogonal sets with normals near x and y,
# the rest random) with an effective Vp of 600 m/s and **no shear** (Vs = 0: an air-filled crack
# carries no shear stress); mineral ellipsoids (semi-axes 4–10 mm,
# Vp 4.5 km/s); one small void. A CT proxy is the density field (matrix 1.3, mineral 2.7, open
# fracture 0 g/cm³) with a little blur and noise, standing in for the paper's CT images.

# %%
fig_cube = sonic.make_cube(n=cfg.n_figure, L=side, seed=cube_seeds[0])
frac_open = float(np.mean(np.isin(fig_cube.labels, (1, 3))))
frac_min = float(np.mean(fig_cube.labels == 2))
glue("open_pct", 100 * frac_open, display=False)
glue("fa_coarsen", cfg.fa_coarsen, display=False)
glue("n_fa", cfg.fa_cubes, display=False)
glue("mineral_pct", 100 * frac_min, display=False)
print(f"figure cube: {fig_cube.n}^3 voxels, open (fracture + void) {100 * frac_open:.2f} %, "
      f"mineral {100 * frac_min:.2f} %, matrix Vp median {np.median(fig_cube.vp[fig_cube.labels == 0]):.0f} m/s")


def slices(a):
    """Three orthogonal mid-slices of an (n, n, n) array: z = L/2 (x, y), y = L/2 (x, z), x = L/2 (y, z)."""
    m = a.shape[0] // 2
    return [("z = L/2", "x", "y", a[:, :, m]), ("y = L/2", "x", "z", a[:, m, :]), ("x = L/2", "y", "z", a[m, :, :])]


def outline(ax, lab):
    """Outline fractures/voids (white) and minerals (red) on a slice of labels."""
    ext = (np.arange(lab.shape[0]) + 0.5) * side / lab.shape[0]  # voxel centres (mm)
    for val, col in (((1, 3), "w"), ((2,), "r")):
        msk = np.isin(lab, val).astype(float)
        if msk.any() and not msk.all():
            ax.contour(ext, ext, msk.T, levels=[0.5], colors=col, linewidths=0.6)


# %% [markdown]
# In the figure cube {glue:text}`open_pct:.1f` % of the voxels are open (fracture or void) and
# {glue:text}`mineral_pct:.1f` % are mineral.

# %% mystnb={"figure": {"caption": "Analogue of the paper's CT images: three orthogonal mid-slices of the synthetic cube's P-wave velocity (top) and of its CT proxy (bottom); fractures and voids outlined in white, mineral inclusions in red. Synthetic.", "name": "fig-sonic-ct"}}
fig, axs = plt.subplots(2, 3, figsize=(10, 6.4), layout="constrained")
vmin, vmax = 1800, 3000
for j, ((title, xl, yl, sv), (_, _, _, sc), (_, _, _, sl)) in enumerate(zip(slices(fig_cube.vp), slices(fig_cube.ct), slices(fig_cube.labels))):
    im0 = axs[0, j].imshow(sv.T, origin="lower", extent=(0, side, 0, side), vmin=vmin, vmax=vmax, cmap="viridis")
    outline(axs[0, j], sl)
    im1 = axs[1, j].imshow(sc.T, origin="lower", extent=(0, side, 0, side), cmap="gray", vmin=0, vmax=2.7)
    outline(axs[1, j], sl)
    for i in range(2):
        axs[i, j].set_xlabel(f"{xl} (mm)")
        axs[i, j].set_ylabel(f"{yl} (mm)")
    axs[0, j].set_title(f"Vp, {title}")
    axs[1, j].set_title(f"CT proxy, {title}")
fig.colorbar(im0, ax=axs[0], label="Vp (m/s), clipped to 1800-3000", shrink=0.8)
fig.colorbar(im1, ax=axs[1], label="density proxy (g/cm³)", shrink=0.8)
plt.show()

# %% [markdown]
# ## Forward models: 27 Vp and 27 Vs values per cube (C1)
#
# Two travel-time models are implemented in `shared.geomech.sonic`:
#
# - **Straight ray**: V = 1 / (mean slowness over the footprint column), i.e. the harmonic mean of
#   velocity over the 20 × 20 × 60 mm column under the transducer pair.
# - **First arrival** (Fermat): shortest travel time on a 26-neighbour voxel graph with
#   `scipy.sparse.csgraph.dijkstra`, from any point of the entry footprint to any point of the exit
#   footprint. Virtual transducer nodes add half a voxel at each end so that an axis-parallel path
#   has length exactly L (the simpler convention V = (L − h)/t over centre-to-centre paths agrees
#   for a homogeneous cube but is slightly off for layered ones). This run uses a
#   {glue:text}`fa_coarsen` mm graph.
#
# Picking noise is Gaussian in travel time (default σ_t = 0.1 µs, i.e. δV ≈ V²σ_t/L ≈ 9 m/s).
#
# **S waves and open cracks.** An open crack carries no shear, so the cubes have Vs = 0 there. The
# straight-ray model then averages over the straight lines of the footprint that miss every open
# cell; the first-arrival model removes the cracked graph nodes (and forbids diagonal steps that cut
# their corners), so the S wave takes the first detour round the crack. Where no line or path gets
# through, the S pick is **missing**. A missing pick is counted and, before mapping, replaced by the
# slowest valid pick of its direction: "no S arrival" means the region is at least as cracked as the
# worst one measured, a censored low value (replacing it by the mean would make the most cracked
# region look typical). A 3D map that cannot be formed at all scores NaN, which every criterion
# grades as a failure.

# %%
sigma_t = 0.1  # us, assumed picking noise
rng_noise = np.random.default_rng(noise_seq)
picks = {w: sonic.add_pick_noise(sonic.region_velocities(getattr(fig_cube, w), side), side, sigma_t, rng_noise)
         for w in ("vp", "vs")}
vals = {w: np.concatenate([picks[w][a].ravel() for a in sonic.AXES]) for w in picks}
n_vp, n_vs = vals["vp"].size, vals["vs"].size
vp_valid = bool(np.all(np.isfinite(vals["vp"])) and np.all(vals["vp"] > 0))
vs_missing = sonic.count_missing(picks["vs"])
vs_ok = vals["vs"][~np.isnan(vals["vs"])]
vs_valid_or_missing = bool(np.all(np.isfinite(vs_ok)) and np.all(vs_ok > 0))
meas = {w: sonic.fill_missing(picks[w]) for w in picks}   # missing S picks -> slowest pick of the direction
print(f"{n_vp} Vp + {n_vs} Vs picks; Vp all finite and positive: {vp_valid}; "
      f"S picks missing (every footprint line cut by an open crack): {vs_missing}")
vp_vs_min = float(np.nanmin(vals["vp"] / vals["vs"]))
glue("vpvs_min", vp_vs_min, display=False)
glue("vs_missing", vs_missing, display=False)

# %% [markdown]
# The smallest Vp/Vs ratio is {glue:text}`vpvs_min:.2f`, well above √2, the check one would apply to
# real picks. {glue:text}`vs_missing` of the 27 S picks of this cube are missing with straight rays;
# the valid S picks read nearly the matrix velocity, because the S energy runs along the intact
# lines of the footprint. If a file `data/sonic_map/regions.csv` with the paper's printed values were ever filled in
# by hand, the next cell would check it; it does not exist, and nothing is digitised or invented.

# %%
csv_path = Path("data/sonic_map/regions.csv")
if csv_path.exists():  # pragma: no cover - no such data shipped
    rows = np.genfromtxt(csv_path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    for sample in np.unique(rows["sample"]):
        r = rows[rows["sample"] == sample]
        assert len(r) == 27, f"{sample}: {len(r)} regions, expected 27"
        assert np.all(r["Vp"] > np.sqrt(2) * r["Vs"]), f"{sample}: Vp <= sqrt(2) Vs"
    print(f"checked {csv_path}")
else:
    print(f"{csv_path} not present: the chapter uses synthetic cubes only")

# %% [markdown]
# ## 2D maps and their interpolation (C2)
#
# Each direction's 3 × 3 values sit at the region centres (10, 30, 50 mm) and are interpolated to
# the 60 × 60 face grid with scipy: region blocks (nearest), bilinear with linear extrapolation
# (`RegularGridInterpolator`), a biquadratic spline (`RectBivariateSpline`, kx = ky = 2; bicubic is
# impossible with 3 nodes per axis; outside the node range it *clamps* to the edge values) and
# `RBFInterpolator` with seven kernels (thin-plate spline, linear, cubic, quintic, and Gaussian,
# multiquadric and inverse multiquadric with ε = 3/L = 0.05 mm⁻¹ and a constant term added so a
# constant field maps flat; scipy's default omits it for those three). The bands 0–10 mm and
# 50–60 mm of every face are extrapolated, which is where the schemes differ most.

# %%
maps2d = {w: {a: {sc: sonic.interpolate_map(meas[w][a], side, cfg.n_figure, sc) for sc in sonic.SCHEMES}
              for a in sonic.AXES} for w in meas}
# exactness checks: interpolating schemes return the 9 node values; a homogeneous cube maps flat
nodes = np.stack(np.meshgrid(xc, xc, indexing="ij"), -1).reshape(-1, 2)
node_err = max(float(np.max(np.abs(sonic.interpolate_map(meas[w][a], side, n, sc, xy=nodes) - meas[w][a].ravel())))
               for w in meas for a in sonic.AXES for sc in sonic.SCHEMES)
v_hom = 2300.0
hom_maps = sonic.straight_ray_velocities(np.full((n, n, n), v_hom), side)
flat_ptp = max(float(np.ptp(sonic.sonic_map_3d(hom_maps, side, n, sc, rule))) / v_hom
               for sc in sonic.SCHEMES for rule in sonic.RULES)
fa_hom = sonic.first_arrival_velocities(np.full((n, n, n), v_hom), side, coarsen=cfg.fa_coarsen)
hom_fa_err = max(float(np.max(np.abs(fa_hom[a] / v_hom - 1))) for a in sonic.AXES)
print(f"max |map - node value| over {len(sonic.SCHEMES)} schemes: {node_err:.2e} m/s")
print(f"homogeneous cube: max relative peak-to-peak of the 3D map over schemes and rules: {flat_ptp:.1e}; "
      f"first-arrival max relative error {hom_fa_err:.1e}")
glue("node_err", node_err, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's 2D-map figure: the three directions' maps of Vp (top three rows) and Vs (bottom three) for the figure cube; first column the raw 3 × 3 values (region blocks), then one column per interpolation scheme; one colour scale per wave type. Synthetic.", "name": "fig-sonic-2d"}}
cols = list(cfg.fig_schemes)
fig, axs = plt.subplots(6, len(cols), figsize=(2.3 * len(cols) + 1.5, 13.5), squeeze=False, layout="constrained")
for wi, w in enumerate(("vp", "vs")):
    allv = np.concatenate([maps2d[w][a][sc].ravel() for a in sonic.AXES for sc in cols])
    lo, hi = np.percentile(allv, [1, 99])
    for ai, a in enumerate(sonic.AXES):
        row = 3 * wi + ai
        face_axes = {"X": ("y", "z"), "Y": ("x", "z"), "Z": ("x", "y")}[a]
        for ci, sc in enumerate(cols):
            ax = axs[row, ci]
            im = ax.imshow(maps2d[w][a][sc].T, origin="lower", extent=(0, side, 0, side), vmin=lo, vmax=hi, cmap="viridis")
            ax.plot(*np.meshgrid(xc, xc), "k.", ms=3)
            ax.set_title(f"{w.upper()} {a}: {'raw 3×3' if sc == 'nearest' else short[sc]}", fontsize=9)
            ax.set_xlabel(f"{face_axes[0]} (mm)", fontsize=8)
            ax.set_ylabel(f"{face_axes[1]} (mm)", fontsize=8)
            ax.tick_params(labelsize=7)
    fig.colorbar(im, ax=axs[3 * wi:3 * wi + 3, :].ravel().tolist(), label=f"{w.upper()} (m/s)", shrink=0.8)
plt.show()

# %% [markdown]
# ## The 3D map (C3)
#
# Each 2D map is extruded along its own axis, V_X(y, z), V_Y(x, z), V_Z(x, y), and the three are
# averaged voxel by voxel. The abstract says "averaging"; we read it as the arithmetic mean of
# velocities and also show the harmonic mean (the mean of slownesses), which is the rule consistent
# with travel times. This is an unfiltered back-projection of 27 rays. We compare it with the voxel
# truth, with the truth seen at footprint scale (the slowness box-averaged over the 20 mm footprint,
# which is what the method can at best resolve) and with the CT proxy.

# %%
refs_fig = sonic.reference_fields(fig_cube, "vp")
v3 = {rule: sonic.sonic_map_3d(meas["vp"], side, cfg.n_figure, default_scheme, rule) for rule in sonic.RULES}
inner_fig = sonic.interior_mask(cfg.n_figure)
for rule in sonic.RULES:
    sc_ = sonic.score_map(v3[rule], refs_fig, inner_fig)
    print(f"{rule:>10s}: r(footprint truth) {sc_['footprint']:.3f}, r(voxel truth) {sc_['voxel']:.3f}, "
          f"r(CT proxy, footprint) {sc_['ct_footprint']:.3f}, RMSE vs footprint {sc_['rmse_footprint']:.0f} m/s")

# %% mystnb={"figure": {"caption": "Analogue of the paper's comparison of the 3D sonic map with CT: mid-slices (columns) of the voxel truth, the footprint-scale truth, the CT proxy and the 3D Vp maps from the arithmetic and the harmonic rule (thin-plate-spline RBF maps). Synthetic.", "name": "fig-sonic-3d"}}
fig_cubes = [fig_cube] + [sonic.make_cube(n=cfg.n_figure, L=side, seed=s) for s in cube_seeds[1:cfg.fig_cubes]]
rows_ = []
for cb in fig_cubes:
    mp = sonic.region_velocities(cb.vp, side)
    fields = {"truth Vp": cb.vp, "footprint truth": sonic.smooth_truth(cb.vp, cb.n // 3), "CT proxy": cb.ct}
    for rule in sonic.RULES:
        fields[f"3D map, {rule}"] = sonic.sonic_map_3d(mp, side, cb.n, default_scheme, rule)
    rows_.append((cb, fields))
names = list(rows_[0][1])
fig, axs = plt.subplots(3 * len(rows_), len(names), figsize=(2.4 * len(names) + 1, 2.4 * 3 * len(rows_)), squeeze=False,
                        layout="constrained")
for ci_, (cb, fields) in enumerate(rows_):
    for j, name in enumerate(names):
        for k, (title, xl, yl, sl) in enumerate(slices(fields[name])):
            ax = axs[3 * ci_ + k, j]
            if name == "CT proxy":
                im_ct = ax.imshow(sl.T, origin="lower", extent=(0, side, 0, side), cmap="gray", vmin=0, vmax=2.7)
            else:
                im_v = ax.imshow(sl.T, origin="lower", extent=(0, side, 0, side), cmap="viridis", vmin=1900, vmax=2800)
            outline(ax, slices(cb.labels)[k][3])
            ax.set_title(f"{name}\n{title}", fontsize=8)
            ax.set_xticks([0, side / 2, side]), ax.set_yticks([0, side / 2, side])
            ax.tick_params(labelsize=6)
            ax.set_xlabel(f"{xl} (mm)", fontsize=8), ax.set_ylabel(f"{yl} (mm)", fontsize=8)
fig.colorbar(im_v, ax=axs, label="Vp (m/s), clipped to 1900-2800", shrink=0.5, location="right")
fig.colorbar(im_ct, ax=axs, label="CT proxy (g/cm³)", shrink=0.5, location="right")
plt.show()

# %% [markdown]
# ## How well do 27 numbers recover the interior? Statistics over cubes (C3, C4, C6)
#
# For each of {glue:text}`n_cubes` seeded cubes we measure the 27 Vp values (straight ray,
# σ_t = 0.1 µs), build the 3D map with every scheme and both rules, and record Pearson's r against
# the footprint-scale truth (whole cube and interior [L/6, 5L/6]³, where nothing is extrapolated),
# the voxel truth and the footprint-smoothed CT proxy. C4 uses the 27 blocks of 20 mm: Spearman's ρ
# between the open (fracture + void) voxel fraction of a block and the block mean of the map.
#
# Tolerances (set before any result, kept at the re-grade). An agreement counts as "clearly visible"
# when the mean r is at least 0.6, i.e. the map explains more than a third of the variance of its
# reference. C3 applies this bar to the reference the paper used, the **CT images**: here the
# footprint-smoothed CT proxy, for straight-ray picks and for first-arrival picks (the kind a lab
# makes). Earlier versions of this chapter scored C3 against the synthetic *velocity* truth, which a
# lab never has; that comparison is kept as the book's own method check (C3t, every smooth scheme).
# C4 needs a mean Spearman ρ ≤ −0.6 (slow blocks are the cracked ones) for both kinds of picks; C6
# compares the spread between smooth schemes with the cube-to-cube SD. The nulls: the same map
# scored against the CT proxy (C3) or the open fractions (C4) of *another* cube.

# %%
glue("n_cubes", cfg.n_cubes, display=False)
inner = sonic.interior_mask(n)
metric_names = ["footprint", "footprint_interior", "voxel", "ct_footprint"]
res = {rule: {sc: {m: [] for m in metric_names + ["rmse_footprint"]} for sc in sonic.SCHEMES} for rule in sonic.RULES}
rho_block, lsq_r, avg_r, vs_r, bias = [], [], [], [], []
for s_ in progress(cube_seeds[:cfg.n_cubes], desc="cubes"):
    cb = sonic.make_cube(n=n, L=side, seed=s_)
    refs = sonic.reference_fields(cb, "vp")
    mp = sonic.add_pick_noise(sonic.region_velocities(cb.vp, side), side, sigma_t, rng_noise)
    mp_s = sonic.fill_missing(sonic.add_pick_noise(sonic.region_velocities(cb.vs, side), side, sigma_t, rng_noise))
    vs_r.append(sonic.score_map(sonic.sonic_map_3d(mp_s, side, n, default_scheme), sonic.reference_fields(cb, "vs"))["footprint"])
    for rule in sonic.RULES:
        for sc in sonic.SCHEMES:
            v3d = sonic.sonic_map_3d(mp, side, n, sc, rule)
            score = sonic.score_map(v3d, refs, inner)
            for m in metric_names + ["rmse_footprint"]:
                res[rule][sc][m].append(score[m])
            if rule == "arithmetic" and sc == default_scheme:
                bias.append(float(np.mean(v3d - refs["footprint"])))
                open_frac = sonic.block_average(np.isin(cb.labels, (1, 3)).astype(float), 3, "arithmetic")
                rho_block.append(stats.spearmanr(open_frac.ravel(), sonic.block_average(v3d, 3, "arithmetic").ravel())[0])
    # block-scale comparison: averaging (region blocks) vs least squares, against block harmonic means
    truth_b = sonic.block_average(cb.vp, 3, "harmonic").ravel()
    avg_b = sonic.block_average(sonic.sonic_map_3d(mp, side, n, "nearest", "harmonic"), 3, "arithmetic").ravel()
    avg_r.append(np.corrcoef(avg_b, truth_b)[0, 1])
    lsq_r.append(np.corrcoef(sonic.lsq_blocks(mp).ravel(), truth_b)[0, 1])
mean = {rule: {sc: {m: float(np.mean(v)) for m, v in d.items()} for sc, d in res[rule].items()} for rule in sonic.RULES}
sd = {rule: {sc: {m: float(np.std(v, ddof=1)) for m, v in d.items()} for sc, d in res[rule].items()} for rule in sonic.RULES}
rows_md = ["| scheme | r footprint (mean ± SD) | r footprint, harmonic rule | r interior | r voxel | r CT proxy | RMSE (m/s) |",
           "|---|---|---|---|---|---|---|"]
for sc in sonic.SCHEMES:
    a, h = mean["arithmetic"][sc], mean["harmonic"][sc]
    rows_md.append(f"| {short[sc]} | {a['footprint']:.3f} ± {sd['arithmetic'][sc]['footprint']:.3f} | {h['footprint']:.3f} | "
                   f"{a['footprint_interior']:.3f} | {a['voxel']:.3f} | {a['ct_footprint']:.3f} | {a['rmse_footprint']:.0f} |")
display(Markdown("\n".join(rows_md)))

# %%
r_smooth_min = min(mean["arithmetic"][sc]["footprint"] for sc in smooth)
r_smooth_min_h = min(mean["harmonic"][sc]["footprint"] for sc in smooth)
r_default = mean["arithmetic"][default_scheme]["footprint"]
r_default_int = mean["arithmetic"][default_scheme]["footprint_interior"]
r_voxel = mean["arithmetic"][default_scheme]["voxel"]
r_ct = mean["arithmetic"][default_scheme]["ct_footprint"]
rmse_default = mean["arithmetic"][default_scheme]["rmse_footprint"]
rho_c4 = float(np.mean(rho_block))
smooth_means = np.array([mean["arithmetic"][sc]["footprint"] for sc in smooth])
scheme_spread = float(smooth_means.max() - smooth_means.min())
smooth_int = np.array([mean["arithmetic"][sc]["footprint_interior"] for sc in smooth])
scheme_spread_int = float(smooth_int.max() - smooth_int.min())
cube_sd = float(sd["arithmetic"][default_scheme]["footprint"])
nearest_lowest = bool(mean["arithmetic"]["nearest"]["footprint"] < smooth_means.min())
rule_gap = float(np.mean([mean["arithmetic"][sc]["footprint"] - mean["harmonic"][sc]["footprint"] for sc in sonic.SCHEMES]))
lsq_vs_avg = (float(np.mean(avg_r)), float(np.mean(lsq_r)))
r_vs = float(np.mean(vs_r))
bias_default = float(np.mean(bias))
nearest_margin = float(smooth_means.min() - mean["arithmetic"]["nearest"]["footprint"])
for k, v in dict(r_default=r_default, r_default_int=r_default_int, r_voxel=r_voxel, r_ct=r_ct, rho_c4=rho_c4,
                 rmse_default=rmse_default, scheme_spread=scheme_spread, cube_sd=cube_sd, rule_gap=rule_gap,
                 r_smooth_min=r_smooth_min, r_block_avg=lsq_vs_avg[0], r_block_lsq=lsq_vs_avg[1], r_vs=r_vs,
                 bias_default=bias_default, nearest_margin=nearest_margin,
                 scheme_spread_int=scheme_spread_int).items():
    glue(k, v, display=False)

# %% mystnb={"figure": {"caption": "Analogue of the paper's CT verification, as numbers: Pearson r of the 3D Vp map (arithmetic rule) against the footprint-scale truth (whole cube and interior), the voxel truth and the footprint-smoothed CT proxy, per interpolation scheme; bars are means and error bars SDs over the synthetic cubes.", "name": "fig-sonic-schemes"}}
fig, ax = plt.subplots(figsize=(10, 3.8))
labels_m = {"footprint": "footprint truth", "footprint_interior": "footprint truth, interior",
            "voxel": "voxel truth", "ct_footprint": "CT proxy (footprint)"}
xpos = np.arange(len(sonic.SCHEMES))
for k, m in enumerate(metric_names):
    ax.bar(xpos + (k - 1.5) * 0.2, [mean["arithmetic"][sc][m] for sc in sonic.SCHEMES], 0.2,
           yerr=[sd["arithmetic"][sc][m] for sc in sonic.SCHEMES], capsize=2, label=labels_m[m])
ax.axhline(0.6, color="k", ls=":", lw=1, label="C3 threshold 0.6")
ax.set_xticks(xpos, [short[sc] for sc in sonic.SCHEMES], rotation=30, ha="right")
ax.set_ylabel("Pearson r")
ax.set_ylim(0, 1)
ax.legend(fontsize=8, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
plt.tight_layout()
plt.show()

# %% [markdown]
# With the thin-plate-spline RBF and arithmetic averaging, the 3D map correlates with the
# footprint-scale truth at r = {glue:text}`r_default:.2f` on average ({glue:text}`r_default_int:.2f`
# in the interior) but only at r = {glue:text}`r_voxel:.2f` with the voxel truth: the method sees
# 20 mm columns, not single cleats. Vs maps (missing S picks filled with the slowest pick of their
# direction) reach r = {glue:text}`r_vs:.2f` against the footprint-averaged Vs. Against the
# footprint-smoothed CT proxy the correlation is {glue:text}`r_ct:.2f` (density and velocity share
# the fractures and minerals but the proxy weights them differently). The footprint-scale RMSE is
# {glue:text}`rmse_default:.0f` m/s with a mean bias of only {glue:text}`bias_default:.0f` m/s: the
# error is diluted contrast, because back-projection spreads every anomaly along its three rays,
# flattening slow zones and leaking them into neighbouring blocks.
# Blocks rich in open fractures are slow in the map (mean Spearman ρ = {glue:text}`rho_c4:.2f`, C4).
# Between the smooth schemes the mean r varies by {glue:text}`scheme_spread:.3f`, against a
# cube-to-cube SD of {glue:text}`cube_sd:.3f` (C6): the two are of the same size, so whether the
# scheme spread stays below the scatter depends on the sample of cubes (with
# {glue:text}`n_cubes` cubes it may go either way). Region blocks (nearest) are lowest, but only
# {glue:text}`nearest_margin:.3f` below the worst smooth scheme; arithmetic minus harmonic rule
# changes r by {glue:text}`rule_gap:.4f` on average. At the scale
# of the 27 blocks, the least-squares inversion of the same numbers correlates with the block truth
# at r = {glue:text}`r_block_lsq:.2f` against {glue:text}`r_block_avg:.2f` for averaging.
#
# Resolution is bounded from below by the footprint (20 mm), the wavelength (λ = V/f ≈ 2–5 mm at
# 0.5–1 MHz for coal, tens of mm at 100 kHz) and the Fresnel zone √(λL) ≈ 11–17 mm; nothing below
# these can be imaged by 27 travel times, whatever the interpolation.

# %% [markdown]
# ## Why averaging is lossy: point spread and null space (C5)
#
# Take the 3 × 3 × 3 blocks of 20 mm as unknowns. Each datum is the mean slowness of the three
# blocks on its line, d = A s with A a 27 × 27 matrix of entries 1/3. The three families of line
# sums share the slab totals, so only 27 − 9 + 1 = 19 rows are independent (equivalently
# 27 − (3 − 1)³ = 19: the null space holds the 8 patterns whose sums vanish on every axis-parallel
# line). A single slow block (v_s in a background v_b) is read by its three rays as
# V_ray = 3 / (2/v_b + 1/v_s); with region-block maps the averaged 3D value at the block is V_ray and
# "cross" blocks sharing one of its rays get (2 v_b + V_ray)/3. In slowness the averaged map keeps
# 1/3 of the contrast; the minimum-norm least-squares solution keeps the diagonal of the projector
# onto the row space, 19/27, for every block.

# %%
vb, vslow, blk = 2400.0, 1200.0, (0, 2, 1)
v_blk = np.full((n, n, n), vb)
v_blk[blk[0] * fp:(blk[0] + 1) * fp, blk[1] * fp:(blk[1] + 1) * fp, blk[2] * fp:(blk[2] + 1) * fp] = vslow
mp_blk = sonic.straight_ray_velocities(v_blk, side)
exp_blk = sonic.slow_block_expectation(vb, vslow, blk, "arithmetic")
avg_blocks = sonic.block_average(sonic.sonic_map_3d(mp_blk, side, n, "nearest", "arithmetic"), 3, "arithmetic")
lsq_b = sonic.lsq_blocks(mp_blk)
blk_err = float(np.max(np.abs(avg_blocks / exp_blk["blocks"] - 1)))
frac_avg = float((1 / avg_blocks[blk] - 1 / vb) / (1 / vslow - 1 / vb))
frac_lsq = float((1 / lsq_b[blk] - 1 / vb) / (1 / vslow - 1 / vb))
frac_avg_v = float((avg_blocks[blk] - vb) / (vslow - vb))
frac_lsq_v = float((lsq_b[blk] - vb) / (vslow - vb))
ray_a = sonic.ray_matrix(3)
rank_svd = int(np.linalg.matrix_rank(ray_a))
rank_count = sonic.ray_matrix_rank_formula(3)
null_basis = null_space(ray_a)
lsq_max = float(np.nanmax(lsq_b))
for k, v in dict(frac_avg=frac_avg, frac_lsq=frac_lsq, rank_svd=rank_svd, lsq_max=lsq_max).items():
    glue(k, v, display=False)

# %% mystnb={"figure": {"caption": "Method figure (not in the paper): point spread and null space. Top: a single slow 20 mm block in the truth, the averaged 3D map (region blocks, arithmetic rule) and the least-squares blocks, each shown as the three x-slabs of the 3 × 3 × 3 blocks (values in km/s). Bottom: three of the eight null-space patterns of the 27 line averages, which no method using these 27 numbers can see.", "name": "fig-sonic-nullspace"}}
def mosaic(b):
    """(3, 3, 3) blocks [x, y, z] -> (3, 11) image: slabs x = 0, 1, 2 side by side (y rows, z columns), NaN gaps."""
    gap = np.full((3, 1), np.nan)
    return np.concatenate([b[0], gap, b[1], gap, b[2]], axis=1)


fig, axs = plt.subplots(2, 3, figsize=(12, 5.2), layout="constrained")
truth_blocks = sonic.block_average(v_blk, 3, "harmonic")
ticks = [0, 1, 2, 4, 5, 6, 8, 9, 10]
for j, (title, b) in enumerate((("truth", truth_blocks), ("averaged (arithmetic)", avg_blocks), ("least squares", lsq_b))):
    mo = mosaic(b)
    im = axs[0, j].imshow(mo, cmap="viridis", vmin=vslow, vmax=vb)
    for i in range(3):
        for k in ticks:
            axs[0, j].text(k, i, f"{mo[i, k] / 1000:.2f}", ha="center", va="center", fontsize=7,
                           color="w" if mo[i, k] < 2000 else "k")
    axs[0, j].set_title(f"{title}: slabs x0 | x1 | x2", fontsize=9)
for j in range(3):
    mo = mosaic(null_basis[:, j].reshape(3, 3, 3))
    lim = np.nanmax(np.abs(mo))
    im_n = axs[1, j].imshow(mo, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axs[1, j].set_title(f"null-space pattern {j + 1}: every line sum is 0", fontsize=9)
for ax in axs.ravel():
    ax.set_xticks(ticks, [f"z{k % 4}" for k in ticks], fontsize=7)
    ax.set_yticks(range(3), [f"y{i}" for i in range(3)], fontsize=7)
fig.colorbar(im, ax=axs[0].tolist(), label="block Vp (m/s)", shrink=0.8)
fig.colorbar(im_n, ax=axs[1].tolist(), label="pattern weight", shrink=0.8)
plt.show()

# %% [markdown]
# Averaging keeps {glue:text}`frac_avg:.3f` of the block's slowness contrast and smears the rest
# along its three rays; least squares keeps {glue:text}`frac_lsq:.3f` (= 19/27) but pays with ringing:
# some blocks away from the anomaly overshoot the background, up to {glue:text}`lsq_max:.0f` m/s. The
# minimum-norm solution returns the true model minus its null-space component, and the null-space
# component of a single block (8/27 of it at the block) has alternating signs elsewhere. The 27
# numbers determine only {glue:text}`rank_svd` combinations of the 27 block slownesses.

# %% [markdown]
# ## Does the travel-time physics matter? Straight ray versus first arrival (C7)
#
# A lab pick is a first arrival: energy takes the fastest path, goes round air-filled cleats that
# lie across its column and short-cuts through fast mineral inclusions. Five analytic cases fix the
# two models: a homogeneous cube; a fracture plane *containing* the rays (the straight ray reads
# 1/[(1 − f)s_m + f s_f] with f = w/(n/3), the first arrival goes round it and reads the matrix
# velocity); a plane *normal* to the rays across the whole section (both read 1/[(1 − w/n)s_m +
# (w/n)s_f]); the same plane covering one footprint only (the first arrival diffracts round its
# edges and is faster); and a cube with mineral inclusions only (first arrivals faster).

# %%
vm, vf, wv = 2400.0, 600.0, 2
sm, sf = 1 / vm, 1 / vf
cases = {}
v_c = np.full((n, n, n), vm)
v_c[6:6 + wv] = vf                                    # plane normal to X inside x-third 0, rays along Y
f_ = wv / fp
cases["plane containing rays"] = (sonic.straight_ray_velocities(v_c, side)["Y"][0, 1],
                                  sonic.first_arrival_velocities(v_c, side, coarsen=cfg.fa_coarsen, axes=("Y",))["Y"][0, 1],
                                  1 / ((1 - f_) * sm + f_ * sf), vm)
v_c = np.full((n, n, n), vm)
v_c[:, :, 30:30 + wv] = vf                            # spans the section, normal to Z
full_pred = 1 / ((1 - wv / n) * sm + wv / n * sf)
cases["plane across section"] = (sonic.straight_ray_velocities(v_c, side)["Z"][1, 1],
                                 sonic.first_arrival_velocities(v_c, side, coarsen=cfg.fa_coarsen, axes=("Z",))["Z"][1, 1],
                                 full_pred, full_pred)
v_c = np.full((n, n, n), vm)
v_c[fp:2 * fp, fp:2 * fp, 30:30 + wv] = vf            # covers the central footprint only
cases["plane on one footprint"] = (sonic.straight_ray_velocities(v_c, side)["Z"][1, 1],
                                   sonic.first_arrival_velocities(v_c, side, coarsen=cfg.fa_coarsen, axes=("Z",))["Z"][1, 1],
                                   full_pred, np.nan)
analytic_err = max(abs(cases["plane containing rays"][0] / cases["plane containing rays"][2] - 1),
                   abs(cases["plane containing rays"][1] / cases["plane containing rays"][3] - 1),
                   abs(cases["plane across section"][0] / full_pred - 1),
                   abs(cases["plane across section"][1] / full_pred - 1), hom_fa_err)
diffraction = bool(cases["plane on one footprint"][1] > cases["plane on one footprint"][0])

# %%
fa_pairs, fa_r, sr_r, fa_minerals, fa_rho = [], [], [], [], []
for s_ in progress(cube_seeds[:cfg.fa_cubes], desc="first arrival"):
    cb = sonic.make_cube(n=n, L=side, seed=s_)
    refs = sonic.reference_fields(cb, "vp")
    sr = sonic.region_velocities(cb.vp, side, model="straight")
    fa = sonic.region_velocities(cb.vp, side, model="first_arrival", coarsen=cfg.fa_coarsen)
    fa_pairs.append(np.stack([np.concatenate([sr[a].ravel() for a in sonic.AXES]),
                              np.concatenate([fa[a].ravel() for a in sonic.AXES])]))
    sr_r.append(sonic.score_map(sonic.sonic_map_3d(sr, side, n, default_scheme), refs)["footprint"])
    v3_fa = sonic.sonic_map_3d(fa, side, n, default_scheme)
    fa_r.append(sonic.score_map(v3_fa, refs)["footprint"])
    open_frac = sonic.block_average(np.isin(cb.labels, (1, 3)).astype(float), 3, "arithmetic")
    fa_rho.append(stats.spearmanr(open_frac.ravel(), sonic.block_average(v3_fa, 3, "arithmetic").ravel())[0])
    cbm = sonic.make_cube(n=n, L=side, seed=s_, n_fractures=0, n_voids=0, n_inclusions=4)  # minerals only
    srm = sonic.straight_ray_velocities(cbm.vp, side)
    fam = sonic.first_arrival_velocities(cbm.vp, side, coarsen=cfg.fa_coarsen)
    fa_minerals.append(np.mean([np.mean(fam[a] / srm[a]) for a in sonic.AXES]))
fa_pairs = np.concatenate(fa_pairs, axis=1)
fa_never_slower = bool(np.all(fa_pairs[1] >= fa_pairs[0] * (1 - 1e-12)))
fa_ratio = float(np.mean(fa_pairs[1] / fa_pairs[0]))
fa_mineral_ratio = float(np.mean(fa_minerals))
fa_r_mean, sr_r_mean = float(np.mean(fa_r)), float(np.mean(sr_r))
fa_rho_mean = float(np.mean(fa_rho))
for k, v in dict(fa_ratio=fa_ratio, fa_mineral_ratio=fa_mineral_ratio, fa_r=fa_r_mean, sr_r=sr_r_mean,
                 fa_rho=fa_rho_mean).items():
    glue(k, v, display=False)

# %% mystnb={"figure": {"caption": "Method figure (not in the paper): forward models. Left, the 27 region Vp values per synthetic cube from the first-arrival model against the straight-ray model (line of equality dashed); right, the analytic fracture cases, straight ray and first arrival beside their predicted values.", "name": "fig-sonic-forward"}}
fig, axs = plt.subplots(1, 2, figsize=(10, 4))
axs[0].plot(fa_pairs[0], fa_pairs[1], "o", ms=3, alpha=0.7)
lim = [fa_pairs.min() * 0.98, fa_pairs.max() * 1.02]
axs[0].plot(lim, lim, "k--", lw=1)
axs[0].set_xlabel("straight ray Vp (m/s)")
axs[0].set_ylabel(f"first arrival Vp (m/s), {cfg.fa_coarsen} mm graph")
axs[0].set_title(f"{cfg.fa_cubes} cubes × 27 regions")
names_c = list(cases)
xp = np.arange(len(names_c))
axs[1].bar(xp - 0.2, [cases[k][0] for k in names_c], 0.4, label="straight ray")
axs[1].bar(xp + 0.2, [cases[k][1] for k in names_c], 0.4, label="first arrival")
axs[1].plot(xp - 0.2, [cases[k][2] for k in names_c], "k_", ms=20, mew=2, label="predicted")
axs[1].plot(xp + 0.2, [cases[k][3] for k in names_c], "k_", ms=20, mew=2)
axs[1].set_xticks(xp, names_c, fontsize=8)
axs[1].set_ylabel("Vp (m/s)")
axs[1].set_ylim(1500, 2600)
axs[1].legend(fontsize=8, loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# First arrivals are never slower than straight-ray averages (a path-length argument: the straight
# column is one of the candidate paths and the footprint average of slowness exceeds its minimum);
# on the synthetic cubes they are {glue:text}`fa_ratio:.3f` times faster on average, and
# {glue:text}`fa_mineral_ratio:.3f` times in cubes with mineral inclusions only. Maps built from
# first-arrival data correlate with the footprint truth at r = {glue:text}`fa_r:.2f` against
# {glue:text}`sr_r:.2f` for straight-ray data, and the block-scale link between open fractures and
# slow blocks weakens to ρ = {glue:text}`fa_rho:.2f` (straight rays: {glue:text}`rho_c4:.2f`): first arrivals slip
# round cracks that do not seal the whole section, so a first-arrival map mostly shows the
# matrix and the mineral short-cuts. If the paper's picks are first arrivals, as lab picks are, its
# maps would be read differently from the slowness-average picture in the rest of this chapter; the
# claims below therefore grade C3 and C4 with both kinds of picks.

# %% [markdown]
# ## Sensitivity: picking noise, grid density and averaging rule
#
# The sweeps below use {glue:text}`n_sweep` cubes: r against the footprint truth (fixed 20 mm box)
# versus travel-time picking noise σ_t from 0 to 2 µs (δV ≈ 9 m/s per 0.1 µs), and for 3 × 3, 4 × 4 and 5 × 5 regions
# per face, for both averaging rules.

# %%
glue("n_sweep", cfg.n_cubes_sweep, display=False)
noise_levels = [0.0, 0.1, 0.25, 0.5, 1.0, 2.0]
grids = [3, 4, 5]
sweep = {(rule, g, sig): [] for rule in sonic.RULES for g in grids for sig in noise_levels}
rng_sweep = np.random.default_rng(sweep_seq)
for s_ in progress(cube_seeds[:cfg.n_cubes_sweep], desc="sweep"):
    cb = sonic.make_cube(n=n, L=side, seed=s_)
    refs = {"footprint": sonic.smooth_truth(cb.vp, fp)}
    for g in grids:
        clean = sonic.region_velocities(cb.vp, side, grid=g)
        for sig in noise_levels:
            mp = sonic.add_pick_noise(clean, side, sig, rng_sweep)
            for rule in sonic.RULES:
                sweep[(rule, g, sig)].append(sonic.score_map(sonic.sonic_map_3d(mp, side, n, default_scheme, rule), refs)["footprint"])
sw_mean = {k: float(np.mean(v)) for k, v in sweep.items()}
r_g3, r_g5 = sw_mean[("arithmetic", 3, 0.1)], sw_mean[("arithmetic", 5, 0.1)]
noise_drop = sw_mean[("arithmetic", 3, 0.0)] - sw_mean[("arithmetic", 3, 0.5)]
noise_drop2 = sw_mean[("arithmetic", 3, 0.0)] - sw_mean[("arithmetic", 3, 2.0)]
for k, v in dict(r_g3=r_g3, r_g5=r_g5, noise_drop=noise_drop, noise_drop2=noise_drop2).items():
    glue(k, v, display=False)

# %% mystnb={"figure": {"caption": "Method figure (not in the paper): sensitivity on synthetic cubes. Mean Pearson r of the 3D Vp map (thin-plate-spline RBF) against the footprint-scale truth versus picking noise, for 3 × 3, 4 × 4 and 5 × 5 regions per face and the arithmetic (solid) and harmonic (dashed) averaging rules.", "name": "fig-sonic-sensitivity"}}
fig, ax = plt.subplots(figsize=(6.5, 4))
for gi, g in enumerate(grids):
    for rule, ls in (("arithmetic", "-"), ("harmonic", "--")):
        ax.plot(noise_levels, [sw_mean[(rule, g, s)] for s in noise_levels], ls, marker="o", color=f"C{gi}",
                label=f"{g}×{g}, {rule}")
ax.set_xlabel("picking noise σ_t (µs)")
ax.set_ylabel("Pearson r vs footprint truth")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# Finer grids help (r = {glue:text}`r_g3:.2f` with 3 × 3 against {glue:text}`r_g5:.2f` with 5 × 5
# regions per face at σ_t = 0.1 µs), picking noise up to 0.5 µs costs only {glue:text}`noise_drop:.3f`
# in r (2 µs: {glue:text}`noise_drop2:.3f`), and the choice between arithmetic and harmonic averaging hardly matters at these contrasts.

# %% [markdown]
# ## Open cracks and S waves
#
# Three cases fix how the S-wave models treat an open crack (Vs = 0) in a 2400 m/s matrix with
# Vs = 1200 m/s: a crack sealing the whole section normal to Z (every S pick along Z is missing in
# both models); a crack covering only the central footprint (the straight-ray S pick of that region
# is missing, because every straight line of the footprint is cut, while the first arrival detours
# round the crack's edge and arrives late); and the figure cube's own S picks with both models.

# %%
vs_m = 1200.0
v_s = np.full((n, n, n), vs_m)
v_s[:, :, 30] = 0.0                                   # crack sealing the section, normal to Z
sealed = [sonic.straight_ray_velocities(v_s, side)["Z"],
          sonic.first_arrival_velocities(v_s, side, coarsen=cfg.fa_coarsen, axes=("Z",))["Z"]]
s_sealed_missing = bool(all(np.all(np.isnan(z)) for z in sealed))
v_s = np.full((n, n, n), vs_m)
v_s[fp:2 * fp, fp:2 * fp, 30] = 0.0                   # crack over the central footprint only
sr_cut = sonic.straight_ray_velocities(v_s, side)["Z"][1, 1]
fa_cut = sonic.first_arrival_velocities(v_s, side, coarsen=cfg.fa_coarsen, axes=("Z",))["Z"][1, 1]
s_straight_cut_missing = bool(np.isnan(sr_cut))
s_detour = bool(np.isfinite(fa_cut) and fa_cut < vs_m)
fa_fig_vs = sonic.region_velocities(fig_cube.vs, side, model="first_arrival", coarsen=cfg.fa_coarsen)
vs_missing_fa = sonic.count_missing(fa_fig_vs)
print(f"sealing crack: S picks missing in both models: {s_sealed_missing}")
print(f"crack over one footprint: straight-ray S pick {sr_cut}, first-arrival detour {fa_cut:.0f} m/s "
      f"(matrix {vs_m:.0f} m/s)")
print(f"figure cube: missing S picks, straight ray {vs_missing}, first arrival ({cfg.fa_coarsen} mm graph) {vs_missing_fa}")
glue("fa_cut", float(fa_cut), display=False)
glue("vs_missing_fa", vs_missing_fa, display=False)

# %% [markdown]
# The detour round a 20 mm crack costs the S wave a drop to {glue:text}`fa_cut:.0f` m/s. In the
# synthetic cubes cleats rarely seal a whole 20 mm footprint, so first-arrival S picks are almost
# never missing ({glue:text}`vs_missing_fa` in the figure cube), while straight-ray S picks are
# missing wherever every line of a footprint crosses a crack.
#
# ## The claims over three replicates
#
# Each replicate is a fresh set of {glue:text}`n_cubes` seeded cubes (the first
# {glue:text}`n_fa` also measured with first arrivals), drawn from
# `numpy.random.SeedSequence(SEED).spawn(3)`; replicate 0 is the set used in the tables and
# figures above. For each we compute the mean r of the 3D Vp map against the footprint truth (every
# scheme), against the footprint-smoothed CT proxy of the same cube and of another cube (the null),
# the ceiling r of the footprint truth itself against the CT proxy, and the block Spearman ρ of C4
# with its null, for straight-ray and first-arrival picks.

# %%
rep_stats = [sonic.replicate_metrics(ss, cfg.n_cubes, cfg.fa_cubes, n=n, L=side, fa_coarsen=cfg.fa_coarsen,
                                     sigma_t_us=sigma_t, scheme=default_scheme)
             for ss in progress(replicates, desc="replicates")]
per_rep = lambda key: tuple(r[key] for r in rep_stats)  # noqa: E731
r_smooth_min_rep = tuple(min(r[f"r_fp/{sc}"] for sc in smooth) for r in rep_stats)
rep_rows = [("r vs footprint truth, region blocks", per_rep("r_fp/nearest")),
            ("r vs footprint truth, worst smooth scheme", r_smooth_min_rep),
            ("r vs footprint truth, TPS", per_rep(f"r_fp/{default_scheme}")),
            ("r vs CT proxy, straight ray (C3)", per_rep("r_ct_sr")),
            ("null: r vs CT proxy of another cube", per_rep("null_ct_sr")),
            ("r vs CT proxy, first arrival (C3)", per_rep("r_ct_fa")),
            ("null: first arrival vs another cube's CT", per_rep("null_ct_fa")),
            ("ceiling: footprint truth vs CT proxy", per_rep("r_ct_ceiling")),
            ("ρ open fraction vs block velocity, straight ray (C4)", per_rep("rho_sr")),
            ("null: ρ with another cube's open fractions", per_rep("null_rho_sr")),
            ("ρ, first arrival (C4)", per_rep("rho_fa")),
            ("null: ρ first arrival, another cube", per_rep("null_rho_fa")),
            ("missing S picks per cube, straight ray", per_rep("vs_missing_sr")),
            ("missing S picks per cube, first arrival", per_rep("vs_missing_fa"))]
display(Markdown("| quantity | replicate 0 | replicate 1 | replicate 2 |\n|---|---|---|---|\n"
                 + "\n".join(f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals_) + " |" for name, vals_ in rep_rows)))
r_ct_sr_worst, r_ct_fa_worst = min(per_rep("r_ct_sr")), min(per_rep("r_ct_fa"))
r_ct_ceiling_mean = float(np.mean(per_rep("r_ct_ceiling")))
rho_sr_worst, rho_fa_worst = max(per_rep("rho_sr")), max(per_rep("rho_fa"))
for k, v in dict(r_ct_sr_worst=r_ct_sr_worst, r_ct_fa_worst=r_ct_fa_worst, r_ct_ceiling=r_ct_ceiling_mean,
                 rho_sr_worst=rho_sr_worst, rho_fa_worst=rho_fa_worst,
                 r_ct_sr_best=max(per_rep("r_ct_sr")), r_ct_fa_best=max(per_rep("r_ct_fa"))).items():
    glue(k, v, display=False)

# %% [markdown]
# Against the CT proxy the straight-ray map reaches r = {glue:text}`r_ct_sr_worst:.2f`–{glue:text}`r_ct_sr_best:.2f`
# over the replicates and the first-arrival map {glue:text}`r_ct_fa_worst:.2f`–{glue:text}`r_ct_fa_best:.2f`,
# far above the nulls but below the 0.6 bar. Part of the gap is the proxy itself: density and
# velocity share the fractures and minerals but weigh them differently, and even the exact
# footprint-scale velocity field reaches only r ≈ {glue:text}`r_ct_ceiling:.2f` against it.

# %% [markdown]
# ## Summary: how much each choice matters
#
# The table collects the mean Pearson r of the 3D Vp map against the footprint-scale truth for each
# choice, changing one thing at a time from the baseline (straight-ray data, σ_t = 0.1 µs, 3 × 3
# regions, thin-plate-spline RBF, arithmetic rule). Different rows use different sets of cubes
# ({glue:text}`n_cubes`, {glue:text}`n_sweep` and {glue:text}`n_fa` in this run), so compare within
# a row group.

# %%
choices = [
    ("baseline (TPS, arithmetic, straight ray)", r_default, f"{cfg.n_cubes} cubes"),
    ("interpolation: worst smooth scheme", r_smooth_min, min(smooth, key=lambda sc: mean["arithmetic"][sc]["footprint"])),
    ("interpolation: best smooth scheme", float(smooth_means.max()), max(smooth, key=lambda sc: mean["arithmetic"][sc]["footprint"])),
    ("interpolation: region blocks (nearest)", mean["arithmetic"]["nearest"]["footprint"], ""),
    ("averaging rule: harmonic", mean["harmonic"][default_scheme]["footprint"], ""),
    ("interior only [L/6, 5L/6]³", r_default_int, "no extrapolation"),
    ("voxel-scale truth instead of footprint", r_voxel, "cannot image single cleats"),
    ("forward model: straight ray", sr_r_mean, f"{cfg.fa_cubes} cubes"),
    ("forward model: first arrival", fa_r_mean, f"{cfg.fa_cubes} cubes, {cfg.fa_coarsen} mm graph"),
    ("grid 4 × 4 per face", sw_mean[("arithmetic", 4, 0.1)], f"{cfg.n_cubes_sweep} cubes"),
    ("grid 5 × 5 per face", r_g5, f"{cfg.n_cubes_sweep} cubes"),
    ("picking noise 0 µs", sw_mean[("arithmetic", 3, 0.0)], f"{cfg.n_cubes_sweep} cubes"),
    ("picking noise 2 µs", sw_mean[("arithmetic", 3, 2.0)], f"{cfg.n_cubes_sweep} cubes"),
]
display(Markdown("| choice | mean r | remark |\n|---|---|---|\n"
                 + "\n".join(f"| {name} | {r_:.3f} | {short.get(note_, note_)} |" for name, r_, note_ in choices)))

# %%
# NBVAL_CHECK_OUTPUT
key_numbers({
    "measurements per wave type": n_vp,
    "missing S picks, figure cube (straight ray)": vs_missing,
    "r footprint, TPS arithmetic (mean)": r_default,
    "r footprint, TPS interior (mean)": r_default_int,
    "r voxel, TPS arithmetic (mean)": r_voxel,
    "r CT proxy footprint (mean)": r_ct,
    "min r over smooth schemes": r_smooth_min,
    "r nearest (mean)": mean["arithmetic"]["nearest"]["footprint"],
    "scheme spread of mean r": scheme_spread,
    "cube-to-cube SD of r": cube_sd,
    "C4 mean Spearman rho": rho_c4,
    "slowness contrast kept, averaging": frac_avg,
    "slowness contrast kept, LSQ": frac_lsq,
    "rank of A": rank_svd,
    "first arrival / straight ray": fa_ratio,
    "r with 5x5 grid": r_g5,
    "r footprint, Vs maps (mean)": r_vs,
    "C3 r vs CT proxy, straight ray (worst replicate)": r_ct_sr_worst,
    "C3 r vs CT proxy, first arrival (worst replicate)": r_ct_fa_worst,
    "C4 rho, first arrival (worst replicate)": rho_fa_worst,
})

# %%
from shared.geomech.sonic_claims import Measured, claims

measured = Measured(
    n_vp=n_vp, n_vs=n_vs, vp_valid=vp_valid, vs_valid_or_missing=vs_valid_or_missing, vs_missing=vs_missing,
    node_err=node_err, flat_ptp=flat_ptp,
    r_nearest=per_rep("r_fp/nearest"), r_smooth_min=r_smooth_min_rep, r_default=per_rep(f"r_fp/{default_scheme}"),
    r_ct_sr=per_rep("r_ct_sr"), null_ct_sr=per_rep("null_ct_sr"), r_ct_fa=per_rep("r_ct_fa"),
    null_ct_fa=per_rep("null_ct_fa"), r_ct_ceiling=per_rep("r_ct_ceiling"),
    rho_sr=per_rep("rho_sr"), null_rho_sr=per_rep("null_rho_sr"), rho_fa=per_rep("rho_fa"),
    null_rho_fa=per_rep("null_rho_fa"),
    blk_err=blk_err, frac_avg=frac_avg, frac_lsq=frac_lsq, rank_svd=rank_svd, rank_count=rank_count,
    scheme_spread=scheme_spread, cube_sd=cube_sd,
    analytic_err=analytic_err, diffraction=diffraction, fa_never_slower=fa_never_slower,
    fa_mineral_ratio=fa_mineral_ratio,
    s_sealed_missing=s_sealed_missing, s_detour=s_detour, s_straight_cut_missing=s_straight_cut_missing,
    n_cubes=cfg.n_cubes, fa_cubes=cfg.fa_cubes, fa_coarsen=cfg.fa_coarsen)
table = claims(measured)
table.display()

# %% [markdown]
# ### Method checks
#
# Identities, implementation tests, properties true by construction and this book's own
# experiments. They show the method is implemented as described; they are not evidence about the
# paper and are never counted.

# %%
table.display_method_checks()

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts, and why.** Before the evidence policy this chapter listed seven
# rows as paper claims: C5 and C7 *reproduced*, C1, C2, C3, C4 and C6 capped at *partly* because
# the cubes are synthetic. Now (i) every paper claim is a *reconstruction*, because only the
# abstract was read and the setup is ours, so the synthetic-data cap is replaced by that level
# rather than added to it; (ii) C1 (27 + 27 values, true by construction), the interpolation
# exactness that used to be C2's checks, C5 and C7 (method properties) and C6 (the book's own
# question of which scheme) moved to the method-checks table; (iii) C2 is now the paper's
# statement that interpolation *refines* the maps, checked against the unrefined region blocks;
# (iv) C3 is scored against the **CT proxy**, as the statement says, not against the synthetic
# velocity truth a lab never has (that comparison is method check C3t); (v) C4 now also grades the
# first-arrival ρ the chapter computes; (vi) every seed-dependent check runs on three replicates
# and is graded on the worst, and every paper check has a computed null (the CT proxy or the open
# fractions of another cube, or no refinement). The verdicts in the table above follow: C2 holds in
# our reconstruction; C3 does not reach the pre-set bar of r ≥ 0.6 against the CT proxy with either
# kind of picks (worst replicate {glue:text}`r_ct_sr_worst:.2f` with straight rays,
# {glue:text}`r_ct_fa_worst:.2f` with first arrivals), although it stays far above its null; C4 holds
# with straight-ray picks and fails with first arrivals (worst ρ {glue:text}`rho_fa_worst:.2f`), so
# it is *partly*. We kept the 0.6 bar although the CT proxy caps what even a perfect velocity map
# can reach (r ≈ {glue:text}`r_ct_ceiling:.2f`): lowering it now, after seeing the values, would be
# a criterion chosen after the results.
#
# **Open cracks and S waves (issue 12).** The cubes used to give air-filled cracks a shear velocity
# of 100 m/s, a slow solid. An open crack carries no shear: now Vs = 0 there, the straight-ray S
# pick averages the footprint lines that miss every crack (missing when none does) and the
# first-arrival S wave detours round the crack (missing when no path exists). Missing picks are
# counted and enter the maps as the slowest valid pick of their direction; a map that cannot be
# formed scores NaN and fails any criterion. The S maps are not graded as paper claims, so this
# changes only the Vs numbers and the method check M2.
#
# **What this does not show.** None of this is the paper's CT validation: its cubes, CT images and
# measured values were not available. The straight-ray agreement with the synthetic truth is at
# footprint scale only (voxel-level r {glue:text}`r_voxel:.2f`): the map cannot locate a single
# cleat, and back-projection keeps only a third of a block's slowness contrast. Least squares on the
# same 27 numbers keeps 19/27, and 8 patterns, the null space, stay invisible to any method that
# uses these data. The synthetic generator, its fracture density, the CT proxy and the material
# contrasts are our assumptions; with others the numbers would change.
#
# **Which choices matter.** The forward model matters most for what the map *means*: real picks are
# first arrivals, which skirt any crack that does not seal the whole section and short-cut through
# minerals, so they read faster than the straight-ray average, and a map built from them correlates
# with the slowness-average truth only at r = {glue:text}`fa_r:.2f` and hardly sees the cracked
# blocks. Whether the paper's CT agreement holds for first-arrival picks is therefore the open
# question this synthetic study raises. Grid density matters next. The interpolation scheme matters
# about as much as the cube-to-cube scatter, and almost only in the extrapolated edge bands: in the
# interior the smooth schemes' mean r spans just {glue:text}`scheme_spread_int:.3f`. The averaging
# rule (arithmetic versus harmonic) is almost irrelevant at coal's velocity contrasts.
#
# **Easy and hard.** The mapping itself is a few lines of scipy. The hard parts were fixing
# orientation conventions (one transposition scrambles the 3D map silently; a test with an off-centre
# block guards it), giving the first-arrival model an exact path-length convention, keeping S waves
# out of open cracks without letting diagonal graph steps slip through them, and deciding what
# "agreement with CT" should mean quantitatively when only a visual comparison is described.
