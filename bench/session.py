"""A real 60-second session in a pseudo-terminal: drift, CPU and bytes a second, frame
timing and peak memory, optionally against another heel (the same session before a change)
in the same run.

drift = wall time - the plan's total_seconds - start-up time (spawn to first frame).
guiding CPU = CPU seconds from the first frame to the exit, over that wall time: what the
frames cost, without the start-up every command pays.
frame late = how far each frame (its first read: see frame_starts) lands after the quarter
second it belongs to, counted from the first frame, less the earliest (the runner wakes on
each whole second a step shows, and the steps of bench/sixty.yaml start on half seconds,
so every frame is due on a quarter).
Each run is the session at 80 x 24 and at 200 x 60 (with the moving figure); with
--against, each session of this heel is followed by the same one of the other heel (of
each, in order, when given more than once).
Usage: /tmp/bench/bin/python bench/session.py [RUNS] [--log] [--against OTHER/bin/heel ...]
(--log: the sessions write the history, as a user's do; without it, --no-log)
(see bench/README.md)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.ptyterm import HEEL, Finished, Terminal  # noqa: E402

FILE = str(HERE / "sixty.yaml")
# A home of its own: never the user's history, which another heel's schema may not read.
HOME = {"HEEL_HOME": tempfile.mkdtemp(prefix="heel-bench-")}
(Path(HOME["HEEL_HOME"]) / "safety-shown").write_text("")  # as for someone past day one
ARGS = ("workout", "--file", FILE)
SIZES = {"80x24": (80, 24), "200x60": (200, 60)}
SQLITE_WRITE = ("import sys; db = sqlite3.connect(sys.argv[1]); "
                "db.execute('CREATE TABLE t (x)'); db.execute('INSERT INTO t VALUES (1)'); "
                "db.commit()")
QUARTER = 0.25
FRAME_GAP = 0.1


def frame_starts(done: Finished) -> list[float]:
    """When each frame after the first starts to arrive. A pseudo-terminal hands a write
    over in pieces of at most 4 KiB, each read when the reader next runs, so a frame of
    8 KiB written at once comes as two reads a few ms apart; reads closer than a tenth of a
    second (frames are at least a quarter apart) are one frame."""
    starts, last = [], done.chunks[0][0]
    for at, _ in done.chunks[1:]:
        if at - last >= FRAME_GAP:
            starts.append(at)
        last = at
    return starts


def offsets(done: Finished) -> list[float]:
    """How late each frame after the first lands: its distance to the nearest quarter
    second counted from the first frame, less the earliest such distance (every frame is
    due on a quarter second; the earliest frame is taken as on time)."""
    first = done.chunks[0][0]
    out = []
    for at in frame_starts(done):
        off = (at - first) % QUARTER
        out.append(off - QUARTER if off > QUARTER / 2 else off)
    earliest = min(out)
    return [off - earliest for off in out]


def _max_rss(cmd: list[str]) -> int:
    """Peak resident memory of one run of `cmd`, in KiB."""
    proc = subprocess.Popen(cmd)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_maxrss


def session_figures(done: Finished, total: float) -> dict[str, float]:
    """Drift, guiding CPU, bytes a second and frame lateness of one finished session."""
    guiding = done.wall - done.first_output
    late = offsets(done)
    return {
        "drift ms": (done.wall - total - done.first_output) * 1000,
        "guiding CPU %": 100 * (done.cpu - done.cpu_at_first_output) / guiding,
        "bytes/s": sum(n for at, n in done.chunks if at > done.first_output) / guiding,
        "frame late p50 ms": median(late) * 1000,
        "frame late p95 ms": sorted(late)[round(0.95 * (len(late) - 1))] * 1000,
        "frame late max ms": max(late) * 1000,
    }


def main() -> None:
    args = sys.argv[1:]
    others = []  # --against may be given more than once: "other", "other2", ...
    while "--against" in args:
        at = args.index("--against")
        others.append(args[at + 1])
        del args[at:at + 2]
    # --log: sessions that write the history, as a user's do (the store and sqlite3 loaded).
    log = "--log" in args
    args = [a for a in args if a != "--log"]
    runs = int(args[0]) if args else 1
    heels = {"this": HEEL, **{f"other{i or ''}": heel for i, heel in enumerate(others)}}
    plan = json.loads(subprocess.run([HEEL, *ARGS, "--dry-run", "--json"],
                                     capture_output=True, text=True, check=True,
                                     env={**os.environ, **HOME}).stdout)
    total = plan["total_seconds"]
    floor = "import click, yaml, rich.console" + (", sqlite3" if log else "")
    floor_rss = median(_max_rss([sys.executable, "-c", floor]) for _ in range(3))
    print(f"memory floor (python -c '{floor}'): max RSS {floor_rss / 1024:.2f} MiB",
          flush=True)
    # A session that writes the history runs SQLite too: its code for opening a file,
    # reading a schema and committing a row is paged in (file-backed memory), which the
    # import alone does not touch. The floor of that: the same imports, one row written.
    used_rss = median(_max_rss([sys.executable, "-c", f"{floor}; {SQLITE_WRITE}",
                                str(Path(tempfile.mkdtemp(prefix="heel-floor-"), "f.db"))])
                      for _ in range(3)) if log else floor_rss
    if log:
        print(f"memory floor with SQLite writing a row: max RSS {used_rss / 1024:.2f} MiB",
              flush=True)
    seen: dict[tuple[str, str], list[dict[str, float]]] = {}
    for run in range(runs):
        for size, (cols, rows) in SIZES.items():
            for name, heel in heels.items():
                session = Terminal(*ARGS, "--yes", "--no-bell", "--no-checkin",
                                   *(() if log else ("--no-log",)),
                                   cols=cols, rows=rows, heel=heel, env=HOME)
                done = session.finish(timeout=total + 30)
                assert done.status == 0, done.output[-500:]
                figures = {
                    **session_figures(done, total),
                    "max RSS MiB": done.max_rss_kib / 1024,
                    "RSS x floor": done.max_rss_kib / floor_rss,
                    **({"RSS x floor writing": done.max_rss_kib / used_rss} if log else {}),
                    "whole CPU %": 100 * done.cpu / done.wall,
                }
                seen.setdefault((size, name), []).append(figures)
                print(f"run {run + 1} {size} {name}: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in figures.items()), flush=True)
    print_summary(seen, list(SIZES), list(heels))


def print_summary(seen: dict[tuple[str, str], list[dict[str, float]]], sizes: list[str],
                  names: list[str]) -> None:
    """Each figure's median by size and name, then the median of the paired ratios of the
    first name's CPU and bytes over each other name's, run by run."""
    print()
    first = names[0]
    for size in sizes:
        for name in names:
            rows_seen = seen[size, name]
            print(f"{size} {name} (median of {len(rows_seen)}): " + ", ".join(
                f"{k} {median(r[k] for r in rows_seen):.2f}" for k in rows_seen[0]))
        for other in names[1:]:
            ratio = {k: median(a[k] / b[k] for a, b in zip(seen[size, first],
                                                           seen[size, other], strict=True))
                     for k in ("guiding CPU %", "bytes/s")}
            print(f"{size} {first} / {other}, median of paired ratios: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in ratio.items()))


if __name__ == "__main__":
    main()
