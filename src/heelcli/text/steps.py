"""The words of a plan's steps: each step's title, what a rest leads to, holds worded as
holds. The engine's Timeline carries kinds and numbers; the screen, the dry run, its JSON
and the voice all take their words from here, so they never disagree.
"""

from __future__ import annotations

from heelcli.engine.alerts import LAST_REP
from heelcli.engine.catalog import Exercise
from heelcli.engine.timeline import (
    PHASE,
    READY,
    REST,
    SWITCH,
    CompareWords,
    Options,
    Step,
    Timeline,
    unknown_kind,
)
from heelcli.engine.timeline import compare_timeline as timed_compare
from heelcli.text.words import count, time_left

HOLD = "Hold"
NO_HEEL_CUE = "Move as you usually would: don't think about your heels this time."
DONT_KEEP = ("That first way was only to feel the difference: don't keep doing it. "
             "From now on, push through your heels.")


def is_hold(exercise: Exercise) -> bool:
    """A timed hold (a stretch) is done in holds, not reps."""
    return exercise.hold_seconds is not None


def rep_noun(exercise: Exercise) -> str:
    """'rep', or 'hold' for a timed hold."""
    return "hold" if is_hold(exercise) else "rep"


def cheer_words(step: Step, cheer: str) -> str:
    """An encouragement (heelcli.engine.alerts) in words: 'halfway', 'last rep', 'last
    hold'."""
    return f"last {rep_noun(step.exercise)}" if cheer == LAST_REP else cheer


def title(step: Step) -> str:
    """'Get ready', 'Switch sides', 'Rest', or a rep step's phase name ('Lift', 'Hold')."""
    if step.kind == PHASE:
        return step.title or HOLD
    if step.kind == READY:
        return "Get ready"
    if step.kind == SWITCH:
        return "Switch sides"
    if step.kind == REST:
        return "Rest"
    unknown_kind(step.kind)


def rest_leads_to(plan: Timeline, index: int) -> str:
    """What a rest is before: 'Lift, set 2/2' between sets, the next exercise's name
    between exercises; '' for any other step (or a rest that ends the plan)."""
    step = plan.steps[index]
    if step.kind != REST or index + 1 >= len(plan.steps):
        return ""
    up = plan.steps[index + 1]
    if up.kind == READY or up.block != step.block:
        return up.exercise.name
    return f"{up.exercise.name}, set {up.set}/{up.sets}"


def doses(exercise: Exercise, done: int, planned: int | None = None) -> str:
    """What was done of an exercise: '8/10 reps', or '2 holds of 30 s' ('1/4 holds of
    30 s' when fewer were held than planned)."""
    noun = rep_noun(exercise)
    if is_hold(exercise):
        held = f"{done}/{planned} {noun}s" if planned is not None and planned != done \
            else count(done, noun)
        return f"{held} of {time_left(exercise.hold_seconds or 0)}"
    return f"{done}/{planned} {noun}s" if planned is not None else count(done, noun)


def step_dict(plan: Timeline, index: int) -> dict[str, object]:
    """One step as `heel workout --dry-run --json` shows it."""
    step = plan.steps[index]
    return {
        "kind": step.kind,
        "seconds": step.seconds,
        "exercise": step.exercise.id,
        "title": title(step),
        "cue": step.cue,
        "rep": step.rep or None,
        "reps": step.reps or None,
        "set": step.set or None,
        "sets": step.sets or None,
        "side": step.side,
        "next": rest_leads_to(plan, index) or None,
        "level": step.level or None,
    }


def plan_dict(plan: Timeline) -> dict[str, object]:
    """The plan as `heel workout --dry-run --json` shows it."""
    return {
        "total_seconds": plan.total_seconds,
        "exercises": [e.id for e in plan.exercises],
        "steps": [step_dict(plan, i) for i in range(len(plan.steps))],
    }


def compare_words(exercise: Exercise) -> CompareWords:
    """The drill's words: each phase named as its own cue, and the first run's setup
    without the lines about the heel."""
    return CompareWords(
        without=f"{exercise.name} without the heel", through=f"{exercise.name} through the heel",
        no_heel_cue=NO_HEEL_CUE, phase_cues=tuple(f"{p.name}." for p in exercise.phases),
        usual_setup=tuple(line for line in exercise.setup if "heel" not in line.lower()),
        dont_keep=DONT_KEEP)


def compare_timeline(exercise: Exercise, options: Options) -> Timeline:
    """The 'feel the difference' drill (engine.timeline.compare_timeline), worded."""
    return timed_compare(exercise, options, compare_words(exercise))
