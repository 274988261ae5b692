"""Asking: questions at the keyboard, one line each. What the answers mean is decided
elsewhere (checkin, progression); this only asks and reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click
from rich.console import Console
from rich.text import Text

from heelcli.engine import checkin, numbers
from heelcli.text import words


class Cancelled(Exception):
    """Ctrl-C at a question: stop quietly with exit code 130."""


def line(prompt: str, *, err: bool = False) -> str | None:
    """A line typed at the keyboard; None at the end of input. Ctrl-C raises Cancelled.

    Not click.prompt: it turns Ctrl-C into "Aborted!" and exit code 1.
    """
    try:
        click.echo(f"{prompt} ", nl=False, err=err)
        return input()
    except (EOFError, RuntimeError):  # RuntimeError: input() with stdin closed (`0<&-`)
        click.echo(err=err)
        return None
    except KeyboardInterrupt:
        click.echo(err=err)  # the terminal echoed ^C; the shell prompt starts on a new line
        raise Cancelled from None


def choose(console: Console, question: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """A numbered question; the key of the choice, or None when Enter skips it."""
    console.print(Text(question, style="bold"))
    for i, (_, text) in enumerate(choices, 1):
        console.print(Text(f"  {i}  {text}"))
    while True:
        answer = (line(f"Answer 1-{len(choices)} (Enter to skip):") or "").strip()
        if not answer:
            return None
        if (picked := numbers.whole_in(answer, 1, len(choices))) is not None:
            return choices[picked - 1][0]
        console.print(Text(f"Please type a number from 1 to {len(choices)}."))


def number(console: Console, question: str, low: int, high: int, *,
           err: bool = False) -> int | None:
    """A whole number from `low` to `high`; None when Enter skips it."""
    console.print(Text(question, style="bold"))
    while True:
        answer = (line(f"Answer {low}-{high} (Enter to skip):", err=err) or "").strip()
        if not answer:
            return None
        if (typed := numbers.whole_in(answer, low, high)) is not None:
            return typed
        console.print(Text(f"Please type a number from {low} to {high}."))


def yes_no(console: Console, question: str, *, err: bool = False) -> bool | None:
    """Yes or no; None when Enter skips it."""
    console.print(Text(question, style="bold"))
    while True:
        answer = (line("Answer y/n (Enter to skip):", err=err) or "").strip().lower()
        if not answer:
            return None
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        console.print(Text("Please type y or n."))


def check_in(console: Console, *, pain: bool,
             heard_where: Callable[[str], None] = lambda felt: None,
             keep: Callable[[str, str | int], None] = lambda question, value: None
             ) -> checkin.Answers:
    """The questions after a session, each skippable: where it was felt, how hard, and the
    pain when `pain`. Each answer goes to `keep` before the next question is asked (a run
    stopped there keeps it); `heard_where` gets where it was felt, so that heel can answer
    it at once."""
    felt = choose(console, words.WHERE_QUESTION, words.FELT)
    if felt:
        keep("felt", felt)
        heard_where(felt)
    effort = choose(console, words.HOW_HARD_QUESTION, words.EFFORT)
    if effort:
        keep("effort", effort)
    rating = number(console, words.PAIN_QUESTION, 0, 10) if pain else None
    if rating is not None:
        keep("pain", rating)
    return checkin.Answers(felt, effort, rating)


def compare_check_in(console: Console, keep: Callable[[str, str], None] = lambda v, f: None
                     ) -> dict[str, str | None]:
    """After `--compare`: where each set was felt, by variant, each kept as answered."""
    from heelcli.engine.timeline import WITH_HEEL, WITHOUT_HEEL  # a workout has loaded it

    where: dict[str, str | None] = {}
    for variant, how in ((WITHOUT_HEEL, "without the heel"), (WITH_HEEL, "through the heel")):
        where[variant] = felt = choose(console, f"Where did you feel the set {how}?",
                                       words.FELT)
        if felt:
            keep(variant, felt)
    return where


def next_morning(console: Console, pain_question: str, stiffness_question: str, *,
                 err: bool = False, pain: int | None = None,
                 keep_pain: Callable[[int], None] = lambda pain: None
                 ) -> tuple[int, int] | None:
    """The next-morning pain and stiffness, 0-10 each; None when either is skipped, with
    Enter or Ctrl-C (asked again next time, while it is due). The pain goes to
    `keep_pain` before stiffness is asked; `pain` already known: only stiffness is asked."""
    try:
        if pain is None:
            pain = number(console, pain_question, 0, 10, err=err)
            if pain is None:
                return None
            keep_pain(pain)
        stiffness = number(console, stiffness_question, 0, 10, err=err)
    except Cancelled:
        return None
    return None if stiffness is None else (pain, stiffness)
