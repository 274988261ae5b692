"""The questions after a session and what heel says back. Pure: no prompts, no storage.

heelcli.screen.prompts asks them and returns the answers; this decides what the answers call for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from heelcli.engine.catalog import Catalog, Exercise

if TYPE_CHECKING:
    from heelcli.engine.records import Part, Session

# The answers as keys; heelcli.text.words asks the questions and names the answers.
BACK, FRONT, PAIN = "back", "front", "pain"
FELT = (BACK, FRONT, PAIN)
EASY, RIGHT, HARD = "easy", "about right", "hard"
EFFORT = (EASY, RIGHT, HARD)
EASY_IN_A_ROW = 2  # sessions rated easy before suggesting the challenge variant


@dataclass(frozen=True)
class Answers:
    """The check-in as answered; None where Enter skipped a question (or it was not asked:
    pain is asked after program sessions only)."""

    felt: str | None = None
    effort: str | None = None
    pain: int | None = None


STOP_ON_PAIN = ("Sharp pain means stop. If pain persists, see a physiotherapist or a "
                "doctor.")


def settled_response(settled: bool) -> list[str]:
    return [] if settled else [STOP_ON_PAIN]


def closing(answers: Answers, *, program: bool, recent: Sequence[Session],
            catalog: Catalog) -> list[str]:
    """What heel says once the check-in is kept: in a program, the word on pain; outside
    one, the nudge to the challenge variant (`recent` includes this session)."""
    if program:
        return pain_response(answers.pain)
    return challenge_suggestion(recent, catalog)


def pain_response(pain: int | None) -> list[str]:
    """What heel says to a pain rating: never a diagnosis; persisting pain, a professional."""
    if pain is None:
        return []
    return ["Tomorrow morning, heel asks about pain and stiffness: a step up waits for a "
            "settled morning. If pain persists, see a physiotherapist or a doctor."]


def done(exercises: Sequence[Exercise], parts: Iterable[Part]) -> list[Exercise]:
    """The exercises of a plan with at least one rep finished: what was actually done."""
    blocks = {p.block for p in parts if p.reps_done}
    return [e for block, e in enumerate(exercises) if block in blocks]


def response(felt: str, exercises: Sequence[Exercise], catalog: Catalog) -> list[str]:
    """A short, specific answer to where it was felt, about the exercises done."""
    if felt == BACK:
        return ["That is the goal: the back of your legs did the work."]
    if felt == FRONT:
        # A stretch has no heel cue to fix: the thighs worked in the moves, not the holds.
        moves = [e for e in _unique(exercises) if e.hold_seconds is None]
        stop = "The front of your thighs took over, which is what the heel is there to stop."
        if not moves:
            return [f"{stop} Next time, push through your heels."]
        return [f"{stop} Next time:", *(f"  {e.name}: {e.cues[0]}" for e in moves)]
    lines = ["Ease off: fewer reps, a smaller range, or an easier variant."]
    for exercise in _unique(exercises):
        easier = catalog.exercise(exercise.easier) if exercise.easier else None
        if easier is not None:
            lines.append(f"  Instead of {exercise.name}, try {easier.name}: "
                         f"heel workout -e {easier.id}")
    lines.append("If the pain persists, see a physiotherapist or a doctor.")
    return lines


def challenge_suggestion(recent: Sequence[Session], catalog: Catalog) -> list[str]:
    """Suggest --challenge for each exercise rated easy in its last two rated sessions."""
    out = []
    for exercise in catalog.exercises:
        harder = catalog.exercise(exercise.challenge) if exercise.challenge else None
        if harder is None:
            continue
        rated = [s.effort for s in recent if exercise.id in s.exercises and s.effort]
        if len(rated) >= EASY_IN_A_ROW and all(e == EASY for e in rated[:EASY_IN_A_ROW]):
            out.append(f"{exercise.name} felt easy in your last {EASY_IN_A_ROW} sessions: "
                       f"try {harder.name} with heel workout --challenge")
    return out


def _unique(exercises: Sequence[Exercise]) -> list[Exercise]:
    return list({e.id: e for e in exercises}.values())
