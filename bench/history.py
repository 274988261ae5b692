"""`heel history` on histories of N, 10N and 100N sessions, against an empty history.

Every round runs each command once, in turn, so load on the machine hits all of them alike;
each figure is the median over the rounds of its time divided by the same round's time of
`heel history` with no history at all (a fresh machine), and of the dependency floor
`python -c "import click, yaml, rich.console, rich.table"`. The page and `--json -n 10`
must cost the same at every size. A whole export (`--json`) reads every row, so its time
grows with the history: what must not grow is its memory (max RSS).
Usage: /tmp/bench/bin/python bench/history.py [ROUNDS] [N]  (see bench/README.md)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ptyterm import HEEL

FLOOR = [sys.executable, "-c", "import click, yaml, rich.console, rich.table"]


def run(cmd: list[str], home: Path) -> tuple[float, int]:
    """Wall seconds and max RSS (KiB) of one run, its output thrown away."""
    env = {**os.environ, "HEEL_HOME": str(home), "COLUMNS": "80"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = proc.stderr.read() if proc.stderr else b""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {error.decode(errors='replace')}")
    return wall, usage.ru_maxrss


def make_history(home: Path, size: int) -> None:
    """In a child process: a process's max RSS counts what its parent held when it forked,
    so this one stays small."""
    subprocess.run([sys.executable, __file__, "--build", str(home), str(size)], check=True)


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        from tests.histories import build

        now = datetime.now().astimezone()  # real-date: the sessions lead up to today
        build(Path(sys.argv[2]), int(sys.argv[3]), now)
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    sizes = (n, 10 * n, 100 * n)
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp, "empty")
        homes = {0: empty}
        for size in sizes:
            homes[size] = Path(tmp, str(size))
            make_history(homes[size], size)
        cases = {"floor": (FLOOR, empty)}
        for size, home in homes.items():
            cases[f"history {size}"] = ([HEEL, "history"], home)
        for size, home in homes.items():
            cases[f"--json -n 10 {size}"] = ([HEEL, "history", "--json", "-n", "10"], home)
        for size, home in homes.items():
            cases[f"--json {size}"] = ([HEEL, "history", "--json"], home)
        for cmd, home in cases.values():  # warm the file cache
            run(cmd, home)
        times: dict[str, list[float]] = {name: [] for name in cases}
        rss: dict[str, int] = dict.fromkeys(cases, 0)
        for _ in range(rounds):
            for name, (cmd, home) in cases.items():
                wall, kib = run(cmd, home)
                times[name].append(wall)
                rss[name] = max(rss[name], kib)
    base, floor = times["history 0"], times["floor"]
    print(f"{rounds} rounds; sessions in each history: 0 (no file), "
          f"{', '.join(f'{s:,}' for s in sizes)}")
    for name in cases:
        to_empty = median(t / b for t, b in zip(times[name], base, strict=True))
        to_floor = median(t / f for t, f in zip(times[name], floor, strict=True))
        print(f"{name:20} median {median(times[name]) * 1000:7.1f} ms   "
              f"x empty {to_empty:5.2f}   x floor {to_floor:5.2f}   "
              f"max RSS {rss[name] / 1024:5.1f} MiB")


if __name__ == "__main__":
    main()
