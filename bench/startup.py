"""Start-up time of every heel command against the imports it cannot avoid, as median ratios.

Each command runs alternately with its floor, pair by pair in the same run, so machine load
affects both alike. The floor is `python -c "import click, yaml, rich.console"`; for a
command that reads the history, plus `sqlite3`; for `heel --help`, `import click` alone
(it needs no more). The commands run on a home holding a 200-session history in a running
program (tests/histories.py), so those that read it do.
Usage: /tmp/bench/bin/python bench/startup.py [PAIRS]  (see bench/README.md)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from statistics import median, quantiles

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.histories import build, in_program
from tests.ptyterm import HEEL

PY = sys.executable
FLOOR = "import click, yaml, rich.console"
READS = FLOOR + ", sqlite3"
COMMANDS: list[tuple[str, str]] = [
    ("--help", "import click"),
    ("list", FLOOR),
    ("check", FLOOR),
    ("why", FLOOR),
    ("why bridge", FLOOR),
    ("history", READS),
    ("program", READS),
    ("report", READS),
    ("calendar", READS),
    ("remind --cron --at 07:30", READS),
    ("workout --dry-run", READS),
    ("test --about", READS),
]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    home = Path(tempfile.mkdtemp(prefix="heel-startup-"))
    in_program(build(home, 200, datetime.now(timezone.utc)))
    (home / "safety-shown").write_text("")
    env = {**os.environ, "HEEL_HOME": str(home)}
    print(f"{'command':26} {'heel':>8} {'floor':>8} {'ratio':>6}  middle half  floor")
    for args, floor in COMMANDS:
        ours, base = [HEEL, *args.split()], [PY, "-c", floor]
        timed(ours, env), timed(base, env)  # warm the file cache
        ratios, a, b = [], [], []
        for _ in range(runs):
            x, y = timed(ours, env), timed(base, env)
            a.append(x), b.append(y), ratios.append(x / y)
        q1, _, q3 = quantiles(ratios, n=4)  # a wide spread means a noisy machine: rerun
        print(f"heel {args:21} {median(a) * 1000:6.1f}ms {median(b) * 1000:6.1f}ms "
              f"{median(ratios):6.3f}  {q1:.3f}-{q3:.3f}  {floor}", flush=True)
    print(f"({runs} pairs each)")


if __name__ == "__main__":
    main()
