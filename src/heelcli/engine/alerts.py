"""When to ring, count or speak: pure decisions from the plan and the runner's ticks.

The session turns these events into a bell, a spoken cue or a plain line; nothing here
touches the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from heelcli.engine.catalog import Exercise
from heelcli.engine.timeline import PHASE, READY, Step, Timeline, same_set

if TYPE_CHECKING:
    from heelcli.engine.runner import Tick

SET_START = "set start"
SET_END = "set end"
COUNTS = (3, 2, 1)  # seconds left at which a countdown is announced
HALFWAY = "halfway"
LAST_REP = "last rep"


def encouragement(step: Step) -> str | None:
    """What a coach says during this rep: HALFWAY in the middle of a set, LAST_REP on its last."""
    if step.kind != PHASE or step.reps < 2:
        return None
    if step.rep == step.reps:
        return LAST_REP
    if step.reps >= 4 and step.rep == step.reps // 2 + 1:
        return HALFWAY
    return None


def starts_rep(plan: Timeline, index: int) -> bool:
    """True for the first phase of a rep."""
    step = plan.steps[index]
    return step.kind == PHASE and (index == 0 or plan.steps[index - 1].ends_rep
                                   or not same_set(plan.steps[index - 1], step))


def finished(plan: Timeline, index: int) -> Exercise | None:
    """The exercise whose last rep was the step just before step `index` (which may be the
    end of the plan, len(plan.steps)), if it was the last rep of its last set and side."""
    if index == 0:
        return None
    last = plan.steps[index - 1]
    if not (last.kind == PHASE and last.ends_rep and last.rep == last.reps
            and last.set == last.sets and last.side in (None, "right")):
        return None
    return last.exercise


def starts_set(plan: Timeline, index: int) -> bool:
    """True for the first rep step of a set (or of one side of it)."""
    step = plan.steps[index]
    return step.kind == PHASE and (index == 0 or not same_set(plan.steps[index - 1], step))


def ends_set(plan: Timeline, index: int) -> bool:
    """True for the last rep step of a set (or of one side of it)."""
    step = plan.steps[index]
    last = index + 1 == len(plan.steps)
    return step.kind == PHASE and (last or not same_set(plan.steps[index + 1], step))


class Announcer:
    """Follows the ticks of one run and says what is worth announcing at each."""

    def __init__(self, plan: Timeline) -> None:
        self.plan = plan
        self._index: int | None = None
        self._left = float("inf")

    def enter(self, index: int) -> list[str]:
        """Events on starting step `index`: the end of the set just left, a set starting."""
        events = []
        if self._index is not None and ends_set(self.plan, self._index):
            events.append(SET_END)
        if starts_set(self.plan, index):
            events.append(SET_START)
        self._index = index
        self._left = self.plan.steps[index].seconds
        return events

    def finish(self, completed: bool) -> list[str]:
        """Events when the run ends: the last set ending, if it was done."""
        done = completed and self._index is not None and ends_set(self.plan, self._index)
        self._index = None
        return [SET_END] if done else []

    def counts(self, tick: Tick) -> list[int]:
        """The countdown numbers (3, 2, 1) reached since the last tick of this step.

        A step no longer than the first count has nothing to count down: its start says it.
        """
        before, self._left = self._left, tick.remaining
        if tick.step.seconds <= COUNTS[0]:
            return []
        return [n for n in COUNTS if tick.remaining <= n < before]


# When the voice speaks, beyond each step's start: decided here, worded in
# heelcli.text.voice_script, so it can be followed with the eyes closed.
HEEL_EVERY = 3  # the heel is named on the first rep and at least every third after it
WARN_LEFT = 10.0  # a hold says when this many seconds are left...
WARN_FROM = 15.0  # ...if it is at least this long (a shorter one has its 3-2-1 soon)


def is_hold(step: Step) -> bool:
    """A rep step of a timed hold (a stretch, a self-test's hold)."""
    return step.kind == PHASE and step.exercise.hold_seconds is not None


def names_heel(step: Step) -> bool:
    """Whether the voice names the heel as this rep starts: reps 1, 4, 7..."""
    return step.kind == PHASE and (step.rep - 1) % HEEL_EVERY == 0


def counted_down(step: Step) -> bool:
    """Whether a step's last seconds are counted 3, 2, 1: waiting steps and holds, when
    they are longer than the count (a rep's phases have their own rhythm)."""
    return (step.kind != PHASE or is_hold(step)) and step.seconds > COUNTS[0]


def warned(step: Step) -> bool:
    """Whether the voice says that WARN_LEFT seconds are left of this step."""
    return is_hold(step) and step.seconds >= WARN_FROM


def first_of_exercise(plan: Timeline, index: int) -> bool:
    """Whether step `index` is the first get-ready of its exercise in the plan (the voice
    says the set-up then: once per exercise per session; a compare drill's second set has
    set-up of its own, so it counts as another)."""
    step = plan.steps[index]
    same = (step.exercise.id, step.exercise.setup)
    return step.kind == READY and not any(
        s.kind == READY and (s.exercise.id, s.exercise.setup) == same
        for s in plan.steps[:index])
