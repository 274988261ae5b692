"""`heel history` with each history file out of the page cache (the rest of the machine
warm): what a history's pages cost when they are read from disk, as on a host that keeps
little cache. Each round drops every given history file from the cache
(posix_fadvise DONTNEED; Linux) and runs `heel history` on each home in turn; prints each
home's median wall time and its median ratio to the first home's, round by round.
Usage: /tmp/bench/bin/python bench/cold_history.py ROUNDS EMPTY_HOME HOME...
(e.g. the homes `bench/history.py --build` makes)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ptyterm import HEEL


def evict(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def run(home: Path) -> float:
    evict(home / "history.sqlite3")
    start = time.perf_counter()
    subprocess.run([HEEL, "history"], stdout=subprocess.DEVNULL, check=True,
                   env={**os.environ, "HEEL_HOME": str(home), "COLUMNS": "80"})
    return time.perf_counter() - start


def main() -> None:
    rounds, homes = int(sys.argv[1]), [Path(home) for home in sys.argv[2:]]
    times: dict[Path, list[float]] = {home: [] for home in homes}
    for _ in range(rounds):
        for home in homes:
            times[home].append(run(home))
    for home in homes:
        ratio = median(t / e for t, e in zip(times[home], times[homes[0]], strict=True))
        print(f"{home!s:40} median {median(times[home]) * 1000:6.1f} ms   "
              f"x first {ratio:5.2f}")


if __name__ == "__main__":
    main()
