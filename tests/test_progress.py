"""Streaks and weekly counts: calendar days where the user is, across months and zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from heelcli.progress import day_streak, local_dates, sessions_per_week, week_streak

UTC = timezone.utc
LOS_ANGELES = timezone(timedelta(hours=-8))
AUCKLAND = timezone(timedelta(hours=13))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_day_streak_runs_across_a_month_boundary():
    days = set(local_dates([at("2026-01-30T12:00"), at("2026-01-31T12:00"),
                            at("2026-02-01T12:00")], UTC))
    assert day_streak(days, date(2026, 2, 1)) == 3
    assert day_streak(days, date(2026, 2, 2)) == 3  # nothing yet today: still alive
    assert day_streak(days, date(2026, 2, 3)) == 0  # a whole day missed


def test_days_are_counted_where_the_user_is():
    # 05:00 UTC on 1 March is still 28 February in Los Angeles, and already 1 March
    # (18:00) in Auckland: the same three sessions make different streaks.
    times = [at("2026-02-27T20:00"), at("2026-03-01T05:00"), at("2026-03-01T20:00")]
    assert day_streak(set(local_dates(times, LOS_ANGELES)), date(2026, 3, 1)) == 3
    assert day_streak(set(local_dates(times, UTC)), date(2026, 3, 1)) == 1
    assert set(local_dates(times, AUCKLAND)) == {date(2026, 2, 28), date(2026, 3, 1),
                                           date(2026, 3, 2)}


def test_week_streak_counts_iso_weeks_across_the_year_end():
    days = {date(2025, 12, 22), date(2025, 12, 31), date(2026, 1, 5)}  # Mon, Wed, Mon
    assert week_streak(days, date(2026, 1, 7)) == 3
    assert week_streak(days, date(2026, 1, 12)) == 3  # this week has none yet
    assert week_streak(days, date(2026, 1, 19)) == 0


def test_sessions_per_week_covers_12_weeks_oldest_first():
    today = date(2026, 11, 25)  # a Wednesday
    weeks = sessions_per_week([today, today, date(2026, 11, 23), date(2026, 9, 1),
                               date(2026, 1, 1)], today)
    assert len(weeks) == 12 and weeks[-1] == (date(2026, 11, 23), 3)
    assert weeks[0][0] == date(2026, 9, 7) and sum(n for _, n in weeks) == 3
