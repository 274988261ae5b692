"""The self-tests of `heel test`, the published chair-stand norms, and how results are
compared. Pure: the session engine times the tests, the history stores the results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from heelcli.engine.catalog import Exercise
from heelcli.engine.keymap import NEXT_KEY
from heelcli.engine.timeline import PHASE, READY, SWITCH, Step, Timeline

# A count in a fixed time, a hold ended by a key (up to a limit), or a 0-10 rating.
Kind = Literal["count", "hold", "rating"]
Sex = Literal["female", "male"]


@dataclass(frozen=True)
class Measure:
    """One number a self-test produces, e.g. the left side of the bridge hold."""

    id: str
    label: str  # "Chair stands"
    unit: str  # "" for a count, " s" for seconds, "/10" for a rating
    low: int
    high: int


@dataclass(frozen=True)
class SelfTest:
    id: str
    name: str
    kind: Kind
    seconds: int | None  # the fixed time of a count, the limit of a hold, None for a rating
    measures: tuple[Measure, ...]  # in the order they are taken: one per side or area
    steps: tuple[str, ...]  # what to do, read on the get-ready screen
    ask: str  # the question at the end ("" when heel measured it itself)


CHAIR_STANDS = Measure("chair-stands", "Chair stands", "", 0, 60)
BRIDGE_LEFT = Measure("bridge-left", "Bridge hold, left leg", " s", 0, 60)
BRIDGE_RIGHT = Measure("bridge-right", "Bridge hold, right leg", " s", 0, 60)
PAIN_KNEE = Measure("pain-knee", "Knee pain", "/10", 0, 10)
PAIN_BACK = Measure("pain-low-back", "Low back pain", "/10", 0, 10)

CHAIR_STAND = SelfTest(
    id="chair-stand", name="30-second chair stand", kind="count", seconds=30,
    measures=(CHAIR_STANDS,),
    steps=("Sit in the middle of a chair without arms, its back against a wall.",
           "Cross your arms over your chest, feet flat on the floor.",
           "On Go, stand up fully and sit down again, as many times as you can.",
           "If you need your hands to stand up, stop: that counts as 0."),
    ask="How many times did you stand up fully? (over halfway at the end counts)",
)
BRIDGE_HOLD = SelfTest(
    id="bridge-hold", name="Single-leg bridge hold", kind="hold", seconds=60,
    measures=(BRIDGE_LEFT, BRIDGE_RIGHT),
    steps=("Lie on your back, knees bent, one foot flat and the other leg straight.",
           "Push through the heel and lift your hips level with the bent knee.",
           "Hold; press a key when the hips drop. It stops by itself at 60 seconds."),
    ask="",
)
PAIN_TODAY = SelfTest(
    id="pain-today", name="Pain today", kind="rating", seconds=None,
    measures=(PAIN_KNEE, PAIN_BACK),
    steps=("Rate the pain you have today, 0 for none and 10 for the worst imaginable.",),
    ask="Pain today, 0 to 10?",
)
SELF_TESTS = (CHAIR_STAND, BRIDGE_HOLD, PAIN_TODAY)
MEASURES = {m.id: m for test in SELF_TESTS for m in test.measures}


@dataclass(frozen=True)
class Result:
    measure: str  # a Measure id
    value: int
    day: date


# CDC STEADI, "Assessment: 30-Second Chair Stand" (2017), chart "Chair Stand Below
# Average Scores": a score below the number is below average for that age and sex.
# Checked against two reproductions of the form, as the CDC's own PDF was not at hand.
STEADI_SOURCE = 'CDC STEADI, "Assessment: 30-Second Chair Stand" (2017)'
STEADI_URL = "https://www.cdc.gov/steadi/pdf/STEADI-Assessment-30Sec-508.pdf"
AGE_BANDS = ("60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94")
_BELOW_AVERAGE: dict[Sex, tuple[int, ...]] = {
    "male": (14, 12, 12, 11, 10, 8, 7),
    "female": (12, 11, 10, 10, 9, 8, 4),
}
_PEOPLE: dict[Sex, str] = {"male": "men", "female": "women"}


def age_band(age: int) -> str | None:
    """The STEADI band of an age, or None outside 60 to 94, where it gives no norm."""
    if not 60 <= age <= 94:
        return None
    return AGE_BANDS[(age - 60) // 5]


def below_average(band: str, sex: Sex) -> int:
    """The STEADI count under which a chair-stand score is below average."""
    return _BELOW_AVERAGE[sex][AGE_BANDS.index(band)]


def chair_stand_context(count: int, band: str | None, sex: Sex | None) -> list[str]:
    """Lines that place a count among the STEADI norms; none when heel does not know the
    user's age band and sex or has no norm for them. Context, never a diagnosis."""
    if band not in AGE_BANDS or sex is None:
        return []
    limit = below_average(band, sex)
    where = "below that" if count < limit else "at or above that"
    return [f"For {_PEOPLE[sex]} aged {band}, fewer than {limit} stands is below average. "
            f"Your {count} is {where}.",
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


def formatted(measure: Measure, value: int) -> str:
    return f"{value}{measure.unit}"


def compare(previous: Result | None, current: Result) -> str:
    """'Chair stands: 12 (was 9 four weeks ago)'; the first result says so."""
    measure = MEASURES[current.measure]
    now = f"{measure.label}: {formatted(measure, current.value)}"
    if previous is None:
        return f"{now} (first test)"
    if previous.measure != current.measure:
        raise ValueError(f"cannot compare {previous.measure} with {current.measure}")
    when = ago((current.day - previous.day).days)
    return f"{now} (was {formatted(measure, previous.value)} {when})"


def self_test_due(last_test: date | None, today: date, every_days: int = 28) -> bool:
    """`heel program` suggests a self-test every four weeks, and before the first one."""
    return last_test is None or (today - last_test).days >= every_days


# --- The timeline the session screen runs --------------------------------------------------

END_HOLD_KEY = NEXT_KEY  # "n": the footer shows it, and the hold's cue names it
READY_SECONDS = 10.0
SWITCH_SECONDS = 10.0
_GO = {"count": ("Go", "Stand up fully and sit down, again and again. Count each stand.",
                 "Arms crossed: push up through your heels."),
       "hold": ("Hold", f"Hips up and level. Press {END_HOLD_KEY} when they drop.",
                "Push through the heel of the foot on the floor.")}


def timeline(test: SelfTest) -> Timeline | None:
    """The timed steps of a test: get ready, then the count or each side's hold. None for
    a rating, which is only asked."""
    if test.kind == "rating" or test.seconds is None:
        return None
    title, cue, heel_cue = _GO[test.kind]
    each = test.kind == "hold"
    exercise = Exercise(
        id=test.id, name=test.name, summary="", targets=(), setup=test.steps, phases=(),
        reps=1, sets=1, rest_seconds=0.0, sides="each" if each else "both", cues=(heel_cue,),
        mistakes=(), feel="", why="", hold_seconds=float(test.seconds),
        side_labels=("left leg", "right leg") if each else None,
        switch_seconds=SWITCH_SECONDS if each else None)
    steps = [Step(kind=READY, seconds=READY_SECONDS, exercise=exercise, block=0,
                  title="Get ready", cue=test.steps[0])]
    for side in ("left", "right") if each else (None,):
        if side == "right":
            steps.append(Step(kind=SWITCH, seconds=SWITCH_SECONDS, exercise=exercise, block=0,
                              title="Switch sides", set=1, sets=1, side=side))
        steps.append(Step(kind=PHASE, seconds=float(test.seconds), exercise=exercise,
                          block=0, title=title, cue=cue, heel_cue=heel_cue, rep=1, reps=1,
                          set=1, sets=1, side=side, ends_rep=True))
    return Timeline(tuple(steps), (exercise,))
