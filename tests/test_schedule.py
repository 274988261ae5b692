"""The program's week: parsing --days, planned, done and missed days, and streaks of weeks,
across a leap day, the year end and a daylight-saving change. Today is always given."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from heelcli.engine.schedule import (
    Schedule,
    ScheduleError,
    back_to_back,
    parse_days,
    streak,
    week,
)
from heelcli.text.rules import back_to_back_warning

UTC = timezone.utc
MWF = Schedule((0, 2, 4))


def d(text: str) -> date:
    return date.fromisoformat(text)


def noon(*days: str) -> list[datetime]:
    return [datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=UTC) for day in days]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon,wed,fri", (0, 2, 4)),
        (" Mon, Wed ,FRI ", (0, 2, 4)),
        ("fri,mon", (0, 4)),
        ("monday,Thursday", (0, 3)),
        ("sat", (5,)),
        ("sun,sat", (5, 6)),
    ],
)
def test_days_are_parsed_in_any_order_and_case(text, days):
    assert parse_days(text).days == days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "--days: give at least one day, for example mon,wed,fri"),
        ("  ", "--days: give at least one day, for example mon,wed,fri"),
        ("mon,,fri", "--days 'mon,,fri': a day is missing between two commas"),
        ("mon,", "--days 'mon,': a day is missing between two commas"),
        ("mun,wed", "--days 'mun,wed': 'mun' is not a day (did you mean 'mon'?); "
                    "use mon, tue, wed, thu, fri, sat, sun"),
        ("mon,wednesdy", "--days 'mon,wednesdy': 'wednesdy' is not a day (did you mean 'wed'?); "
                         "use mon, tue, wed, thu, fri, sat, sun"),
        ("1,3", "--days '1,3': '1' is not a day; use mon, tue, wed, thu, fri, sat, sun"),
        ("mon wed", "--days 'mon wed': separate the days with commas, for example mon,wed,fri"),
        ("tuesdy", "--days 'tuesdy': 'tuesdy' is not a day (did you mean 'tue'?); "
                   "use mon, tue, wed, thu, fri, sat, sun"),
        ("mon,Monday", "--days 'mon,Monday': mon is given twice"),
    ],
)
def test_bad_days_say_what_is_wrong(text, message):
    with pytest.raises(ScheduleError) as info:
        parse_days(text)
    assert str(info.value) == message


def test_the_default_is_three_non_consecutive_days():
    default = Schedule()
    assert default.text() == "mon,wed,fri" and default.per_week == 3
    assert back_to_back(default) == () and back_to_back_warning(default) is None


@pytest.mark.parametrize(
    ("text", "pairs", "warning"),
    [
        ("mon,wed,fri", (), None),
        ("tue,thu,sat", (), None),
        ("sun", (), None),
        ("mon,tue,thu", ((0, 1),), "mon and tue are back to back"),
        ("sat,sun", ((5, 6),), "sat and sun are back to back"),
        ("mon,wed,sun", ((6, 0),), "sun and mon are back to back"),  # across the week end
        ("mon,tue,wed", ((0, 1), (1, 2)), "mon and tue, tue and wed are back to back"),
    ],
)
def test_back_to_back_days_are_allowed_with_a_warning(text, pairs, warning):
    schedule = parse_days(text)
    assert back_to_back(schedule) == pairs
    said = back_to_back_warning(schedule)
    assert (said is None) if warning is None else said.startswith(warning + ":")


@pytest.mark.parametrize(
    ("days", "today", "planned", "next_day"),
    [
        ("mon,wed,fri", "2026-03-02", True, "2026-03-04"),
        ("mon,wed,fri", "2026-03-06", True, "2026-03-09"),  # Friday: next is Monday
        ("mon,wed,fri", "2026-03-07", False, "2026-03-09"),
        ("tue,thu,sat", "2028-02-29", True, "2028-03-02"),  # a leap day
        ("tue,thu,sat", "2028-02-28", False, "2028-02-29"),
        ("mon,wed,fri", "2026-12-31", False, "2027-01-01"),  # the year end
        ("sun", "2026-12-27", True, "2027-01-03"),
    ],
)
def test_planned_days(days, today, planned, next_day):
    schedule = parse_days(days)
    assert schedule.planned(d(today)) is planned
    assert schedule.next_planned(d(today)) == d(next_day)


@pytest.mark.parametrize(
    ("sessions", "today", "started", "done", "missed", "target", "met"),
    [
        # Wednesday: Monday done, today not yet
        (["2026-03-02"], "2026-03-04", None, ["2026-03-02"], [], 3, False),
        # Wednesday evening: Monday missed
        (["2026-03-04"], "2026-03-04", None, ["2026-03-04"], ["2026-03-02"], 3, False),
        # Tuesday made up for Monday
        (["2026-03-03", "2026-03-04"], "2026-03-05", None, ["2026-03-03", "2026-03-04"],
         [], 3, False),
        # two sessions on one day count once
        (["2026-03-02", "2026-03-02"], "2026-03-02", None, ["2026-03-02"], [], 3, False),
        # all three, one of them on a Saturday
        (["2026-03-02", "2026-03-04", "2026-03-07"], "2026-03-08", None,
         ["2026-03-02", "2026-03-04", "2026-03-07"], [], 3, True),
        # missed Friday, then nothing: still missed on Sunday
        (["2026-03-02", "2026-03-04"], "2026-03-08", None, ["2026-03-02", "2026-03-04"],
         ["2026-03-06"], 3, False),
        # started on Wednesday: Monday (of the program before) was not due, two make the week
        (["2026-03-02", "2026-03-04", "2026-03-06"], "2026-03-06", "2026-03-04",
         ["2026-03-04", "2026-03-06"], [], 2, True),
        # last week's sessions and a session dated after today are not this week's
        (["2026-02-27", "2026-03-04"], "2026-03-03", None, [], ["2026-03-02"], 3, False),
        # the week of the year end: Monday 28 December to Sunday 3 January
        (["2026-12-28", "2026-12-30", "2027-01-01"], "2027-01-02", None,
         ["2026-12-28", "2026-12-30", "2027-01-01"], [], 3, True),
    ],
)
def test_this_week(sessions, today, started, done, missed, target, met):
    w = week(MWF, noon(*sessions), today=d(today), tz=UTC,
             started=d(started) if started else None)
    assert w.monday == d(today) - timedelta(days=d(today).weekday())
    assert [str(x) for x in w.done] == done
    assert [str(x) for x in w.missed] == missed
    assert (w.target, w.met) == (target, met)
    assert w.today_planned is MWF.planned(d(today))
    assert w.today_done is (d(today) in w.done)


def test_a_leap_day_is_a_planned_day_of_its_week():
    schedule = parse_days("tue,thu,sat")
    w = week(schedule, noon("2028-02-29"), today=d("2028-03-01"), tz=UTC)
    assert [str(x) for x in w.planned] == ["2028-02-29", "2028-03-02", "2028-03-04"]
    assert w.done == (d("2028-02-29"),) and w.missed == () and w.today_planned is False


WEEK1 = ["2026-03-02", "2026-03-04", "2026-03-06"]
WEEK2 = ["2026-03-09", "2026-03-11", "2026-03-13"]
WEEK3 = ["2026-03-16", "2026-03-18", "2026-03-20"]


@pytest.mark.parametrize(
    ("sessions", "today", "started", "weeks"),
    [
        ([], "2026-03-04", None, 0),
        (WEEK1, "2026-03-06", None, 1),  # the current week counts once its sessions are done
        (WEEK1[:2], "2026-03-06", None, 0),
        (WEEK1 + WEEK2 + WEEK3, "2026-03-20", None, 3),
        (WEEK1 + WEEK2 + WEEK3[:1], "2026-03-18", None, 2),  # this week not done yet: kept
        (WEEK1 + WEEK2, "2026-03-22", None, 2),  # Sunday of a week with none: still kept
        (WEEK1 + WEEK2, "2026-03-23", None, 0),  # a whole week passed without them: lost
        (WEEK1 + WEEK2[:2] + WEEK3, "2026-03-20", None, 1),  # a short week breaks it
        ([*WEEK1, "2026-03-09", "2026-03-09", "2026-03-10", *WEEK3], "2026-03-20", None, 1),
        ([*WEEK1, "2026-03-10", "2026-03-12", "2026-03-14", *WEEK3], "2026-03-20", None, 3),
        # started on Wednesday 4 March: two sessions were due in the first week
        (WEEK1[1:] + WEEK2, "2026-03-13", "2026-03-04", 2),
        # started on Saturday 7 March: nothing was due that week, and it is not counted
        (["2026-03-07", *WEEK2], "2026-03-13", "2026-03-07", 1),
        # a restart: sessions before the start do not count
        (WEEK1 + WEEK2, "2026-03-13", "2026-03-09", 1),
        # across the year end and a leap day
        (["2026-12-21", "2026-12-23", "2026-12-25", "2026-12-28", "2026-12-30", "2027-01-01",
          "2027-01-04", "2027-01-06", "2027-01-08"], "2027-01-10", None, 3),
        (["2028-02-21", "2028-02-23", "2028-02-25", "2028-02-28", "2028-02-29", "2028-03-01"],
         "2028-03-01", None, 2),
    ],
)
def test_streaks_count_weeks_that_met_the_plan(sessions, today, started, weeks):
    assert streak(MWF, noon(*sessions), today=d(today), tz=UTC,
                  started=d(started) if started else None) == weeks


def test_days_follow_the_users_zone_across_a_daylight_saving_change():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database")
    # Summer time starts on Sunday 29 March 2026. 22:30 UTC that evening is already
    # 00:30 on Monday 30 March in Berlin (UTC+2 now); at the winter offset it would
    # still be Sunday. The Monday session belongs to the new week.
    times = [datetime(2026, 3, 23, 17, 0, tzinfo=UTC), datetime(2026, 3, 25, 17, 0, tzinfo=UTC),
             datetime(2026, 3, 27, 17, 0, tzinfo=UTC), datetime(2026, 3, 29, 22, 30, tzinfo=UTC)]
    w = week(MWF, times, today=d("2026-03-30"), tz=berlin)
    assert w.done == (d("2026-03-30"),) and w.today_done
    before = week(MWF, times, today=d("2026-03-29"), tz=berlin)
    assert len(before.done) == 3 and before.met
    assert streak(MWF, times, today=d("2026-03-30"), tz=berlin) == 1
    # A fixed winter offset puts the last session on Sunday: a different week.
    winter = timezone(timedelta(hours=1))
    assert week(MWF, times, today=d("2026-03-30"), tz=winter).done == ()
    # Winter time comes back on Sunday 25 October: 23:30 UTC is Monday 00:30 in Berlin.
    autumn = [datetime(2026, 10, 25, 23, 30, tzinfo=UTC)]
    assert week(MWF, autumn, today=d("2026-10-26"), tz=berlin).done == (d("2026-10-26"),)
