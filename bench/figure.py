"""The moving figure's cost: the same real 60-second session with the figure and with
--no-figure, alternating in one run, at sizes where the figure is drawn.

Figures as in bench/session.py (drift, guiding CPU, bytes a second, frame lateness), and
the median of the paired ratios figure / no figure.
Usage: /tmp/bench/bin/python bench/figure.py [RUNS]  (see bench/README.md)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from session import ARGS, HOME, print_summary, session_figures

from tests.ptyterm import Terminal

SIZES = {"120x40": (120, 40), "200x60": (200, 60)}
VARIANTS = {"figure": (), "no figure": ("--no-figure",)}
TOTAL = 60.0  # bench/sixty.yaml: 10 s get ready, 10 reps of 2 x 2.5 s


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    seen: dict[tuple[str, str], list[dict[str, float]]] = {}
    for run in range(runs):
        for size, (cols, rows) in SIZES.items():
            for name, extra in VARIANTS.items():
                done = Terminal(*ARGS, "--yes", "--no-bell", "--no-checkin", "--no-log",
                                *extra, cols=cols, rows=rows, env=HOME).finish(timeout=90)
                assert done.status == 0, done.output[-500:]
                figures = session_figures(done, TOTAL)
                seen.setdefault((size, name), []).append(figures)
                print(f"run {run + 1} {size} {name}: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in figures.items()), flush=True)
    print_summary(seen, list(SIZES), list(VARIANTS))


if __name__ == "__main__":
    main()
