"""Streaks and weekly counts: calendar days where the user is, across months and zones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from heelcli.engine.streaks import summarise

UTC = timezone.utc
LOS_ANGELES = timezone(timedelta(hours=-8))
AUCKLAND = timezone(timedelta(hours=13))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def rows(*times: str, reps: int = 10) -> list[tuple[datetime, int, float]]:
    """Sessions as the log gives them: newest first."""
    return [(at(t), reps, 60.0) for t in sorted(times, reverse=True)]


def test_a_day_streak_runs_across_a_month_boundary():
    sessions = rows("2026-01-30T12:00", "2026-01-31T12:00", "2026-02-01T12:00")
    assert summarise(sessions, date(2026, 2, 1), UTC).streak_days == 3
    assert summarise(sessions, date(2026, 2, 2), UTC).streak_days == 3  # none yet today
    assert summarise(sessions, date(2026, 2, 3), UTC).streak_days == 0  # a whole day missed


def test_days_are_counted_where_the_user_is():
    # 05:00 UTC on 1 March is still 28 February in Los Angeles, and already 1 March
    # (18:00) in Auckland: the same three sessions make different streaks.
    sessions = rows("2026-02-27T20:00", "2026-03-01T05:00", "2026-03-01T20:00")
    assert summarise(sessions, date(2026, 3, 1), LOS_ANGELES).streak_days == 3
    assert summarise(sessions, date(2026, 3, 1), UTC).streak_days == 1
    assert summarise(sessions, date(2026, 3, 2), AUCKLAND).streak_days == 3


def test_week_streak_counts_iso_weeks_across_the_year_end():
    sessions = rows("2025-12-22T12:00", "2025-12-31T12:00", "2026-01-05T12:00")  # Mon Wed Mon
    assert summarise(sessions, date(2026, 1, 7), UTC).streak_weeks == 3
    assert summarise(sessions, date(2026, 1, 12), UTC).streak_weeks == 3  # none this week yet
    assert summarise(sessions, date(2026, 1, 19), UTC).streak_weeks == 0


def test_sessions_per_week_covers_12_weeks_oldest_first():
    today = date(2026, 11, 25)  # a Wednesday
    sessions = rows("2026-11-25T08:00", "2026-11-25T18:00", "2026-11-23T12:00",
                    "2026-09-01T12:00", "2026-01-01T12:00")
    weeks = summarise(sessions, today, UTC).per_week
    assert len(weeks) == 12 and weeks[-1] == (date(2026, 11, 23), 3)
    assert weeks[0][0] == date(2026, 9, 7) and sum(n for _, n in weeks) == 3


def test_a_session_with_no_rep_done_counts_for_nothing():
    done = rows("2026-11-24T12:00")
    nothing = [(at("2026-11-25T12:00"), 0, 30.0), (None, 5, 60.0), *done]
    found = summarise(nothing, date(2026, 11, 25), UTC)
    assert (found.streak_days, found.this_week.sessions, found.this_week.reps) == (1, 1, 10)
    assert found.per_week[-1] == (date(2026, 11, 23), 1)


def test_the_walk_stops_where_the_streaks_and_the_chart_end():
    """Every other day since 2000, but a rest week 20 weeks ago: the rows read stop there."""
    today = date(2026, 11, 25)
    rest_week = today - timedelta(days=today.weekday(), weeks=20)
    read: list[date] = []

    def history() -> Iterator[tuple[datetime, int, float]]:
        day = today
        while day.year > 2000:
            if not rest_week <= day < rest_week + timedelta(weeks=1):
                read.append(day)
                yield datetime(day.year, day.month, day.day, 12, tzinfo=UTC), 10, 60.0
            day -= timedelta(days=2)

    found = summarise(history(), today, UTC)
    assert (found.streak_weeks, found.streak_days) == (20, 1)
    assert min(read) >= rest_week - timedelta(weeks=1)  # not back to 2000
