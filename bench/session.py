"""A real 60-second session in a pseudo-terminal: timing drift, CPU share and peak memory.

drift = wall time - the plan's total_seconds - start-up time (spawn to first frame).
Each run is an 80 x 24 session, then the same session at 120 x 40 with the moving
figure and without it (--no-figure), so the figure's cost shows against the same load.
Usage: /tmp/bench/bin/python bench/session.py [RUNS]  (see bench/README.md)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.ptyterm import HEEL, Terminal  # noqa: E402

FILE = str(HERE / "sixty.yaml")
ARGS = ("workout", "--file", FILE)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    plan = json.loads(subprocess.run([HEEL, *ARGS, "--dry-run", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    total = plan["total_seconds"]
    kinds = {"80x24": ((80, 24), ()), "120x40 figure": ((120, 40), ()),
             "120x40 no figure": ((120, 40), ("--no-figure",))}
    seen: dict[str, tuple[list[float], list[float], list[int]]] = {k: ([], [], []) for k in kinds}
    for run in range(runs):
        for kind, ((cols, rows), extra) in kinds.items():
            session = Terminal(*ARGS, "--yes", "--no-bell", "--no-checkin", "--no-log", *extra,
                               cols=cols, rows=rows)
            done = session.finish(timeout=total + 30)
            assert done.status == 0, done.output[-500:]
            drift = done.wall - total - done.first_output
            drifts, cpus, rsss = seen[kind]
            drifts.append(drift), cpus.append(done.cpu / done.wall), rsss.append(done.max_rss_kib)
            print(f"run {run + 1} {kind}: wall {done.wall:.3f} s, plan {total:g} s, start-up "
                  f"{done.first_output * 1000:.1f} ms, drift {drift * 1000:+.1f} ms, "
                  f"CPU {done.cpu:.3f} s = {100 * done.cpu / done.wall:.2f}% of one core, "
                  f"max RSS {done.max_rss_kib / 1024:.1f} MiB")
    for kind, (drifts, cpus, rsss) in seen.items():
        print(f"{kind}: median drift {median(drifts) * 1000:+.1f} ms, "
              f"CPU {100 * median(cpus):.2f}%, max RSS {max(rsss) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
