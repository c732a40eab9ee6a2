"""Run every benchmark of the book: `make bench` (or `python benchmarks/run.py [name
...]`).

Each ``benchmarks/bench_<name>.py`` defines ``main()``, which prints one line per
measurement. Benchmarks are measurements, not tests: nothing here fails on a slow
machine.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(names: list[str]) -> int:
    import torch

    torch.set_num_threads(1)
    paths = sorted(HERE.glob("bench_*.py"))
    if names:
        wanted = {f"bench_{n}" for n in names}
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            print(
                f"unknown benchmark(s) {sorted(unknown)}; known: "
                f"{[p.stem[6:] for p in paths]}",
                file=sys.stderr,
            )
            return 2
        paths = [p for p in paths if p.stem in wanted]
    cuda = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    print(
        f"# benchmarks on {platform.processor() or platform.machine()}, torch "
        f"{torch.__version__}, "
        f"1 torch thread, CUDA: {cuda}"
    )
    failed = 0
    for path in paths:
        print(f"\n## {path.stem[6:]}")
        t0 = time.perf_counter()
        try:
            load(path).main()
        except (
            Exception
        ):  # report and go on: one broken benchmark should not hide the others
            failed += 1
            traceback.print_exc()
        print(f"({path.stem[6:]}: {time.perf_counter() - t0:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
