"""Small wording helpers every page shares: one home for 'a count and its noun'."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """`word` as it goes with `n`: 'rep' for 1, 'reps' otherwise."""
    return word if n == 1 else f"{word}s"


def count(n: int, word: str) -> str:
    """'1 topic', '3 topics'."""
    return f"{n} {plural(n, word)}"


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


def minutes(seconds: float) -> str:
    """A length to the minute: '26 s' under a minute (never '0 min'), else the nearest whole
    minute of whole_seconds, a half minute rounding up: 90 s is '2 min', 150 s '3 min'."""
    whole = whole_seconds(seconds)
    return f"{whole} s" if whole < 60 else f"{(whole + 30) // 60} min"
