"""What the voice says through a whole plan, worded for someone on the mat with the eyes
closed: every rep counted with its phase ("Three. Lift."), the heel named at least every
third rep, the set-up before an exercise's first rep, a hold's length, its last ten
seconds, its 3-2-1 and its release, and at the end what was done.

A pure function of the plan (`script`); heelcli.engine.alerts decides when, this says
what. `Prompter` hands the lines out as a run reaches them.
"""

from __future__ import annotations

from collections.abc import Sequence

from heelcli.engine.alerts import (
    COUNTS,
    WARN_LEFT,
    counted_down,
    encouragement,
    first_of_exercise,
    is_hold,
    names_heel,
    starts_rep,
    warned,
)
from heelcli.engine.records import Summary
from heelcli.engine.timeline import PHASE, READY, REST, SWITCH, Timeline, unknown_kind
from heelcli.engine.typedtuple import TypedTuple
from heelcli.text import steps
from heelcli.text.words import plural, said_length

RELEASE = "Release."
NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen", "twenty")


class Said(TypedTuple):
    """One thing the voice says: in step number `step`, when `left` seconds of it are left (the
    step's whole length: as it starts)."""

    step: int
    left: float
    words: str


def number(n: int) -> str:
    """A count as it is said: 'three'; digits above twenty, which a speech engine reads."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def script(plan: Timeline) -> tuple[Said, ...]:
    """Everything the voice says through `plan`, in order, if nothing is skipped."""
    out: list[Said] = []
    heel_named: dict[int, int] = {}  # per block: how often the heel was named, to rotate cues
    for index, step in enumerate(plan.steps):
        start = _start(plan, index, heel_named)
        if index and is_hold(plan.steps[index - 1]):
            start = f"{RELEASE} {start}"
        out.append(Said(index, step.seconds, start))
        if warned(step):
            out.append(Said(index, WARN_LEFT, f"{said_length(WARN_LEFT)} left."))
        if counted_down(step) and not (step.kind == READY and first_of_exercise(plan, index)):
            out.extend(Said(index, n, str(n)) for n in COUNTS)
    return tuple(out)


def _start(plan: Timeline, index: int, heel_named: dict[int, int]) -> str:
    step = plan.steps[index]
    ex = step.exercise
    if step.kind == READY:
        side = f", {ex.side_label('left')}" if ex.each_side else ""
        words = [f"Get ready: {ex.name}{side}."]
        if first_of_exercise(plan, index):
            words.extend(_sentence(line) for line in ex.setup)
        return " ".join(words)
    if step.kind == PHASE:
        if not starts_rep(plan, index):
            return _sentence(steps.title(step))
        words = []
        cheer = encouragement(step)
        counted = number(step.rep).capitalize() if step.reps > 1 else ""
        said = steps.cheer_words(step, cheer) if cheer else ""
        if counted or said:
            words.append(_sentence(", ".join(w for w in (counted, said) if w)))
        if is_hold(step):
            words.append(f"{steps.title(step)}, {said_length(step.seconds)}.")
        else:
            words.append(_sentence(steps.title(step)))
        if names_heel(step) and ex.cues:
            named = heel_named.get(step.block, 0)
            heel_named[step.block] = named + 1
            words.append(_sentence(ex.cues[named % len(ex.cues)]))
        return " ".join(words)
    if step.kind == SWITCH:
        return f"Switch sides: {ex.side_label(step.side or 'right')}."
    if step.kind == REST:
        return f"Rest. Next: {_rest_leads_to(plan, index)}."
    unknown_kind(step.kind)


def _rest_leads_to(plan: Timeline, index: int) -> str:
    if index + 1 >= len(plan.steps):
        return "the end"
    step, up = plan.steps[index], plan.steps[index + 1]
    if up.kind == READY or up.block != step.block:
        return up.exercise.name
    return f"{up.exercise.name}, set {up.set} of {up.sets}"


def ending(plan: Timeline, result: Summary) -> str:
    """What the voice says when the session ends: how it ended and what was done."""
    last = plan.steps[-1] if plan.steps else None
    words = [RELEASE] if result.completed and last is not None and is_hold(last) else []
    words.append("Workout complete." if result.completed else "Workout stopped.")
    exercises = {e.id: e for e in plan.exercises}
    for done in result.exercises:
        exercise = exercises.get(done.exercise_id)
        noun = steps.rep_noun(exercise) if exercise is not None else "rep"
        shown = f"{done.reps_done} {plural(done.reps_done, noun)}" \
            if done.reps_done == done.reps_planned \
            else f"{done.reps_done} of {done.reps_planned} {plural(done.reps_planned, noun)}"
        if exercise is not None and steps.is_hold(exercise):
            shown += f" of {said_length(exercise.hold_seconds or 0)}"
        words.append(f"{done.name}: {shown}.")
    return " ".join(words)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


class Prompter:
    """Hands out a script's lines as a run reaches them: a step's first line as it starts,
    the others as its seconds left pass their mark. A skipped step says nothing more; of
    several marks passed at once (a slow tick) only the latest is said."""

    def __init__(self, lines: Sequence[Said]) -> None:
        self._by_step: dict[int, list[Said]] = {}
        for line in lines:
            self._by_step.setdefault(line.step, []).append(line)
        self._pending: list[Said] = []

    def start(self, index: int) -> str | None:
        """The line said as step `index` starts."""
        lines = self._by_step.get(index, [])
        self._pending = lines[1:]
        return lines[0].words if lines else None

    def due(self, remaining: float) -> str | None:
        """The line due now that `remaining` seconds are left of the current step."""
        due = [line for line in self._pending if remaining <= line.left]
        if not due:
            return None
        self._pending = [line for line in self._pending if remaining > line.left]
        return due[-1].words
