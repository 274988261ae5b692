"""One guided workout from start to finish: log it, run it, sum it up, ask how it went.

The glue between the pieces: the CLI parses options, this runs them, and the engine,
screen, keys, voice and log each do their own part.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click
from rich.text import Text

from heelcli import checkin, pages, safety, session, view
from heelcli.catalog import Catalog, Exercise
from heelcli.environment import Environment
from heelcli.history import COMPLETED, STOPPED, Recorder, Store
from heelcli.prompts import Cancelled, choose, line, number
from heelcli.records import Summary
from heelcli.timeline import WITH_HEEL, WITHOUT_HEEL, Timeline

if TYPE_CHECKING:
    from heelcli.coach import Today
    from heelcli.history import Store
    from heelcli.records import Program


@dataclass(frozen=True, kw_only=True)
class Choices:
    routine: str | None
    compare: bool = False
    log: bool = True
    checkin: bool = True
    as_json: bool = False
    ask_to_start: bool = True
    bell: bool | None = None
    plain: bool = False
    speak_with: Sequence[str] | None = None  # the speech command, when --voice
    safety: bool = False  # show the safety notes even when they have been shown before
    program: ProgramRun | None = None  # today's prescription of the running program


@dataclass(frozen=True)
class ProgramRun:
    program: Program
    today: Today


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C


def run(env: Environment, catalog: Catalog, plan: Timeline, choices: Choices) -> int:
    """Guide the workout; the exit code: 0, 130 if cancelled at a question, or 128 + the
    signal that stopped it."""
    recorder = Recorder(open_store(env) if choices.log else None, warn)
    speaker = None
    if choices.speak_with is not None:
        from heelcli.voice import Voice

        speaker = Voice(list(choices.speak_with))
    # With --json stdout carries the summary alone, so the session talks on stderr.
    console = env.err_console if choices.as_json else env.console
    show_safety = choices.safety or safety.due(env.home())
    if show_safety:  # on the session's console, like the setup: guidance for the mat
        console.print(pages.safety_screen(safety.topic(catalog)))
    if choices.ask_to_start and env.stdin_isatty:
        try:
            if line("Press Enter to start (Ctrl-C to cancel)", err=choices.as_json) is None:
                return 1  # Ctrl-D: no workout
        except Cancelled:
            return EXIT_INTERRUPTED
    if show_safety:  # after Enter: cancelled at the prompt, they come back next time
        safety.remember(env.home())
    in_program: dict[str, object] = {}
    if choices.program is not None:
        today = choices.program.today
        sides = {e.id: 2 if e.each_side else 1 for e in plan.exercises}
        in_program = {"program_id": choices.program.program.id, "levels": today.rows(sides),
                      "flare": today.plan.flare is not None}
    recorder.start(started_at=env.now(), routine=None if choices.compare else choices.routine,
                   exercises=[e.id for e in plan.exercises],
                   kind="compare" if choices.compare else "workout", **in_program)
    start = env.clock()
    # A live screen when a person watches stdout: whether it is a terminal, not whether
    # rich would colour it (FORCE_COLOR in a pipe); TERM=dumb gets lines, never a blank one.
    watched = env.stdout_isatty and not choices.as_json and session.can_redraw()
    mode = session.PLAIN if choices.plain else session.LIVE if watched else session.LINES
    lost: OSError | None = None
    with env.open_keys() as keys:
        try:
            result = session.run(
                plan, console=console, clock=env.clock, keys=keys, mode=mode,
                bell=watched if choices.bell is None else choices.bell,
                speak=speaker.say if speaker else None,
                on_set=lambda parts: recorder.progress(parts, env.clock() - start))
        except session.OutputLost as exc:
            result, lost = exc.summary, exc.error
        finally:
            if speaker is not None:
                speaker.close(finish=keys.signal is None)
    # The history first: the output may be gone (a closed pipe, a hung-up terminal).
    recorder.progress(result.parts, result.seconds, COMPLETED if result.completed else STOPPED)
    signal = keys.signal
    if signal:  # Ctrl-C, kill, a closed terminal: the summary if it can be shown, no questions
        with contextlib.suppress(OSError):
            _print_summary(env, result, plan, recorder, as_json=choices.as_json)
        return 128 + signal
    if lost is not None:
        raise lost  # heel's main() says it in one line
    _print_summary(env, result, plan, recorder, as_json=choices.as_json)
    code = 0
    if not (choices.as_json or not choices.checkin or not env.stdin_isatty
            or not result.reps_done):
        try:
            _check_in(env, catalog, plan, recorder, compare=choices.compare,
                      done=checkin.done(plan.exercises, result.parts),
                      program=choices.program is not None)
        except Cancelled:
            code = EXIT_INTERRUPTED
    if choices.program is not None and recorder.store is not None:
        _decide(env, catalog, recorder.store, choices.program.program, err=choices.as_json)
    return code


def _decide(env: Environment, catalog: Catalog, store: Store, program: Program, *,
            err: bool = False) -> None:
    """The rules after a program session or a next-morning answer: each level change,
    stored and explained in one line."""
    from heelcli import coach

    at = env.now()
    changes = coach.decide(store.program_entries(program.id),
                           store.current_levels(program.id), catalog, program, at=at)
    for change in changes:
        store.set_level(program.id, change, at=at)
    console = env.err_console if err else env.console
    for change in changes:
        console.print(Text(change.line), soft_wrap=True)


def settle_first(env: Environment, catalog: Catalog, *, err: bool = False) -> None:
    """Before a workout or `heel program`: if the last program session had pain and it is
    not known whether it settled by the next morning, ask (a terminal only; skippable)."""
    from heelcli import coach
    from heelcli.history import FILE_NAME, Unwritable
    from heelcli.prompts import yes_no

    if not env.stdin_isatty or not (env.home() / FILE_NAME).exists():
        return
    try:
        store = Store(env.home() / FILE_NAME, busy_timeout=env.history_timeout)
    except Unwritable:
        return  # a read-only history: heel program still shows it
    try:
        program = store.active_program()
        last = None if program is None else coach.unanswered(
            store.program_entries(program.id))
        if program is None or last is None:
            return
        console = env.err_console if err else env.console
        day = last.started_at.astimezone() if last.started_at else None
        when = f"{day:%a} {day.day} {day:%b}" if day else "the last time"
        console.print(Text(f"Your session on {when} had pain {last.pain}/10 in the knee or "
                           "low back."), soft_wrap=True)
        try:
            answer = yes_no(console, "Did it settle by the next morning?", err=err)
        except Cancelled:
            answer = None
        if answer is None:
            return
        store.settle(last.session_id, answer)
        if not answer:
            console.print(Text(checkin.STOP_ON_PAIN), soft_wrap=True)
        _decide(env, catalog, store, program, err=err)
    finally:
        store.close()


def _print_summary(env: Environment, result: Summary, plan: Timeline, recorder: Recorder, *,
                   as_json: bool) -> None:
    if as_json:
        _print_json(result)
        return
    last = recorder.last_reps() if recorder.store is not None else None
    env.console.print(view.summary(result, plan=plan, last_reps=last,
                                   first_time=recorder.store is not None and last is None))
    env.console.print(Text(checkin.STOP_ON_PAIN))


def open_store(env: Environment) -> Store | None:
    from heelcli.history import FILE_NAME, Unwritable

    try:
        return Store(env.home() / FILE_NAME, busy_timeout=env.history_timeout)
    except Unwritable as exc:
        warn(f"{exc}; this session is not recorded")
        return None


def warn(message: str) -> None:
    from heelcli.errors import sanitise

    click.echo(sanitise(f"heel: warning: {message}"), err=True)


def _print_json(result: Summary) -> None:
    from heelcli.clikit import print_json

    print_json({
        "completed": result.completed,
        "seconds": round(result.seconds, 3),
        "reps_done": result.reps_done,
        "exercises": [d.__dict__ for d in result.exercises],
    })


def _check_in(env: Environment, catalog: Catalog, plan: Timeline, recorder: Recorder, *,
              compare: bool, done: Sequence[Exercise], program: bool = False) -> None:
    def say(line: str) -> None:
        env.console.print(Text(line), soft_wrap=True)  # file text: never markup or emoji

    if compare:
        where = {variant: choose(env.console, f"Where did you feel the set {words}?", checkin.FELT)
                 for variant, words in ((WITHOUT_HEEL, "without the heel"),
                                        (WITH_HEEL, "through the heel"))}
        env.console.print(view.comparison(
            checkin.label(checkin.FELT, where[WITHOUT_HEEL]) or "-",
            checkin.label(checkin.FELT, where[WITH_HEEL]) or "-"))
        recorder.check_in(felt=where[WITH_HEEL], effort=None,
                          comparison={k: v for k, v in where.items() if v})
        return
    felt = choose(env.console, checkin.WHERE, checkin.FELT)
    if felt:
        for line in checkin.response(felt, done, catalog):
            say(line)
    effort = choose(env.console, checkin.HOW_HARD, checkin.EFFORT)
    if not program:
        recorder.check_in(felt=felt, effort=effort)
        for line in checkin.challenge_suggestion(recorder.recent(), catalog):
            say(line)
        return
    pain = number(env.console, checkin.PAIN_QUESTION, 0, 10)
    recorder.check_in(felt=felt, effort=effort, pain=pain)
    for line in checkin.pain_response(pain):
        say(line)
