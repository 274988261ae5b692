"""Streaks and weekly counts from session times. Pure: `today` and the time zone are given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

WEEKS_CHARTED = 12


def local_dates(times: Iterable[datetime], tz: tzinfo) -> list[date]:
    """The calendar day, where the user is, of each moment."""
    return [moment.astimezone(tz).date() for moment in times]


def week_of(day: date) -> date:
    """The Monday that starts the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def _run(have: set[date], latest: date, step: timedelta) -> int:
    """Length of the unbroken run ending at `latest`, or at the step before it: a streak
    is not lost until a whole day (week) has passed without a session."""
    current = latest if latest in have else latest - step
    count = 0
    while current in have:
        count += 1
        current -= step
    return count


def day_streak(days: set[date], today: date) -> int:
    return _run(days, today, timedelta(days=1))


def week_streak(days: set[date], today: date) -> int:
    return _run({week_of(d) for d in days}, week_of(today), timedelta(weeks=1))


def sessions_per_week(days_of_sessions: Iterable[date], today: date,
                      weeks: int = WEEKS_CHARTED) -> list[tuple[date, int]]:
    """(Monday, sessions that week) for the last `weeks` weeks, oldest first."""
    this_week = week_of(today)
    mondays = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = dict.fromkeys(mondays, 0)
    for day in days_of_sessions:
        monday = week_of(day)
        if monday in counts:
            counts[monday] += 1
    return list(counts.items())


@dataclass(frozen=True)
class Week:
    sessions: int
    reps: int
    seconds: float
