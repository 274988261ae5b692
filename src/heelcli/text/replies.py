"""What heel says back after a check-in: the words for what heelcli.engine.checkin decides.
Never a diagnosis; pain that persists, a professional."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from heelcli.engine.checkin import (
    BACK,
    EASY_IN_A_ROW,
    FRONT,
    Answers,
    challenge_ready,
    easier,
    moves,
)
from heelcli.text.rulebook import STOP_ON_PAIN as STOP_ON_PAIN  # the program page says it too

if TYPE_CHECKING:
    from heelcli.engine.catalog import Catalog, Exercise
    from heelcli.engine.records import Session


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
    """What heel says to a pain rating: never a diagnosis. Who to see about pain that
    persists closes the check-in (STOP_ON_PAIN), once."""
    if pain is None:
        return []
    return ["Tomorrow morning, heel asks about pain and stiffness: a step up waits for a "
            "settled morning."]


def response(felt: str, exercises: Sequence[Exercise], catalog: Catalog) -> list[str]:
    """A short, specific answer to where it was felt, about the exercises done."""
    if felt == BACK:
        return ["That is the goal: the back of your legs did the work."]
    if felt == FRONT:
        # A stretch has no heel cue to fix: the thighs worked in the moves, not the holds.
        done = moves(exercises)
        stop = "The front of your thighs took over, which is what the heel is there to stop."
        if not done:
            return [f"{stop} Next time, push through your heels."]
        return [f"{stop} Next time:", *(f"  {e.name}: {e.cues[0]}" for e in done)]
    lines = ["Ease off: fewer reps, a smaller range, or an easier variant."]
    lines += [f"  Instead of {exercise.name}, try {other.name}: heel workout -e {other.id}"
              for exercise, other in easier(exercises, catalog)]
    return lines  # who to see about lasting pain closes the check-in, once


def challenge_suggestion(recent: Sequence[Session], catalog: Catalog) -> list[str]:
    """Suggest --challenge for each exercise rated easy in its last two rated sessions."""
    return [f"{exercise.name} felt easy in your last {EASY_IN_A_ROW} sessions: "
            f"try {harder.name} with heel workout --challenge"
            for exercise, harder in challenge_ready(recent, catalog)]
