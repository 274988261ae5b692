"""What the history page's figures cost in-process on one history file: `Store.facts`
(streaks, this week, the weeks charted), with the running program's streak, and the
program's streak alone; best of 5, in ms. Build the file first, e.g. a gap-less 100,000
sessions: `python bench/history.py --build /tmp/h100k 100000 none`.
Usage: /tmp/bench/bin/python bench/facts.py /tmp/h100k/history.sqlite3
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from heelcli.store.history import Store


def best(read: Callable[[], object], runs: int = 5) -> tuple[float, object]:
    fastest, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = read()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest * 1000, result


def main() -> None:
    store = Store(Path(sys.argv[1]), read_only=True)
    today = date.today()  # real-date: the bench's histories lead up to today
    program = store.active_program()
    ms, found = best(lambda: store.facts(today))
    print(f"facts: {ms:.1f} ms ({found})")
    if program is not None:
        ms, found = best(lambda: store.facts(today, program=program))
        print(f"facts with the program's streak: {ms:.1f} ms")
        ms, found = best(lambda: store.program_week_streak(program, today))
        print(f"the program's streak alone: {ms:.1f} ms ({found} weeks)")


if __name__ == "__main__":
    main()
