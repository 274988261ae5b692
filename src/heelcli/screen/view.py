"""Turn runner state into rich renderables. Never sleeps, never reads keys.

Text that comes from the exercise file is always wrapped in rich.text.Text, never parsed
as markup, so a file cannot style or control the terminal.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from heelcli.engine.alerts import encouragement, finished, starts_rep
from heelcli.engine.catalog import Exercise
from heelcli.engine.keymap import KEYMAP, MUTE, PAUSE, KeyBinding
from heelcli.engine.timeline import PHASE, READY, REST, SWITCH, Step, Timeline, unknown_kind
from heelcli.screen.charset import UNICODE, Glyphs
from heelcli.text import steps
from heelcli.text.steps import rep_noun
from heelcli.text.words import clock, duration, plural, time_left

if TYPE_CHECKING:  # a dry run needs no runner
    from heelcli.engine.records import Summary

REST_CUE = "Breathe. Shake out your legs."


def counter(step: Step) -> str:
    """'Rep 3/10 · Set 1/1 · Left side' for a rep; empty for other steps."""
    if step.kind != PHASE:
        return ""
    noun = rep_noun(step.exercise).capitalize()
    parts = [f"{noun} {step.rep}/{step.reps}", f"Set {step.set}/{step.sets}"]
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
    return f"{step.exercise.name}: {steps.title(step)}"


# The words of the live screen (heelcli.screen.frame lays them out). The plan carries kinds and
# numbers; these say them the way a person on the mat hears them.

def phase_word(step: Step) -> str:
    """What to do now, in one word or two: LIFT, GET READY, REST, SWITCH (the step's title,
    but for a switch, whose whole title would crowd out the digits)."""
    return "SWITCH" if step.kind == SWITCH else steps.title(step).upper()


def rep_words(plan: Timeline, index: int, paused_left: float | None = None) -> list[str]:
    """'rep 3 of 10 · set 1 of 2 · halfway'; when paused, the seconds left first."""
    step = plan.steps[index]
    parts = [] if paused_left is None else [f"paused with {time_left(paused_left)} left"]
    if step.kind == PHASE:
        if step.reps > 1:  # one rep (a self-test, --reps 1) has nothing to count
            parts.append(f"{rep_noun(step.exercise)} {step.rep} of {step.reps}")
        if step.sets > 1:
            parts.append(f"set {step.set} of {step.sets}")
        cheer = encouragement(step)
        if cheer:
            parts.append(steps.cheer_words(step, cheer))
    elif step.kind == READY:
        ex = step.exercise
        if step.level:
            parts.append(level_words(step))
        parts.append(steps.doses(ex, ex.reps)
                     + (f", {ex.sets} sets" if ex.sets > 1 else "")
                     + (" on each side" if ex.each_side else ""))
    elif step.kind == REST:
        done = finished(plan, index)
        if done is not None:
            parts.append(done_words(done))
    return [" · ".join(parts)] if parts else []


def level_words(step: Step) -> str:
    return f"level {step.level} of {step.levels}"


def done_words(exercise: Exercise) -> str:
    return f"{exercise.name} done: well done"


def leg_words(step: Step) -> list[str]:
    """Which exercise, and which leg in the exercise's own words ('left foot forward')."""
    ex = step.exercise
    if step.kind == PHASE:
        return [ex.name + (f" · {ex.side_label(step.side)}" if step.side else "")]
    if step.kind == READY:
        return [ex.name + (f" · start: {ex.side_label('left')}" if ex.each_side else "")]
    if step.kind == SWITCH:
        return [switch_words(step)]
    return []


def switch_words(step: Step) -> str:
    return f"switch sides: {step.exercise.side_label(step.side or 'right')}"


def cue_words(step: Step) -> list[str]:
    if step.kind == PHASE:
        return [step.cue]
    if step.kind == READY:
        return [f"{i}. {line}" for i, line in enumerate(step.exercise.setup, 1)]
    if step.kind == REST:
        return [REST_CUE]
    return []


def heel_words(step: Step, cue: list[str]) -> list[str]:
    """The heel cue, unless the cue above already says the same thing."""
    heel = step.heel_cue if step.kind == PHASE else \
        step.exercise.cues[0] if step.kind == READY else ""
    if not heel or any(same_cue(heel, line) for line in cue):
        return []
    return [f"Heel: {heel}"]


def same_cue(a: str, b: str) -> bool:
    """Whether two cues say the same thing, case, spacing and punctuation aside."""
    def words(text: str) -> str:
        return re.sub(r"[\W_]+", " ", text.casefold()).strip()

    return words(a) == words(b)


def next_words(plan: Timeline, index: int) -> list[str]:
    """What comes after this step."""
    step = plan.steps[index]
    if index + 1 >= len(plan.steps):
        return ["next: the end"]
    up = plan.steps[index + 1]
    if up.kind == READY:
        return [f"next: {up.exercise.name}"]
    if up.kind == SWITCH:
        return [f"next: {switch_words(up)}"]
    if up.kind == REST:
        return [f"next: rest {up.seconds:g} s"]
    if up.kind == PHASE:
        if step.kind == REST:
            return [f"next: {up.exercise.name}, set {up.set} of {up.sets}"]
        if (step.kind == PHASE and up.rep == step.rep) or up.reps == 1:
            return [f"next: {steps.title(up)}"]
        return [f"next: {steps.title(up)}, {rep_noun(up.exercise)} {up.rep} of {up.reps}"]
    unknown_kind(up.kind)


def progress_words(plan: Timeline, index: int, left: float) -> str:
    """'exercise 2 of 4 · 6:10 left' in the whole workout; '0:26 left' when there is one."""
    if len(plan.exercises) == 1:  # one exercise (or a self-test): nothing to count
        return f"{clock(left)} left"
    return (f"exercise {plan.steps[index].block + 1} of {len(plan.exercises)}"
            f" · {clock(left)} left")


def key_word(binding: KeyBinding, *, paused: bool = False, muted: bool = False) -> str:
    """A key in the footer: 'space pause', 'space resume' while paused, 'm unmute'."""
    word = ("resume" if binding is PAUSE and paused else
            "unmute" if binding is MUTE and muted else binding.short)
    return f"{binding.label.split(' / ')[0]} {word}"


def keys_help() -> Text:
    """The key list, as the `?` help and the plain output show it."""
    text = Text()
    for binding in KEYMAP:
        text.append(f"{binding.label:>10}  ", style="bold")
        text.append(f"{binding.help}\n")
    text.rstrip()
    return text


def keys_table() -> str:
    """The key list as the Markdown table in the README."""
    rows = [f"| `{b.label.replace(' / ', '` or `')}` | {b.help} |" for b in KEYMAP]
    return "\n".join(["| key | does |", "|---|---|", *rows])


def plain_line(plan: Timeline, index: int) -> Text:
    """One line per step, for output that is not a terminal (a pipe, a log, a screen reader)."""
    step = plan.steps[index]
    seconds = f"{step.seconds:g}s"
    if step.kind == READY:
        line = Text(f"Get ready ({seconds}): ") + Text(step.exercise.name)
        if step.level:
            line += Text(f" · {level_words(step)}")
        for i, setup in enumerate(step.exercise.setup, 1):
            line += Text(f"\n  {i}. ") + Text(setup)
        return line
    if step.kind == PHASE:
        line = (Text(step.exercise.name) + Text(f" · {counter(step)} | ") + Text(steps.title(step))
                + Text(f" {seconds}: ") + Text(step.cue))
        return line + Text(" | ") + Text(heel[0]) if (heel := heel_words(step, [step.cue])) \
            else line
    if step.kind == SWITCH:
        return Text(f"Switch sides ({seconds}): ") + Text(
            step.exercise.side_label(step.side or "right"))
    return Text(f"Rest ({seconds}). Next: ") + Text(steps.rest_leads_to(plan, index))


def summary(result: Summary, *, plan: Timeline | None = None,
            last_reps: int | None = None, first_time: bool = False) -> RenderableType:
    """What was done, each leg in its own words, and how it compares with last time."""
    title = "Workout complete" if result.completed else "Workout stopped"
    lines = Text(f"{title} · {duration(result.seconds)}\n", style="bold")
    exercises = {e.id: e for e in plan.exercises} if plan is not None else {}
    for done in result.exercises:
        lines += Text("  ") + Text(done.name)
        exercise = exercises.get(done.exercise_id)
        lines.append(": " + (f"{done.reps_done}/{done.reps_planned} reps" if exercise is None
                             else steps.doses(exercise, done.reps_done, done.reps_planned)))
        sides = [p for p in result.parts if p.name == done.name and p.side and p.reps_done]
        if sides and exercise is not None:
            lines += Text(" (") + Text(", ".join(
                f"{exercise.side_label(p.side)} {p.reps_done}" for p in sides)) + Text(")")
        lines.append("\n")
    lines.append(f"Reps done: {result.reps_done}")
    if last_reps is not None:
        lines.append(f"\n{_than_last_time(result.reps_done, last_reps)}")
    elif first_time and result.reps_done:  # nothing done yet is no first time to praise
        lines.append("\nFirst time: well done.")
    return lines


def _than_last_time(reps: int, last: int) -> str:
    if reps == last:
        return f"The same as last time: {reps} reps."
    more = reps - last
    word = "more" if more > 0 else "fewer"
    return f"{abs(more)} {word} {plural(abs(more), 'rep')} than last time."


def _capital(text: str) -> str:
    """The first letter a capital, the rest as written (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def finished_lines(plan: Timeline, index: int) -> list[str]:
    """'Bridge done: well done.' as the step after an exercise's last rep starts."""
    done = finished(plan, index)
    return [_sentence(done_words(done))] if done is not None else []


def cheer_lines(plan: Timeline, index: int) -> list[str]:
    """'Halfway.' or 'Last rep.' as such a rep starts."""
    step = plan.steps[index]
    cheer = encouragement(step) if starts_rep(plan, index) else None
    return [_sentence(_capital(steps.cheer_words(step, cheer)))] if cheer else []


def extended_line(step: Step, seconds: float) -> str:
    """The plain line for `+`: 'Rest +10 s.'"""
    what = "Rest" if step.kind == REST else "Get ready"
    return f"{what} +{seconds:g} s."


PAUSED_LINE = "Paused. Press space to resume."
RESUMED_LINE = "Resumed."
MUTED_LINE = "Muted."
UNMUTED_LINE = "Unmuted."


def comparison(without: str, with_heel: str) -> RenderableType:
    """Where the two sets of a compare drill were felt, side by side."""
    from rich.table import Table  # only a compare drill draws a table: a session need not

    table = Table(title="Where you felt it", title_style="bold", title_justify="left")
    table.add_column("Without the heel")
    table.add_column("Through the heel")
    table.add_row(without, with_heel)
    return table


def plan_preview(plan: Timeline, glyphs: Glyphs = UNICODE) -> RenderableType:
    """The plan as a table: when each step starts, what it is, how long it takes. A set
    (or one side of it) is one row, its reps together: a row per rep made --reps 100
    --sets 100 a table of 10,000 rows."""
    rows: list[tuple[str, tuple[Text, ...], str]] = []
    at = 0.0
    for group in _rows(plan.steps):
        first, last = plan.steps[group[0]], plan.steps[group[-1]]
        group_steps = [plan.steps[i] for i in group]
        seconds = sum(map(_SECONDS, group_steps))
        # Text(...) of a plain string: words from the file are shown as they are.
        label: tuple[Text, ...]
        if first.kind == PHASE:
            if steps.is_hold(first.exercise):  # '2 holds of 30 s': the hold says its length
                label = (Text(f"{first.exercise.name}  {_reps(first, last, glyphs)}"),)
            else:
                one_rep = group_steps[:len(group) // (last.rep - first.rep + 1)]  # alike
                phases = f" {glyphs.dot} ".join(f"{steps.title(s)} {s.seconds:g}s"
                                                for s in one_rep)
                label = (Text(f"{first.exercise.name}  {_reps(first, last, glyphs)}"),
                         Text(phases))
        elif leads_to := steps.rest_leads_to(plan, group[0]):
            label = (Text(f"{heading(first)} {glyphs.arrow} {leads_to}"),)
        else:
            label = (Text(heading(first)),)
        rows.append((clock(at), label, f"{seconds:g}s"))
        at += seconds
    return _Preview(rows, clock(at), glyphs.rule)


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
        gap = self.GAP if options.max_width >= 40 else " "  # narrow: room for "Total"
        widest = max(len("Total"), *(_line(label).cell_len for _, label, _ in self.rows))
        step_w = max(len("Total"),
                     min(widest, options.max_width - start_w - time_w - 2 * len(gap)))
        width = start_w + step_w + time_w + 2 * len(gap)

        def line(start: str, step: Text, time: str = "") -> Text:
            # no_wrap: each line fits already; wrapping it again was most of the time.
            return Text.assemble(f"{start:>{start_w}}{gap}", step,
                                 " " * (step_w - step.cell_len), f"{gap}{time:>{time_w}}",
                                 no_wrap=True)

        header = line("Start", Text("Step"), "Time")
        header.stylize("bold")
        yield header
        yield Text(self.rule * width)
        # The rows as plain segments: their words are plain Text already (no markup, no
        # control codes), and a Text a line cost rich a wrap each (0.2 s at 100 x 100).
        end = Segment.line()
        for start, label, time in self.rows:
            for i, step in enumerate(_fit(label, step_w, console)):
                yield Segment(f"{start if i == 0 else '':>{start_w}}{gap}{step.plain}"
                              f"{' ' * (step_w - step.cell_len)}{gap}"
                              f"{time if i == 0 else '':>{time_w}}")
                yield end
        yield Text()
        total = line("", Text("Total"), self.total)
        total.stylize("bold", start_w)
        yield total


def _reps(first: Step, last: Step, glyphs: Glyphs) -> str:
    """'Rep 1-10 of 10 · Set 1/1 · left foot forward': the reps of a row, set and leg."""
    reps = f"{first.rep}-{last.rep}" if last.rep != first.rep else f"{first.rep}"
    done = steps.doses(first.exercise, last.rep - first.rep + 1) \
        if steps.is_hold(first.exercise) and first.rep == 1 and last.rep == first.reps \
        else f"{rep_noun(first.exercise).capitalize()} {reps} of {first.reps}"
    parts = [done, f"Set {first.set}/{first.sets}"]
    if first.side:
        parts.append(first.exercise.side_label(first.side))
    return f" {glyphs.dot} ".join(parts)


_SET_OF = operator.attrgetter("kind", "block", "set", "side")  # what plan.same_set compares
_SECONDS = operator.attrgetter("seconds")


def _rows(plan_steps: tuple[Step, ...]) -> list[list[int]]:
    """The steps' indexes in rows: the reps of one set (and side) together, any other step
    alone."""
    rows: list[list[int]] = []
    for (kind, *_), group in itertools.groupby(range(len(plan_steps)),
                                               key=lambda i: _SET_OF(plan_steps[i])):
        if kind == PHASE:
            rows.append(list(group))
        else:
            rows.extend([i] for i in group)
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
        room = max(1, width - len(indent))
        if piece.cell_len <= room and not any(c in piece.plain for c in "\n\t"):
            parts: Sequence[Text] = [piece]  # wrapping it would give it back whole
        elif piece.style or piece.spans:
            parts = list(piece.wrap(console, room, overflow="fold"))
        else:
            parts = _wrapped(piece.plain, room, console)
        lines.extend(Text(indent) + part for part in parts)
    return lines


@lru_cache(maxsize=64)  # each set of an exercise shows the same tempo: wrapped once
def _wrapped(plain: str, width: int, console: Console) -> tuple[Text, ...]:
    return tuple(Text(plain).wrap(console, width, overflow="fold"))
