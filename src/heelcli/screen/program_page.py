"""`heel program` as a page: the words for what coach.status returns. Untrusted text
(names from the exercise file, lines from the history) goes out as rich Text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from heelcli.engine.errors import sanitise
from heelcli.engine.program_status import ExerciseDose, ProgramStatus, SelfTestDue
from heelcli.text.rulebook import STOP_ON_PAIN
from heelcli.text.rules import (
    Words,
    break_line,
    explain_flare,
    flare_dose_words,
    paused_line,
)
from heelcli.text.words import day as named_day
from heelcli.text.words import short_day
from heelcli.text.words import streak as streak_words

NO_PROGRAM = ("No program running. Start one with: heel program start "
              "(three days a week: mon,wed,fri)")


def level_words(item: ExerciseDose, names: Mapping[str, str]) -> str:
    """`Level 4 of 9: 12 reps x 1`, naming the exercise run when it is another one."""
    runs = "" if item.runs == item.id else f"{names.get(item.runs, item.runs)}, "
    if item.hold_seconds is not None:
        dose = f"{item.reps} holds of {item.hold_seconds:g} s"
        dose += f" x {item.sets}" if item.sets > 1 else ""
    else:
        dose = f"{item.reps} reps x {item.sets}"
    return f"Level {item.prescribed_level} of {item.of}: {runs}{dose}"


def self_test_line(test: SelfTestDue, *, today: date) -> str:
    """Every four weeks, a nudge to see the progress: `heel test` measures it."""
    if test.last is None:
        return "Self-test: none yet; heel test measures where you start."
    last = short_day(test.last, today=today)
    if test.due:
        return f"Self-test: due (the last was on {last}); heel test shows the change."
    return f"Self-test: last on {last}; the next is due on {short_day(test.next, today=today)}."


class _Indented:
    """A list item: wrapped lines keep the indent, and none is padded out with spaces
    (rich's Padding pads every line to the widest, which a pipe shows as trailing blanks)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.wrap(console, max(1, options.max_width - 2)):
            line.rstrip()
            yield Text("  ") + line


def _indented(text: Text) -> RenderableType:
    return _Indented(text)


def page(status: ProgramStatus, names: Mapping[str, str]) -> RenderableType:
    program, today, week = status.program, status.today, status.week

    def day(when: date) -> str:
        return short_day(when, today=today.day)

    def days(items: Sequence[date]) -> str:
        return ", ".join(day(d) for d in items) or "none"

    streak = status.streak_weeks
    lines: list[RenderableType] = [
        Text(f"Program since {named_day(program.started, today=today.day)}: "
             f"{status.schedule.text()}, pain limit {program.pain_limit}/10", style="bold"),
        Text(f"This week: planned {days(week.planned)}; done {days(week.done)}; "
             f"missed {days(week.missed)}"),
        Text(f"Streak: {streak_words(streak, 'week')} on schedule"),
        Text(self_test_line(status.self_test, today=today.day)),
        Text(""),
    ]
    if status.paused is not None:
        lines += [Text(paused_line(), style="bold"), Text("")]
    if status.back is not None:
        lines.append(Text(break_line(status.back.days)))
    nxt = day(status.next_planned)
    if today.done:
        head = f"done; the next planned day is {nxt}"
    elif today.planned:
        head = "a planned day"
    else:
        head = f"a rest day (next: {nxt})"
    lines.append(Text(f"Today, {day(today.day)}: {head}", style="bold"))
    for item in today.exercises:
        extra = f" ({flare_dose_words(item.dose, item.level, item.prescribed_level)})" \
            if today.flare is not None else ""
        words = "rests today" if item.dose == "rest" else level_words(item, names)
        lines.append(_indented(Text(names.get(item.id, item.id))
                               + Text(f": {words}{extra if item.dose != 'rest' else ''}")))
    if today.flare is not None:
        lines.extend(Text(line) for line in explain_flare(
            today.flare, doses=tuple(item.dose for item in today.exercises),
            today=today.planned and not today.done))
    change = status.last_change
    lines += [Text(""), Text("Last change:", style="bold")
              + (Text("") if change else Text(" none yet"))]
    lines.extend(_indented(Text(sanitise(c.line))) for c in change)
    pains = status.recent_pain
    if pains:
        rated = [f"{day(p.day)} {'-' if p.pain is None else p.pain}"
                 + {True: " settled", False: " not settled", None: ""}[p.settled]
                 for p in pains if p.day is not None]
        lines.append(Text("Recent pain (knee or low back, 0-10): ", style="bold")
                     + Text("; ".join(rated)))
    lines += [Text(""), Text("To move up next:", style="bold")]
    wording = Words(names)
    lines.extend(_indented(Text(wording.next_step(n.decision, n.ladder)))
                 for n in status.nexts)
    if any(p.pain for p in pains) and today.flare is None:  # a flare day said it
        lines.append(Text(STOP_ON_PAIN))
    return Group(*lines)
