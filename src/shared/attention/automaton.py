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

from .automaton_experiment import PROFILES
from .automaton_experiment import GlobalRun
from .automaton_experiment import LocalRun
from .automaton_experiment import Profile
from .automaton_experiment import Results
from .automaton_experiment import draw_trials
from .automaton_experiment import local_selection
from .automaton_experiment import regularization_path
from .automaton_experiment import repo_trial_filter
from .automaton_experiment import run
from .automaton_experiment import run_global
from .automaton_experiment import run_local
from .automaton_graphs import KINDS
from .automaton_graphs import NTPData
from .automaton_graphs import edges_from_data
from .automaton_graphs import is_cyclic
from .automaton_graphs import ntp_dataset
from .automaton_graphs import random_embeddings
from .automaton_graphs import reachability
from .automaton_graphs import reduced_mask
from .automaton_graphs import scc_labels
from .automaton_graphs import token_priority_graphs
from .automaton_metrics import attention_np
from .automaton_metrics import automaton_attention
from .automaton_metrics import fit_R
from .automaton_metrics import scc_mass
from .automaton_svm import SVM_METHODS
from .automaton_svm import SVMResult
from .automaton_svm import cyclic_subspace
from .automaton_svm import graph_svm
from .automaton_svm import project
from .automaton_svm import svm_constraints
from .automaton_train import LOSSES
from .automaton_train import Batch
from .automaton_train import attention
from .automaton_train import default_init
from .automaton_train import identity_head
from .automaton_train import loss_grad
from .automaton_train import loss_value
from .automaton_train import make_batch
from .automaton_train import normalized_gd
from .automaton_train import scores
from .automaton_train import second_differences
from .automaton_train import to_shared_model
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
