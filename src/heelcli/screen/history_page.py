"""The `heel history` page, and its CSV and JSON exports.

Every text column of the log is shown through `sanitise` (the page and CSV) or with its
control characters as JSON escapes: a row could hold anything, and must not steer the
terminal it is printed on. The exports read and write the rows as they go: their memory
does not grow with the history.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, tzinfo
from typing import TextIO

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from heelcli.engine.errors import json_text, sanitise
from heelcli.engine.records import Session
from heelcli.engine.streaks import Facts
from heelcli.text.words import (
    FELT_SHORT,
    count,
    day_and_time,
    label,
    minutes,
    streak,
    week_of_day,
)

BAR = "█"
BAR_WIDTH = 40
RECENT = 10  # sessions on the page when no --limit is given
CHUNK = 500  # rows an export holds before writing them out
CSV_FIELDS = ("id", "started_at", "seconds", "status", "kind", "routine", "exercises",
              "reps_done", "felt", "effort")
EMPTY = "No workouts recorded yet. Start one with: heel workout"
UNKNOWN = "unknown"


def page(recent: Sequence[Session], found: Facts, width: int,
         zone: tzinfo, *, today: date) -> RenderableType:
    week = found.this_week
    return Group(
        _table(recent, zone, today=today),
        Text(""),
        Text(f"Streak: {streak(found.streak_days, 'day')} in a row, "
             f"{streak(found.streak_weeks, 'week')} in a row", style="bold")
        if found.program_days is None else
        Text(f"Streak: {streak(found.program_weeks, 'week')} in a row on your program's "
             f"days ({found.program_days})", style="bold"),
        Text(f"This week: {count(week.sessions, 'session')}, {count(week.reps, 'rep')}, "
             f"{minutes(week.seconds)}"),
        Text(""),
        _chart(found.per_week, width, today=today),
    )


def _table(sessions: Sequence[Session], zone: tzinfo, *, today: date) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in (("Date", "left"), ("Time", "right"), ("Workout", "left"),
                          ("Reps", "right"), ("Status", "left"), ("Felt", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in sessions:
        when = (day_and_time(s.started_at.astimezone(zone), today=today) if s.started_at
                else UNKNOWN)
        length = "?" if s.seconds is None else minutes(s.seconds)
        table.add_row(when, length, Text(sanitise(_what(s))), str(s.reps_done),
                      Text(sanitise(s.status.replace("_", " "))), _felt(s))
    return table


def _what(s: Session) -> str:
    if s.kind == "compare":
        return f"compare: {', '.join(dict.fromkeys(s.exercises))}"
    return s.routine or ", ".join(s.exercises)


def _felt(s: Session) -> str:
    if s.comparison:
        return " / ".join(label(FELT_SHORT, s.comparison.get(v)) or "-"
                          for v in ("without", "with"))
    return label(FELT_SHORT, s.felt)


def _chart(per_week: Sequence[tuple[date, int]], width: int = 80, *, today: date) -> Text:
    most = max([n for _, n in per_week] + [1])
    weeks = [week_of_day(monday, today=today) for monday, _ in per_week]
    widest = max(map(len, weeks), default=0)
    # The date, two spaces, the bar, a space and the count fit the page.
    longest = max(1, min(BAR_WIDTH, width - widest - 2 - 1 - len(str(most))))
    text = Text("Sessions per week\n", style="bold")
    for week, (_, n) in zip(weeks, per_week, strict=True):
        bar = BAR * round(longest * n / most)
        text.append(f"{week:<{widest}}  {bar}{' ' if bar else ''}{n}\n")
    text.rstrip()
    return text




def write_csv(sessions: Iterable[Session | Sequence[object]], out: TextIO) -> None:
    """A session a row. A session may come as its cells already (in CSV_FIELDS order,
    as the store reads a plain row): the csv module writes those without a Python
    object per cell, and each chunk is sanitised whole (sanitise keeps the newlines)."""
    import csv  # csv and json only for the output that asks for them

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for n, s in enumerate(sessions, 1):
        if isinstance(s, Session):
            row = s.to_dict()
            row["exercises"] = " ".join(s.exercises)
            writer.writerow([row[k] for k in CSV_FIELDS])
        else:
            writer.writerow(s)
        if n % CHUNK == 0:
            _drain(buffer, out, sanitise)
    _drain(buffer, out, sanitise)


def write_json(sessions: Iterable[Session | str], found: Facts, out: TextIO) -> None:
    """{"sessions": [...], and the facts}: a session a line, read and written one at a
    time; the facts laid out as everywhere else (indent 2). A session may come as its
    JSON object already (as SQLite makes it for a plain row)."""
    import json

    buffer = io.StringIO()
    buffer.write('{\n  "sessions": [')
    n = 0
    for n, s in enumerate(sessions, 1):
        # Compact, so json's C encoder does it: indent= would take the pure-Python one.
        text = s if isinstance(s, str) else json.dumps(
            s.to_dict(), ensure_ascii=False, separators=(",", ":"))
        buffer.write(("," if n > 1 else "") + "\n    " + text)
        if n % CHUNK == 0:
            _drain(buffer, out, json_text)
    buffer.write("\n  ]," if n else "],")
    buffer.write(json.dumps(found.to_dict(), indent=2, ensure_ascii=False)[1:] + "\n")
    _drain(buffer, out, json_text)


def _drain(buffer: io.StringIO, out: TextIO, plain: Callable[[str], str]) -> None:
    """A write per CHUNK rows, not per row: stdout may be unbuffered (PYTHONUNBUFFERED).
    `plain` escapes what must not reach a terminal, a chunk at a time."""
    out.write(plain(buffer.getvalue()))
    buffer.seek(0)
    buffer.truncate()
