"""One guided workout from start to finish: log it, run it, sum it up, ask how it went.

The glue between the pieces: the CLI parses options, this runs them, and the engine,
screen, keys, voice and log each do their own part.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from heelcli.engine.typedtuple import TypedTuple
from heelcli.flows.environment import Environment
from heelcli.text import words

# What only a workout needs (the timeline, the summary's view and pages, the recorder) is
# imported where it runs: `heel program` and a dry run use this module's questions alone.
if TYPE_CHECKING:
    from typing import TypeAlias

    from heelcli.engine.catalog import Catalog
    from heelcli.engine.coach import ProgramToday
    from heelcli.engine.records import Part, Program, Session, Summary
    from heelcli.engine.timeline import Timeline
    from heelcli.store.history import Recorder, Store

    _Record: TypeAlias = "Recorder | _Unrecorded"


# TypedTuples, not frozen dataclasses, which compile their methods on every `heel program`
# (about a millisecond each); the choices are given by name.
class WorkoutChoices(TypedTuple):
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
    figure: bool = True  # the moving figure on the live screen (--no-figure: none)


class ProgramRun(TypedTuple):
    program: Program
    today: ProgramToday


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C


def run(env: Environment, catalog: Catalog, plan: Timeline, choices: WorkoutChoices) -> int:
    """Guide the workout; the exit code: 0, 130 if cancelled at a question, or 128 + the
    signal that stopped it.

    Each step below does one thing: asking is heelcli.screen.prompts, deciding is the engine
    (checkin, coach), showing is the view; this only puts them in order.
    """
    from heelcli.screen.prompts import Cancelled
    from heelcli.store import safety
    from heelcli.text import replies

    recorder = _recorder(env) if choices.log else _Unrecorded()
    # With --json stdout carries the summary alone, so the session talks on stderr.
    console = env.err_console if choices.as_json else env.console
    show_safety = choices.safety or safety.due(env.home_text())
    if show_safety:  # on the session's console, like the setup: guidance for the mat
        from heelcli.screen import pages

        console.print(pages.safety_screen(safety.topic(catalog)))
    if (stop := _ask_to_start(env, choices)) is not None:
        return stop
    if show_safety:  # after Enter: cancelled at the prompt, they come back next time
        safety.remember(env.home_text())
    # The live screen's modules load here, not with this module: `heel program` and a dry
    # run use this module's questions and never draw a session.
    from heelcli.flows import guided

    _record_start(env, recorder, plan, choices)
    start = env.clock()
    ending = guided.run(env, plan, guided.SessionOptions(
        # With --json stdout carries the summary alone: no live screen, no bell on it.
        console=console, live=not choices.as_json, plain=choices.plain, bell=choices.bell,
        speak_with=choices.speak_with, figure=choices.figure),
        on_set=lambda parts: recorder.progress(parts, env.clock() - start))
    result = ending.summary
    # The history first: the output may be gone (a closed pipe, a hung-up terminal).
    _record_end(recorder, result)

    def show(*, then_asks: bool = False) -> None:
        _show_summary(env, result, plan, recorder, as_json=choices.as_json,
                      then_asks=then_asks)

    # Ctrl-C, kill, a closed terminal: the summary if it can be shown, no questions.
    if (stop := ending.finish(show)) is not None:
        return stop
    asks = _checks_in(env, choices, result)
    show(then_asks=asks)
    code = 0
    if asks:
        try:
            _check_in(env, catalog, plan, result, recorder, choices)
        except Cancelled:
            code = EXIT_INTERRUPTED
    if choices.program is not None and recorder.store is not None:
        _decide(env, catalog, recorder.store, choices.program.program, err=choices.as_json)
    if asks:  # once, under whatever the answers called for: one pointer a screen
        env.console.print(Text(replies.STOP_ON_PAIN))
    return code


class _Unrecorded:
    """--no-log: what a Recorder without a store does, nothing, without loading the store
    and sqlite3 for it (a session's memory and start-up pay for what it uses)."""

    store: Store | None = None

    def start(self, **session: object) -> None:
        pass

    def progress(self, parts: Iterable[Part], seconds: float, status: str = "") -> None:
        pass

    def answer(self, question: str, value: str | int) -> None:
        pass

    def compared(self, variant: str, felt: str) -> None:
        pass

    def recent(self, limit: int = 10) -> list[Session]:
        return []

    def last_reps(self) -> int | None:
        return None


def _recorder(env: Environment) -> Recorder:
    from heelcli.store.history import Recorder

    return Recorder(env.store_or_warn(), env.warn)


def _record_end(recorder: _Record, result: Summary) -> None:
    """The session's last progress and how it ended, if it is recorded."""
    if recorder.store is not None:
        from heelcli.store.history import COMPLETED, STOPPED

        recorder.progress(result.parts, result.seconds,
                          COMPLETED if result.completed else STOPPED)


def _ask_to_start(env: Environment, choices: WorkoutChoices) -> int | None:
    """None to go on; else the exit code: 1 at the end of input, 130 at Ctrl-C."""
    if not (choices.ask_to_start and env.stdin_isatty):
        return None
    from heelcli.screen.prompts import Cancelled, line

    try:
        if line("Press Enter to start (Ctrl-C to cancel)", err=choices.as_json) is None:
            return 1  # Ctrl-D: no workout
    except Cancelled:
        return EXIT_INTERRUPTED
    return None


def _record_start(env: Environment, recorder: _Record, plan: Timeline,
                  choices: WorkoutChoices) -> None:
    """The session in the history from its start, with the program's levels if any."""
    in_program: dict[str, object] = {}
    if choices.program is not None:
        today = choices.program.today
        sides = {e.id: 2 if e.each_side else 1 for e in plan.exercises}
        in_program = {"program_id": choices.program.program.id, "levels": today.rows(sides),
                      "flare": today.plan.flare is not None}
    recorder.start(started_at=env.now(), routine=None if choices.compare else choices.routine,
                   exercises=[e.id for e in plan.exercises],
                   kind="compare" if choices.compare else "workout", **in_program)


def _checks_in(env: Environment, choices: WorkoutChoices, result: Summary) -> bool:
    """Whether to ask how it went: a person at the keyboard, after reps were done."""
    return (choices.checkin and not choices.as_json and env.stdin_isatty
            and result.reps_done > 0)


def _check_in(env: Environment, catalog: Catalog, plan: Timeline, result: Summary,
              recorder: _Record, choices: WorkoutChoices) -> None:
    """Ask, keep the answers, then say what they call for."""
    from heelcli.engine import checkin
    from heelcli.engine.timeline import WITH_HEEL, WITHOUT_HEEL
    from heelcli.screen import prompts, view
    from heelcli.text import replies

    if choices.compare:
        where = prompts.compare_check_in(env.console, keep=recorder.compared)
        env.console.print(view.comparison(
            words.label(words.FELT, where[WITHOUT_HEEL]) or "-",
            words.label(words.FELT, where[WITH_HEEL]) or "-"))
        return
    done = checkin.done(plan.exercises, result.parts)
    in_program = choices.program is not None
    answers = prompts.check_in(
        env.console, pain=in_program,
        heard_where=lambda felt: _say(env.console, replies.response(felt, done, catalog)),
        keep=recorder.answer)  # each answer kept as it is given
    _say(env.console, replies.closing(answers, program=in_program,
                                      recent=[] if in_program else recorder.recent(),
                                      catalog=catalog))


def _decide(env: Environment, catalog: Catalog, store: Store, program: Program, *,
            err: bool = False) -> None:
    """The rules after a program session or a next-morning answer: each level change
    decided, stored, then explained in one line."""
    from heelcli.engine import coach
    from heelcli.text.rules import Words

    at = env.now()
    words = Words(coach.names(catalog))
    changes = [words.level_change(d) for d in coach.decide(store, catalog, program, at=at)]
    for change in changes:
        store.set_level(program.id, change, at=at)
    _say(env.err_console if err else env.console, [c.line for c in changes])


def program_today(env: Environment, catalog: Catalog, *, dry_run: bool, as_json: bool,
                  yes: bool) -> ProgramRun | None:
    """Today's prescription when a program runs: first the next-morning question, then on a
    rest day whether to train anyway. None: no program. Ends heel (env.abort) when the
    person says no, or presses Ctrl-C, at the rest-day question."""
    from heelcli.engine import coach
    from heelcli.engine.errors import HeelError
    from heelcli.text import rules

    if not dry_run:
        settle_first(env, catalog, err=as_json)
    with env.reading() as log:  # deciding
        program = log.active_program()
        if program is None:
            return None
        if coach.paused_on(log.program_entries(program.id), program) is not None:
            raise HeelError(rules.paused_line())
        today = coach.plan_today(log, catalog, program, now=env.now(), tz=env.zone)
    rest_day = rules.rest_day_line(program, env.today())
    out = env.err_console if as_json or dry_run else env.console
    if today.break_changes:
        out.print(Text(rules.break_line(today.break_days)))
        if not dry_run:
            store = env.store_or_warn()
            if store is not None:
                with contextlib.closing(store):
                    for change in today.break_changes:
                        store.set_level(program.id, change, at=env.now())
    if rest_day is not None:  # printing (wrapped to the page), then asking
        out.print(Text(rest_day))
        if not dry_run and not _train_anyway(env, out, yes=yes, err=as_json):
            env.abort(code=0)
    if today.plan.flare is not None:
        doses = tuple(p.dose for p in today.plan.planned)
        for text in rules.explain_flare(today.plan.flare, doses=doses):
            out.print(Text(text))
    return ProgramRun(program, today)


def _train_anyway(env: Environment, out: Console, *, yes: bool, err: bool) -> bool:
    """Asking, on a rest day: with --yes or no keyboard, yes (said on stderr)."""
    if yes or not env.stdin_isatty:
        env.note("a rest day: running today's workout anyway")
        return True
    from heelcli.screen.prompts import Cancelled, yes_no

    try:
        return bool(yes_no(out, "Do today's workout anyway?", err=err))
    except Cancelled:
        env.abort(code=EXIT_INTERRUPTED)


def settle_first(env: Environment, catalog: Catalog, *, err: bool = False) -> None:
    """Before a workout or `heel program`: the next-morning pain and stiffness after the
    last program session, when due (a terminal only; skippable)."""
    from heelcli.engine import coach
    from heelcli.store.history import Unwritable

    if not env.stdin_isatty or not env.has_history():
        return
    with env.reading() as log:  # most days nothing is due: no writer (nor pathlib) to open
        due = log.active_program()
        if due is None or coach.unanswered(log.program_entries(due.id), now=env.now()) is None:
            return
    try:
        store = env.open_store()
    except Unwritable:
        return  # a read-only history: heel program still shows it
    try:
        program = store.active_program()
        entries = [] if program is None else store.program_entries(program.id)
        last = coach.unanswered(entries, now=env.now())
        if program is None or last is None:
            return
        from heelcli.screen import prompts
        from heelcli.text import replies, rules

        console = env.err_console if err else env.console
        day = env.local(last.started_at).date() if last.started_at else None
        _say(console, [words.pain_to_settle(last.pain, day, today=env.today())])

        def keep_pain(pain: int) -> None:  # kept before stiffness is asked
            settled = coach.settled_now(entries, last.session_id, pain, program)
            store.morning_pain(last.session_id, pain=pain, at=env.now(), settled=settled)

        answer = prompts.next_morning(console, rules.MORNING_PAIN, rules.MORNING_STIFFNESS,
                                      err=err, pain=last.morning_pain, keep_pain=keep_pain)
        if answer is None:
            return
        store.morning_stiffness(last.session_id, answer[1])
        _say(console, replies.settled_response(
            coach.settled_now(entries, last.session_id, answer[0], program)))
        _decide(env, catalog, store, program, err=err)
    finally:
        store.close()


def _say(console: Console, lines: Iterable[str]) -> None:
    for text in lines:  # file text and explanations: never markup or emoji
        console.print(Text(text))  # wrapped at word breaks, never mid-word at the edge


def _show_summary(env: Environment, result: Summary, plan: Timeline, recorder: _Record, *,
                  as_json: bool, then_asks: bool = False) -> None:
    """The summary, and what to do about sharp or lasting pain unless the check-in that
    follows (`then_asks`) says it at its end."""
    if as_json:
        env.print_json(_summary_json(result))
        return
    from heelcli.screen import view
    from heelcli.text import replies

    last = recorder.last_reps() if recorder.store is not None else None
    env.console.print(view.summary(result, plan=plan, last_reps=last,
                                   first_time=recorder.store is not None and last is None))
    if not then_asks:
        env.console.print(Text(replies.STOP_ON_PAIN))


def _summary_json(result: Summary) -> dict[str, object]:
    return {
        "completed": result.completed,
        "seconds": round(result.seconds, 3),
        "reps_done": result.reps_done,
        "exercises": [d._asdict() for d in result.exercises],
    }
