"""What `heel report` shows, gathered from the history: the one place that reads it.

Only the weeks asked for are read (heelcli.store.history's range reads), so a report of four
weeks costs the same whether the log holds one month or ten years.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import TYPE_CHECKING

from heelcli.engine.schedule import Schedule
from heelcli.engine.selftest import MEASURES, Result
from heelcli.engine.streaks import week_of
from heelcli.formats import report
from heelcli.text.rules import FlareRun, dose, flare_ran
from heelcli.text.words import FELT

if TYPE_CHECKING:
    from heelcli.engine.catalog import Catalog
    from heelcli.engine.ladder import Ladder, Level
    from heelcli.engine.records import LevelChange, Program, ProgramEntry
    from heelcli.store.history import NoHistory, Store

MAX_WEEKS = 12  # what the HTML fits on one printed page (bench/report_pages.py)
DEFAULT_WEEKS = 4
START_REASON = "Where the program began."


def _local(moment: datetime, zone: tzinfo) -> date:
    """The calendar day where the user is, with the zone's rules at that moment."""
    return moment.astimezone(zone).date()


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def gather(log: Store | NoHistory, catalog: Catalog, *, today: date, zone: tzinfo,
           weeks: int = DEFAULT_WEEKS) -> report.ReportData:
    """The last `weeks` weeks up to `today` (the first from its Monday), or from the week
    the running program started if that is later. Without a program, the planned days
    are the default schedule's and every workout counts. `zone`: where the user is."""
    from heelcli.engine import coach

    program = log.active_program()
    start = week_of(today) - timedelta(weeks=weeks - 1)
    if program is not None:
        # Never past this week: a clock set back puts the program's start after today.
        start = min(max(start, week_of(program.started)), week_of(today))
    # A day either side, then by local date: a zone change inside the weeks loses nothing.
    since = _midnight(start - timedelta(days=1), zone)
    until = _midnight(today + timedelta(days=2), zone)
    schedule = Schedule(program.days) if program is not None else Schedule()
    workouts = [w for w in log.workouts_between(
                    since, until, None if program is None else program.id)
                if w.reps_done > 0 and start <= _local(w.started_at, zone) <= today]
    done_days = {_local(w.started_at, zone) for w in workouts}
    rows = []
    for n in range((week_of(today) - start).days // 7 + 1):
        monday = start + timedelta(weeks=n)
        days = [monday + timedelta(days=d) for d in range(7)]
        planned = [d for d in days if schedule.planned(d) and d <= today
                   and (program is None or d >= program.started)]
        rows.append(report.WeekRow(monday, len(planned), len(done_days.intersection(days))))
    felt = Counter(w.felt for w in workouts)
    entries = [] if program is None else [
        e for e in log.program_entries_between(program.id, since, until)
        if e.started_at is not None and start <= _local(e.started_at, zone) <= today]
    notes = _flare_notes(entries, catalog, zone)
    mornings = {e.started_at: (e.morning_pain, e.morning_stiffness) for e in entries}
    if program is not None and program.started >= start:
        notes.insert(0, report.Note(program.started, f"Program started: {schedule.text()}, "
                                    f"pain limit {program.pain_limit}/10."))
    levels: list[report.ReportLevelChange] = []
    if program is not None:
        names = coach.names(catalog)
        for ladder in coach.ladders(catalog):
            levels += [_level(c, ladder, names, program, zone) for c in
                       log.levels_since(program.id, ladder.exercise_id, _midnight(start, zone))]
    tests = [Result(m.measure, m.value, _local(m.taken_at, zone))
             for m in log.measures_between(list(MEASURES), since, until)
             if start <= _local(m.taken_at, zone) <= today]
    return report.ReportData(
        start=start, end=today, program=_title(catalog, program, schedule),
        weeks=tuple(rows), levels=tuple(levels),
        # Pain is asked only in a program: outside one, a column of blanks would say nothing.
        pain=tuple(report.PainEntry(_local(w.started_at, zone), w.pain, w.settled,
                                    *mornings.get(w.started_at, (None, None)))
                   for w in workouts if program is not None),
        felt=tuple(report.FeltCount(label, felt[key]) for key, label in FELT if felt[key]),
        tests=tuple(tests), notes=tuple(sorted(notes, key=lambda n: n.day)),
        norm=_norm(log, tests))



def _title(catalog: Catalog, program: Program | None, schedule: Schedule) -> str:
    routine = catalog.routines[0].name if catalog.routines else "Your exercises"
    if program is None:
        return f"{routine}, no program (planned: {schedule.text()})"
    return f"{routine}, program on {schedule.text()}"


def _level(change: LevelChange, ladder: Ladder, names: dict[str, str],
           program: Program, zone: tzinfo) -> report.ReportLevelChange:
    what = _dose(ladder.level(change.level), ladder, names)
    name = names.get(ladder.exercise_id, ladder.exercise_id)
    reason = change.line or (START_REASON if change.reason == "start" else change.reason)
    if reason.startswith(f"{name}: "):  # the line as `heel program` shows it: named there
        rest = reason[len(name) + 2:]
        reason = rest[:1].upper() + rest[1:]
    return report.ReportLevelChange(
        day=program.started if change.at is None else _local(change.at, zone),
        exercise=name,
        level=ladder.clamp(change.level), levels=ladder.top, prescription=what, reason=reason)


def _flare_notes(entries: list[ProgramEntry], catalog: Catalog,
                 zone: tzinfo) -> list[report.Note]:
    """One note per flare-day session, saying what each exercise really ran: the level
    run as kept in the history, the reduced dose `progression.flare_dose` gives when it
    was the exercise's own level, and rest for an exercise the session left out."""
    from heelcli.engine import coach
    from heelcli.engine.ladder import Level
    from heelcli.engine.progression import flare_dose

    names = coach.names(catalog)
    ladders = coach.ladders(catalog)
    notes = []
    for _, group in groupby((e for e in entries if e.flare), key=lambda e: e.session_id):
        ran = {e.exercise: e for e in group}
        first = next(iter(ran.values()))
        if first.started_at is None or not any(e.reps_done for e in ran.values()):
            continue  # not started: nothing ran
        runs = []
        for ladder in ladders:
            name = names.get(ladder.exercise_id, ladder.exercise_id)
            entry = ran.get(ladder.exercise_id)
            if entry is None:
                runs.append(FlareRun(name, "rest", 0, 0, ""))
                continue
            if entry.prescribed_level < entry.level:
                level = ladder.level(entry.prescribed_level)
                runs.append(FlareRun(name, "down", entry.level - entry.prescribed_level,
                                     entry.prescribed_level, _dose(level, ladder, names)))
                continue
            p, kind = flare_dose(ladder, entry.level)
            reduced = Level(p.reps, p.sets, None if p.exercise_id == ladder.exercise_id
                            else p.exercise_id, p.hold_seconds)
            # The reduced dose is what ran if its reps (on one side or each) are the ones kept.
            if kind == "reduced" and entry.reps_prescribed in (p.reps * p.sets,
                                                               2 * p.reps * p.sets):
                runs.append(FlareRun(name, "reduced", 0, entry.prescribed_level,
                                     _dose(reduced, ladder, names)))
            else:
                runs.append(FlareRun(name, "level", 0, entry.prescribed_level,
                                     _dose(ladder.level(entry.level), ladder, names)))
        notes.append(report.Note(_local(first.started_at, zone), flare_ran(runs)))
    return notes


def _dose(level: Level, ladder: Ladder, names: dict[str, str]) -> str:
    runs = level.exercise_id
    return dose(level) if runs in (None, ladder.exercise_id) else \
        f"{names.get(runs, runs)}, {dose(level)}"


def _norm(log: Store | NoHistory, tests: list[Result]) -> tuple[str, ...]:
    """The chair-stand norm lines `heel test` shows, for the latest result, when heel
    knows the age band and sex."""
    from heelcli.engine.selftest import CHAIR_STANDS
    from heelcli.text.selftests import chair_stand_context

    stands = [t for t in tests if t.measure == CHAIR_STANDS.id]
    if not stands:
        return ()
    about = log.about()
    sex = about.sex if about.sex in ("female", "male") else None
    return tuple(chair_stand_context(stands[-1].value, about.age_band,
                                     "female" if sex == "female" else
                                     "male" if sex == "male" else None))
