"""The words of `heel test`: each self-test's name, steps and question, the words its
session screen shows, how a result compares with the last, and the norms' lines. The
tests, their measures and the norms as numbers are heelcli.engine.selftest's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heelcli.engine.selftest import (
    END_HOLD_KEY,
    MEASURES,
    Measure,
    Result,
    Scale,
    SelfTest,
    Sex,
    TestWords,
    chair_stand_norm,
)
from heelcli.engine.selftest import timeline as timed

if TYPE_CHECKING:  # the session's steps: `heel report` words results, not tests
    from heelcli.engine.timeline import Timeline

NAMES = {"chair-stand": "30-second chair stand", "bridge-hold": "Single-leg bridge hold",
         "pain-today": "Pain today"}
STEPS = {
    "chair-stand": ("Sit in the middle of a chair without arms, its back against a wall.",
                    "Cross your arms over your chest, feet flat on the floor.",
                    "On Go, stand up fully and sit down again, as many times as you can.",
                    "If you need your hands to stand up, stop: that counts as 0."),
    "bridge-hold": ("Lie on your back, knees bent, one foot flat and the other leg straight.",
                    "Push through the heel and lift your hips level with the bent knee.",
                    "Hold; press a key when the hips drop. It stops by itself at 60 seconds."),
    "pain-today": ("Rate the pain you have today, 0 for none and 10 for the worst "
                   "imaginable.",),
}
# The question at the end ("" when heel measured it itself).
ASKS = {"chair-stand": "How many times did you stand up fully? (over halfway at the end "
                       "counts)",
        "bridge-hold": "", "pain-today": "Pain today, 0 to 10?"}
_GO = {"count": ("Go", "Stand up fully and sit down, again and again. Count each stand.",
                 "Arms crossed: push up through your heels."),
       "hold": ("Hold", f"Hips up and level. Press {END_HOLD_KEY} when they drop.",
                "Push through the heel of the foot on the floor.")}
STEADI_SOURCE = 'CDC STEADI, "Assessment: 30-Second Chair Stand" (2017)'
_PEOPLE: dict[Sex, str] = {"male": "men", "female": "women"}
LABELS = {"chair-stands": "Chair stands", "bridge-left": "Bridge hold, left leg",
          "bridge-right": "Bridge hold, right leg", "pain-knee": "Knee pain",
          "pain-low-back": "Low back pain"}
_UNITS: dict[Scale, str] = {"count": "", "seconds": " s", "rating": "/10"}


def name(test: SelfTest) -> str:
    return NAMES[test.id]


def steps(test: SelfTest) -> tuple[str, ...]:
    return STEPS[test.id]


def ask(test: SelfTest) -> str:
    return ASKS[test.id]


def label(measure: Measure) -> str:
    """What a measure is called: "Chair stands"."""
    return LABELS[measure.id]


def formatted(measure: Measure, value: int) -> str:
    """A value with its unit: "12", "34 s", "3/10"."""
    return f"{value}{_UNITS[measure.scale]}"


def timeline(test: SelfTest) -> Timeline | None:
    """The test's timed steps (engine.selftest.timeline), with their words."""
    go, cue, heel_cue = _GO.get(test.kind, ("", "", ""))
    return timed(test, TestWords(name(test), steps(test), "Get ready", "Switch sides", go,
                                 cue, heel_cue, ("left leg", "right leg")))


def chair_stand_context(count: int, band: str | None, sex: Sex | None) -> list[str]:
    """Lines that place a count among the STEADI norms; none when heel does not know the
    user's age band and sex or has no norm for them. Context, never a diagnosis."""
    norm = chair_stand_norm(count, band, sex)
    if norm is None:
        return []
    where = "below that" if norm.below else "at or above that"
    return [f"For {_PEOPLE[norm.sex]} aged {norm.band}, fewer than {norm.below_average} "
            f"stands is below average. Your {count} is {where}.",
            f"Source: {STEADI_SOURCE}. This is a screening figure, not a diagnosis; "
            "a physiotherapist or doctor can say what it means for you."]


_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")


def _count(n: int, unit: str) -> str:
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} {unit}{'' if n == 1 else 's'}"


def ago(days: int) -> str:
    """How long ago, in words: 'yesterday', 'five days ago', 'four weeks ago'."""
    if days <= 0:
        return "earlier today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{_count(days, 'day')} ago"
    if days < 61:
        return f"{_count(round(days / 7), 'week')} ago"
    return f"{_count(round(days / 30.44), 'month')} ago"


def compare(previous: Result | None, current: Result) -> str:
    """'Chair stands: 12 (was 9 four weeks ago)'; the first result says so."""
    measure = MEASURES[current.measure]
    now = f"{label(measure)}: {formatted(measure, current.value)}"
    if previous is None:
        return f"{now} (first test)"
    if previous.measure != current.measure:
        raise ValueError(f"cannot compare {previous.measure} with {current.measure}")
    when = ago((current.day - previous.day).days)
    return f"{now} (was {formatted(measure, previous.value)} {when})"
