"""The program's words: what the rules' reason codes and numbers (heelcli.engine.progression)
say on the page, in the check-in and in the report. Pure text: no printing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from heelcli.engine.ladder import Ladder, Level, changes
from heelcli.engine.program_limits import BREAK_DAYS, FLARE_WINDOW, LONG_BREAK_DAYS
from heelcli.engine.progression import (
    UP_AFTER,
    Decision,
    Dose,
    Flare,
    Reason,
)
from heelcli.engine.records import LevelChange, Program
from heelcli.engine.schedule import DAY_NAMES, Schedule, back_to_back
from heelcli.engine.typedtuple import TypedTuple
from heelcli.text.rulebook import RULES_TITLE, SEE_SOMEONE, rules_text
from heelcli.text.words import short_day

if TYPE_CHECKING:
    from heelcli.engine.coach import Decided

PAUSED = ("The program is paused: two flares within {window} days. See a physiotherapist "
          "or a doctor before going on; heel program resume goes on from today's levels.")
MORNING_PAIN = "This morning: pain in the knee or low back, 0 (none) to 10?"
MORNING_STIFFNESS = "This morning: stiffness in the knee or low back, 0 (none) to 10?"


def dose(level: Level) -> str:
    """`12 reps x 1`, or `2 holds of 30 s` for a timed hold."""
    if level.hold_seconds is not None:
        sets = f" x {level.sets}" if level.sets > 1 else ""
        holds = "hold" if level.reps == 1 else "holds"
        return f"{level.reps} {holds} of {level.hold_seconds:g} s{sets}"
    return f"{level.reps} reps x {level.sets}"


def _step(old: Level, new: Level, ladder: Ladder, names: Mapping[str, str]) -> str:
    """Level `new` in words, naming only what changed from `old` where one thing did,
    and the exercise whenever it is not the ladder's own or has just changed."""
    what = changes(old, new)
    if what == ("reps",):
        part = f"{new.reps} {'holds' if new.hold_seconds is not None else 'reps'}"
    elif what == ("sets",):
        part = f"{new.sets} {'set' if new.sets == 1 else 'sets'} of {new.reps}"
    elif what == ("hold",):
        part = f"{new.hold_seconds:g} s holds"
    else:
        part = dose(new)
    if new.exercise_id is not None or "exercise" in what:
        runs = new.exercise_id or ladder.exercise_id
        return f"{names.get(runs, runs)}, {part}"
    return part


WHY: dict[Reason, str] = {
    "easy": "the last two counted sessions were easy and pain-free, and settled by the "
            "next morning",
    "pain-over-limit": "pain was {pain}/10, over your limit of {limit}",
    "not-settled": "the pain had not settled by the next morning",
    "reps-short": "fewer reps than set in each of the last three sessions",
    "hard": "the last session was hard",
    "front": "the front of the thighs took over last time; push through your heels",
    "felt-joint": "it was felt in the knee or low back last time",
    "pain-within-limit": "pain was {pain}/10: within your limit of {limit}, and settled",
    "settle-unknown": "the next morning is not known yet: a step up waits for it",
    "not-rated": "the last session was not rated",
    "about-right": "the last session was about right",
    "missed-reps": "not every rep was done last time",
    "building": "the last session was easy and pain-free; one more like it moves it up",
    "first": "no sessions at this level yet",
    "after-flare": "the last session was a flare day",
    "one-level": "it has one level",
    "no-rest-day": "one session a day, with a day between, counts toward a step up",
    "after-break": f"the first session after {BREAK_DAYS} or more days off never steps up",
    "one-at-a-time": "one exercise changes at a time; another moved up first",
    "week-rising": "morning pain or stiffness is higher this week than last",
    "flare-week": "the level that flared is tried again only after a settled week",
    "other-changed-first": "the exercise changed most recently went down first",
    "week-rise": "morning pain or stiffness rose by 2 or more from last week",
    "break": f"back after {LONG_BREAK_DAYS} or more days without a session",
}


class Words:
    """The program's lines for one exercise file (`names`: exercise ids to names)."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def change(self, decision: Decision, ladder: Ladder) -> str:
        """One line: `Bridge: up to 12 reps: the last two ... .`"""
        name = self.names.get(ladder.exercise_id, ladder.exercise_id)
        old, new = ladder.level(decision.level), ladder.level(decision.new_level)
        if decision.move == "stay":
            where = ""
            if decision.at_end:
                where = ", the top level" if decision.new_level == ladder.top \
                    else ", the first level"
            head = f"{name}: stays at {_step(old, old, ladder, self.names)}{where}"
        else:
            head = f"{name}: {decision.move} to {_step(old, new, ladder, self.names)}"
        why = WHY[decision.reason].format(pain=decision.pain, limit=decision.pain_limit)
        return f"{head}: {why}."

    def level_change(self, decided: Decided) -> LevelChange:
        """A decided change as the history keeps it, with its line."""
        decision = decided.decision
        return LevelChange(decided.ladder.exercise_id, decision.new_level, decided.at,
                           decision.reason, self.change(decision, decided.ladder))

    def next_step(self, decision: Decision, ladder: Ladder) -> str:
        """What it takes to move up from where the decision left the exercise."""
        name = self.names.get(ladder.exercise_id, ladder.exercise_id)
        if ladder.top == 1:
            return f"{name} has one level: it stays as it is."
        if decision.new_level == ladder.top:
            return f"{name} is at its top level."
        if decision.reason in ("one-at-a-time", "week-rising", "flare-week"):
            return f"{name}: waits: {WHY[decision.reason]}."
        if decision.move == "up":  # earned, and first in line at the next decision
            step = _step(ladder.level(decision.level), ladder.level(decision.new_level),
                         ladder, self.names)
            return f"{name}: next in line to move up, to {step}."
        new = ladder.level(decision.new_level + 1)
        sessions, verb = ("session", "moves") if decision.to_go == 1 else ("sessions", "move")
        more = "more " if decision.to_go < UP_AFTER else ""
        now = ladder.level(decision.new_level)
        step = _step(now, new, ladder, self.names)
        done = "hold" if now.hold_seconds is not None else "rep"
        return (f"{name}: {decision.to_go} {more}easy, pain-free {sessions} with every "
                f"{done} done and a settled next morning {verb} it up to {step}.")


def explain(decision: Decision, ladder: Ladder, names: Mapping[str, str]) -> str:
    return Words(names).change(decision, ladder)


def explain_next(decision: Decision, ladder: Ladder, names: Mapping[str, str]) -> str:
    return Words(names).next_step(decision, ladder)


def flare_why(flare: Flare) -> str:
    if flare.cause == "pain-over-limit":
        return (f"your last session's pain was {flare.pain}/10, over your limit of "
                f"{flare.pain_limit}")
    return "the pain from your last session had not settled by the next morning"


def explain_flare(flare: Flare, *, doses: tuple[str, ...] = ("down",),
                  today: bool = True) -> tuple[str, str]:
    """The flare-day line, saying what is really done, and the advice that goes with it.
    `doses`: each exercise's flare dose (progression.Dose); `today`: False on a rest day,
    when the flare day is the next planned workout."""
    kinds = set(doses)
    if kinds == {"down"}:
        what = "every exercise is at a lower level"
    elif kinds == {"rest"}:
        what = "every exercise rests"
    else:
        what = "each exercise is lower: a lower level, fewer reps or shorter holds, or rest"
    when = "today" if today else "at the next planned workout"
    return (f"Flare day{'' if today else ' next'}: {flare_why(flare)}, so {what} {when}, "
            "with no challenge variants.", SEE_SOMEONE)


def flare_dose_words(dose_kind: str, level: int, prescribed_level: int) -> str:
    """What one exercise does on a flare day, for the page and the report."""
    if dose_kind == "down":
        n = level - prescribed_level
        return f"{n} {'level' if n == 1 else 'levels'} down"
    if dose_kind == "reduced":
        return "level 1 at a reduced dose"
    if dose_kind == "rest":
        return "rests today"
    return "at its level"


class FlareRun(TypedTuple):
    """What one exercise did on a flare day, as the history kept it."""

    exercise: str  # its name
    dose: Dose  # "down", "reduced", "rest"; "level" when it ran at its own level
    down: int  # levels below its program level ("down" only)
    level: int  # the level run
    prescription: str  # what that was, in `dose` words ("" for rest)


def flare_ran(runs: Sequence[FlareRun]) -> str:
    """The report's note for a flare day: what each exercise really did, and nothing else."""
    def said(run: FlareRun) -> str:
        if run.dose == "rest":
            return f"{run.exercise} rested"
        if run.dose == "down":
            return (f"{run.exercise} {_LEVELS_DOWN.get(run.down, str(run.down))} "
                    f"{'level' if run.down == 1 else 'levels'} down (level {run.level}, "
                    f"{run.prescription})")
        if run.dose == "reduced":
            return f"{run.exercise} at level {run.level} with a reduced dose ({run.prescription})"
        return f"{run.exercise} at its own level ({run.prescription})"
    return "Flare day: " + "; ".join(said(run) for run in runs) + "."


_LEVELS_DOWN = {1: "one", 2: "two", 3: "three"}


def break_line(days: int) -> str:
    return (f"Back after {days} days without a session: the program resumes one level "
            "lower, and the first session back does not step up.")


def rest_day_line(program: Program, day: date) -> str | None:
    """What to say when `day` is not a planned day of the program; None on a planned day."""
    schedule = Schedule(program.days)
    if schedule.planned(day):
        return None
    nxt = short_day(schedule.next_planned(day), today=day)
    return (f"Today is a rest day in your program ({schedule.text()}); the next planned day "
            f"is {nxt}.")


def back_to_back_warning(schedule: Schedule) -> str | None:
    """Why planned days next to each other are worth a second thought; None without any."""
    pairs = back_to_back(schedule)
    if not pairs:
        return None
    named = ", ".join(f"{DAY_NAMES[a]} and {DAY_NAMES[b]}" for a, b in pairs)
    return (f"{named} are back to back: the back of the leg gets stronger in the rest "
            "between sessions, so home programs leave a day off between them.")


def paused_line() -> str:
    return PAUSED.format(window=FLARE_WINDOW)


__all__ = ["MORNING_PAIN", "MORNING_STIFFNESS", "RULES_TITLE", "SEE_SOMEONE",
           "WHY", "FlareRun", "Words", "back_to_back_warning", "break_line", "dose", "explain",
           "explain_flare", "explain_next", "flare_dose_words", "flare_ran", "flare_why",
           "paused_line", "rest_day_line", "rules_text"]
