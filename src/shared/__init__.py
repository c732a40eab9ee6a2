"""Library behind the executable reproductions book.

Sub-packages, one per domain: :mod:`shared.repro` (profiles, seeding, provenance,
claims), :mod:`shared.quantum`, :mod:`shared.attention`, :mod:`shared.adversarial`,
:mod:`shared.geomech` and :mod:`shared.overt`.
"""

__version__ = "0.1.0"
