"""Start-up time of heel against the imports it cannot avoid, as a median ratio.

Both sides run alternately in the same run, so machine load affects them alike.
Usage: /tmp/bench/bin/python bench/startup.py [PAIRS]  (see bench/README.md)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from statistics import median, quantiles

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ptyterm import HEEL

PY = sys.executable
PAIRS = {
    "heel --help": ([HEEL, "--help"], [PY, "-c", "import click"]),
    "heel list": ([HEEL, "list"], [PY, "-c", "import click, yaml, rich.console, rich.table"]),
}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    for name, (ours, baseline) in PAIRS.items():
        timed(ours), timed(baseline)  # warm the file cache
        ratios, a, b = [], [], []
        for _ in range(runs):
            x, y = timed(ours), timed(baseline)
            a.append(x), b.append(y), ratios.append(x / y)
        q1, _, q3 = quantiles(ratios, n=4)  # a wide spread means a noisy machine: rerun
        print(f"{name:12} median {median(a) * 1000:6.1f} ms   baseline {median(b) * 1000:6.1f} ms"
              f"   median ratio {median(ratios):.3f} (middle half {q1:.3f}-{q3:.3f})"
              f"   ({runs} pairs: {' '.join(baseline[1:])})")


if __name__ == "__main__":
    main()
