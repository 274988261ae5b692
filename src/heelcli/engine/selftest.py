"""The self-tests of `heel test`, the published chair-stand norms, and how results are
compared. Pure: the session engine times the tests, the history stores the results, and
heelcli.text.selftests words them (names, steps, questions, the norms' lines)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from heelcli.engine.keymap import NEXT_KEY
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:  # `heel program` and `report` read the measures, not the session's steps
    from heelcli.engine.timeline import Timeline

# A count in a fixed time, a hold ended by a key (up to a limit), or a 0-10 rating.
Kind = Literal["count", "hold", "rating"]
# What a measure's number counts: stands, seconds held, or points of a 0-10 rating.
Scale = Literal["count", "seconds", "rating"]
Sex = Literal["female", "male"]


class Measure(TypedTuple):
    """One number a self-test produces, e.g. the left side of the bridge hold."""

    id: str  # heelcli.text.selftests names it
    scale: Scale
    low: int
    high: int


class SelfTest(TypedTuple):
    id: str
    kind: Kind
    seconds: int | None  # the fixed time of a count, the limit of a hold, None for a rating
    measures: tuple[Measure, ...]  # in the order they are taken: one per side or area


CHAIR_STANDS = Measure("chair-stands", "count", 0, 60)
BRIDGE_LEFT = Measure("bridge-left", "seconds", 0, 60)
BRIDGE_RIGHT = Measure("bridge-right", "seconds", 0, 60)
PAIN_KNEE = Measure("pain-knee", "rating", 0, 10)
PAIN_BACK = Measure("pain-low-back", "rating", 0, 10)

CHAIR_STAND = SelfTest(id="chair-stand", kind="count", seconds=30, measures=(CHAIR_STANDS,))
BRIDGE_HOLD = SelfTest(id="bridge-hold", kind="hold", seconds=60,
                       measures=(BRIDGE_LEFT, BRIDGE_RIGHT))
PAIN_TODAY = SelfTest(id="pain-today", kind="rating", seconds=None,
                      measures=(PAIN_KNEE, PAIN_BACK))
SELF_TESTS = (CHAIR_STAND, BRIDGE_HOLD, PAIN_TODAY)
MEASURES = {m.id: m for test in SELF_TESTS for m in test.measures}


class Result(TypedTuple):
    measure: str  # a Measure id
    value: int
    day: date


# CDC STEADI, "Assessment: 30-Second Chair Stand" (2017), chart "Chair Stand Below
# Average Scores": a score below the number is below average for that age and sex.
# Checked against two reproductions of the form, as the CDC's own PDF was not at hand.
# heelcli.text.selftests cites it.
STEADI_URL = "https://www.cdc.gov/steadi/pdf/STEADI-Assessment-30Sec-508.pdf"
AGE_BANDS = ("60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94")
_BELOW_AVERAGE: dict[Sex, tuple[int, ...]] = {
    "male": (14, 12, 12, 11, 10, 8, 7),
    "female": (12, 11, 10, 10, 9, 8, 4),
}
def age_band(age: int) -> str | None:
    """The STEADI band of an age, or None outside 60 to 94, where it gives no norm."""
    if not 60 <= age <= 94:
        return None
    return AGE_BANDS[(age - 60) // 5]


def below_average(band: str, sex: Sex) -> int:
    """The STEADI count under which a chair-stand score is below average."""
    return _BELOW_AVERAGE[sex][AGE_BANDS.index(band)]


class Norm(TypedTuple):
    """Where a chair-stand count stands among the STEADI norms of an age band and sex."""

    score: int
    band: str
    sex: Sex
    below_average: int  # the count under which a score is below average
    below: bool


def chair_stand_norm(count: int, band: str | None, sex: Sex | None) -> Norm | None:
    """A count among the STEADI norms; None when heel does not know the user's age band
    and sex or has no norm for them. Context, never a diagnosis."""
    if band not in AGE_BANDS or sex is None:
        return None
    limit = below_average(band, sex)
    return Norm(count, band, sex, limit, count < limit)


def self_test_due(last_test: date | None, today: date, every_days: int = 28) -> bool:
    """`heel program` suggests a self-test every four weeks, and before the first one."""
    return last_test is None or (today - last_test).days >= every_days


# --- The timeline the session screen runs --------------------------------------------------

END_HOLD_KEY = NEXT_KEY  # "n": the footer shows it, and the hold's cue names it
READY_SECONDS = 10.0
SWITCH_SECONDS = 10.0


class TestWords(TypedTuple):
    """What the session screen says during a test (heelcli.text.selftests)."""

    name: str
    steps: tuple[str, ...]  # what to do, read on the get-ready screen
    ready: str  # the get-ready step's title
    switch: str  # the switch step's title
    go: str  # the timed step's title
    cue: str
    heel_cue: str
    side_labels: tuple[str, str]


def timeline(test: SelfTest, words: TestWords) -> Timeline | None:
    """The timed steps of a test: get ready, then the count or each side's hold. None for
    a rating, which is only asked."""
    from heelcli.engine.catalog import Exercise, Phase
    from heelcli.engine.timeline import PHASE, READY, SWITCH, Step, Timeline

    if test.kind == "rating" or test.seconds is None:
        return None
    each = test.kind == "hold"
    # A count is one timed phase, not a hold: the screen and the voice word holds apart.
    phases = () if each else (Phase(words.go, float(test.seconds), words.cue),)
    exercise = Exercise(
        id=test.id, name=words.name, summary="", targets=(), setup=words.steps, phases=phases,
        reps=1, sets=1, rest_seconds=0.0, sides="each" if each else "both",
        cues=(words.heel_cue,), mistakes=(), feel="", why="",
        hold_seconds=float(test.seconds) if each else None,
        side_labels=words.side_labels if each else None,
        switch_seconds=SWITCH_SECONDS if each else None)
    steps = [Step(kind=READY, seconds=READY_SECONDS, exercise=exercise, block=0,
                  title=words.ready, cue=words.steps[0])]
    for side in ("left", "right") if each else (None,):
        if side == "right":
            steps.append(Step(kind=SWITCH, seconds=SWITCH_SECONDS, exercise=exercise, block=0,
                              title=words.switch, set=1, sets=1, side=side))
        steps.append(Step(kind=PHASE, seconds=float(test.seconds), exercise=exercise,
                          block=0, title=words.go, cue=words.cue, heel_cue=words.heel_cue,
                          rep=1, reps=1, set=1, sets=1, side=side, ends_rep=True))
    return Timeline(tuple(steps), (exercise,))
