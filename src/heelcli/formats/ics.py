"""`heel calendar`: the program's schedule as an iCalendar file (RFC 5545). Pure: the
time zone key, today's moment and the workout come in as plain values.

Time zones. With a zoneinfo key (Europe/London), DTSTART carries TZID=<key> and the file
holds a VTIMEZONE built from the zone's own rules: Google and Apple map the Olson name to
their zone database, and Outlook, which needs the VTIMEZONE, reads the rules from it. With
no key (only an offset known, or a key this Python cannot find), the time is floating:
07:30 on the wall clock wherever the user is, which every common calendar accepts. A fixed
offset or UTC time would move the workout by an hour at each daylight-saving change."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from heelcli import __version__
from heelcli.engine.errors import sanitise
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:  # zoneinfo loads sysconfig to find its files: not for a UTC machine
    from zoneinfo import ZoneInfo

LINE_OCTETS = 75
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A fixed namespace, so the same program id gives the same UID on every machine:
# uuid5(NAMESPACE_DNS, "heel.calendar"), written out, as is the UID of the one id heel
# writes (cli.followup's calendar_id): uuid5 imports hashlib, 2 ms of every `heel calendar`.
_NAMESPACE = uuid.UUID("36a30467-bba2-5351-8312-4e4304a7a2b9")
_UIDS = {"heel-schedule": "29b07ae4-4c84-52cf-bfe8-95cee324d565@heel"}
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")
_STEP = timedelta(days=7)
_YEARS_CHECKED = 12  # a yearly rule is trusted only if it matches the zone this long
# Keys of UTC itself, which every zone database holds, at +00:00 forever and named UTC:
# what most servers and containers are set to, written without reading a zone file.
UTC_KEYS = frozenset({"UTC", "Etc/UTC"})


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: controls shown as escapes, then \\ ; , and newlines escaped."""
    text = sanitise(text.replace("\r\n", "\n").replace("\r", "\n"))
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line so no physical line passes 75 octets (continuations start with
    a space, which counts), never inside a UTF-8 character."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def uid(program_id: str) -> str:
    """The same for the same program, so importing the file again updates the event."""
    return _UIDS.get(program_id) or f"{uuid.uuid5(_NAMESPACE, program_id)}@heel"


def resolve_zone(key: str | None) -> ZoneInfo | None:
    """The zone for a key, or None (floating time) when there is none or it is unknown."""
    if not key or not _ZONE_KEY.fullmatch(key):
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def known_zone(key: str) -> bool:
    """Whether the key names a zone this Python can find (UTC's, always)."""
    return key in UTC_KEYS or resolve_zone(key) is not None


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


class _Change(TypedTuple):
    local: datetime  # the wall-clock moment of the change, in the offset before it
    before: timedelta
    after: timedelta
    name: str
    dst: bool


def _changes(zone: ZoneInfo, first_year: int, last_year: int) -> Iterator[_Change]:
    """Every offset change in those years, found week by week then to the second: no zone
    changes twice within a week (Morocco's Ramadan break, the shortest, lasts a month),
    and stepping by days made a calendar cost 13 ms."""
    def offset(moment: datetime) -> timedelta:
        return moment.astimezone(zone).utcoffset() or timedelta()

    moment = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    while moment < end:
        later = moment + _STEP
        if offset(later) != offset(moment):
            low, high = moment, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            local = high.astimezone(zone)
            before = offset(low)
            yield _Change((high + before).replace(tzinfo=None), before, offset(high),
                          local.tzname() or "", bool(local.dst()))
        moment = later


def _nth(day: date, n: int) -> date | None:
    """The n-th (or, for -1, the last) weekday like `day` in its month; None when the month
    has no n-th (a fifth Friday)."""
    import calendar  # with locale: only for a zone that changes its clocks

    weeks = calendar.monthcalendar(day.year, day.month)
    days = [week[day.weekday()] for week in weeks if week[day.weekday()]]
    index = n if n < 0 else n - 1
    return day.replace(day=days[index]) if -len(days) <= index < len(days) else None


def _yearly_rule(change: _Change, later: Sequence[_Change]) -> str | None:
    """BYMONTH/BYDAY that gives this change in every later year, if there is one."""
    import calendar

    first = change.local.date()
    last_week = first.day + 7 > calendar.monthrange(first.year, first.month)[1]
    ordinal = (first.day - 1) // 7 + 1
    for n in ((-1, ordinal) if last_week else (ordinal,)):
        matches = [c for c in later if (c.before, c.after) == (change.before, change.after)]
        # Nuuk (Saturday before the last Sunday) and Jerusalem (Friday before it) change
        # on days no n-th weekday gives every year: those are written change by change.
        if all(c.local.time() == change.local.time() and c.local.month == first.month
               and c.local.weekday() == first.weekday()
               and _nth(c.local.date(), n) == c.local.date() for c in matches):
            return f"FREQ=YEARLY;BYMONTH={first.month};BYDAY={n}{_BYDAY[first.weekday()]}"
    return None


def _observance(change: _Change, rule: str | None) -> list[str]:
    kind = "DAYLIGHT" if change.dst else "STANDARD"
    lines = [f"BEGIN:{kind}", f"TZOFFSETFROM:{_offset(change.before)}",
             f"TZOFFSETTO:{_offset(change.after)}"]
    if change.name:
        lines.append(f"TZNAME:{escape_text(change.name)}")
    lines.append(f"DTSTART:{change.local:%Y%m%dT%H%M%S}")
    if rule:
        lines.append(f"RRULE:{rule}")
    return [*lines, f"END:{kind}"]


def vtimezone(zone: ZoneInfo, year: int) -> list[str]:
    """The zone's rules from the year before `year`: yearly RRULEs where the zone follows a
    fixed rule, else each change up to a dozen years on, else one fixed offset."""
    changes = list(_changes(zone, year - 1, year - 2 + _YEARS_CHECKED))
    body: list[str] = []
    if not changes:
        noon = datetime(year, 1, 1, 12, tzinfo=zone)
        fixed = noon.utcoffset() or timedelta()
        body = _observance(_Change(datetime(1970, 1, 1), fixed, fixed, noon.tzname() or "",
                                   False), None)
    else:
        first_year = [c for c in changes if c.local.year == changes[0].local.year]
        rules = [_yearly_rule(c, changes[len(first_year):]) for c in first_year]
        per_year = len(first_year)
        if all(rules) and len(changes) == per_year * _YEARS_CHECKED:
            for change, rule in zip(first_year, rules, strict=True):
                body += _observance(change, rule)
        else:
            for change in changes:
                body += _observance(change, None)
    return ["BEGIN:VTIMEZONE", f"TZID:{zone.key}", *body, "END:VTIMEZONE"]


def _utc_vtimezone(key: str) -> list[str]:
    """What vtimezone gives for a key of UTC: one fixed offset, +00:00."""
    utc = _observance(_Change(datetime(1970, 1, 1), timedelta(), timedelta(), "UTC", False),
                      None)
    return ["BEGIN:VTIMEZONE", f"TZID:{key}", *utc, "END:VTIMEZONE"]


def _first_day(today: date, days: Collection[int]) -> date:
    return next(today + timedelta(days=n) for n in range(7)
                if (today + timedelta(days=n)).weekday() in days)


def _sequence(now: datetime) -> int:
    # Minutes since 2024: grows with each export, so an import replaces the older event.
    return max(0, int((now - datetime(2024, 1, 1, tzinfo=timezone.utc)).total_seconds()) // 60)


def calendar_file(*, program_id: str, days: Collection[int], at: time, minutes: int,
                  exercises: Sequence[str], zone: str | None, now: datetime,
                  alarm_minutes: int = 10, title: str = "Heel workout") -> str:
    """A VCALENDAR with one weekly event on `days` (0 = Monday) at `at`, local time."""
    planned = sorted(set(days))
    if not planned or any(not 0 <= d <= 6 for d in planned):
        raise ValueError(f"days must be weekday numbers 0 (Monday) to 6, not {sorted(days)}")
    if minutes < 1 or alarm_minutes < 0 or now.tzinfo is None:
        raise ValueError("minutes must be positive and now must carry its time zone")
    found = None if zone in UTC_KEYS else resolve_zone(zone)
    key = found.key if found else zone if zone in UTC_KEYS else None
    today = now.astimezone(found or timezone.utc).date() if key else now.date()
    start = datetime.combine(_first_day(today, planned), at.replace(tzinfo=None))
    dtstart = (f"DTSTART;TZID={key}:" if key else "DTSTART:") + f"{start:%Y%m%dT%H%M%S}"
    rules = vtimezone(found, start.year) if found else _utc_vtimezone(key) if key else []
    description = "\n".join([f"Today's workout, about {minutes} min:",
                             *(f"- {name}" for name in exercises),
                             "Start it with: heel workout"])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//heel//heel {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             *rules,
             "BEGIN:VEVENT",
             f"UID:{uid(program_id)}",
             f"DTSTAMP:{now.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}",
             f"SEQUENCE:{_sequence(now)}",
             dtstart,
             f"DURATION:PT{minutes}M",
             f"RRULE:FREQ=WEEKLY;BYDAY={','.join(_BYDAY[d] for d in planned)}",
             f"SUMMARY:{escape_text(title)}",
             f"DESCRIPTION:{escape_text(description)}",
             "BEGIN:VALARM", "ACTION:DISPLAY",
             f"DESCRIPTION:{escape_text(title)} in {alarm_minutes} min",
             f"TRIGGER:-PT{alarm_minutes}M", "END:VALARM",
             "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
