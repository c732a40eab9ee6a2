"""Next-token prediction with one self-attention layer as an automaton
(arXiv:2403.08081).

This module re-exports the public names of the chapter's modules, one concern each:

* :mod:`.automaton_graphs`: data, token-priority graphs, SCCs, the reduced data set;
* :mod:`.automaton_svm`: the Graph-SVM (three solvers, KKT report), cyclic subspace;
* :mod:`.automaton_train`: the model, losses, closed-form gradients, normalized GD;
* :mod:`.automaton_metrics`: attention, SCC mass, the fitted scale ``R``, the automaton;
* :mod:`.automaton_experiment`: profiles, the global and local runs, the regularization
  path, and what the chapter grades;
* :mod:`.automaton_figures`: the chapter's figures.

Parts of the theory are reconstructed from the paper's official code and abstract (the
paper body could not be read); the chapter labels them as such.
"""

from __future__ import annotations

from .automaton_experiment import (
    PROFILES,
    GlobalRun,
    LocalRun,
    Profile,
    Results,
    draw_trials,
    local_selection,
    regularization_path,
    repo_trial_filter,
    run,
    run_global,
    run_local,
)
from .automaton_graphs import (
    KINDS,
    NTPData,
    edges_from_data,
    is_cyclic,
    ntp_dataset,
    random_embeddings,
    reachability,
    reduced_mask,
    scc_labels,
    token_priority_graphs,
)
from .automaton_metrics import attention_np, automaton_attention, fit_R, scc_mass
from .automaton_svm import (
    SVM_METHODS,
    SVMResult,
    cyclic_subspace,
    graph_svm,
    project,
    svm_constraints,
)
from .automaton_train import (
    LOSSES,
    Batch,
    attention,
    default_init,
    identity_head,
    loss_grad,
    loss_value,
    make_batch,
    normalized_gd,
    scores,
    second_differences,
    to_shared_model,
)
from .linalg import cosine

__all__ = [
    "KINDS",
    "LOSSES",
    "PROFILES",
    "SVM_METHODS",
    "Batch",
    "GlobalRun",
    "LocalRun",
    "NTPData",
    "Profile",
    "Results",
    "SVMResult",
    "attention",
    "attention_np",
    "automaton_attention",
    "cosine",
    "cyclic_subspace",
    "default_init",
    "draw_trials",
    "edges_from_data",
    "fit_R",
    "graph_svm",
    "identity_head",
    "is_cyclic",
    "local_selection",
    "loss_grad",
    "loss_value",
    "make_batch",
    "normalized_gd",
    "ntp_dataset",
    "project",
    "random_embeddings",
    "reachability",
    "reduced_mask",
    "regularization_path",
    "repo_trial_filter",
    "run",
    "run_global",
    "run_local",
    "scc_labels",
    "scc_mass",
    "scores",
    "second_differences",
    "svm_constraints",
    "to_shared_model",
    "token_priority_graphs",
]
