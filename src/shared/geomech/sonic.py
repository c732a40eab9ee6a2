"""Sonic mapping of coal cubes: synthetic CT truth, 27 + 27 picks, 2D and 3D maps.

Conventions (fixed here, used everywhere):

* A cube of side ``L`` mm is an ``(n, n, n)`` voxel array indexed ``[x, y, z]`` (voxel
  size ``h = L / n`` mm, voxel centres at ``(i + 1/2) h``).
* Velocities in m/s, slowness in s/m, lengths in mm, so a travel time ``length *
  slowness`` is in ms and ``V = L / t`` (mm/ms) is in m/s directly. Picking noise is
  given in microseconds.
* For propagation axis ``X`` the face is the ``(y, z)`` plane, for ``Y`` it is ``(x,
  z)`` and for ``Z`` it is ``(x, y)`` (remaining axes in increasing order). Each face is
  split into a ``grid x grid`` set of regions; region ``(r, c)`` covers the ``r``-th
  third of the first face axis and the ``c``-th third of the second. A 2D map is
  therefore a ``(grid, grid)`` array indexed like the face, and an interpolated map is
  ``(n, n)`` on the face's voxel centres.
* The transducer footprint is the whole ``(L/grid)^2`` square of its region, or
  optionally a centred disc of diameter ``footprint_mm``.
* A velocity of exactly 0 marks a cell that does not carry the wave: an air-filled
  (open) crack or void carries no shear, so the synthetic cubes have ``vs = 0`` there.
  The straight-ray model then averages only over the footprint lines that miss every
  such cell, the first-arrival model routes the S wave round them (no path may cut the
  corner of a blocked cell), and where no line or path gets through the pick is
  **missing** (NaN). A missing pick is never silently dropped: it is counted
  (:func:`count_missing`) and, before a map is interpolated, replaced by the slowest
  valid pick of the same direction (:func:`fill_missing`): "no arrival" means the region
  is at least as cracked as the worst one measured, a censored low value, never a
  typical one. A 3D map that cannot be formed because a whole direction is missing
  scores NaN, which every criterion grades as a failure.

The code lives in one module per concern: :mod:`.cube` (synthetic cubes,
:class:`CubeSpec`), :mod:`.forward` (forward models and picks), :mod:`.mapping` (2D and
3D maps, least squares) and :mod:`.metrics` (truths, scores, analytic values); the
chapter's runs are in :mod:`.sonic_experiment`. This module re-exports their public
names.

The paper's region numbering, transducer size, averaging rule and interpolation are
unknown; all of the above are reconstructions, and every cube made here is synthetic.
"""

from .cube import LABELS
from .cube import Cube
from .cube import CubeSpec
from .cube import make_cube
from .forward import AXES
from .forward import MODELS
from .forward import add_pick_noise
from .forward import count_missing
from .forward import fill_missing
from .forward import first_arrival_velocities
from .forward import footprint_weights
from .forward import region_velocities
from .forward import straight_ray_velocities
from .mapping import RULES
from .mapping import SCHEMES
from .mapping import combine_3d
from .mapping import interpolate_map
from .mapping import lsq_blocks
from .mapping import ray_matrix
from .mapping import ray_matrix_rank_formula
from .mapping import region_centres
from .mapping import sonic_map_3d
from .metrics import block_average
from .metrics import interior_mask
from .metrics import layered_expectation
from .metrics import map_metrics
from .metrics import reference_fields
from .metrics import score_map
from .metrics import slow_block_expectation
from .metrics import smooth_truth
from .metrics import upsample_blocks

__all__ = [
    "AXES",
    "LABELS",
    "MODELS",
    "RULES",
    "SCHEMES",
    "Cube",
    "CubeSpec",
    "add_pick_noise",
    "block_average",
    "combine_3d",
    "count_missing",
    "fill_missing",
    "first_arrival_velocities",
    "footprint_weights",
    "interior_mask",
    "interpolate_map",
    "layered_expectation",
    "lsq_blocks",
    "make_cube",
    "map_metrics",
    "ray_matrix",
    "ray_matrix_rank_formula",
    "reference_fields",
    "region_centres",
    "region_velocities",
    "score_map",
    "slow_block_expectation",
    "smooth_truth",
    "sonic_map_3d",
    "straight_ray_velocities",
    "upsample_blocks",
]
