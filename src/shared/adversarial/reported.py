"""Numbers *reported* by the papers (CIFAR-10, PreActResNet-18, sAA at k = 20 pixels),
with where each was read. Robust and clean accuracies in %.

Transcribed from the text of arXiv:2502.21041 v2 (the NeurIPS-2025 version,
"Understanding and Improving Fast Adversarial Training against l0 Bounded
Perturbations"); its tables were read from a PDF-to-text copy, so the column of a few
cells was inferred from the printed order (the sAA columns agree across Tables 1, 5a and
10). The sAT and sTRADES rows of Table 5a are, by that paper's note, taken from
arXiv:2405.05075 (the Sparse-PGD paper); that paper's own tables (vanilla model, PGD0
column, k = 10, ablations) could not be read.
"""

#: Columns of Table 5(a), in the paper's order.
_5A_COLUMNS = (
    "time_h",
    "clean",
    "CS",
    "RS",
    "SAIF",
    "sigma_zero",
    "spgd_proj",
    "spgd_unproj",
    "sAA",
)
#: Table 5(a) of 2502.21041 v2: clean, single attacks and sAA at k = 20; time for 100
#: epochs on one RTX 6000 Ada (hours). "RS" is Sparse-RS, "CS" CornerSearch.
TABLE_5A = {
    row: dict(zip(_5A_COLUMNS, values))
    for row, values in (
        ("sAT", (5.3, 84.5, 52.1, 36.2, 76.6, 79.8, 75.9, 75.3, 36.2)),
        ("sTRADES", (5.5, 89.8, 69.9, 61.8, 84.9, 85.9, 84.6, 81.7, 61.7)),
        ("sTRADES + S&N", (5.4, 82.2, 66.3, 66.1, 77.1, 77.0, 74.1, 72.2, 65.5)),
        ("Fast-LS-l0", (0.8, 82.5, 69.3, 65.4, 75.7, 73.7, 67.2, 67.7, 63.0)),
    )
}

#: Table 1 of 2502.21041 v2: sAA (k = 20) after t-step training.
TABLE_1 = {"sAT t=1": 0.0, "sAT t=20": 36.2, "sTRADES t=1": 31.0, "sTRADES t=20": 61.7}

#: Table 4 of 2502.21041 v2: 1-step training components, sAA at k = 20. Rows: "-"
#: (none), "N" (noise), "S" (soft labels), "S&N"; sTRADES (T) generates the attack
#: with cross-entropy. Fast-LS-l0 is sTRADES (T) + S&N.
TABLE_4 = {
    "sAT": {"-": 0.0, "N": 0.3, "S": 29.3, "S&N": 43.8},
    "sTRADES (T)": {"-": 31.0, "N": 46.9, "S": 61.4, "S&N": 63.0},
}

#: Table 17 of 2502.21041 v2: Fast-LS-l0's sAA against its training budget k_train
#: (no CO at any).
TABLE_17 = {20: 61.4, 40: 62.1, 120: 63.0}

#: Table 3 of 2502.21041 v2: sAA of 1-step sAT models for k_train 20, 40, 120 (all
#: collapse).
TABLE_3_SAA = {20: 0.0, 40: 0.0, 120: 0.0}

#: Settings stated in 2502.21041 v2 (Section 5, Appendix G).
# Deliberate repeat: one stated setting a line, the layout of the profile tables.
SETTINGS = dict(
    epochs=100,
    batch=128,
    lr=0.05,
    lr_drops=(0.25, 0.75),
    k_train=120,
    k_test=20,
    sat_start=0.5,
    sat_momentum=0.9,
    trades_beta=6.0,
    noise_max="2 k_train",
)

SOURCE = "arXiv:2502.21041 v2"


def cite(table: str) -> str:
    """Short provenance label, e.g. ``cite("5a")`` -> ``"arXiv:2502.21041 v2, Table
    5a"``."""
    return f"{SOURCE}, Table {table}"
