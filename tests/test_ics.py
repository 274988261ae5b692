from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from heelcli.formats.ics import calendar_file, escape_text, fold, uid

icalendar = pytest.importorskip("icalendar")

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)  # a Saturday
WORKOUT = ["Bridge: 12 reps x 1", "Curl: 8 reps x 2", "Split squat: 6 each side", "Stretch"]


def make(**changes: object) -> str:
    options: dict[str, object] = dict(program_id="program-1", days=(0, 2, 4), at=time(7, 30),
                                      minutes=11, exercises=WORKOUT, zone="Europe/London",
                                      now=NOW)
    options.update(changes)
    return calendar_file(**options)  # type: ignore[arg-type]


def event(text: str) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_one_weekly_event_on_the_planned_days_at_the_chosen_time() -> None:
    ev = event(make())
    assert dict(ev["RRULE"]) == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "WE", "FR"]}
    start = ev["DTSTART"].dt
    # The first planned day on or after today (Saturday 1 March): Monday 3 March.
    assert start == datetime(2025, 3, 3, 7, 30, tzinfo=ZoneInfo("Europe/London"))
    assert start.tzinfo.key == "Europe/London"
    assert ev["DURATION"].dt == timedelta(minutes=11)
    assert ev["DTSTAMP"].dt == NOW


def test_the_alarm_reminds_before_the_session() -> None:
    alarms = event(make(alarm_minutes=15)).walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0]["ACTION"] == "DISPLAY"
    assert alarms[0]["TRIGGER"].dt == -timedelta(minutes=15)
    assert str(alarms[0]["DESCRIPTION"])  # DISPLAY requires one


def test_the_uid_is_stable_per_program() -> None:
    first, again = event(make()), event(make(now=NOW + timedelta(days=30), days=(1, 3)))
    other = event(make(program_id="program-2"))
    assert first["UID"] == again["UID"] == uid("program-1")
    assert other["UID"] != first["UID"]
    assert str(first["UID"]).endswith("@heel")
    # A later export is a newer revision of the same event.
    assert int(again["SEQUENCE"]) > int(first["SEQUENCE"])


def test_the_file_has_the_required_calendar_properties_and_crlf() -> None:
    text = make()
    cal = icalendar.Calendar.from_ical(text)
    assert cal["VERSION"] == "2.0" and str(cal["PRODID"]).startswith("-//heel//")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize("key", ["Europe/London", "America/New_York", "Australia/Sydney",
                                 "Pacific/Auckland", "Asia/Tokyo", "America/Santiago",
                                 "Africa/Casablanca"])
def test_the_vtimezone_gives_the_zones_offsets(key: str) -> None:
    # Calendar apps that ignore the Olson name (Outlook) read these rules instead: they must
    # agree with the zone database, with yearly rules well past the years listed.
    cal = icalendar.Calendar.from_ical(make(zone=key))
    (component,) = cal.walk("VTIMEZONE")
    assert component["TZID"] == key
    # lookup_tzid=False: read the rules written, not the zone database under that name.
    theirs, ours = component.to_tz(lookup_tzid=False), ZoneInfo(key)
    horizon = 2040 if key not in ("America/Santiago", "Africa/Casablanca") else 2035
    day = datetime(2025, 1, 2, 12)
    while day.year < horizon:
        assert day.replace(tzinfo=theirs).utcoffset() == day.replace(tzinfo=ours).utcoffset(), \
            day
        day += timedelta(days=13)


def test_a_zone_that_follows_a_yearly_rule_is_written_as_one() -> None:
    text = make(zone="America/New_York")
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in text
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in text


@pytest.mark.parametrize("zone", [None, "", "Not/AZone", "../../etc/passwd", "+01:00"])
def test_without_a_known_zone_the_time_is_floating(zone: str | None) -> None:
    text = make(zone=zone)
    start = event(text)["DTSTART"].dt
    assert start == datetime(2025, 3, 3, 7, 30) and start.tzinfo is None
    assert "VTIMEZONE" not in text and "TZID" not in text


def test_today_is_taken_in_the_users_zone() -> None:
    # 23:30 UTC on Sunday is already Monday in Auckland: Monday 07:30 is still to come there.
    late = datetime(2025, 3, 2, 23, 30, tzinfo=timezone.utc)
    start = event(make(zone="Pacific/Auckland", now=late))["DTSTART"].dt
    assert start.date() == date(2025, 3, 3)


HOSTILE = ["Bridge, slow; then hold", "Curl\nDESCRIPTION:injected", "C:\\temp\\n",
           "Esc \x1b[2J\x1b]0;title\x07 seq", "Ä" * 40 + " split squat " + "🦶" * 30,
           "x" * 300, "END:VEVENT\r\nBEGIN:VEVENT"]


def test_hostile_exercise_names_survive_as_plain_text() -> None:
    text = make(exercises=HOSTILE)
    description = str(event(text)["DESCRIPTION"])
    lines = description.split("\n")
    assert lines[1] == "- Bridge, slow; then hold"
    assert lines[2:4] == ["- Curl", "DESCRIPTION:injected"]  # a newline in a name stays text
    assert lines[4] == "- C:\\temp\\n"
    assert lines[5] == "- Esc \\x1b[2J\\x1b]0;title\\x07 seq"  # escapes shown, not sent
    assert lines[6] == "- " + "Ä" * 40 + " split squat " + "🦶" * 30
    assert lines[7] == "- " + "x" * 300
    assert lines[8:10] == ["- END:VEVENT", "BEGIN:VEVENT"]
    assert "\x1b" not in text and "\x07" not in text


def test_every_physical_line_is_at_most_75_octets_and_whole_utf8() -> None:
    text = make(exercises=HOSTILE, title="Séance " * 30)
    for physical in text.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # no character split across a fold


@pytest.mark.parametrize("line", ["a" * 75, "a" * 76, "é" * 38, "🦶" * 19, "x" + "🦶" * 40,
                                  "DESCRIPTION:" + "ab€" * 60])
def test_fold_unfolds_to_the_same_line(line: str) -> None:
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line
    assert (len(physical) > 1) == (len(line.encode()) > 75)


def test_escape_text() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_the_uids_written_out_are_uuid5s_of_their_namespace() -> None:
    """heel writes the schedule's UID without hashlib; it must be the uuid5 it stands for,
    or every calendar already imported would get a second event."""
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "heel.calendar")
    assert uid("heel-schedule") == f"{uuid.uuid5(namespace, 'heel-schedule')}@heel"
    assert uid("program-1") == f"{uuid.uuid5(namespace, 'program-1')}@heel"


@pytest.mark.parametrize("key", ["UTC", "Etc/UTC"])
@pytest.mark.parametrize("now", [NOW, datetime(2025, 3, 2, 23, 30, tzinfo=timezone.utc)])
def test_a_utc_zone_is_written_as_its_zone_file_says_without_reading_it(key, now) -> None:
    # UTC is written without zoneinfo (sysconfig, a zone file); it must be what the zone
    # file gives, byte for byte: the same VTIMEZONE, the same first day.
    from heelcli.formats import ics

    text = make(zone=key, now=now)
    assert f"DTSTART;TZID={key}:" in text and f"TZID:{key}\r\n" in text
    by_file = ics.vtimezone(ZoneInfo(key), 2025)
    assert "\r\n".join(by_file) in text
    assert event(text)["DTSTART"].dt.date() == date(2025, 3, 3)
