"""One `heel test` from start to finish: time each self-test on the workout's session
screen, ask what heel cannot measure, store the results and show each with the last one.

The glue, as heelcli.flows.guided_workout is for a workout: heelcli.engine.selftest says what the
tests are and how results compare, the session runs the timeline, the history keeps the
results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.text import Text

from heelcli.engine import numbers
from heelcli.engine.errors import HeelError, RuntimeFailure
from heelcli.engine.records import About
from heelcli.engine.selftest import (
    AGE_BANDS,
    CHAIR_STANDS,
    Measure,
    Result,
    SelfTest,
    Sex,
)
from heelcli.flows.environment import Environment
from heelcli.screen import prompts
from heelcli.text import selftests
from heelcli.text.words import full_date

if TYPE_CHECKING:  # `heel test --about` shows two lines: no session screen, no runner
    from heelcli.engine.runner import Clock, Tick
    from heelcli.flows import guided
    from heelcli.store.history import Store

SEXES: tuple[Sex, ...] = ("female", "male")


@dataclass(frozen=True, kw_only=True)
class SelfTestChoices:
    tests: tuple[SelfTest, ...]
    ask_to_start: bool = True
    plain: bool = False
    speak_with: Sequence[str] | None = None


class HoldWatch:
    """When each step of a session was left, from the ticks the session shows.

    A hold ends on a key (the hips dropped) or at its limit. The time held is its length
    less what was left at the key: the last tick's time left, less the time since that
    tick unless it was paused. Exact on any clock, without a change to the runner.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.last: dict[int, tuple[float, Tick]] = {}  # step -> (clock, its last tick)
        self.left_at: dict[int, float] = {}  # step -> clock when the session moved on
        self.current: int | None = None

    def __call__(self, tick: Tick) -> None:
        now = self.clock()
        if tick.index != self.current:
            if self.current is not None:
                self.left_at[self.current] = now
            self.current = tick.index
        self.last[tick.index] = (now, tick)

    def finish(self) -> None:
        """The session ended: the step it was on was left now."""
        if self.current is not None:
            self.left_at.setdefault(self.current, self.clock())

    def held(self, index: int) -> float | None:
        """Seconds step `index` ran, up to its length; None if it was never reached."""
        if index not in self.last:
            return None
        at, tick = self.last[index]
        left = tick.remaining
        if not tick.paused:
            left -= self.left_at.get(index, at) - at
        length = tick.step.seconds + tick.added
        return min(length, max(0.0, length - left))


def run(env: Environment, choices: SelfTestChoices, store: Store | None) -> int:
    """Take the chosen tests; store and show the results. The exit code: 0, 130 if
    cancelled at a question, or 128 + the signal that stopped a test. Each result is
    saved the moment it is taken, so a run killed at the next test or question keeps it.
    Lost output is raised on, as a workout's is, once the results are saved."""
    from heelcli.flows.guided_workout import EXIT_INTERRUPTED

    keeper = _Keeper(env, store)
    code = 0
    ending: guided.Ending | None = None
    try:
        if store is not None and not store.about().asked and env.stdin_isatty and any(
                CHAIR_STANDS in test.measures for test in choices.tests):
            _ask_about(env, store)
        for test in choices.tests:
            stop, ending = _take(env, test, choices, keeper.keep)
            if stop is not None:
                code = stop
                break
    except prompts.Cancelled:
        code = EXIT_INTERRUPTED

    def show() -> None:
        _report(env, store, keeper.taken, keeper.previous, saved=keeper.saved,
                lost=keeper.lost)

    if ending is not None and (stop := ending.finish(show)) is not None:
        return stop
    show()
    return code


class _Keeper:
    """Each result into the history as it is taken, each in its own transaction; the
    result before it kept first, to compare with. A failed write is told once, at the
    end, and the results after it are still shown."""

    def __init__(self, env: Environment, store: Store | None) -> None:
        self.env = env
        self.store = store
        self.taken: list[Result] = []
        self.previous: dict[str, Result | None] = {}
        self.lost: HeelError | None = None

    @property
    def saved(self) -> bool:
        return self.store is not None and bool(self.taken) and self.lost is None

    def keep(self, measure: Measure, value: int) -> None:
        result = Result(measure.id, value, self.env.today())
        self.previous[result.measure] = _last(self.store, result.measure, self.env.zone)
        self.taken.append(result)
        if self.store is None or self.lost is not None:
            return
        try:
            self.store.add_measures(self.env.now(), [(result.measure, result.value)])
        except HeelError as exc:
            self.lost = exc


def _take(env: Environment, test: SelfTest, choices: SelfTestChoices,
          keep: Callable[[Measure, int], None]) -> tuple[int | None, guided.Ending | None]:
    """One test, each value handed to `keep` as it is taken: None to go on or the exit
    code to stop with, and how its session ended (None: an untimed test), which may stop
    the tests."""
    say = _sayer(env)
    say(selftests.name(test), style="bold")
    plan = selftests.timeline(test)
    if plan is None:
        for line in selftests.steps(test):
            say(line)
        for measure in test.measures:
            value = _number(say, f"{selftests.label(measure)}, {measure.low} to {measure.high}?",
                            measure.low, measure.high)
            if value is not None:
                keep(measure, value)
        return None, None
    if choices.ask_to_start and env.stdin_isatty and \
            prompts.line("Press Enter to start (Ctrl-C to cancel)") is None:
        return 1, None
    from heelcli.flows import guided

    watch = HoldWatch(env.clock)
    try:
        ending = guided.run(env, plan, guided.SessionOptions(
            console=env.console, plain=choices.plain, speak_with=choices.speak_with),
            watch=watch)
    finally:
        watch.finish()
    summary = ending.summary
    if ending.stopped:  # a signal or lost output: not kept, and the rest are not taken
        return 0, ending
    if not summary.completed:  # q: this test is not kept, and the rest are not taken
        say(f"{selftests.name(test)}: stopped, not saved.")
        return 0, ending
    phases = [i for i, step in enumerate(plan.steps) if step.kind == "phase"]
    if test.kind == "count":
        if not any(p.reps_done for p in summary.parts):
            say(f"The {test.seconds} seconds were cut short, so there is no count to keep.")
            return None, ending
        measure = test.measures[0]
        say(selftests.ask(test))
        value = _number(say, f"{selftests.label(measure)}, {measure.low} to {measure.high}?",
                        measure.low, measure.high)
        if value is not None:
            keep(measure, value)
        return None, ending
    for measure, index in zip(test.measures, phases, strict=True):
        held = watch.held(index)
        if held is not None:
            keep(measure, round(held))
    return None, ending


def _report(env: Environment, store: Store | None, taken: list[Result],
            previous: dict[str, Result | None], *, saved: bool,
            lost: HeelError | None) -> None:
    say = _sayer(env)
    say("")  # answers typed from a pipe are not echoed: the report starts on its own line
    if not taken:
        say("No result to keep: nothing was saved.")
        return
    about = store.about() if store is not None else About()
    say(f"Self-tests, {full_date(taken[0].day)}", style="bold")
    for result in taken:
        say(_indented(selftests.compare(previous[result.measure], result), 2, env.console.width))
        if result.measure == CHAIR_STANDS.id:
            for line in selftests.chair_stand_context(result.value, about.age_band,
                                                      _sex(about.sex)):
                say(_indented(line, 4, env.console.width))
    if any(r.measure in PAIN_MEASURES and r.value > 0 for r in taken):
        say(_indented(PAIN_ADVICE, 0, env.console.width))
    if saved:
        say("Saved. Take the tests again in about four weeks to see the change.")
    if lost is not None:
        raise RuntimeFailure(f"results not saved: {lost}")


PAIN_MEASURES = ("pain-knee", "pain-low-back")
# heel coaches, never diagnoses: any pain it records points to someone who can look.
PAIN_ADVICE = ("Pain that lasts more than a week, is sharp, or keeps you from moving as "
               "usual is a reason to see a physiotherapist or a doctor. Ease off the "
               "exercises that bring it on.")


def _indented(line: str, indent: int, width: int) -> str:
    """A line wrapped to `width`, each piece indented: a hanging paragraph."""
    import textwrap

    pad = " " * indent
    return textwrap.fill(line, width=max(width, indent + 20), initial_indent=pad,
                         subsequent_indent=pad)


def _sex(value: str | None) -> Sex | None:
    """A stored value as the norms know it; anything else (a hand-edited row) is unknown."""
    for sex in SEXES:
        if value == sex:
            return sex
    return None


def _last(store: Store | None, measure: str, zone: tzinfo) -> Result | None:
    if store is None:
        return None
    found = store.measures(measure)
    if not found:
        return None
    return Result(measure, found[-1].value, found[-1].taken_at.astimezone(zone).date())


def _sayer(env: Environment) -> Callable[..., None]:
    def say(line: str, style: str = "") -> None:
        env.console.print(Text(line, style=style))

    return say


def _number(say: Callable[..., None], question: str, low: int, high: int) -> int | None:
    """A whole number typed in range; Enter or the end of input skips it."""
    while True:
        answer = (prompts.line(f"{question} (Enter to skip)") or "").strip()
        if not answer:
            return None
        if (typed := numbers.whole_in(answer, low, high)) is not None:
            return typed
        say(f"Please type a whole number from {low} to {high}.")


def _ask_about(env: Environment, store: Store) -> None:
    """Once: the age band and sex that place a chair-stand count among the norms."""
    say = _sayer(env)
    say("The chair stand has published norms by age and sex (CDC STEADI, ages 60 to 94). "
        "Telling heel is optional, asked once; change it later with heel test --about.")
    band = _choice(say, "Your age band", AGE_BANDS)
    sex = _choice(say, "Your sex, for the norms", SEXES)
    store.set_about(About(band, sex, asked=True), env.now())


def _choice(say: Callable[..., None], question: str,
            options: Sequence[str]) -> str | None:
    while True:
        answer = (prompts.line(f"{question} ({', '.join(options)}; Enter to skip):") or "").strip()
        if not answer:
            return None
        if answer.lower() in options:
            return answer.lower()
        say(f"Please type one of {', '.join(options)}, or press Enter.")


def about_lines(about: About) -> list[str]:
    """What `heel test --about` shows."""
    if about.age_band is None and about.sex is None:
        return ["heel knows neither your age band nor your sex, so the chair stand is shown "
                "without norms. Set them with: heel test --about --age-band 65-69 --sex "
                "female"]
    return [f"Age band: {about.age_band or 'not told'}",
            f"Sex: {about.sex or 'not told'}",
            "The chair stand is placed among the CDC STEADI norms when both are known. "
            "Forget them with: heel test --about --age-band none --sex none"]


__all__ = ["HoldWatch", "SelfTestChoices", "about_lines", "run"]
