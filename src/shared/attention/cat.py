"""Convolution-augmented attention (CAT, arXiv:2407.05591): the chapter's public names.

A thin re-export; the code lives in modules of one concern each:

* :mod:`.cat_tasks` -- MQAR, associative recall, N-gram recall, selective copying, the
  suffix oracle;
* :mod:`.cat_models` -- the recall attention layer (CAT, NoPE, RoPE, APE), the SSM
  block, filter taps, :func:`make_cat_model`;
* :mod:`.cat_construction` -- the hand-built CAT and its closed form;
* :mod:`.cat_training` -- training, evaluation, :class:`Job` / :func:`run_jobs`;
* :mod:`.cat_experiment` -- the chapter's profiles and runs; :mod:`.cat_figures` -- its
  figures; :mod:`.cat_claims` -- its claims.
"""

from .cat_construction import hand_built_cat
from .cat_construction import hand_built_correct
from .cat_construction import hand_built_sweep
from .cat_models import PES
from .cat_models import STREAM_SETS
from .cat_models import PositionalAttention
from .cat_models import SSMModel
from .cat_models import causal_filter
from .cat_models import get_taps
from .cat_models import make_cat_model
from .cat_models import make_recall_model
from .cat_models import rope
from .cat_models import set_taps
from .cat_models import ssm_naive_scan
from .cat_tasks import FILLERS
from .cat_tasks import IGNORE
from .cat_tasks import associative_recall
from .cat_tasks import mqar
from .cat_tasks import ngram_recall
from .cat_tasks import selective_copy
from .cat_tasks import suffix_oracle
from .cat_training import Job
from .cat_training import JobResult
from .cat_training import converged
from .cat_training import evaluate
from .cat_training import jump_step
from .cat_training import plateau_hint
from .cat_training import run_job
from .cat_training import run_jobs
from .cat_training import train

__all__ = [
    "FILLERS",
    "IGNORE",
    "PES",
    "STREAM_SETS",
    "Job",
    "JobResult",
    "PositionalAttention",
    "SSMModel",
    "associative_recall",
    "causal_filter",
    "converged",
    "evaluate",
    "get_taps",
    "hand_built_cat",
    "hand_built_correct",
    "hand_built_sweep",
    "jump_step",
    "make_cat_model",
    "make_recall_model",
    "mqar",
    "ngram_recall",
    "plateau_hint",
    "rope",
    "run_job",
    "run_jobs",
    "selective_copy",
    "set_taps",
    "ssm_naive_scan",
    "suffix_oracle",
    "train",
]
