"""Streaks and weekly counts from session times. Pure: `today` and the time zone are given.

Sessions come newest first and are read only until every figure is settled: the 12 weeks
charted, and each streak back to its first gap. So the cost follows what is shown (and how
long the streak is), not how long the history is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from heelcli.engine.typedtuple import TypedTuple

WEEKS_CHARTED = 12
# Streaks are counted up to ten years and shown as "or more" past it: each period of a
# streak is one read, so a streak of a century would cost a century of reads to state a
# number nobody needs exactly. What is shown bounds what is read.
STREAK_WEEKS_COUNTED = 520
STREAK_DAYS_COUNTED = 7 * STREAK_WEEKS_COUNTED


def week_of(day: date) -> date:
    """The Monday that starts the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


# TypedTuples: every command that reads the history imports them (engine.records says why).
class WeekTotals(TypedTuple):
    sessions: int
    reps: int
    seconds: float


class Facts(TypedTuple):
    streak_days: int
    streak_weeks: int
    this_week: WeekTotals
    per_week: tuple[tuple[date, int], ...]  # (Monday, sessions), oldest first
    # While a program runs: its days (`mon,wed,fri`) and the weeks in a row that met them,
    # which replace the days in a row (a program rests between sessions; the store does
    # not count those then).
    program_days: str | None = None
    program_weeks: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "streak_days": None if self.program_days else self.streak_days,
            "streak_weeks": self.streak_weeks,
            "program": None if self.program_days is None else {
                "days": self.program_days, "streak_weeks": self.program_weeks},
            "this_week": {"sessions": self.this_week.sessions, "reps": self.this_week.reps,
                          "seconds": round(self.this_week.seconds, 3)},
            "per_week": [{"week_of": monday.isoformat(), "sessions": n}
                         for monday, n in self.per_week],
        }


class _Run:
    """The unbroken run of days (or weeks) ending at `latest`, or at the step before it,
    fed newest first: a streak is not lost until a whole day (week) has passed without a
    session."""

    def __init__(self, latest: date, step: timedelta, counted: int) -> None:
        self.wanted = latest
        self.step = step
        self.counted = counted  # the most it counts: the streak is shown as "or more"
        self.length = 0
        self.ended = False

    def see(self, when: date) -> None:
        if self.ended or when > self.wanted:  # counted already, or in the future
            return
        if when == self.wanted or (self.length == 0 and when == self.wanted - self.step):
            self.length += 1
            self.wanted = when - self.step
            self.ended = self.length >= self.counted
        else:
            self.ended = True


def summarise(sessions: Iterable[tuple[datetime | None, int, float | None]], today: date,
              tz: tzinfo, weeks: int = WEEKS_CHARTED) -> Facts:
    """The facts from (start, reps done, seconds) of sessions, newest first. `tz`: where
    the user is, with its daylight-saving rules at each moment. A session with no rep
    done, or no known start, counts for nothing."""
    this_week = week_of(today)
    counts = dict.fromkeys((this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)), 0)
    oldest = min(counts)
    days = _Run(today, timedelta(days=1), STREAK_DAYS_COUNTED)
    weeks_run = _Run(this_week, timedelta(weeks=1), STREAK_WEEKS_COUNTED)
    done = reps = 0
    seconds = 0.0
    for started_at, reps_done, took in sessions:
        if started_at is None or reps_done <= 0:
            continue
        day = started_at.astimezone(tz).date()
        monday = week_of(day)
        if monday < oldest and days.ended and weeks_run.ended:
            break
        if monday in counts:
            counts[monday] += 1
        if monday == this_week:
            done, reps, seconds = done + 1, reps + reps_done, seconds + (took or 0.0)
        days.see(day)
        weeks_run.see(monday)
    return Facts(days.length, weeks_run.length, WeekTotals(done, reps, seconds),
                 tuple(counts.items()))


def local_dates(times: Iterable[datetime], tz: tzinfo) -> list[date]:
    """The calendar day, where the user is (`tz`), of each moment."""
    return [moment.astimezone(tz).date() for moment in times]


def week_streak(days: Iterable[date], today: date) -> int:
    """Weeks in a row, up to this week or the one before, that hold one of `days`."""
    run = _Run(week_of(today), timedelta(weeks=1), STREAK_WEEKS_COUNTED)
    for monday in sorted({week_of(d) for d in days}, reverse=True):
        run.see(monday)
    return run.length
