"""The `heel history` page: recent sessions, streaks, this week and a 12-week chart."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from heelcli import checkin, progress
from heelcli.history import Session

BAR = "█"
BAR_WIDTH = 40
CSV_FIELDS = ("id", "started_at", "seconds", "status", "kind", "routine", "exercises",
              "reps_done", "felt", "effort")
EMPTY = "No workouts recorded yet. Start one with: heel workout"


def facts(sessions: Sequence[Session], today: date, tz: tzinfo) -> dict[str, object]:
    """Streaks, this week's totals and sessions per week, as plain data (also the JSON)."""
    dates = progress.local_dates((s.started_at for s in sessions), tz)
    days = set(dates)
    this_week = progress.week_of(today)
    week = [s for s, day in zip(sessions, dates, strict=True)
            if progress.week_of(day) == this_week]
    per_week = progress.sessions_per_week(dates, today)
    return {
        "streak_days": progress.day_streak(days, today),
        "streak_weeks": progress.week_streak(days, today),
        "this_week": {"sessions": len(week), "reps": sum(s.reps_done for s in week),
                      "seconds": round(sum(s.seconds for s in week), 3)},
        "per_week": [{"week_of": monday.isoformat(), "sessions": n} for monday, n in per_week],
    }


def page(recent: Sequence[Session], every: Sequence[Session], today: date,
         tz: tzinfo) -> RenderableType:
    found = facts(every, today, tz)
    week = found["this_week"]
    assert isinstance(week, dict)
    return Group(
        _table(recent, tz),
        Text(""),
        Text(f"Streak: {_count(found['streak_days'], 'day')} in a row, "
             f"{_count(found['streak_weeks'], 'week')} in a row", style="bold"),
        Text(f"This week: {_count(week['sessions'], 'session')}, {week['reps']} reps, "
             f"{round(week['seconds'] / 60)} min"),
        Text(""),
        _chart(found["per_week"]),
    )


def _table(sessions: Sequence[Session], tz: tzinfo) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in (("Date", "left"), ("Time", "right"), ("Workout", "left"),
                          ("Reps", "right"), ("Status", "left"), ("Felt", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in sessions:
        local = s.started_at.astimezone(tz)
        table.add_row(local.strftime("%a %d %b %H:%M"), _minutes(s.seconds), Text(_what(s)),
                      str(s.reps_done), s.status.replace("_", " "), _felt(s))
    return table


def _what(s: Session) -> str:
    if s.kind == "compare":
        return f"compare: {', '.join(dict.fromkeys(s.exercises))}"
    return s.routine or ", ".join(s.exercises)


def _felt(s: Session) -> str:
    if s.comparison:
        return " / ".join(checkin.label(checkin.FELT_SHORT, s.comparison.get(v)) or "-"
                          for v in ("without", "with"))
    return checkin.label(checkin.FELT_SHORT, s.felt)


def _chart(per_week: object) -> Text:
    assert isinstance(per_week, list)
    most = max([w["sessions"] for w in per_week] + [1])
    text = Text("Sessions per week\n", style="bold")
    for week in per_week:
        monday = date.fromisoformat(week["week_of"])
        n = week["sessions"]
        bar = BAR * round(BAR_WIDTH * n / most)
        text.append(f"{monday.strftime('%d %b')}  {bar}{' ' if bar else ''}{n}\n")
    text.rstrip()
    return text


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} min" if seconds >= 60 else f"{round(seconds)} s"


def _count(n: object, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def to_csv(sessions: Sequence[Session]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for s in sessions:
        row = s.to_dict()
        row["exercises"] = " ".join(s.exercises)
        writer.writerow(row)
    return out.getvalue()
