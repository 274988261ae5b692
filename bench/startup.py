"""Start-up time of every heel command against the imports it cannot avoid, as median ratios.

Each command runs alternately with its floor, pair by pair in the same run, so machine load
affects both alike. The floor is `python -c "import click, yaml, rich.console"`; for a
command that reads the history, plus `sqlite3`; for `heel --help`, `import click` alone
(it needs no more). Each line gives the median ratio of wall times and, less swayed by
other processes on the machine, of CPU times (user + system), and the ratio of the fastest
run of each ("best x"), the least disturbed. The commands run on a home
holding a 200-session history in a running program (tests/histories.py), so those that
read it do.
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


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode})")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    home = Path(tempfile.mkdtemp(prefix="heel-startup-"))
    in_program(build(home, 200, datetime.now(timezone.utc)))
    (home / "safety-shown").write_text("")
    env = {**os.environ, "HEEL_HOME": str(home)}
    print(f"{'command':30} {'heel':>7} {'floor':>7} {'wall x':>6}  middle half  "
          f"{'CPU x':>5}  {'best x':>6}  floor")
    for args, floor in COMMANDS:
        ours, base = [HEEL, *args.split()], [PY, "-c", floor]
        timed(ours, env), timed(base, env)  # warm the file cache
        walls, cpus, a, b = [], [], [], []
        for _ in range(runs):
            (x, x_cpu), (y, y_cpu) = timed(ours, env), timed(base, env)
            a.append(x), b.append(y), walls.append(x / y), cpus.append(x_cpu / y_cpu)
        q1, _, q3 = quantiles(walls, n=4)  # a wide spread means a noisy machine: rerun
        # Best of each over best: other processes only ever add time, so the fastest runs
        # are the least disturbed (a check on the medians when the host is noisy).
        print(f"heel {args:25} {median(a) * 1000:5.1f}ms {median(b) * 1000:5.1f}ms "
              f"{median(walls):6.3f}  {q1:.3f}-{q3:.3f}  {median(cpus):5.3f}  "
              f"{min(a) / min(b):6.3f}  {floor}", flush=True)
    print(f"({runs} pairs each)")


if __name__ == "__main__":
    main()
