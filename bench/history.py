"""Every view of the history at 100,000 sessions against an empty history, and the exports
and the largest previews against their bounds, in one run.

The histories are made through the store's own API (Store.start, update, check_in,
start_program, stop_program), as a keen user's: two sessions a day but Sundays, leading
up to today, every one inside a program on mon,wed,fri; "gaps" has a rest week (Monday to
Sunday) in every ten, "no gaps" none, so its streak runs back to the first session
(about 8,300 weeks). The "no program" copies are the same files with the program stopped.

Every round runs each command once, in turn, so load on the machine hits all of them
alike; a view's figure is the median over the rounds of its time divided by the same
round's time of the same command on an empty history (a store with no session). The
exports and previews are timed alone (median wall and CPU seconds of the rounds).
Usage: /tmp/bench/bin/python bench/history.py [ROUNDS] [SESSIONS]  (see bench/README.md)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.ptyterm import HEEL

VIEWS = {"history": ["history"], "history --json -n 10": ["history", "--json", "-n", "10"],
         "program": ["program"], "program --json": ["program", "--json"]}
BOUNDED = {  # command: bound in seconds (wall)
    "history --json -n 50000": (["history", "--json", "-n", "50000"], 1.0),
    "history --csv -n 50000": (["history", "--csv", "-n", "50000"], 1.0),
    "workout --dry-run --reps 100 --sets 100": (
        ["workout", "--dry-run", "--reps", "100", "--sets", "100"], 0.5),
    "workout --dry-run --reps 100 --sets 20 --json": (
        ["workout", "--dry-run", "--reps", "100", "--sets", "20", "--json"], 0.5),
}


def run(args: list[str], home: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and max RSS (KiB) of one run, its output thrown away."""
    env = {**os.environ, "HEEL_HOME": str(home), "COLUMNS": "80"}
    start = time.perf_counter()
    proc = subprocess.Popen([HEEL, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    error = proc.stderr.read() if proc.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"heel {' '.join(args)} failed: {error.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def build(home: Path, count: int, rest_every: int | None) -> None:
    """`count` sessions through the store's API, in a program since the first of them."""
    from heelcli.engine.records import Part
    from heelcli.store.history import COMPLETED, FILE_NAME, Store

    now = datetime.now().astimezone()  # real-date: the sessions lead up to today
    # At 18:00 and 08:00 of each day, the newest today's or yesterday's: whatever the hour
    # the bench runs, both sessions fall on their own day and Sundays stay free. (Built
    # from "an hour and eleven hours ago", a history made before 11:00 had Sunday sessions
    # too: a streak of days back to its first, ten years of daily probes that a history
    # made in the afternoon did not have.)
    evening = now.replace(hour=18, minute=0, second=0, microsecond=0)
    if evening > now:
        evening -= timedelta(days=1)
    times = []
    day = 0
    while len(times) < count:
        moment = evening - timedelta(days=day)
        weeks = (moment.toordinal() - 1) // 7  # ISO weeks since 1 January of year 1
        if moment.weekday() != 6 and (rest_every is None or weeks % rest_every):
            times += [moment - timedelta(hours=h) for h in (0, 10)][:count - len(times)]
        day += 1
    home.mkdir(parents=True)
    store = Store(home / FILE_NAME)
    store.db.execute("PRAGMA synchronous = OFF")  # the fixture only: a user's file syncs
    program = store.start_program(started_at=min(times, default=now) - timedelta(minutes=1),
                                  days=(0, 2, 4), pain_limit=5, levels={"bridge": 1})
    part = Part(0, "bridge", "Bridge", "", 3, 30, 540.0)
    for moment in reversed(times):
        sid = store.start(started_at=moment, routine="heel-basics", exercises=["bridge"],
                          program_id=program, levels=[("bridge", 1, 1, 30)])
        store.update(sid, [part], 540.0, COMPLETED)
        store.check_in(sid, felt="back", effort="about right", pain=0)
    store.close()


def stopped(source: Path, home: Path) -> None:
    """A copy of the history at `source` with its program stopped."""
    from heelcli.store.history import FILE_NAME, Store

    home.mkdir(parents=True)
    shutil.copy(source / FILE_NAME, home / FILE_NAME)
    store = Store(home / FILE_NAME)
    store.stop_program(at=datetime.now().astimezone())  # real-date: after every session
    store.close()


def main() -> None:
    if sys.argv[1:2] == ["--build"]:  # in a child: the bench's own RSS stays small
        build(Path(sys.argv[2]), int(sys.argv[3]),
              None if sys.argv[4] == "none" else int(sys.argv[4]))
        return
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        homes = {}
        for name, rest in (("empty", "10"), ("program, gaps", "10"),
                           ("program, no gaps", "none")):
            homes[name] = Path(tmp, name)
            count = 0 if name == "empty" else size
            subprocess.run([sys.executable, __file__, "--build", str(homes[name]),
                            str(count), rest], check=True)
        for name in ("gaps", "no gaps"):
            homes[f"no program, {name}"] = Path(tmp, f"stopped {name}")
            stopped(homes[f"program, {name}"], homes[f"no program, {name}"])
        homes["empty, no program"] = Path(tmp, "empty stopped")
        stopped(homes["empty"], homes["empty, no program"])
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(rounds):
            for view, args in VIEWS.items():
                for name, home in homes.items():
                    times.setdefault((view, name), []).append(run(args, home)[0])
        bounded = {name: [run(args, homes["program, gaps"]) for _ in range(rounds)]
                   for name, (args, _) in BOUNDED.items()}
    print(f"{rounds} rounds; {size:,} sessions, each in a program on mon,wed,fri; "
          "x empty: median ratio to the same command on an empty history")
    for view in VIEWS:
        for name in homes:
            if name.startswith("empty"):
                continue
            empty = "empty" if name.startswith("program") else "empty, no program"
            ratio = median(t / e for t, e in zip(times[view, name], times[view, empty],
                                                 strict=True))
            print(f"heel {view:22} {name:18} median {median(times[view, name]) * 1000:7.1f}"
                  f" ms   empty {median(times[view, empty]) * 1000:6.1f} ms   "
                  f"x empty {ratio:5.2f}")
    for name, (_, bound) in BOUNDED.items():
        runs = bounded[name]
        wall = median(w for w, _, _ in runs)
        cpu = median(c for _, c, _ in runs)
        rss = max(r for _, _, r in runs) / 1024
        print(f"heel {name:44} {wall:6.3f} s wall  {cpu:6.3f} s CPU  {rss:5.1f} MiB  "
              f"bound {bound} s: {'met' if wall < bound else 'NOT met'}")


if __name__ == "__main__":
    main()
