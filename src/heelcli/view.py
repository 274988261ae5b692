"""Turn runner state into rich renderables. Never sleeps, never reads keys.

Text that comes from the exercise file is always wrapped in rich.text.Text, never parsed
as markup, so a file cannot style or control the terminal.
"""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from heelcli import digits
from heelcli.glyphs import UNICODE, Glyphs
from heelcli.plan import PHASE, READY, REST, SWITCH, Plan, Step

if TYPE_CHECKING:  # a dry run needs no runner
    from heelcli.runner import Summary, Tick

COMPACT_BELOW = 60
KEYS_FOOTER = "space pause · n next · s skip exercise · q quit · ? keys"
KEYS_HELP = (
    ("space / p", "pause or resume"),
    ("n", "skip to the next rep, rest or side"),
    ("s", "skip the rest of this exercise"),
    ("q", "stop the session and show the summary"),
    ("?", "show or hide this help"),
)


def counter(step: Step) -> str:
    """'Rep 3/10 · Set 1/1 · Left side' for a rep; empty for other steps."""
    if step.kind != PHASE:
        return ""
    parts = [f"Rep {step.rep}/{step.reps}", f"Set {step.set}/{step.sets}"]
    if step.side:
        parts.append(f"{step.side.capitalize()} side")
    return " · ".join(parts)


def heading(step: Step) -> str:
    if step.kind == READY:
        return f"Get ready: {step.exercise.name}"
    if step.kind == SWITCH:
        return f"{step.exercise.name}: switch sides"
    if step.kind == REST:
        return "Rest"
    return f"{step.exercise.name}: {step.title}"


def frame(tick: Tick, width: int) -> RenderableType:
    """The live screen for one tick, laid out for a terminal `width` columns wide."""
    step = tick.step
    compact = width < COMPACT_BELOW
    parts: list[RenderableType] = []
    status = Text(heading(step), style="bold")
    if tick.paused:
        status.append("   PAUSED", style="bold reverse")
    parts.append(status)
    if step.kind == PHASE:
        parts.append(Text(counter(step)))
    face = digits.clock_face(tick.remaining)
    if compact:
        parts.append(Text(f"{face} s", style="bold"))
    else:
        parts.append(Padding(Text("\n".join(digits.big(face)), style="bold"), (1, 0, 1, 2)))
    parts.extend(_body(tick, compact))
    if tick.paused:
        parts.append(Text("Paused: press space to resume.", style="bold"))
    if tick.help:
        parts.append(keys_help())
    parts.append(Text(KEYS_FOOTER if not compact else "space · n · s · q · ?", style="dim"))
    group = Group(*parts)
    if compact:
        return group
    return Panel(group, title=Text(step.exercise.name), title_align="left", width=min(width, 78))


def _body(tick: Tick, compact: bool) -> list[RenderableType]:
    step = tick.step
    out: list[RenderableType] = []
    if step.kind == READY:
        for i, line in enumerate(step.exercise.setup, 1):
            out.append(Text(f"{i}. ") + Text(line))
    elif step.kind == PHASE:
        out.append(Text(step.cue, style="bold"))
        out.append(Text("Heel: ", style="bold yellow") + Text(step.heel_cue))
    elif step.kind == SWITCH:
        out.append(Text(step.cue, style="bold"))
    elif step.kind == REST:
        out.append(Text("Breathe. Shake out your legs."))
    upcoming = tick.upcoming
    if step.next:
        out.append(Text("Next: ", style="dim") + Text(step.next))
    elif upcoming is not None and upcoming.kind != PHASE and not compact:
        out.append(Text("Next: ", style="dim") + Text(heading(upcoming)))
    return out


def keys_help() -> Text:
    text = Text()
    for key, what in KEYS_HELP:
        text.append(f"{key:>10}  ", style="bold")
        text.append(f"{what}\n")
    text.rstrip()
    return text


def plain_line(step: Step) -> Text:
    """One line per step, for output that is not a terminal (a pipe, a log, a screen reader)."""
    seconds = f"{step.seconds:g}s"
    if step.kind == READY:
        line = Text(f"Get ready ({seconds}): ") + Text(step.exercise.name)
        for i, setup in enumerate(step.exercise.setup, 1):
            line += Text(f"\n  {i}. ") + Text(setup)
        return line
    if step.kind == PHASE:
        return (Text(step.exercise.name) + Text(f" · {counter(step)} | ") + Text(step.title)
                + Text(f" {seconds}: ")
                + Text(step.cue) + Text(" | Heel: ") + Text(step.heel_cue))
    if step.kind == SWITCH:
        return Text(f"Switch sides ({seconds}): ") + Text(step.cue)
    return Text(f"Rest ({seconds}). Next: ") + Text(step.next)


def summary(result: Summary) -> RenderableType:
    title = "Workout complete" if result.completed else "Workout stopped"
    lines = Text(f"{title} · {_duration(result.seconds)}\n", style="bold")
    for done in result.exercises:
        lines += Text("  ") + Text(done.name)
        lines.append(f": {done.reps_done}/{done.reps_planned} reps\n")
    lines.append(f"Reps done: {result.reps_done}")
    return lines


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


def spoken(step: Step) -> str:
    """What the voice says as a step starts: short, since the next step may cut it off."""
    if step.kind == READY:
        return f"Get ready: {step.exercise.name}. {step.cue}"
    if step.kind == PHASE:
        rep = f"Rep {step.rep}. " if step.title == _first_phase(step) else ""
        return f"{rep}{step.title}. {step.cue}"
    if step.kind == SWITCH:
        return f"Switch sides. {step.cue}"
    return f"Rest. Next: {step.next}"


def _first_phase(step: Step) -> str:
    phases = step.exercise.phases
    return phases[0].name if phases else step.title


PAUSED_LINE = "Paused. Press space to resume."
RESUMED_LINE = "Resumed."


def comparison(without: str, with_heel: str) -> RenderableType:
    """Where the two sets of a compare drill were felt, side by side."""

    table = Table(title="Where you felt it", title_style="bold", title_justify="left")
    table.add_column("Without the heel")
    table.add_column("Through the heel")
    table.add_row(without, with_heel)
    return table


def plan_preview(plan: Plan, glyphs: Glyphs = UNICODE) -> RenderableType:
    """The plan as a table: when each step starts, what it is, how long it takes. A set
    (or one side of it) is one row, its reps together: a row per rep made --reps 100
    --sets 100 a table of 10,000 rows."""
    rows: list[tuple[str, tuple[Text, ...], str]] = []
    at = 0.0
    for group in _rows(plan.steps):
        first, last = group[0], group[-1]
        seconds = sum(map(_SECONDS, group))
        # Text(...) of a plain string: words from the file are shown as they are.
        label: tuple[Text, ...]
        if first.kind == PHASE:
            one_rep = group[:len(group) // (last.rep - first.rep + 1)]  # each rep alike
            phases = f" {glyphs.dot} ".join(f"{s.title} {s.seconds:g}s" for s in one_rep)
            label = (Text(f"{first.exercise.name}  {_reps(first, last, glyphs)}"), Text(phases))
        elif first.next:
            label = (Text(f"{heading(first)} {glyphs.arrow} {first.next}"),)
        else:
            label = (Text(heading(first)),)
        rows.append((_clock(at), label, f"{seconds:g}s"))
        at += seconds
    return _Preview(rows, _clock(at), glyphs.rule)


class _Preview:
    """Three columns laid out line by line. A rich Table drew the same at a quarter of a
    millisecond a row: half of a dry run's own start-up, and 0.35 s at 100 x 100.

    A step's text is in pieces ("which reps", "their tempo"): on one line when they fit,
    else one piece a line, so a narrow terminal breaks between them, not inside one.
    """

    GAP = "   "

    def __init__(self, rows: list[tuple[str, tuple[Text, ...], str]], total: str,
                 rule: str) -> None:
        self.rows, self.total, self.rule = rows, total, rule

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        start_w = max(len("Start"), *(len(start) for start, _, _ in self.rows))
        time_w = max(len("Time"), len(self.total), *(len(time) for _, _, time in self.rows))
        widest = max(len("Total"), *(_line(label).cell_len for _, label, _ in self.rows))
        step_w = max(4, min(widest, options.max_width - start_w - time_w - 2 * len(self.GAP)))
        width = start_w + step_w + time_w + 2 * len(self.GAP)

        def line(start: str, step: Text, time: str = "") -> Text:
            # no_wrap: each line fits already; wrapping it again was most of the time.
            return Text.assemble(f"{start:>{start_w}}{self.GAP}", step,
                                 " " * (step_w - step.cell_len), f"{self.GAP}{time:>{time_w}}",
                                 no_wrap=True)

        header = line("Start", Text("Step"), "Time")
        header.stylize("bold")
        yield header
        yield Text(self.rule * width)
        for start, label, time in self.rows:
            for i, step in enumerate(_fit(label, step_w, console)):
                yield line(start, step, time) if i == 0 else line("", step)
        yield Text()
        total = line("", Text("Total"), self.total)
        total.stylize("bold", start_w)
        yield total


def _reps(first: Step, last: Step, glyphs: Glyphs) -> str:
    """'Rep 1-10 of 10 · Set 1/1 · Left side': the reps of a row, with set and side."""
    reps = f"{first.rep}-{last.rep}" if last.rep != first.rep else f"{first.rep}"
    parts = [f"Rep {reps} of {first.reps}", f"Set {first.set}/{first.sets}"]
    if first.side:
        parts.append(f"{first.side.capitalize()} side")
    return f" {glyphs.dot} ".join(parts)


_SET_OF = operator.attrgetter("kind", "block", "set", "side")  # what plan.same_set compares
_SECONDS = operator.attrgetter("seconds")


def _rows(steps: tuple[Step, ...]) -> list[list[Step]]:
    """The steps in rows: the reps of one set (and side) together, any other step alone."""
    rows: list[list[Step]] = []
    for (kind, *_), group in itertools.groupby(steps, key=_SET_OF):
        if kind == PHASE:
            rows.append(list(group))
        else:
            rows.extend([step] for step in group)
    return rows


def _line(pieces: tuple[Text, ...]) -> Text:
    return Text("  ").join(pieces)


def _fit(pieces: tuple[Text, ...], width: int, console: Console) -> list[Text]:
    """The lines of a step's text in a column `width` cells wide."""
    whole = _line(pieces)
    if whole.cell_len <= width:
        return [whole]
    lines: list[Text] = []
    for i, piece in enumerate(pieces):
        indent = "  " if i else ""
        for part in piece.wrap(console, max(1, width - len(indent)), overflow="fold"):
            lines.append(Text(indent) + part)
    return lines


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
