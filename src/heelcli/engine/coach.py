"""The program, run by heel: today's prescription, what to decide after a session, and what
`heel program` shows. Between the stored history and the pure rules (ladder, progression,
schedule): it reads what it is given and returns numbers, level changes and lines; it
neither prints, asks nor writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple, Protocol

from heelcli.engine import progression, selftest
from heelcli.engine.ladder import Ladder
from heelcli.engine.progress import week_of
from heelcli.engine.records import LevelChange, Program, ProgramEntry
from heelcli.engine.schedule import Schedule, week
from heelcli.engine.timeline import Override

if TYPE_CHECKING:
    from heelcli.engine.catalog import Catalog

RECENT_PAIN = 5  # program sessions whose pain `heel program` shows
SELF_TEST_EVERY = 28  # days: `heel program` suggests `heel test` every four weeks


class ProgramLog(Protocol):
    """What the program reads of the history: the store, or the empty log `reading`
    gives before the first workout."""

    def program_entries(self, program_id: int) -> list[ProgramEntry]: ...

    def current_levels(self, program_id: int) -> dict[str, int]: ...

    def level_changes(self, program_id: int, limit: int = ...) -> list[LevelChange]: ...

    def program_times(self, program_id: int, since: datetime | None = None
                      ) -> list[datetime]: ...

    def program_week_streak(self, program: Program, today: date) -> int: ...

    def last_measured(self, measures: Sequence[str]) -> datetime | None: ...


def ladders(catalog: Catalog) -> list[Ladder]:
    """The program's exercises, each with its ladder: the default routine's, in order."""
    ids = catalog.routines[0].exercises if catalog.routines else \
        tuple(e.id for e in catalog.exercises)
    out = []
    for exercise_id in ids:
        ex = catalog.exercise(exercise_id)
        if ex is not None:
            out.append(Ladder.of(ex.id, ex.levels, reps=ex.reps, sets=ex.sets,
                                 hold_seconds=ex.hold_seconds))
    return out


def names(catalog: Catalog) -> dict[str, str]:
    return {e.id: e.name for e in catalog.exercises}


def reports(entries: Sequence[ProgramEntry], program_id: int,
            exercise_id: str) -> list[progression.Report]:
    """The rules' view of one exercise's sessions, oldest first."""
    return [progression.Report(
        program=program_id, level=e.level, reps_prescribed=e.reps_prescribed,
        reps_done=e.reps_done, effort=_effort(e.effort), felt=_felt(e.felt), pain=e.pain,
        settled=e.settled, flare=e.flare) for e in entries if e.exercise == exercise_id]


def _effort(value: str | None) -> progression.Effort | None:
    return value if value in ("easy", "about right", "hard") else None  # type: ignore[return-value]


def _felt(value: str | None) -> progression.Felt | None:
    return value if value in ("back", "front", "pain") else None  # type: ignore[return-value]


def last_session(entries: Sequence[ProgramEntry]) -> ProgramEntry | None:
    return entries[-1] if entries else None


def unanswered(entries: Sequence[ProgramEntry]) -> ProgramEntry | None:
    """The last program session, if it had pain and nobody said yet whether it settled."""
    last = last_session(entries)
    if last is not None and last.pain and last.settled is None:
        return last
    return None


def plan_today(store: ProgramLog, catalog: Catalog, program: Program) -> ProgramToday:
    entries = store.program_entries(program.id)
    last = last_session(entries)
    flare = None if last is None else progression.flare_day(
        last.pain, last.settled, pain_limit=program.pain_limit)
    found = ladders(catalog)
    return ProgramToday(found, progression.today(found, store.current_levels(program.id),
                                          flare=flare))


class ProgramToday(NamedTuple):
    ladders: list[Ladder]
    plan: progression.PlanToday

    def overrides(self) -> dict[str, Override]:
        """Each exercise's prescription as the workout's per-exercise options."""
        out = {}
        for ladder, planned in zip(self.ladders, self.plan.planned, strict=True):
            p = planned.prescription
            out[ladder.exercise_id] = Override(
                reps=p.reps, sets=p.sets, hold_seconds=p.hold_seconds,
                variant=p.exercise_id if p.exercise_id != ladder.exercise_id else None)
        return out

    def levels(self) -> list[tuple[int, int]]:
        return [(p.prescription.level, p.prescription.of) for p in self.plan.planned]

    def rows(self, sides: Mapping[str, int]) -> list[tuple[str, int, int, int]]:
        """(ladder id, program level, level run, reps prescribed) for the history;
        `sides` gives 2 for an exercise done on each side."""
        return [(ladder.exercise_id, planned.level, planned.prescription.level,
                 planned.prescription.reps * planned.prescription.sets
                 * sides.get(planned.prescription.exercise_id, 1))
                for ladder, planned in zip(self.ladders, self.plan.planned, strict=True)]


def decide(entries: Sequence[ProgramEntry], levels: Mapping[str, int], catalog: Catalog,
           program: Program, *, at: datetime) -> list[LevelChange]:
    """The rules applied to every exercise after a session (or a next-morning answer):
    each change of level with its one-line explanation. The caller stores and shows them."""
    words = names(catalog)
    out = []
    for ladder in ladders(catalog):
        level = levels.get(ladder.exercise_id, 1)
        d = progression.decide(reports(entries, program.id, ladder.exercise_id),
                               ladder=ladder, level=level, program=program.id,
                               pain_limit=program.pain_limit)
        if d.new_level != level:
            out.append(LevelChange(ladder.exercise_id, d.new_level, at, d.reason,
                                   progression.explain(d, ladder, words)))
    return out


def status(store: ProgramLog, catalog: Catalog, program: Program, *, now: datetime,
           tz: tzinfo) -> dict[str, object]:
    """What `heel program` shows, as `--json` prints it. `tz`: where the user is, with its
    rules (not an offset: a week may cross a daylight-saving change)."""
    zone = tz
    day = now.astimezone(zone).date()
    schedule = Schedule(program.days)
    # This week's sessions only: the streak is counted by the store, week by week.
    times = store.program_times(program.id, since=datetime.combine(week_of(day), time(), zone))
    this = week(schedule, times, today=day, tz=zone, started=program.started)
    plan = plan_today(store, catalog, program)
    entries = store.program_entries(program.id)
    words = names(catalog)
    levels = store.current_levels(program.id)
    nexts = []
    for ladder in plan.ladders:
        d = progression.decide(reports(entries, program.id, ladder.exercise_id),
                               ladder=ladder, level=levels.get(ladder.exercise_id, 1),
                               program=program.id, pain_limit=program.pain_limit)
        nexts.append({"exercise": ladder.exercise_id,
                      "line": progression.explain_next(d, ladder, words)})
    recent = [c for c in store.level_changes(program.id, len(plan.ladders))
              if c.reason != "start"]
    # The last decision may have moved several exercises at once: all of them, in order.
    changes = [c for c in recent if recent and c.at == recent[0].at][::-1]
    sessions: dict[int, ProgramEntry] = {e.session_id: e for e in entries}
    flare = plan.plan.flare
    last_test = store.last_measured(list(selftest.MEASURES))
    tested = None if last_test is None else last_test.astimezone(zone).date()
    return {
        "program": {"id": program.id, "started": program.started.isoformat(),
                    "days": schedule.text(), "pain_limit": program.pain_limit},
        "today": {
            "date": day.isoformat(), "planned": this.today_planned,
            "challenge": plan.plan.challenge,
            "flare": None if flare is None else flare._asdict(),
            "exercises": [
                {"id": ladder.exercise_id, "level": p.level, "of": p.prescription.of,
                 "runs": p.prescription.exercise_id,
                 "prescribed_level": p.prescription.level, "reps": p.prescription.reps,
                 "sets": p.prescription.sets, "hold_seconds": p.prescription.hold_seconds}
                for ladder, p in zip(plan.ladders, plan.plan.planned, strict=True)]},
        "week": {"monday": this.monday.isoformat(),
                 "planned": [d.isoformat() for d in this.planned],
                 "done": [d.isoformat() for d in this.done],
                 "missed": [d.isoformat() for d in this.missed],
                 "target": this.target, "met": this.met,
                 "next_planned": schedule.next_planned(day).isoformat()},
        "self_test": {
            "last": None if tested is None else tested.isoformat(),
            "due": selftest.self_test_due(tested, day, SELF_TEST_EVERY),
            "next": (day if tested is None else
                     max(day, tested + timedelta(days=SELF_TEST_EVERY))).isoformat()},
        "streak_weeks": store.program_week_streak(program, day),
        "last_change": None if not changes else {
            "at": changes[0].at.isoformat() if changes[0].at else None,
            "changes": [{"exercise": c.exercise, "level": c.level, "reason": c.reason,
                         "line": c.line} for c in changes]},
        "next": nexts,
        "recent_pain": [
            {"date": _local_day(e.started_at, zone), "pain": e.pain, "settled": e.settled}
            for e in list(sessions.values())[-RECENT_PAIN:][::-1]],
    }


def _local_day(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).date().isoformat()


def week_streak(store: ProgramLog, program: Program, *, today: date) -> int:
    """Weeks in a row that met the program's schedule, where the user is."""
    return store.program_week_streak(program, today)


def rest_day_line(program: Program, day: date) -> str | None:
    """What to say when `day` is not a planned day of the program; None on a planned day."""
    from heelcli.engine.schedule import DAY_NAMES

    schedule = Schedule(program.days)
    if schedule.planned(day):
        return None
    nxt = schedule.next_planned(day)
    return (f"Today is a rest day in your program ({schedule.text()}); the next planned day "
            f"is {DAY_NAMES[nxt.weekday()]} {nxt.day}.")
