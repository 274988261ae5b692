"""`heel workout --dry-run`: start-up against the imports it cannot avoid, and the cost of
previewing the largest plan the options allow (--reps 100 --sets 100), in one run.

The start-up pairs run alternately, so machine load affects both sides alike.
Usage: /tmp/bench/bin/python bench/dryrun.py [PAIRS]  (see bench/README.md)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median, quantiles

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ptyterm import HEEL

PY = sys.executable
FLOOR = [PY, "-c", "import click, yaml, rich.console, rich.table"]
DRY_RUN = [HEEL, "workout", "--dry-run"]
LARGEST = ["--reps", "100", "--sets", "100"]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `cmd`, its output thrown away."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    timed(DRY_RUN), timed(FLOOR)  # warm the file cache
    ratios, ours, floor = [], [], []
    for _ in range(pairs):
        (x, _), (y, _) = timed(DRY_RUN), timed(FLOOR)
        ours.append(x), floor.append(y), ratios.append(x / y)
    q1, _, q3 = quantiles(ratios, n=4)  # a wide spread means a noisy machine: rerun
    print(f"heel workout --dry-run  median {median(ours) * 1000:6.1f} ms   floor "
          f"{median(floor) * 1000:6.1f} ms   median ratio {median(ratios):.3f} "
          f"(middle half {q1:.3f}-{q3:.3f})   ({pairs} pairs: {' '.join(FLOOR[1:])})")
    # The largest preview, the same as JSON, and JSON of some 30,000 steps (issue 22).
    for extra in (LARGEST, [*LARGEST, "--json"], ["--reps", "100", "--sets", "20", "--json"]):
        runs = [timed([*DRY_RUN, *extra]) for _ in range(5)]
        wall = median(w for w, _ in runs)
        cpu = median(c for _, c in runs)
        print(f"heel workout --dry-run {' '.join(extra):27} median of 5: "
              f"{wall:.3f} s wall, {cpu:.3f} s CPU")


if __name__ == "__main__":
    main()
