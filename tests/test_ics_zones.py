"""`heel calendar` in every IANA zone: it once ended in an IndexError (ics._nth) for zones
whose clocks change on a day no n-th weekday gives every year (Africa/Cairo, Egypt,
America/Nuuk; Asia/Jerusalem in 2025; Asia/Gaza in 2028)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from heelcli.formats.ics import calendar_file, vtimezone

icalendar = pytest.importorskip("icalendar")


def _at(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%S")


def _offset(value: str) -> timedelta:
    sign = -1 if value[0] == "-" else 1
    hours, minutes, seconds = int(value[1:3]), int(value[3:5]), int(value[5:7] or 0)
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


@pytest.mark.parametrize("year", [2025, 2028])
def test_every_zone_gets_a_vtimezone_whose_changes_are_the_zones_own(year):
    for key in sorted(zoneinfo.available_timezones()):
        zone = ZoneInfo(key)
        lines = vtimezone(zone, year)
        assert lines[0] == "BEGIN:VTIMEZONE" and lines[1] == f"TZID:{key}", key
        fields = [line.split(":", 1) for line in lines]
        starts = [v for k, v in fields if k == "DTSTART"]
        befores = [v for k, v in fields if k == "TZOFFSETFROM"]
        afters = [v for k, v in fields if k == "TZOFFSETTO"]
        for start, before, after in zip(starts, befores, afters, strict=True):
            if before == after:  # a zone with no change: its one fixed offset
                assert ZoneInfo(key).utcoffset(datetime(year, 6, 1)) == _offset(after), key
                continue
            # The wall-clock moment of the change, in the offset before it, as UTC.
            utc = (_at(start) - _offset(before)).replace(tzinfo=timezone.utc)
            assert (utc - timedelta(seconds=1)).astimezone(zone).utcoffset() == \
                _offset(before), (key, start)
            assert utc.astimezone(zone).utcoffset() == _offset(after), (key, start)


@pytest.mark.parametrize(("key", "year"), [("Africa/Cairo", 2025), ("Egypt", 2025),
                                           ("America/Nuuk", 2025), ("Asia/Jerusalem", 2025),
                                           ("Asia/Gaza", 2028)])
def test_the_zones_that_crashed_read_back_with_their_offsets(key, year):
    now = datetime(year, 1, 4, 12, tzinfo=timezone.utc)
    text = calendar_file(program_id="p", days=(0, 3), at=time(7, 30), minutes=10,
                         exercises=["Bridge"], zone=key, now=now)
    (component,) = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    theirs, ours = component.to_tz(lookup_tzid=False), ZoneInfo(key)
    day = datetime(year, 1, 5, 7, 30)
    while day.year < year + 3:
        assert day.replace(tzinfo=theirs).utcoffset() == day.replace(tzinfo=ours).utcoffset(), \
            day
        day += timedelta(days=3)


def test_one_uid_per_users_schedule_across_program_start_and_restart(env, monkeypatch):
    from click.testing import CliRunner

    from heelcli.cli.group import cli

    from .conftest import LONDON, fix_now

    env.catalog_path = None  # the built-in exercises: they have the program's ladders

    def export(*args: str) -> icalendar.Event:
        result = CliRunner().invoke(cli, list(args), obj=env)
        assert result.exit_code == 0, result.output
        (event,) = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
        return event

    events = [export("calendar")]
    for day, command in enumerate([("program", "start"), ("program", "start", "--restart",
                                                           "--days", "tue,thu")], 1):
        fix_now(monkeypatch, LONDON, datetime(2027, 4, day, 9, 0))
        assert CliRunner().invoke(cli, list(command), obj=env).exit_code == 0
        fix_now(monkeypatch, LONDON, datetime(2027, 4, day, 9, 5))
        events.append(export("calendar"))
    assert len({str(e["UID"]) for e in events}) == 1  # a re-import updates the one event
    sequences = [int(e["SEQUENCE"]) for e in events]
    assert sequences == sorted(set(sequences))  # each later export wins
    assert events[-1]["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU,TH"
