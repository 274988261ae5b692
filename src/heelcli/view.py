"""Turn runner state into rich renderables. Never sleeps, never reads keys.

Text that comes from the exercise file is always wrapped in rich.text.Text, never parsed
as markup, so a file cannot style or control the terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from heelcli import digits
from heelcli.plan import PHASE, READY, REST, SWITCH, Plan, Step
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
        parts.append(step.exercise.side_label(step.side))
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
        if step.heel_cue:  # empty when it would repeat the cue above
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
        line = (Text(step.exercise.name) + Text(f" · {counter(step)} | ") + Text(step.title)
                + Text(f" {seconds}: ") + Text(step.cue))
        return line + Text(" | Heel: ") + Text(step.heel_cue) if step.heel_cue else line
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


def plan_preview(plan: Plan) -> Table:
    """One row per rep (its phases together) or per other step, with the time it starts."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Start", justify="right")
    table.add_column("Step", overflow="fold")
    table.add_column("Time", justify="right")
    at = 0.0
    for group in _rows(plan.steps):
        first = group[0]
        seconds = sum(s.seconds for s in group)
        if first.kind == PHASE:
            phases = " · ".join(f"{s.title} {s.seconds:g}s" for s in group)
            label = Text(first.exercise.name) + Text(f"  {counter(first)}  {phases}")
        else:
            label = Text(heading(first))
            if first.next:
                label += Text(" → ") + Text(first.next)
        table.add_row(_clock(at), label, f"{seconds:g}s")
        at += seconds
    table.add_section()
    table.add_row("", Text("Total", style="bold"), Text(_clock(at), style="bold"))
    return table


def _rows(steps: tuple[Step, ...]) -> list[list[Step]]:
    rows: list[list[Step]] = []
    for step in steps:
        if rows and step.kind == PHASE and not rows[-1][-1].ends_rep \
                and rows[-1][-1].kind == PHASE:
            rows[-1].append(step)
        else:
            rows.append([step])
    return rows


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
