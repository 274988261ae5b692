"""One guided workout from start to finish: log it, run it, sum it up, ask how it went.

The glue between the pieces: the CLI parses options, this runs them, and the engine,
screen, keys, voice and log each do their own part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import click
from rich.text import Text

from heelcli import checkin, pages, safety, session, view
from heelcli.catalog import Catalog, Exercise
from heelcli.environment import Environment
from heelcli.history import COMPLETED, STOPPED, Recorder, Store
from heelcli.plan import WITH_HEEL, WITHOUT_HEEL, Plan
from heelcli.runner import Summary


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


def run(env: Environment, catalog: Catalog, plan: Plan, choices: Choices) -> int:
    """Guide the workout; the exit code: 0, or 128 + the signal that stopped it."""
    recorder = Recorder(_open_store(env) if choices.log else None, _warn)
    speaker = None
    if choices.speak_with is not None:
        from heelcli.voice import Voice

        speaker = Voice(list(choices.speak_with))
    show_safety = choices.safety or safety.due(env.home())
    if show_safety:  # on the session's console, like the setup: guidance for the mat
        env.console.print(pages.safety_screen(safety.topic(catalog)))
    if choices.ask_to_start and env.stdin_isatty:
        click.prompt("Press Enter to start (Ctrl-C to cancel)", default="",
                     show_default=False, prompt_suffix=" ")
    if show_safety:  # after Enter: cancelled at the prompt, they come back next time
        safety.remember(env.home())
    recorder.start(started_at=env.now(), routine=None if choices.compare else choices.routine,
                   exercises=[e.id for e in plan.exercises],
                   kind="compare" if choices.compare else "workout")
    start = env.clock()
    terminal = env.console.is_terminal
    redraws = terminal and session.can_redraw()  # TERM=dumb gets lines, not a blank screen
    mode = session.PLAIN if choices.plain else session.LIVE if redraws else session.LINES
    with env.open_keys() as keys:
        try:
            result = session.run(
                plan, console=env.console, clock=env.clock, keys=keys, mode=mode,
                bell=terminal if choices.bell is None else choices.bell,
                speak=speaker.say if speaker else None,
                on_set=lambda parts: recorder.progress(parts, env.clock() - start))
        finally:
            if speaker is not None:
                speaker.close(finish=getattr(keys, "signal", None) is None)
    recorder.progress(result.parts, result.seconds, COMPLETED if result.completed else STOPPED)
    signal: int | None = getattr(keys, "signal", None)
    if choices.as_json:
        _print_json(result)
        return 128 + signal if signal else 0
    last = recorder.last_reps() if recorder.store is not None else None
    env.console.print(view.summary(result, plan=plan, last_reps=last,
                                   first_time=recorder.store is not None and last is None))
    env.console.print(Text(checkin.STOP_ON_PAIN))
    if signal:  # Ctrl-C or SIGTERM: the summary is out; no questions
        return 128 + signal
    if choices.checkin and env.stdin_isatty:
        _check_in(env, catalog, plan, recorder, compare=choices.compare,
                  done=checkin.done(plan.exercises, result.parts))
    return 0


def _open_store(env: Environment) -> Store | None:
    from heelcli.history import FILE_NAME, Unwritable

    try:
        return Store(env.home() / FILE_NAME, busy_timeout=env.history_timeout)
    except Unwritable as exc:
        _warn(f"{exc}; this session is not recorded")
        return None


def _warn(message: str) -> None:
    from heelcli.errors import sanitise

    click.echo(sanitise(f"heel: warning: {message}"), err=True)


def _print_json(result: Summary) -> None:
    import json

    click.echo(json.dumps({
        "completed": result.completed,
        "seconds": round(result.seconds, 3),
        "reps_done": result.reps_done,
        "exercises": [d.__dict__ for d in result.exercises],
    }, indent=2, ensure_ascii=False))


def _ask(env: Environment, question: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """A numbered question; Enter skips it."""
    env.console.print(Text(question, style="bold"))
    for i, (_, text) in enumerate(choices, 1):
        env.console.print(Text(f"  {i}  {text}"))
    while True:
        answer = click.prompt(f"Answer 1-{len(choices)} (Enter to skip)", default="",
                              show_default=False).strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1][0]
        env.console.print(Text(f"Please type a number from 1 to {len(choices)}."))


def _check_in(env: Environment, catalog: Catalog, plan: Plan, recorder: Recorder, *,
              compare: bool, done: Sequence[Exercise]) -> None:
    def say(line: str) -> None:
        env.console.print(Text(line), soft_wrap=True)  # file text: never markup or emoji

    if compare:
        where = {variant: _ask(env, f"Where did you feel the set {words}?", checkin.FELT)
                 for variant, words in ((WITHOUT_HEEL, "without the heel"),
                                        (WITH_HEEL, "through the heel"))}
        env.console.print(view.comparison(
            checkin.label(checkin.FELT, where[WITHOUT_HEEL]) or "-",
            checkin.label(checkin.FELT, where[WITH_HEEL]) or "-"))
        recorder.check_in(felt=where[WITH_HEEL], effort=None,
                          comparison={k: v for k, v in where.items() if v})
        return
    felt = _ask(env, checkin.WHERE, checkin.FELT)
    if felt:
        for line in checkin.response(felt, done, catalog):
            say(line)
    effort = _ask(env, checkin.HOW_HARD, checkin.EFFORT)
    recorder.check_in(felt=felt, effort=effort)
    for line in checkin.challenge_suggestion(recorder.recent(), catalog):
        say(line)
