"""The words of the screen and the pages, in one place: counts and their nouns, times,
days, and the check-in's questions. The engine hands over kinds and numbers; this says them.
"""

from __future__ import annotations

from datetime import date, datetime


def plural(n: int, word: str) -> str:
    """`word` as it goes with `n`: 'rep' for 1, 'reps' otherwise."""
    return word if n == 1 else f"{word}s"


def count(n: int, word: str) -> str:
    """'1 topic', '3 topics'."""
    return f"{n} {plural(n, word)}"


def streak(n: int, word: str) -> str:
    """A streak's length: '3 weeks'; '520 weeks or more' where counting stops (ten years,
    engine.streaks)."""
    from heelcli.engine.streaks import STREAK_DAYS_COUNTED, STREAK_WEEKS_COUNTED

    counted = STREAK_DAYS_COUNTED if word == "day" else STREAK_WEEKS_COUNTED
    return count(n, word) + (" or more" if n >= counted else "")


# Times. Every time heel shows is first made whole seconds by whole_seconds, so the big
# clock, the progress line, the plan and the summary never disagree by a second.

def whole_seconds(seconds: float) -> int:
    """The one rounding of a time for the screen: up to the next whole second, never below
    0. Up, because a countdown must show 1 until it ends (0 means done), and a clock that
    counts the same time down elsewhere on the screen must say the same."""
    return max(0, -int(-seconds // 1))


def clock(seconds: float) -> str:
    """A clock, minutes and seconds: '0:08', '1:30', '61:05' (whole_seconds' rounding)."""
    minutes, rest = divmod(whole_seconds(seconds), 60)
    return f"{minutes}:{rest:02d}"


def countdown(seconds: float) -> str:
    """The big clock face: bare seconds under a minute, '8', else a clock, '1:30'."""
    whole = whole_seconds(seconds)
    return str(whole) if whole < 60 else clock(whole)


def time_left(seconds: float) -> str:
    """A countdown in a sentence: '8 s', '1:30'."""
    whole = whole_seconds(seconds)
    return f"{whole} s" if whole < 60 else clock(whole)


def duration(seconds: float) -> str:
    """A length to the second: '26 s', '1 min 05 s' (whole_seconds' rounding)."""
    minutes, rest = divmod(whole_seconds(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def whole_minutes(seconds: float) -> int:
    """A length as whole minutes, for a reminder or a calendar event: minutes()' rounding,
    a half minute up, and never 0."""
    return max(1, (whole_seconds(seconds) + 30) // 60)


def minutes(seconds: float) -> str:
    """A length to the minute: '26 s' under a minute (never '0 min'), else the nearest whole
    minute of whole_seconds, a half minute rounding up: 90 s is '2 min', 150 s '3 min'."""
    whole = whole_seconds(seconds)
    return f"{whole} s" if whole < 60 else f"{whole_minutes(whole)} min"


def said_length(seconds: float) -> str:
    """A length as the voice says it: '30 seconds', '1 minute', '1 minute 30 seconds'."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    parts = [f"{minutes} {plural(minutes, 'minute')}"] if minutes else []
    if rest or not minutes:
        parts.append(f"{rest} {plural(rest, 'second')}")
    return " ".join(parts)


def _with_year(shown: str, when: date, today: date) -> str:
    """`shown` with `when`'s year after it unless that is `today`'s: the one rule every
    day heel names follows, so a date a year off is never read as this year's."""
    return shown if when.year == today.year else f"{shown} {when.year}"


def day(when: date, *, today: date) -> str:
    """A day as heel names it: 'Sun 10 Jan', or 'Sun 10 Jan 2027' in another year."""
    return _with_year(f"{when:%a} {when.day} {when:%b}", when, today)


def short_day(when: date, *, today: date) -> str:
    """A day among this week's, as the program page lists them: 'sun 10'; with the month
    and year when it is not `today`'s year, 'sun 10 Jan 2027', so a day due next January
    is not read as one this month."""
    from heelcli.engine.schedule import DAY_NAMES  # the week's engine: not for `heel list`

    shown = f"{DAY_NAMES[when.weekday()]} {when.day}"
    return shown if when.year == today.year else f"{shown} {when:%b} {when.year}"


def day_and_time(moment: datetime, *, today: date) -> str:
    """A session's start in the history table: 'Sun 03 Jan 14:05' (the day padded, so the
    column lines up), with the year when it is not `today`'s: 'Mon 28 Dec 2026 09:00'."""
    shown = _with_year(f"{moment:%a} {moment.day:02d} {moment:%b}", moment.date(), today)
    return f"{shown} {moment:%H:%M}"


def week_of_day(monday: date, *, today: date) -> str:
    """A week in a chart, by its Monday: '04 Jan', with the year when it is not `today`'s,
    '28 Dec 2026'."""
    return _with_year(f"{monday.day:02d} {monday:%b}", monday, today)


def full_date(when: date) -> str:
    """A day written out, as a heading of results kept for long: '28 March 2027'."""
    return f"{when.day} {when:%B %Y}"


# The check-in after a session: each answer's key (heelcli.engine.checkin) and its words.
WHERE_QUESTION = "Where did you feel it most?"
HOW_HARD_QUESTION = "How hard was it?"
PAIN_QUESTION = "Pain in the knee or low back during the session, 0 (none) to 10?"
FELT = (("back", "back of the legs and glutes"), ("front", "front of the thighs"),
        ("pain", "knee or low back"))
FELT_SHORT = (("back", "back of legs"), ("front", "front of thighs"), ("pain", "knee/low back"))
EFFORT = (("easy", "easy"), ("about right", "about right"), ("hard", "hard"))


def label(choices: tuple[tuple[str, str], ...], key: str | None) -> str:
    """The words for an answer's key, '' for none (a skipped question)."""
    return dict(choices).get(key or "", "")


def pain_to_settle(pain: int | None, when: date | None, *, today: date) -> str:
    """What the next-morning question is about: that session's pain, on its local day."""
    shown = day(when, today=today) if when else "the last time"
    if pain is None:
        return f"The morning after your session on {shown}:"
    return f"Your session on {shown} had pain {pain}/10 in the knee or low back."
