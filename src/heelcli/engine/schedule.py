"""A program's week: the planned days, what was done and missed, and streaks of weeks in
which the planned sessions were done. Pure: `today` and the time zone are given.

Decisions:
- Days are weekday numbers, Monday 0, as `date.weekday()` gives them; `--days` takes
  `mon,wed,fri` (or full names), in any order and case.
- Back-to-back days (including sun,mon) are allowed, with a warning: home programs
  prescribe a rest day between sessions, but a person free only at weekends should
  still be able to plan sat,sun.
- A week counts sessions on distinct days (two on one day are one), planned or not:
  the target is how many, and a session on a rest day makes up a missed day.
- In the week a program starts, only the planned days from its first day on are due,
  and a week with none due (started on the last planned day's evening, say) is not
  counted either way.
- The streak is the number of weeks in a row meeting their target. The current week
  counts as soon as its sessions are done; until then the streak is that of the weeks
  before, so it is not lost until a whole week has passed without meeting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from heelcli.engine.errors import HeelError, closest, did_you_mean
from heelcli.engine.streaks import local_dates, week_of, week_streak
from heelcli.engine.typedtuple import TypedTuple

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_DAYS = (0, 2, 4)  # three non-consecutive days: mon, wed, fri
_SHORT = {name: DAY_NAMES[n % 7] for n, name in enumerate(DAY_NAMES + _FULL)}


class ScheduleError(HeelError):
    """A `--days` value that names no usable week."""


class Schedule(TypedTuple):
    days: tuple[int, ...] = DEFAULT_DAYS  # distinct weekday numbers, in order

    @property
    def per_week(self) -> int:
        return len(self.days)

    def planned(self, day: date) -> bool:
        return day.weekday() in self.days

    def text(self) -> str:
        """`mon,wed,fri`: the form `--days` takes and `--json` shows."""
        return ",".join(DAY_NAMES[d] for d in self.days)

    def next_planned(self, after: date) -> date:
        """The first planned day after `after`."""
        day = after + timedelta(days=1)
        while not self.planned(day):
            day += timedelta(days=1)
        return day


def parse_days(text: str) -> Schedule:
    """`mon,wed,fri` to a schedule, or ScheduleError saying what is wrong."""
    shown = text.strip()
    if not shown:
        raise ScheduleError("--days: give at least one day, for example mon,wed,fri")
    days: list[int] = []
    for item in shown.split(","):
        word = item.strip().lower()
        if not word:
            raise ScheduleError(f"--days {shown!r}: a day is missing between two commas")
        if word in _SHORT:
            day = DAY_NAMES.index(_SHORT[word])
        elif " " in word:
            raise ScheduleError(f"--days {shown!r}: separate the days with commas, "
                                "for example mon,wed,fri")
        else:
            close = closest(word, _SHORT)
            hint = did_you_mean(_SHORT[close] if close else None)
            raise ScheduleError(f"--days {shown!r}: {item.strip()!r} is not a day{hint}; "
                                f"use {', '.join(DAY_NAMES)}")
        if day in days:
            raise ScheduleError(f"--days {shown!r}: {DAY_NAMES[day]} is given twice")
        days.append(day)
    return Schedule(tuple(sorted(days)))


def back_to_back(schedule: Schedule) -> tuple[tuple[int, int], ...]:
    """Pairs of planned days with no rest day between them; Sunday is next to Monday."""
    planned = set(schedule.days)
    return tuple((d, (d + 1) % 7) for d in schedule.days
                 if (d + 1) % 7 in planned and len(planned) > 1)


class PlannedWeek(TypedTuple):
    monday: date
    planned: tuple[date, ...]  # this week's planned days that are due (from the start)
    done: tuple[date, ...]  # days with a session this week, up to today, planned or not
    missed: tuple[date, ...]  # planned days gone by without a session, not made up
    target: int  # sessions due this week
    today: date

    @property
    def met(self) -> bool:
        return self.target > 0 and len(self.done) >= self.target

    @property
    def today_planned(self) -> bool:
        return self.today in self.planned

    @property
    def today_done(self) -> bool:
        return self.today in self.done


def _days(times: Iterable[datetime], tz: tzinfo, started: date | None,
          today: date) -> set[date]:
    return {d for d in local_dates(times, tz)
            if (started is None or d >= started) and d <= today}


def _due(schedule: Schedule, monday: date, started: date | None) -> tuple[date, ...]:
    week = (monday + timedelta(days=n) for n in range(7))
    return tuple(d for d in week
                 if schedule.planned(d) and (started is None or d >= started))


def week(schedule: Schedule, times: Iterable[datetime], *, today: date, tz: tzinfo,
         started: date | None = None) -> PlannedWeek:
    """This week: planned, done and missed days. `times` are the program's sessions."""
    monday = week_of(today)
    days = _days(times, tz, started, today)
    done = tuple(sorted(d for d in days if week_of(d) == monday))
    planned = _due(schedule, monday, started)
    # A session on a rest day makes up the latest planned day missed before it.
    missed = [d for d in planned if d < today and d not in done]
    for extra in (d for d in done if d not in planned):
        earlier = [d for d in missed if d < extra]
        if earlier:
            missed.remove(earlier[-1])
    return PlannedWeek(monday, planned, done, tuple(missed), len(planned), today)


def streak(schedule: Schedule, times: Iterable[datetime], *, today: date, tz: tzinfo,
           started: date | None = None) -> int:
    """Weeks in a row in which the planned number of sessions was done."""
    days = _days(times, tz, started, today)
    per_week: dict[date, int] = {}
    for d in days:
        per_week[week_of(d)] = per_week.get(week_of(d), 0) + 1
    met = {monday for monday, count in per_week.items()
           if 0 < len(_due(schedule, monday, started)) <= count}
    return week_streak(met, today)


__all__ = ["DAY_NAMES", "DEFAULT_DAYS", "PlannedWeek", "Schedule", "ScheduleError",
           "back_to_back", "parse_days", "streak", "week"]
