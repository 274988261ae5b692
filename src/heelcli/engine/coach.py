"""The program, run by heel: today's prescription, what to decide after a session, and what
`heel program` shows. Between the stored history and the pure rules (ladder, progression,
schedule): it reads what it is given and returns numbers, reason codes and level
changes; heelcli.text.rules words them; it neither prints, asks nor writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from heelcli.engine import progression
from heelcli.engine.ladder import Ladder
from heelcli.engine.records import LevelChange, Program, ProgramEntry
from heelcli.engine.schedule import Schedule, week
from heelcli.engine.streaks import week_of
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:
    from heelcli.engine.catalog import Catalog
    from heelcli.engine.program_status import ProgramStatus
    from heelcli.engine.timeline import Override

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
            exercise_id: str, tz: tzinfo | None = None) -> list[progression.Report]:
    """The rules' view of one exercise's sessions, oldest first, each on its local day."""
    return [progression.Report(
        program=program_id, level=e.level, reps_prescribed=e.reps_prescribed,
        reps_done=e.reps_done, effort=_effort(e.effort), felt=_felt(e.felt), pain=e.pain,
        settled=e.settled, flare=e.flare,
        day=None if e.started_at is None else e.started_at.astimezone(tz).date())
        for e in entries if e.exercise == exercise_id]


def _by_session(entries: Sequence[ProgramEntry]) -> list[ProgramEntry]:
    """One entry per session (the answers are the session's), oldest first."""
    return list({e.session_id: e for e in entries}.values())


def mornings(entries: Sequence[ProgramEntry], tz: tzinfo | None = None
             ) -> list[progression.Morning]:
    """The next-morning answers as numbers, on the day they were given."""
    out = []
    for e in _by_session(entries):
        if e.morning_pain is None or e.morning_stiffness is None:
            continue
        at = e.morning_at or e.started_at
        if at is not None:
            out.append(progression.Morning(at.astimezone(tz).date(), e.morning_pain,
                                           e.morning_stiffness))
    return out


def flare_days(entries: Sequence[ProgramEntry], program: Program,
               tz: tzinfo | None = None) -> list[date]:
    """The days of the program's flares: a session over the limit, or not settled."""
    return [e.started_at.astimezone(tz).date() for e in _by_session(entries)
            if e.started_at is not None
            and progression.is_flare(e.pain, e.settled, program.pain_limit)]


def paused_on(entries: Sequence[ProgramEntry], program: Program,
              tz: tzinfo | None = None) -> date | None:
    resumed = None if program.resumed_at is None else program.resumed_at.astimezone(tz).date()
    return progression.paused(flare_days(entries, program, tz), resumed=resumed)


_UP_REASONS = ("easy",)
_FLARE_REASONS = ("pain-over-limit", "not-settled", "week-rise")


def standings(store: ProgramLog, catalog: Catalog, program: Program,
              entries: Sequence[ProgramEntry], levels: Mapping[str, int],
              tz: tzinfo | None = None) -> list[progression.Standing]:
    """Each exercise as it stands, with when its level last changed and why."""
    history = store.level_changes(program.id, 500)  # newest first
    out = []
    for ladder in ladders(catalog):
        mine = [c for c in history if c.exercise == ladder.exercise_id]

        def day(change: LevelChange) -> date | None:
            return None if change.at is None else change.at.astimezone(tz).date()

        moved = next((c for c in mine if c.reason != "start"), None)
        raised = next((c for c in mine if c.reason in _UP_REASONS), None)
        flared = next((n for n, c in enumerate(mine) if c.reason in _FLARE_REASONS), None)
        flared_from = None
        if flared is not None and flared + 1 < len(mine):
            flared_from = mine[flared + 1].level
        out.append(progression.Standing(
            ladder=ladder, level=levels.get(ladder.exercise_id, 1),
            reports=reports(entries, program.id, ladder.exercise_id, tz),
            changed=day(mine[0]) if mine else None,
            moved=None if moved is None else day(moved),
            raised=None if raised is None else day(raised),
            flared_from=flared_from,
            flared_on=None if flared is None else day(mine[flared])))
    return out


def _effort(value: str | None) -> progression.Effort | None:
    return value if value in ("easy", "about right", "hard") else None  # type: ignore[return-value]


def _felt(value: str | None) -> progression.Felt | None:
    return value if value in ("back", "front", "pain") else None  # type: ignore[return-value]


def last_session(entries: Sequence[ProgramEntry]) -> ProgramEntry | None:
    return entries[-1] if entries else None


def unanswered(entries: Sequence[ProgramEntry], *, now: datetime,
               tz: tzinfo | None = None) -> ProgramEntry | None:
    """The last program session, if its next morning is due and not answered yet: from
    the next calendar day until 48 hours after it, pain 0 included."""
    last = last_session(entries)
    # Answered: both numbers, or (before they were numbers) the settled yes or no alone.
    # A pain without its stiffness is half answered: stiffness is asked next time.
    if last is None or last.started_at is None or last.morning_stiffness is not None \
            or (last.settled is not None and last.morning_pain is None):
        return None
    hours = (now - last.started_at).total_seconds() / 3600
    if progression.asks_next_morning(last.started_at.astimezone(tz).date(), hours,
                                     now.astimezone(tz).date()):
        return last
    return None


def settled_now(entries: Sequence[ProgramEntry], session_id: int, morning_pain: int,
                program: Program) -> bool:
    """Whether a next-morning pain counts as settled: within the limit and no higher than
    the morning answer before that session."""
    before = [e.morning_pain for e in _by_session(entries)
              if e.session_id != session_id and e.morning_pain is not None]
    return progression.is_settled(morning_pain, before[-1] if before else None,
                                  program.pain_limit)


def plan_today(store: ProgramLog, catalog: Catalog, program: Program, *,
               now: datetime | None = None, tz: tzinfo) -> ProgramToday:
    """Today's prescription. After a long break, the levels one lower (`break_changes`
    says what to store when the workout runs)."""
    entries = store.program_entries(program.id)
    last = last_session(entries)
    flare = None if last is None else progression.flare_day(
        last.pain, last.settled, pain_limit=program.pain_limit)
    found = ladders(catalog)
    levels = store.current_levels(program.id)
    changes: list[LevelChange] = []
    gap = 0
    if now is not None and last is not None and last.started_at is not None:
        gap = progression.break_days(last.started_at.astimezone(tz).date(),
                                     now.astimezone(tz).date())
        lowered = any(c.reason == "break" and c.at is not None and c.at > last.started_at
                      for c in store.level_changes(program.id, len(found)))
        if gap >= progression.LONG_BREAK_DAYS and not lowered:
            for ladder in found:
                old = ladder.clamp(levels.get(ladder.exercise_id, 1))
                if old > 1:
                    changes.append(LevelChange(ladder.exercise_id, old - 1, now, "break", ""))
            levels = {**levels, **{c.exercise: c.level for c in changes}}
    return ProgramToday(found, progression.today(found, levels, flare=flare), gap, tuple(changes))


class ProgramToday(TypedTuple):
    ladders: list[Ladder]
    plan: progression.PlanToday
    break_days: int = 0  # days since the last session
    break_changes: tuple[LevelChange, ...] = ()  # one level lower after a long break

    def running(self) -> list[tuple[Ladder, progression.Planned]]:
        """The exercises done today: all but those resting on a flare day."""
        return [(ladder, planned) for ladder, planned
                in zip(self.ladders, self.plan.planned, strict=True) if planned.dose != "rest"]

    def overrides(self) -> dict[str, Override]:
        """Each exercise's prescription as the workout's per-exercise options."""
        from heelcli.engine.timeline import Override  # only a workout compiles one

        out = {}
        for ladder, planned in self.running():
            p = planned.prescription
            out[ladder.exercise_id] = Override(
                reps=p.reps, sets=p.sets, hold_seconds=p.hold_seconds,
                variant=p.exercise_id if p.exercise_id != ladder.exercise_id else None)
        return out

    def levels(self) -> list[tuple[int, int]]:
        return [(p.prescription.level, p.prescription.of) for _, p in self.running()]

    def rows(self, sides: Mapping[str, int]) -> list[tuple[str, int, int, int]]:
        """(ladder id, program level, level run, reps prescribed) for the history;
        `sides` gives 2 for an exercise done on each side."""
        return [(ladder.exercise_id, planned.level, planned.prescription.level,
                 planned.prescription.reps * planned.prescription.sets
                 * sides.get(planned.prescription.exercise_id, 1))
                for ladder, planned in self.running()]


class Decided(TypedTuple):
    """A change of level the rules decided: the decision (its reason code and numbers) on
    its ladder. heelcli.text.rules.Words.level_change words it as the history keeps it."""

    ladder: Ladder
    decision: progression.Decision
    at: datetime


def decide(store: ProgramLog, catalog: Catalog, program: Program, *, at: datetime,
           tz: tzinfo | None = None) -> list[Decided]:
    """The rules applied to the program after a session (or a next-morning answer): each
    change of level, with why. The caller words, stores and shows them."""
    entries = store.program_entries(program.id)
    levels = store.current_levels(program.id)
    found = standings(store, catalog, program, entries, levels, tz)
    decisions = progression.decide_program(
        found, program=program.id, pain_limit=program.pain_limit,
        today_=at.astimezone(tz).date(), mornings=mornings(entries, tz),
        flare_handled=_flare_handled(store, program, entries))
    return [Decided(s.ladder, d, at)
            for s, d in zip(found, decisions, strict=True) if d.new_level != d.level]


def _flare_handled(store: ProgramLog, program: Program,
                   entries: Sequence[ProgramEntry]) -> bool:
    """Whether a level already went down for the newest session's flare."""
    last = last_session(entries)
    if last is None or last.started_at is None:
        return False
    return any(c.reason in ("pain-over-limit", "not-settled") and c.at is not None
               and c.at >= last.started_at for c in store.level_changes(program.id, 20))


def status(store: ProgramLog, catalog: Catalog, program: Program, *, now: datetime,
           tz: tzinfo) -> ProgramStatus:
    """What `heel program` shows. `tz`: where the user is, with its rules (not an offset:
    a week may cross a daylight-saving change)."""
    # The page's alone (what it shows is defined in engine.program_status): a workout,
    # reminder, calendar or report needs none of it.
    from heelcli.engine import selftest
    from heelcli.engine.program_status import (
        BreakBack,
        ExerciseDose,
        NextStep,
        ProgramStatus,
        RecentPain,
        SelfTestDue,
        StatusDay,
    )

    zone = tz
    day = now.astimezone(zone).date()
    schedule = Schedule(program.days)
    # This week's sessions only: the streak is counted by the store, week by week.
    times = store.program_times(program.id, since=datetime.combine(week_of(day), time(), zone))
    this = week(schedule, times, today=day, tz=zone, started=program.started)
    plan = plan_today(store, catalog, program, now=now, tz=zone)
    entries = store.program_entries(program.id)
    levels = store.current_levels(program.id)
    found = standings(store, catalog, program, entries, levels, zone)
    decisions = progression.decide_program(
        found, program=program.id, pain_limit=program.pain_limit, today_=day,
        mornings=mornings(entries, zone), flare_handled=_flare_handled(store, program, entries))
    paused = paused_on(entries, program, zone)
    recent = [c for c in store.level_changes(program.id, len(plan.ladders))
              if c.reason != "start"]
    # The last decision may have moved several exercises at once: all of them, in order.
    changes = [c for c in recent if recent and c.at == recent[0].at][::-1]
    sessions: dict[int, ProgramEntry] = {e.session_id: e for e in entries}
    last_test = store.last_measured(list(selftest.MEASURES))
    tested = None if last_test is None else last_test.astimezone(zone).date()
    exercises = tuple(
        ExerciseDose(id=ladder.exercise_id, level=p.level, of=p.prescription.of,
                     runs=p.prescription.exercise_id, prescribed_level=p.prescription.level,
                     reps=p.prescription.reps, sets=p.prescription.sets,
                     hold_seconds=p.prescription.hold_seconds, dose=p.dose)
        for ladder, p in zip(plan.ladders, plan.plan.planned, strict=True))
    return ProgramStatus(
        program=program, schedule=schedule,
        today=StatusDay(day, this.today_planned, this.today_done,
                        plan.plan.challenge and paused is None, plan.plan.flare, exercises),
        paused=paused,
        back=BreakBack(plan.break_days, plan.break_changes) if plan.break_changes else None,
        trend=progression.week_trend(mornings(entries, zone), day),
        week=this, next_planned=schedule.next_planned(day),
        self_test=SelfTestDue(
            tested, selftest.self_test_due(tested, day, SELF_TEST_EVERY),
            day if tested is None else max(day, tested + timedelta(days=SELF_TEST_EVERY))),
        streak_weeks=store.program_week_streak(program, day),
        last_change=tuple(changes),
        nexts=tuple(NextStep(s.ladder, d) for s, d in zip(found, decisions, strict=True)),
        recent_pain=tuple(
            RecentPain(None if e.started_at is None else e.started_at.astimezone(zone).date(),
                       e.pain, e.settled, e.morning_pain, e.morning_stiffness)
            for e in list(sessions.values())[-RECENT_PAIN:][::-1]))
