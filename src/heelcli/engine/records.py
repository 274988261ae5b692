"""What a session did: the records the runner makes, the history keeps and the check-in
reads. Imports nothing heavy, so `heel history` does not load the workout engine and the
pure modules stay pure (no sqlite3 behind a Session).

TypedTuples, not frozen dataclasses: every command that reads the history imports these, and
a frozen dataclass compiles six methods as it is made (engine.typedtuple says why).
"""

from __future__ import annotations

from datetime import date, datetime

from heelcli.engine.typedtuple import TypedTuple


class Done(TypedTuple):
    """What was done of one exercise."""

    name: str
    exercise_id: str
    reps_done: int
    reps_planned: int
    sets_done: int


class Part(TypedTuple):
    """What was done of one exercise on one side ("" when both legs work together)."""

    block: int  # position in the workout: a compare drill does one exercise twice
    exercise_id: str
    name: str
    side: str
    sets_done: int
    reps_done: int
    seconds: float  # time spent in reps that were finished


class Summary(TypedTuple):
    exercises: tuple[Done, ...]
    seconds: float
    completed: bool
    parts: tuple[Part, ...] = ()

    @property
    def reps_done(self) -> int:
        return sum(d.reps_done for d in self.exercises)


class Session(TypedTuple):
    """One stored session as read back. Rows are untrusted: what does not parse is None
    (unknown)."""

    id: int
    started_at: datetime | None  # aware, UTC
    seconds: float | None
    status: str
    routine: str | None
    exercises: tuple[str, ...]
    kind: str
    felt: str | None
    effort: str | None
    reps_done: int
    comparison: dict[str, str | None]  # variant -> where it was felt (compare drills)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "seconds": None if self.seconds is None else round(self.seconds, 3),
            "status": self.status, "routine": self.routine, "exercises": list(self.exercises),
            "kind": self.kind, "reps_done": self.reps_done, "felt": self.felt,
            "effort": self.effort, "comparison": self.comparison or None,
        }


class Program(TypedTuple):
    """A program as stored: what `heel remind`, `calendar` and `report` may read too."""

    id: int
    started_at: datetime  # aware, UTC
    started: date  # the local calendar day it started
    days: tuple[int, ...]  # planned weekdays, Monday 0
    pain_limit: int  # pain above this (0-5) lowers a level and makes a flare day
    stopped_at: datetime | None = None
    resumed_at: datetime | None = None  # resumed after a pause: earlier flares do not count


class LevelChange(TypedTuple):
    """A level set for one exercise of a program: at its start, or decided after a session."""

    exercise: str  # the ladder's exercise id
    level: int
    at: datetime | None  # aware, UTC
    reason: str  # "start", or a progression.Reason
    line: str  # the one-line explanation shown when it was decided ("" at the start)


class ProgramEntry(TypedTuple):
    """One exercise in one program session, with the session's answers."""

    session_id: int
    started_at: datetime | None
    exercise: str  # the ladder's exercise id
    level: int  # its program level that day
    prescribed_level: int  # the level run (lower on a flare day)
    reps_prescribed: int
    reps_done: int
    effort: str | None
    felt: str | None
    pain: int | None
    settled: bool | None
    flare: bool
    morning_pain: int | None = None  # the next morning, 0-10; None: not answered
    morning_stiffness: int | None = None
    morning_at: datetime | None = None  # when it was answered (UTC)


class Answered(TypedTuple):
    """A workout as `heel report` reads it: when, whether a rep was done, the answers."""

    started_at: datetime  # aware, UTC
    reps_done: int
    felt: str | None
    pain: int | None  # knee or low back, 0-10
    settled: bool | None  # the next-morning answer
    flare: bool


__all__ = ["Answered", "Done", "LevelChange", "Part", "Program", "ProgramEntry", "Session",
           "Summary"]


class Measured(TypedTuple):
    """One self-test measure as read back; rows that do not parse are left out."""

    taken_at: datetime  # aware, UTC
    measure: str
    value: int


class About(TypedTuple):
    """What the user told heel for the chair-stand norms; None: not told."""

    age_band: str | None = None
    sex: str | None = None
    asked: bool = False  # heel asked once (or was told): it does not ask again
