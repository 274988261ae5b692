"""The check-in after a session: its answers as keys, and what they call for. Pure: no
prompts, no storage, no words.

heelcli.screen.prompts asks the questions (heelcli.text.words), this decides what the answers
call for, and heelcli.text.replies says it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:  # `heel program` asks the next-morning question without the catalog
    from heelcli.engine.catalog import Catalog, Exercise
    from heelcli.engine.records import Part, Session

# The answers as keys; heelcli.text.words asks the questions and names the answers.
BACK, FRONT, PAIN = "back", "front", "pain"
FELT = (BACK, FRONT, PAIN)
EASY, RIGHT, HARD = "easy", "about right", "hard"
EFFORT = (EASY, RIGHT, HARD)
EASY_IN_A_ROW = 2  # sessions rated easy before suggesting the challenge variant


class Answers(TypedTuple):  # not a frozen dataclass: `heel program` imports this to ask
    """The check-in as answered; None where Enter skipped a question (or it was not asked:
    pain is asked after program sessions only)."""

    felt: str | None = None
    effort: str | None = None
    pain: int | None = None


def done(exercises: Sequence[Exercise], parts: Iterable[Part]) -> list[Exercise]:
    """The exercises of a plan with at least one rep finished: what was actually done."""
    blocks = {p.block for p in parts if p.reps_done}
    return [e for block, e in enumerate(exercises) if block in blocks]


def unique(exercises: Sequence[Exercise]) -> list[Exercise]:
    """Each exercise once, in the order first done."""
    return list({e.id: e for e in exercises}.values())


def moves(exercises: Sequence[Exercise]) -> list[Exercise]:
    """The exercises done with moves, not holds: a stretch has no heel cue to fix when the
    front of the thighs took over."""
    return [e for e in unique(exercises) if e.hold_seconds is None]


def easier(exercises: Sequence[Exercise], catalog: Catalog) -> list[tuple[Exercise, Exercise]]:
    """Each exercise done that the catalog has an easier variant of, with that variant."""
    out = []
    for exercise in unique(exercises):
        found = catalog.exercise(exercise.easier) if exercise.easier else None
        if found is not None:
            out.append((exercise, found))
    return out


def challenge_ready(recent: Sequence[Session], catalog: Catalog
                    ) -> list[tuple[Exercise, Exercise]]:
    """Each exercise rated easy in its last two rated sessions, with its challenge
    variant (`recent`: newest first, this session included)."""
    out = []
    for exercise in catalog.exercises:
        harder = catalog.exercise(exercise.challenge) if exercise.challenge else None
        if harder is None:
            continue
        rated = [s.effort for s in recent if exercise.id in s.exercises and s.effort]
        if len(rated) >= EASY_IN_A_ROW and all(e == EASY for e in rated[:EASY_IN_A_ROW]):
            out.append((exercise, harder))
    return out
