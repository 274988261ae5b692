"""What `heel program` shows, as engine.coach.status makes it: kinds, numbers, days and
reason codes. Apart from engine.coach, so a workout, reminder, calendar or report (which
plan or decide, and show no page) loads none of it."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from heelcli.engine import progression
from heelcli.engine.ladder import Ladder
from heelcli.engine.records import LevelChange, Program
from heelcli.engine.schedule import PlannedWeek, Schedule
from heelcli.engine.typedtuple import TypedTuple


class Wording(Protocol):
    """The page's words for what an exercise needs next (heelcli.text.rules.Words)."""

    def next_step(self, decision: progression.Decision, ladder: Ladder) -> str: ...


class ExerciseDose(TypedTuple):
    """One exercise as `heel program` shows it today: its level and what is done."""

    id: str  # the ladder's exercise
    level: int  # its program level
    of: int  # the ladder's levels
    runs: str  # the exercise done at the level (a variant, or the ladder's own)
    prescribed_level: int  # the level done today: lower on a flare day
    reps: int
    sets: int
    hold_seconds: float | None
    dose: progression.Dose


class StatusDay(TypedTuple):
    """Today in the program: whether it is planned or done, and its prescription."""

    day: date
    planned: bool
    done: bool
    challenge: bool  # whether challenge variants may be swapped in
    flare: progression.Flare | None
    exercises: tuple[ExerciseDose, ...]


class BreakBack(TypedTuple):
    """Back after a long break: the days off and the levels lowered for it."""

    days: int
    lowered: tuple[LevelChange, ...]


class SelfTestDue(TypedTuple):
    last: date | None  # the last self-test's local day
    due: bool
    next: date


class NextStep(TypedTuple):
    """What it takes to move an exercise up: the rules' decision, worded by the page."""

    ladder: Ladder
    decision: progression.Decision

    @property
    def exercise(self) -> str:
        return self.ladder.exercise_id


class RecentPain(TypedTuple):
    day: date | None  # the session's local day
    pain: int | None
    settled: bool | None
    morning_pain: int | None
    morning_stiffness: int | None


class ProgramStatus(TypedTuple):
    """What `heel program` shows: kinds, numbers, days and reason codes; `to_dict` is
    its `--json`."""

    program: Program
    schedule: Schedule
    today: StatusDay
    paused: date | None  # the flare day that paused the program
    back: BreakBack | None
    trend: progression.WeekTrend
    week: PlannedWeek
    next_planned: date
    self_test: SelfTestDue
    streak_weeks: int
    last_change: tuple[LevelChange, ...]  # the last decision's changes, in order
    nexts: tuple[NextStep, ...]
    recent_pain: tuple[RecentPain, ...]  # newest first

    def to_dict(self, words: Wording) -> dict[str, object]:
        """`heel program --json`; `words` gives each next step its line."""
        program, today, this, trend = self.program, self.today, self.week, self.trend
        changes = self.last_change
        return {
            "program": {"id": program.id, "started": program.started.isoformat(),
                        "days": self.schedule.text(), "pain_limit": program.pain_limit},
            "today": {
                "date": today.day.isoformat(), "planned": today.planned,
                "done": today.done, "challenge": today.challenge,
                "flare": None if today.flare is None else today.flare._asdict(),
                "exercises": [e._asdict() for e in today.exercises]},
            "paused": None if self.paused is None else {
                "since": self.paused.isoformat(), "resume": "heel program resume"},
            "break": None if self.back is None else {
                "days": self.back.days,
                "lowered": [{"exercise": c.exercise, "level": c.level}
                            for c in self.back.lowered]},
            "mornings": {
                "this_week": {"pain": trend.this_pain, "stiffness": trend.this_stiffness},
                "last_week": {"pain": trend.last_pain, "stiffness": trend.last_stiffness}},
            "week": {"monday": this.monday.isoformat(),
                     "planned": [d.isoformat() for d in this.planned],
                     "done": [d.isoformat() for d in this.done],
                     "missed": [d.isoformat() for d in this.missed],
                     "target": this.target, "met": this.met,
                     "next_planned": self.next_planned.isoformat()},
            "self_test": {
                "last": None if self.self_test.last is None else self.self_test.last.isoformat(),
                "due": self.self_test.due, "next": self.self_test.next.isoformat()},
            "streak_weeks": self.streak_weeks,
            "last_change": None if not changes else {
                "at": changes[0].at.isoformat() if changes[0].at else None,
                "changes": [{"exercise": c.exercise, "level": c.level, "reason": c.reason,
                             "line": c.line} for c in changes]},
            "next": [{"exercise": n.exercise, "reason": n.decision.reason,
                      "line": words.next_step(n.decision, n.ladder)} for n in self.nexts],
            "recent_pain": [
                {"date": None if p.day is None else p.day.isoformat(), "pain": p.pain,
                 "settled": p.settled, "morning_pain": p.morning_pain,
                 "morning_stiffness": p.morning_stiffness} for p in self.recent_pain],
        }
