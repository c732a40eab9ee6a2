"""Quantum many-body models used by the book's physics chapters.

Modules
-------
spin1
    Single-mode spin-1 Bose-Einstein condensate: exact diagonalisation in the M = 0 sector,
    spin-nematic squeezing, quantum Fisher information, quench dynamics and Bogoliubov theory.
"""
