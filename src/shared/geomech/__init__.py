"""Coal geomechanics: sonic mapping of cubes and rock physics of dry and wet coal.

Modules
-------
:mod:`shared.geomech.sonic`
    Seeded synthetic "CT" coal cubes, forward models for the 27 + 27 sonic measurements
    (straight ray and first arrival), 2D maps, interpolation, 3D maps, a least-squares
    baseline and metrics against the known interior (chapter ``sonic-map``).
:mod:`shared.geomech.rockphysics`
    Dynamic moduli, Gassmann fluid substitution, percentage conventions, a voxel
    fracture-network generator with fracture porosity and P32, and static-modulus
    extraction from stress-strain curves (chapter ``coal-dewatering``).

Units: lengths in mm for cubes (voxel units for fracture networks), velocities in m/s,
densities in kg/m^3 (g/cm^3 for the CT proxy), moduli in Pa.
"""

from . import rockphysics
from . import sonic

__all__ = ["sonic", "rockphysics"]
