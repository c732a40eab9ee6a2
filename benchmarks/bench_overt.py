"""Throughput of the OVERT chapter's offline backends at quick-profile scale.

Prints one line per measurement: MiniLM load time, prompts embedded per second (no
cache), and the keyword and profanity filters' prompts per second on OVERT-mini.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from shared.overt import data as D
from shared.overt import embed as E
from shared.overt import harness as H


def main(n_texts: int = 300, threads: int = 1) -> None:
    torch.set_num_threads(threads)
    mini = D.load("mini")
    rng = np.random.default_rng(0)
    idx = D.stratified_sample(mini["category"], max(1, n_texts // 9), rng)
    texts = list(mini.prompts[idx])

    t = time.perf_counter()
    enc = E.load_encoder("cuda" if torch.cuda.is_available() else "cpu")
    print(f"overt: MiniLM load                     {time.perf_counter() - t:8.2f} s")

    enc.encode(texts[:16])  # warm-up
    t, c = time.perf_counter(), time.process_time()
    enc.encode(texts)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(
        f"overt: prompts embedded per second     {len(texts) / wall:8.1f} /s "
        f"({len(texts)} prompts, {threads} thread(s), {cpu:.2f} s CPU)"
    )

    all_prompts = list(mini.prompts)
    for name, f in (
        ("keyword filter", H.KeywordFilter()),
        ("profanity filter", H.ProfanityFilter()),
    ):
        t = time.perf_counter()
        f.refuse(all_prompts)
        print(
            f"overt: {name + ' prompts per second':<32} "
            f"{len(all_prompts) / (time.perf_counter() - t):8.0f} /s"
        )


if __name__ == "__main__":
    main()
