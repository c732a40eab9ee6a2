"""Training throughput of the shared one-layer attention model
(``shared.attention.model``).

``main()`` prints one line per model variant — softmax/linear × factorized/combined, the
one-matrix model, and the OCR chapter's index path — in AdamW training steps per second
at the ``ocr`` quick settings (V = 128, T = 16, batch 252), on CPU (one thread) and on
CUDA when present.
"""

from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F

from shared.attention.model import make_model
from shared.attention.model import one_matrix_model
from shared.attention.ocr import OCRTask
from shared.attention.ocr import ocr_logits
from shared.attention.ocr import ocr_model

STEPS = 150
WARMUP = 10


def _batches(task: OCRTask, n: int, device: torch.device):
    rng = np.random.default_rng(0)
    out = []
    for _ in range(n):
        t, y = task.batch(rng, 84)
        out.append((torch.from_numpy(t).to(device), torch.from_numpy(y).to(device)))
    return out


def steps_per_second(model, loss_fn, batches) -> float:
    """AdamW steps per second of ``model`` on ``batches`` (after ``WARMUP`` untimed
    steps)."""
    opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.03)

    def step(b):
        loss = loss_fn(model, *b)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for b in batches[:WARMUP]:
        step(b)
    if model.device.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for b in batches[WARMUP:]:
        step(b)
    if model.device.type == "cuda":
        torch.cuda.synchronize()
    return (len(batches) - WARMUP) / (time.perf_counter() - t0)


def _dense_ce(model, toks, y):
    return F.cross_entropy(model(toks, last_only=True), y)


def _index_ce(model, toks, y):
    return F.cross_entropy(ocr_logits(model, toks), y)


def _mass_nll(model, toks, y):
    return -torch.log(model(toks, last_only=True).gather(1, y[:, None]) + 1e-9).mean()


def main() -> None:
    torch.set_num_threads(1)
    task = OCRTask()
    V = task.vocab_size
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for dev in devices:
        batches = _batches(task, STEPS + WARMUP, torch.device(dev))
        for attention in ("softmax", "linear"):
            for ov in ("factorized", "combined"):
                m = make_model(
                    vocab_size=V,
                    attention=attention,
                    ov=ov,
                    causal=False,
                    seed=0,
                    device=dev,
                )
                sps = steps_per_second(m, _dense_ce, batches)
                name = f"{attention:7s} {ov:10s} (dense forward)"
                print(f"attention {dev:4s} {name}: {sps:8.1f} steps/s")
        m = one_matrix_model(V, seed=0, device=dev)
        sps = steps_per_second(m, _mass_nll, batches)
        name = "one-matrix softmax (identity head)"
        print(f"attention {dev:4s} {name}: {sps:8.1f} steps/s")
        for ov in ("factorized", "combined"):
            m = ocr_model(task, ov=ov, device=dev)
            sps = steps_per_second(m, _index_ce, batches)
            name = f"linear  {ov:10s} (ocr index path)"
            print(f"attention {dev:4s} {name}: {sps:8.1f} steps/s")


if __name__ == "__main__":
    main()
