"""Attention-theory chapters (``ocr``, ``attn-automaton``, ``attn-markov``, CAT).

:mod:`shared.attention.model` holds the one-layer, single-head attention module they
share (softmax/linear scores, merged or separate query-key, combined/factorized/identity
output-value, optional positional bias and per-stream causal convolutions). Each
chapter's task and analysis code lives in its own module beside it (e.g.
:mod:`shared.attention.ocr`).
"""

from .model import ATTENTIONS
from .model import CONV_STREAMS
from .model import OV_MODES
from .model import QK_MODES
from .model import AttentionConfig
from .model import OneLayerAttention
from .model import make_config
from .model import make_model
from .model import one_matrix_model
from .model import resolve_device

__all__ = [
    "ATTENTIONS",
    "CONV_STREAMS",
    "OV_MODES",
    "QK_MODES",
    "AttentionConfig",
    "OneLayerAttention",
    "make_config",
    "make_model",
    "one_matrix_model",
    "resolve_device",
]
