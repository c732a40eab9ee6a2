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
# never counted, with ids M1–M7 so that none looks like a paper claim: M1 (27 + 27 measurements),
# M2 (interpolation exactness), M3 (the map against the synthetic velocity truth, which a lab never
# has), M4 (averaging is a lossy reconstruction, with a least-squares baseline), M5 (which
# interpolation), M6 (the travel-time physics matters) and M7 (the treatment of open cracks for S
# waves). Seed-dependent values come from three replicates, each a
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
from shared.geomech import sonic_experiment as sx
from shared.repro import start

cfg = start("sonic-map", sx.PROFILES, profile=PROFILE, seed=SEED, namespace=globals())

# %% tags=["hide-input"]
from pathlib import Path

import numpy as np
from IPython.display import Markdown
from IPython.display import display

from shared.geomech import sonic_figures as figs
from shared.geomech.sonic import CubeSpec
from shared.geomech.sonic_claims import claims
from shared.repro import glue
from shared.repro import key_numbers

# %%
profile = cfg.spec  # the run's sizes; cube side, picking noise and default scheme below
side, n, sigma_t = sx.SIDE, profile.n, sx.SIGMA_T_US
# three replicates (independent sets of cubes) for the claims; replicate 0 also feeds
# the figures and tables. Streams are shared across the sections in the chapter's order.
st = sx.streams(profile, cfg.seed)
print(profile)
print(
    f"cube side {side} mm, {n}^3 voxels of {side / n:.2f} mm, {profile.n_cubes} cubes "
    f"for statistics; picking noise {sigma_t} µs, default scheme {sx.DEFAULT_SCHEME}"
)

# %% [markdown]
# ## Measurement layout
#
# For propagation along X the transducers sit on the two faces normal to X; the face is cut into a
# 3 × 3 grid of 20 mm squares and one travel time is picked per square. Region (r, c) indexes the
# two remaining axes in increasing order (X: (y, z); Y: (x, z); Z: (x, y)). The paper's own
# numbering (1–9, origin, row direction) is unknown; this convention is fixed once (stated in
# `shared.geomech.sonic`, implemented by the forward models in `shared.geomech.forward`) and a
# test with an off-centre slow block guards against transposition.
# Travel times are converted to velocities by V = L/t; with lengths in mm and times in ms the unit
# is m/s directly.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's layout figure: the 3 × 3 regions on each face pair and the 9 ray columns per direction (27 per wave type). Reconstruction; the paper's region numbering is unknown.", "name": "fig-sonic-layout"}}
fig = figs.layout(side)

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
print(CubeSpec())  # the assumed materials and geometry of every synthetic cube
fc = sx.run_figure_cube(profile, st)  # make_cube(spec, seed) and its 27 + 27 picks
glue("open_pct", 100 * fc.open_frac, display=False)
glue("fa_coarsen", profile.fa_coarsen, display=False)
glue("n_fa", profile.fa_cubes, display=False)
glue("mineral_pct", 100 * fc.mineral_frac, display=False)
print(fc.report())

# %% [markdown]
# In the figure cube {glue:text}`open_pct:.1f` % of the voxels are open (fracture or void) and
# {glue:text}`mineral_pct:.1f` % are mineral.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's CT images: three orthogonal mid-slices of the synthetic cube's P-wave velocity (top) and of its CT proxy (bottom); fractures and voids outlined in white, mineral inclusions in red. Synthetic.", "name": "fig-sonic-ct"}}
fig = figs.ct_slices(fc.cube)

# %% [markdown]
# ## Forward models: 27 Vp and 27 Vs values per cube (M1)
#
# Two travel-time models are implemented in `shared.geomech.forward`:
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
print(
    f"{fc.n_vp} Vp + {fc.n_vs} Vs picks; Vp all finite and positive: {fc.vp_valid}; "
    f"S picks missing (every footprint line cut by an open crack): {fc.vs_missing}"
)
glue("vpvs_min", fc.vp_vs_min, display=False)
glue("vs_missing", fc.vs_missing, display=False)

# %% [markdown]
# The smallest Vp/Vs ratio is {glue:text}`vpvs_min:.2f`, well above √2, the check one would apply to
# real picks. {glue:text}`vs_missing` of the 27 S picks of this cube are missing with straight rays;
# the valid S picks read nearly the matrix velocity, because the S energy runs along the intact
# lines of the footprint. If a file `data/sonic_map/regions.csv` with the paper's printed values were ever filled in
# by hand, the next cell would check it; it does not exist, and nothing is digitised or invented.

# %%
csv_path = Path("data/sonic_map/regions.csv")
if csv_path.exists():  # pragma: no cover - no such data shipped
    rows = np.genfromtxt(
        csv_path, delimiter=",", names=True, dtype=None, encoding="utf-8"
    )
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
m2 = sx.run_maps_2d(profile, fc)  # interpolate_map(...) per wave, axis and scheme
print(m2.report())
glue("node_err", m2.node_err, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's 2D-map figure: the three directions' maps of Vp (top three rows) and Vs (bottom three) for the figure cube; first column the raw 3 × 3 values (region blocks), then one column per interpolation scheme; one colour scale per wave type. Synthetic.", "name": "fig-sonic-2d"}}
fig = figs.maps_2d(m2.maps, profile.fig_schemes)

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
m3 = sx.run_map_3d(profile, st, fc)  # sonic_map_3d(picks, L, n, scheme, rule)
for rule, sc_ in m3.scores.items():
    print(
        f"{rule:>10s}: r(footprint truth) {sc_['footprint']:.3f}, "
        f"r(voxel truth) {sc_['voxel']:.3f}, r(CT proxy, footprint) "
        f"{sc_['ct_footprint']:.3f}, RMSE vs footprint {sc_['rmse_footprint']:.0f} m/s"
    )

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's comparison of the 3D sonic map with CT: mid-slices (columns) of the voxel truth, the footprint-scale truth, the CT proxy and the 3D Vp maps from the arithmetic and the harmonic rule (thin-plate-spline RBF maps). Synthetic.", "name": "fig-sonic-3d"}}
fig = figs.map_3d(m3.panels)

# %% [markdown]
# ## How well do 27 numbers recover the interior? Statistics over cubes (C3, C4, M5)
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
# lab never has; that comparison is kept as the book's own method check (M3, every smooth scheme).
# C4 needs a mean Spearman ρ ≤ −0.6 (slow blocks are the cracked ones) for both kinds of picks; M5
# compares the spread between smooth schemes with the cube-to-cube SD. The nulls: the same map
# scored against the CT proxy (C3) or the open fractions (C4) of *another* cube.

# %%
glue("n_cubes", profile.n_cubes, display=False)
stt = sx.run_statistics(profile, st)
display(Markdown(sx.scheme_table(stt)))

# %%
for k, v in stt.glued().items():
    glue(k, v, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Analogue of the paper's CT verification, as numbers: Pearson r of the 3D Vp map (arithmetic rule) against the footprint-scale truth (whole cube and interior), the voxel truth and the footprint-smoothed CT proxy, per interpolation scheme; bars are means and error bars SDs over the synthetic cubes.", "name": "fig-sonic-schemes"}}
fig = figs.scheme_scores(stt)

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
# cube-to-cube SD of {glue:text}`cube_sd:.3f` (M5): the two are of the same size, so whether the
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
# ## Why averaging is lossy: point spread and null space (M4)
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
ps = sx.run_point_spread(profile)
for k, v in ps.glued().items():
    glue(k, v, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Method figure (not in the paper): point spread and null space. Top: a single slow 20 mm block in the truth, the averaged 3D map (region blocks, arithmetic rule) and the least-squares blocks, each shown as the three x-slabs of the 3 × 3 × 3 blocks (values in km/s). Bottom: three of the eight null-space patterns of the 27 line averages, which no method using these 27 numbers can see.", "name": "fig-sonic-nullspace"}}
fig = figs.point_spread(ps)

# %% [markdown]
# Averaging keeps {glue:text}`frac_avg:.3f` of the block's slowness contrast and smears the rest
# along its three rays; least squares keeps {glue:text}`frac_lsq:.3f` (= 19/27) but pays with ringing:
# some blocks away from the anomaly overshoot the background, up to {glue:text}`lsq_max:.0f` m/s. The
# minimum-norm solution returns the true model minus its null-space component, and the null-space
# component of a single block (8/27 of it at the block) has alternating signs elsewhere. The 27
# numbers determine only {glue:text}`rank_svd` combinations of the 27 block slownesses.

# %% [markdown]
# ## Does the travel-time physics matter? Straight ray versus first arrival (M6)
#
# A lab pick is a first arrival: energy takes the fastest path, goes round air-filled cleats that
# lie across its column and short-cuts through fast mineral inclusions. Five analytic cases fix the
# two models: a homogeneous cube; a fracture plane *containing* the rays (the straight ray reads
# 1/[(1 − f)s_m + f s_f] with f = w/(n/3), the first arrival goes round it and reads the matrix
# velocity); a plane *normal* to the rays across the whole section (both read 1/[(1 − w/n)s_m +
# (w/n)s_f]); the same plane covering one footprint only (the first arrival diffracts round its
# edges and is faster); and a cube with mineral inclusions only (first arrivals faster).

# %%
fw = sx.run_forward_models(profile, st, m2.hom_fa_err)  # analytic cases, then the cubes

# %%
for k, v in fw.glued().items():
    glue(k, v, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Method figure (not in the paper): forward models. Left, the 27 region Vp values per synthetic cube from the first-arrival model against the straight-ray model (line of equality dashed); right, the analytic fracture cases, straight ray and first arrival beside their predicted values.", "name": "fig-sonic-forward"}}
fig = figs.forward_models(fw, profile)

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
glue("n_sweep", profile.n_cubes_sweep, display=False)
sw = sx.run_sweep(profile, st)
for k, v in sw.glued().items():
    glue(k, v, display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Method figure (not in the paper): sensitivity on synthetic cubes. Mean Pearson r of the 3D Vp map (thin-plate-spline RBF) against the footprint-scale truth versus picking noise, for 3 × 3, 4 × 4 and 5 × 5 regions per face and the arithmetic (solid) and harmonic (dashed) averaging rules.", "name": "fig-sonic-sensitivity"}}
fig = figs.sensitivity(sw)

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
oc = sx.run_open_cracks(profile, fc)
print(f"sealing crack: S picks missing in both models: {oc.sealed_missing}")
print(
    f"crack over one footprint: straight-ray S pick {oc.sr_cut}, first-arrival detour "
    f"{oc.fa_cut:.0f} m/s (matrix {oc.vs_matrix:.0f} m/s)"
)
print(
    f"figure cube: missing S picks, straight ray {fc.vs_missing}, first arrival "
    f"({profile.fa_coarsen} mm graph) {oc.vs_missing_fa}"
)
glue("fa_cut", float(oc.fa_cut), display=False)
glue("vs_missing_fa", oc.vs_missing_fa, display=False)

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
reps = sx.run_replicates(profile, st)  # replicate_metrics(...) on each replicate stream
display(Markdown(reps.table()))
for k, v in reps.glued().items():
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
res = sx.Results(
    profile=profile,
    figure=fc,
    maps2d=m2,
    map3d=m3,
    stats=stt,
    point_spread=ps,
    forward=fw,
    sweep=sw,
    cracks=oc,
    replicates=reps,
)
display(Markdown(sx.choices_table(res)))

# %%
# NBVAL_CHECK_OUTPUT
key_numbers(sx.key_numbers(res))

# %%
table = claims(sx.measured(res))
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
# ## Full profile (archived run)
#
# The full profile maps a finer figure cube (120³ instead of 60³ voxels), 50 instead of
# 10 cubes for the statistics and 30 instead of 5 for the sweep, ten interpolation
# schemes and uncoarsened first-arrival picks. Its numbers come from an archived run,
# whose provenance (commit, date, device, wall time, package versions) is shown with
# them; the tables below are that run's own claims tables, graded by the same
# `claims()`.

# %%
from shared.repro import archive

archive.show("sonic-map")

# %% [markdown]
# ## Discussion
#
# **What changed in the verdicts, and why.** Before the evidence policy this chapter listed seven
# rows as paper claims: C5 and C7 *reproduced*, C1, C2, C3, C4 and C6 capped at *partly* because
# the cubes are synthetic. Now (i) every paper claim is a *reconstruction*, because only the
# abstract was read and the setup is ours, so the synthetic-data cap is replaced by that level
# rather than added to it; (ii) C1 (27 + 27 values, true by construction), the interpolation
# exactness that used to be C2's checks, C5 and C7 (method properties) and C6 (the book's own
# question of which scheme) moved to the method-checks table, where they are now M1, M2, M4, M6
# and M5 (method-check ids start with M, so that none looks like a paper claim); (iii) C2 is now the paper's
# statement that interpolation *refines* the maps, checked against the unrefined region blocks;
# (iv) C3 is scored against the **CT proxy**, as the statement says, not against the synthetic
# velocity truth a lab never has (that comparison is method check M3); (v) C4 now also grades the
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
# changes only the Vs numbers and the method check M7.
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
