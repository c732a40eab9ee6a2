"""Quantum many-body models used by the book's physics chapters.

Modules
-------
spin1
    Single-mode spin-1 Bose-Einstein condensate: exact diagonalisation in the M = 0
    sector, spin-nematic squeezing, quantum Fisher information, quench dynamics and
    Bogoliubov theory.
spin1_experiment
    The experiments of the chapter ``spin1-bec`` (frozen ``Profile``, one ``run_*`` per
    section, ``measured`` and ``key_numbers``).
spin1_figures
    The chapter's figures, one function per figure.
spin1_claims
    The chapter's paper claims and method checks.
"""
