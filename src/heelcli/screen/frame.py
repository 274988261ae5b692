"""The live session screen ("the mat view"): one frame that fills the terminal.

Laid out for a person on a mat two metres away, in this order of priority: the phase word,
the seconds left, the rep, the leg, the cue, the heel cue, what comes next, the progress of
the whole session and the keys. The glyphs are as big as the terminal allows with every
line shown; when even the smallest leave no room for all, lines are dropped from the
bottom of that list, never cropped. Every line is wrapped to the width, never wider.

The exercise's figure (heelcli.screen.figure) takes only space that list leaves free: the
columns right of the big digits, when they are wide and tall enough for it.

Pure rendering: the words come from heelcli.screen.view, the numbers from the runner's Tick.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from heelcli.engine.keymap import EXTEND, HELP, KEYMAP, MUTE, NEXT, PAUSE, QUIT, SKIP
from heelcli.engine.runner import EXTENDABLE, Tick
from heelcli.engine.timeline import PHASE, READY, REST, SWITCH, StepKind, unknown_kind
from heelcli.screen import glyphs, view
from heelcli.text import words

if TYPE_CHECKING:
    from heelcli.engine.poses import Pose

COMPACT_WIDTH = 40  # narrower than this, or
COMPACT_HEIGHT = 8  # shorter than this: the compact text layout, no big glyphs
ROOMY = (60, 20)  # from this size on, glyphs are at least 5 rows tall (scale 2)
GAP = 4  # columns between the seconds and the rep number
FIGURE_MIN = (16, 5)  # the least (columns, rows) a figure is drawn in; smaller, none
FIGURE_GAP = 3  # columns between the big digits and the figure
FIGURE_SPARED_FROM = 5  # digits at least this scale (13 rows) narrow to make room for it
PAUSED_WORD = "PAUSED"
MUTED_WORD = "muted"
SEPARATOR = " · "  # status lines break here, never inside a phrase
DONE_BAR, LEFT_BAR = "█", "░"
# Which keys the footer keeps longest when it must shorten: pause, help, quit first.
_FOOTER_PRIORITY = (PAUSE, HELP, QUIT, NEXT, SKIP, MUTE, EXTEND)


def band_style(kind: StepKind) -> str:
    """The colour of a kind of step: a background with its own foreground, so it reads the
    same on dark and light themes. Without colour the phase word alone says it."""
    if kind == PHASE:
        return "bold black on green"
    if kind == READY:
        return "bold black on yellow"
    if kind == REST:
        return "bold white on blue"
    if kind == SWITCH:
        return "bold white on magenta"
    unknown_kind(kind)


def frame(tick: Tick, width: int, height: int, *, figure: bool = True) -> list[Text]:
    """The screen for one tick: `height` lines, each exactly `width` cells wide except the
    last, one cell shorter (the bottom-right corner is never written, so it never scrolls).
    `figure`: draw the exercise's figure where it fits (False: an output without braille).

    What `layout` gives, laid out once a step: within a step only the seconds, the figure
    and the progress change, so only those lines are made again each second."""
    width, height = max(width, 1), max(height, 1)
    if tick.paused or tick.help or width < COMPACT_WIDTH or height < COMPACT_HEIGHT:
        return layout(tick, width, height, figure=figure)  # rare, or small: never cached
    progress = _progress(tick, width)
    key = _key(tick, width, height, figure, progress)
    laid = _laid.get(key)
    if laid is None or laid.plan is not tick.plan:
        return list(_lay(tick, width, height, figure, key).lines)  # laid out for this tick
    if laid.rows is None:  # the smallest layout, lines dropped: laid out every time
        return layout(tick, width, height, figure=figure)
    top, gap, scale, below = laid.rows
    # The digits' block as `_layout` makes it, each row made a Text once, figure and
    # padding already in it (a Text costs a pass over its characters).
    digits = _glyph_rows(tick, width, scale)
    middle = [*[""] * gap, *digits, *[""] * gap]
    tails = _figure_tails(tick, width, list(map(_cells, middle))) if figure else {}
    lines = list(laid.lines)
    for i, plain in enumerate(middle):
        plain += tails.get(i, "")
        row = top + i
        pad = width - (row == height - 1) - _cells(plain)
        style = DIGITS_STYLE if gap <= i < gap + len(digits) else ""
        lines[row] = Text(plain + " " * pad if pad > 0 else plain, style=style)
    for row, line in enumerate(progress, below):
        lines[row] = _padded(line, width, row == height - 1)
    return lines


class _Laid:
    """A step's frame as laid out at its first tick, and the rows that change with the
    seconds: (first row of the digits' block, its blank rows above and below, the digits'
    scale, first row of the progress); None when the layout is not the usual one."""

    def __init__(self, plan: object, key: tuple[object, ...], lines: list[Text],
                 rows: tuple[int, int, int, int] | None) -> None:
        self.plan, self.key, self.lines, self.rows = plan, key, lines, rows


_laid: dict[tuple[object, ...], _Laid] = {}  # the step on the screen, the next one ahead


def prepare(tick: Tick, width: int, height: int, *, figure: bool = True) -> None:
    """Lay out the step of `tick`, its first, ahead of its first frame (the live screen:
    the next step, while this one counts down), so that frame is drawn without delay."""
    width, height = max(width, 1), max(height, 1)
    if tick.paused or tick.help or width < COMPACT_WIDTH or height < COMPACT_HEIGHT:
        return
    key = _key(tick, width, height, figure, _progress(tick, width))
    laid = _laid.get(key)
    if laid is None or laid.plan is not tick.plan:
        _lay(tick, width, height, figure, key, ahead=True)


def _key(tick: Tick, width: int, height: int, figure: bool,
         progress: list[Text]) -> tuple[object, ...]:
    """Everything a step's layout depends on but the seconds; the progress words' line
    count too, as it changes what fits."""
    return tick.index, tick.muted, tick.added, width, height, figure, len(progress)


def _lay(tick: Tick, width: int, height: int, figure: bool, key: tuple[object, ...],
         *, ahead: bool = False) -> _Laid:
    while len(_laid) > 2:  # the oldest: a step gone by, or a size no longer on the screen
        del _laid[next(iter(_laid))]
    laid = _laid[key] = _laid_out(tick, width, height, figure, key, ahead=ahead)
    return laid


def _laid_out(tick: Tick, width: int, height: int, figure: bool,
              key: tuple[object, ...], *, ahead: bool = False) -> _Laid:
    """The whole layout of `tick`, kept for the rest of its step. `ahead`: laid out before
    its first frame, which makes the digits' rows again: no figure drawn in them yet."""
    texts = _texts(tick, width)
    top, bottom, _, at = _layout(tick, width, height, texts, figure, draw=not ahead)
    lines = _lines(top, bottom, width, height)
    if at is None:
        return _Laid(tick.plan, key, lines, None)
    below = height - len(bottom)  # the progress: the first of the pinned blocks
    return _Laid(tick.plan, key, lines, (*at, below))


def layout(tick: Tick, width: int, height: int, *, figure: bool = True) -> list[Text]:
    """The frame for one tick, laid out whole (what `frame` gives, without its cache)."""
    width, height = max(width, 1), max(height, 1)
    texts = _texts(tick, width)
    if tick.help:  # the keys, whatever the size: the whole list, or a compact one
        top, bottom = _fit([_compact_head(tick, width), _help(width, height - 2)],
                           texts[-1:], height)
    elif width < COMPACT_WIDTH or height < COMPACT_HEIGHT:
        top, bottom = _fit([_compact_head(tick, width)], texts, height)
    else:
        top, bottom, _, _ = _layout(tick, width, height, texts, figure)
    return _lines(top, bottom, width, height)


# What the seconds' rows, the figure and the progress bar are drawn with: printable ASCII,
# the middle dot, box drawing, blocks and braille, one cell each.
_ONE_CELL = re.compile(r"[\x20-\x7e\u00b7\u2500-\u259f\u2800-\u28ff]*")


def _cells(plain: str) -> int:
    """How many cells `plain` takes. The lines that change every second are counted here:
    rich's cell_len keeps each line it is given in a cache of 4,096, which a long session
    at 200 columns would fill with 2 MiB of lines shown once."""
    return len(plain) if _ONE_CELL.fullmatch(plain) else cell_len(plain)


def _lines(top: list[Text], bottom: list[Text], width: int, height: int) -> list[Text]:
    """`top` from the first row, `bottom` down to the last, blank lines between."""
    lines = top + [Text()] * (height - len(top) - len(bottom)) + bottom
    return [_padded(line, width, i == height - 1) for i, line in enumerate(lines)]


def _padded(line: Text, width: int, last: bool) -> Text:
    """`line` filled with blanks to the width, the last line one cell short of it."""
    pad = width - last - _cells(line.plain)
    return _joined(line, " " * pad) if pad > 0 else line


def _joined(line: Text, tail: str) -> Text:
    """What `line + Text(tail)` gives, made in one go (a Text costs a pass over its
    characters to strip control codes: the figure's rows and the padding, once, not thrice)."""
    return Text(line.plain + tail, style=line.style, justify=line.justify,
                overflow=line.overflow, no_wrap=line.no_wrap, end=line.end,
                tab_size=line.tab_size, spans=list(line.spans))


_Where = tuple[int, int, int] | None  # see _layout


def _layout(tick: Tick, width: int, height: int, texts: list[list[Text]],
            figure: bool, *, draw: bool = True) -> tuple[list[Text], list[Text], int, _Where]:
    """The phase word in big letters if it can be, then the largest glyphs that leave room
    for every line (with a blank line under each if there is room); when nothing leaves
    room for all, the smallest glyphs and fewer lines. Then the digits' scale, and where
    they are: (first row of their block, blank rows around them, scale); None for the
    smallest layout, which may drop lines. `draw` False: the figure's room is kept but
    it is not drawn (the digits' rows are made again before they are shown)."""
    smallest = 2 if width >= ROOMY[0] and height >= ROOMY[1] else 1
    need = sum(map(len, texts))
    # The digits take at most half the height, so a big phase word fits above them.
    room = min(height - need, height // 2)
    largest = max(smallest, _largest_scale(tick, width - 1, room))
    rep = _a_rep(tick)
    if rep is not None:  # waiting digits never outgrow a rep's: the rep is what matters
        cap = _rep_scale(rep, width, height)
        smallest, largest = min(smallest, cap), min(largest, cap)
    if figure and _pose(tick) is not None:
        # Huge digits spare the columns a figure needs; smaller ones keep every column.
        spared = _largest_scale(tick, width - 1 - FIGURE_MIN[0] - FIGURE_GAP, room)
        if spared >= FIGURE_SPARED_FROM:
            largest = min(largest, spared)
    heads = _phase_heads(tick, width, largest)
    for big in (True, False):
        for scale in range(largest, smallest - 1, -1):
            digits = _glyph_block(tick, width, scale)
            for gap in ([Text()], []):
                for head in heads[:-1] if big else heads[-1:]:
                    if len(head) + len(digits) + need + 2 * len(gap) <= height:
                        texts = [_under_rep(tick, width, scale, texts[0]), *texts[1:]]
                        middle = [*gap, *digits, *gap]
                        if figure and draw:
                            middle = _with_figure(tick, width, middle)
                        gap = middle[:len(gap)]
                        digits = middle[len(gap):len(middle) - len(gap)]
                        return (*_fit([head, gap, digits, middle[len(middle) - len(gap):]],
                                      texts, height), scale, (len(head), len(gap), scale))
    return (*_fit([heads[-1], _glyph_block(tick, width, smallest)], texts, height), smallest,
            None)


SECONDS_LABEL = " seconds"


def _a_rep(tick: Tick) -> Tick | None:
    """For a rest or a switch: a rep step of the same exercise (the next one, else the
    last before), as it would be drawn; None for any other step."""
    if tick.step.kind not in (REST, SWITCH):
        return None
    steps = tick.plan.steps
    order = [*range(tick.index + 1, len(steps)), *range(tick.index - 1, -1, -1)]
    found = next((i for i in order if steps[i].kind == PHASE), None)
    return None if found is None else Tick(tick.plan, found, steps[found].seconds)


def _rep_scale(rep: Tick, width: int, height: int) -> int:
    """The scale of the digits a rep step is drawn with at this size."""
    return _layout(rep, width, height, _texts(rep, width), False)[2]


def _with_figure(tick: Tick, width: int, lines: list[Text]) -> list[Text]:
    """`lines` (the big digits and the blank lines around them) with the exercise's figure
    in the columns right of them, if it has one and they leave room for it."""
    out = list(lines)
    for i, tail in _figure_tails(tick, width, [_cells(line.plain) for line in lines]).items():
        out[i] = _joined(out[i], tail)
    return out


def _figure_tails(tick: Tick, width: int, cells: list[int]) -> dict[int, str]:
    """What the figure adds to each row of lines `cells` wide: blanks, then its row."""
    poses = tick.step.exercise.poses
    pose = _pose(tick)
    if poses is None or pose is None:
        return {}
    at = max(cells, default=0) + FIGURE_GAP
    room = width - at - 1
    if room < FIGURE_MIN[0] or len(cells) < FIGURE_MIN[1]:
        return {}
    from heelcli.screen import figure  # only a screen with room for a figure loads it

    rows = figure.draw(poses, pose, room, len(cells))
    left = at + (room - max(map(len, rows), default=0)) // 2
    top = (len(cells) - len(rows)) // 2
    return {top + i: " " * (left - cells[top + i]) + row for i, row in enumerate(rows)}


def _pose(tick: Tick) -> Pose | None:
    """Where the figure is at this tick: the set-up position while getting ready or
    switching sides; in a rep, moved from the phase's start to its end as the seconds
    pass; a stretch, its held position. Resting: none."""
    from heelcli.engine.poses import in_phase

    step = tick.step
    poses = step.exercise.poses
    if poses is None:
        return None
    if step.kind == PHASE:
        total = step.seconds + tick.added
        done = 1 - max(0.0, tick.remaining) / total if total > 0 else 1.0
        return in_phase(poses, step.phase, done, hold=step.exercise.hold_seconds is not None)
    if step.kind in (READY, SWITCH):
        return poses.start
    return None


def _under_rep(tick: Tick, width: int, scale: int, caption: list[Text]) -> list[Text]:
    """'rep 3 of 10' under the big rep number and 'seconds' under the big seconds (where
    it fits), so from the mat it is clear which number is which."""
    if not _rep_number(tick) or len(caption) != 1:
        return caption
    at = 1 + glyphs.width(_template(tick), scale) + GAP
    if at + _cells(caption[0].plain) > width:
        return caption
    lead = SECONDS_LABEL if len(SECONDS_LABEL) < at and not tick.paused else ""
    return [Text(lead, style="bold") + Text(" " * (at - len(lead))) + caption[0]]


def _fit(top: list[list[Text]], texts: list[list[Text]],
         height: int) -> tuple[list[Text], list[Text]]:
    """Drop blocks from the end until the rest fit. The progress and the keys, the last two
    blocks of `texts`, are pinned to the bottom of the screen."""
    blocks = top + texts
    while blocks and sum(map(len, blocks)) > height:
        blocks.pop()
    split = max(len(top), len(top) + len(texts) - 2)
    return ([line for block in blocks[:split] for line in block],
            [line for block in blocks[split:] for line in block])


def _texts(tick: Tick, width: int) -> list[list[Text]]:
    """The text blocks under the glyphs, in order of priority (3 to 9)."""
    step = tick.step
    cue = view.cue_words(step)
    middle = [_wrap(cue, width, "bold"),
              _wrap(view.heel_words(step, cue), width),
              _wrap(view.next_words(tick.plan, tick.index), width)]
    status = view.rep_words(tick.plan, tick.index, tick.remaining if tick.paused else None)
    if tick.muted:  # first, so no narrow screen ever drops it
        status = [" · ".join([MUTED_WORD, *status])]
    return [_wrap(status, width, "bold"),
            _wrap(view.leg_words(step), width, "bold"),
            *middle, _progress(tick, width), _footer(tick, width - 1)]


def _largest_scale(tick: Tick, width: int, height: int) -> int:
    """The largest scale at which the widest seconds (and rep number) of this step fit."""
    pixels = glyphs.pixel_width(_template(tick))
    rep = _rep_number(tick)
    gap = 0
    if rep:
        pixels += glyphs.pixel_width(re.sub("[0-9]", "0", rep))
        gap = GAP
    scale = max(1, (width - gap) // pixels)
    while scale > 1 and glyphs.rows(scale) > height:
        scale -= 1
    return scale


def _template(tick: Tick) -> str:
    """The widest clock face this step shows, digits as '0': the scale stays put as the
    seconds count down, and a 3 s phase and a 10 s rest get digits of one size."""
    face = words.countdown(tick.step.seconds + tick.added)
    return re.sub("[0-9]", "0", face.rjust(2, "0"))


def _rep_number(tick: Tick) -> str:
    step = tick.step
    counted = step.kind == PHASE and step.reps > 1  # one rep has nothing to count
    return str(step.rep) if counted and not _paused(tick) else ""


def _paused(tick: Tick) -> bool:
    return tick.paused or tick.help


def _glyph_block(tick: Tick, width: int, scale: int) -> list[Text]:
    """The seconds left and the rep number side by side, or PAUSED, `scale` big."""
    return [Text(row, style=DIGITS_STYLE) for row in _glyph_rows(tick, width, scale)]


DIGITS_STYLE = "bold"


def _glyph_rows(tick: Tick, width: int, scale: int) -> list[str]:
    """The rows of `_glyph_block`, as strings."""
    height = glyphs.rows(scale)
    if _paused(tick):
        fit = scale
        while fit > 1 and glyphs.width(PAUSED_WORD, fit) > width - 1:
            fit -= 1
        rows = glyphs.big(PAUSED_WORD, fit)
        rows += [""] * (height - len(rows))
    else:
        rows = glyphs.big(words.countdown(tick.remaining), scale)
        rep = _rep_number(tick)
        if rep:
            at = glyphs.width(_template(tick), scale) + GAP
            rows = [f"{row:<{at}}{number}"
                    for row, number in zip(rows, glyphs.big(rep, scale), strict=True)]
    return [" " + row for row in rows]


def _phase_heads(tick: Tick, width: int, scale: int) -> list[list[Text]]:
    """The phase word in big letters (up to half the largest digits' scale), largest first,
    then as one line."""
    word = view.phase_word(tick.step)
    heads = [list(head) for head in _big_heads(word, band_style(tick.step.kind), width, scale)]
    return [*heads, [_band_line(tick, width)]]  # the last one: a single line


@lru_cache(maxsize=64)  # each rep's step shows the same phase words
def _big_heads(word: str, style: str, width: int, scale: int) -> tuple[tuple[Text, ...], ...]:
    if not glyphs.drawable(word):
        return ()
    return tuple(tuple(_band(" " + row, width, style) for row in glyphs.big(word, size))
                 for size in range(max(1, scale // 2), 0, -1)
                 if glyphs.width(word, size) + 2 <= width)


def _band_line(tick: Tick, width: int) -> Text:
    style = band_style(tick.step.kind)
    return _wrap_band(" " + view.phase_word(tick.step), width, style)


def _band(text: str, width: int, style: str) -> Text:
    return Text(text + " " * (width - len(text)), style=style)


def _wrap_band(text: str, width: int, style: str) -> Text:
    lines = _wrap([text], width, style)
    return Text("\n").join(_band(line.plain, width, style) for line in lines)


def _compact_head(tick: Tick, width: int) -> list[Text]:
    """Below the size for big glyphs: the phase word and the seconds on one band line."""
    head = f"{view.phase_word(tick.step)}  {words.time_left(tick.remaining)}"
    if _paused(tick):
        head = f"{PAUSED_WORD} · {head}"
    if tick.muted:
        head = f"{head} · {MUTED_WORD}"
    style = band_style(tick.step.kind)
    return [_band(line.plain, width, style) for line in _wrap([head], width)]


def _progress(tick: Tick, width: int) -> list[Text]:
    """The whole session: 'exercise 2 of 4 · 6:10 left' and a bar across the width."""
    total = tick.plan.total_seconds + tick.added
    left = tick.left_in_plan
    done = round(width * (1 - left / total)) if total > 0 else width
    done = min(width, max(0, done))
    bar = Text()
    bar.append(DONE_BAR * done, style="green")
    bar.append(LEFT_BAR * (width - done), style="dim")
    return [*_wrap([view.progress_words(tick.plan, tick.index, left)], width), bar]


def _footer(tick: Tick, width: int) -> list[Text]:
    """The keys, as many as fit on one line, most needed first; never cropped."""
    shown = [b for b in _FOOTER_PRIORITY if b is not EXTEND or tick.step.kind in EXTENDABLE]
    while True:
        words = [view.key_word(b, paused=_paused(tick), muted=tick.muted)
                 for b in KEYMAP if b in shown]
        line = " · ".join(words)
        if len(line) <= width or len(shown) == 1:
            break
        shown.pop()
    return _wrap([line], width, "dim")


def _help(width: int, rows: int) -> list[Text]:
    """The keys and what they do; in `rows` too few for that, each key and its word."""
    lines = []
    for binding in KEYMAP:
        lines.extend(_wrap([f"{binding.label:>9}  {binding.help}"], width))
    if len(lines) <= rows:
        return lines
    return _wrap([" · ".join(f"{b.label} {b.short}" for b in KEYMAP)], width)


@lru_cache(maxsize=1)
def _measure() -> Console:
    """A console that only measures: Text.wrap needs one for tab sizes."""
    return Console(file=io.StringIO(), width=1000, color_system=None)


def _wrap(lines: list[str], width: int, style: str = "") -> list[Text]:
    """Each line wrapped to `width` at spaces, a word longer than the line folded; text
    from the exercise file stays literal (rich.text.Text, never markup)."""
    return [text for line in lines for phrase in _phrases(line, width)
            for text in ((Text(phrase, style=style),) if _fits(phrase, width)
                         else _wrapped(phrase, width, style))]


def _fits(phrase: str, width: int) -> bool:
    """Whether Text.wrap would give `phrase` back as it is: one line, no tab, within
    `width`. The progress words change every second; a line that fits is not kept."""
    return "\n" not in phrase and "\t" not in phrase and _cells(phrase) <= width


@lru_cache(maxsize=256)  # a live screen wraps the same words every second of a step
def _wrapped(line: str, width: int, style: str) -> tuple[Text, ...]:
    return tuple(Text(line, style=style).wrap(_measure(), width, overflow="fold"))


def _phrases(line: str, width: int) -> list[str]:
    """`line` in lines of at most `width` cells, broken at its separators (' · '), so
    'set 1 of 2' is never cut in two; a phrase wider than the line is wrapped alone."""
    if len(line) <= width or SEPARATOR not in line:
        return [line]
    out: list[str] = []
    for phrase in line.split(SEPARATOR):
        if out and len(out[-1]) + len(SEPARATOR) + len(phrase) <= width:
            out[-1] += SEPARATOR + phrase
        else:
            out.append(phrase)
    return out


__all__ = ["HELP", "MUTE", "frame", "layout", "prepare"]
