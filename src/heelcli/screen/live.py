"""Run a plan on a console: a live screen, announced plain lines, or one line per step.

The runner decides what happens when; this module decides how it looks and sounds.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Mapping

from rich.console import Console
from rich.control import Control
from rich.segment import ControlType, Segment
from rich.style import Style
from rich.text import Span, Text

from heelcli.engine.alerts import SET_END, SET_START, Announcer
from heelcli.engine.keymap import QUIT_KEY
from heelcli.engine.records import Part, Summary
from heelcli.engine.runner import Clock, Keys, Runner, Tick
from heelcli.engine.timeline import REST, Timeline
from heelcli.screen import frame, view
from heelcli.text import voice_script, words

LIVE = "live"  # a redrawn screen with big glyphs (stdout is a terminal)
PLAIN = "plain"  # --plain: a line per step and at 3-2-1, for screen readers
LINES = "lines"  # stdout is not a terminal: a line per step, nothing else


def can_redraw(environ: Mapping[str, str]) -> bool:
    """Whether the terminal can move its cursor, which a redrawn screen needs. `environ`:
    the environment's variables (heelcli.flows.environment).

    TERM unset or 'dumb' cannot; a terminal whose terminfo entry has no cursor addressing
    cannot either. A TERM without an entry here is taken to be a usual ANSI terminal.
    """
    term = environ.get("TERM", "")
    if term in ("", "dumb", "unknown"):
        return False
    if os.name != "posix":  # Windows: its terminals all move the cursor
        return True
    entry = _terminfo(term, environ)
    return True if entry is None else _has_cursor_address(entry)


# Where ncurses looks for a compiled entry, after $TERMINFO, ~/.terminfo and $TERMINFO_DIRS.
_TERMINFO_DIRS = ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo",
                  "/usr/lib/terminfo", "/usr/share/lib/terminfo", "/usr/local/share/terminfo")
_CURSOR_ADDRESS = 10  # `cup`: its place among a terminfo entry's string capabilities


def _terminfo(term: str, environ: Mapping[str, str]) -> bytes | None:
    """TERM's compiled terminfo entry, found as ncurses finds it (curses itself would cost
    the session 0.35 MiB for this one look); None if there is none."""
    if "/" in term or term.startswith("."):
        return None
    places = [environ.get("TERMINFO", "")]
    if environ.get("HOME"):
        places.append(os.path.join(environ["HOME"], ".terminfo"))
    if "TERMINFO_DIRS" in environ:  # an empty member: the default place
        places += [place or "/usr/share/terminfo"
                   for place in environ["TERMINFO_DIRS"].split(":")]
    places += _TERMINFO_DIRS
    for place in filter(None, places):
        for sub in (term[0], f"{ord(term[0]):02x}"):  # letter folders; hex ones on macOS
            try:
                with open(os.path.join(place, sub, term), "rb") as entry:
                    return entry.read(65536)
            except OSError:
                continue
    return None


def _has_cursor_address(entry: bytes) -> bool:
    """Whether a compiled terminfo entry (term(5): the legacy or the 32-bit number format)
    has cursor addressing; an entry it cannot read is taken to have it, as no entry is."""
    if len(entry) < 12:
        return True
    magic, names, bools, numbers, strings, _ = (
        int.from_bytes(entry[at:at + 2], "little", signed=True) for at in range(0, 12, 2))
    number_size = {0o432: 2, 0o1036: 4}.get(magic)
    if number_size is None or strings <= _CURSOR_ADDRESS:
        return number_size is None
    at = 12 + names + bools
    at += at % 2 + numbers * number_size + 2 * _CURSOR_ADDRESS
    if at + 2 > len(entry):
        return True
    return int.from_bytes(entry[at:at + 2], "little", signed=True) >= 0


class OutputLost(Exception):
    """The screen or pipe went away mid-session (a closed pipe, a terminal hung up, a full
    disk). The session stopped there; `summary` is what was done until then."""

    def __init__(self, summary: Summary, error: OSError) -> None:
        super().__init__(str(error))
        self.summary = summary
        self.error = error


class _UntilLost:
    """The keys, until output fails: then a quit, so the runner stops at once."""

    def __init__(self, keys: Keys, lost: list[OSError]) -> None:
        self.keys = keys
        self.lost = lost
        self.on_suspend = keys.on_suspend

    @property
    def signal(self) -> int | None:
        return self.keys.signal

    @signal.setter
    def signal(self, value: int | None) -> None:
        self.keys.signal = value

    def wait(self, timeout: float) -> str | None:
        return QUIT_KEY if self.lost else self.keys.wait(timeout)


class _Screen:
    """The live session on the terminal's alternate screen, as `less` and `htop` do it.

    The first frame, and the first after a resize or a return from Ctrl-Z, covers the whole
    screen; after that only the lines that differ from what is on the screen are rewritten
    (within a step: the seconds, the progress and its bar, the figure), each without its
    trailing blanks, so a second costs a few hundred bytes, not the whole screen. A line is
    always written whole from its first column, so its words arrive together. Taking the
    screen down (the end, Ctrl-Z, an error) brings the normal screen back as it was.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.up = False
        self.shown: object = None  # what the last frame drew
        self.size = (0, 0)  # the terminal's size when the lines below were drawn
        self.lines: list[_Line] = []  # what is on the screen, line by line; [] unknown
        self.rendered: dict[tuple[_Line, int], str] = {}
        # The next frame, drawn ahead: (what it shows, the lines it follows, its lines,
        # the text that turns the one into the other); None when there is none.
        self.ready: tuple[object, list[_Line], list[_Line], str] | None = None

    def show(self, shown: object, draw: Callable[[int, int], list[Text]]) -> None:
        """Draw a frame unless `shown`, what it depends on, is what the last one showed;
        the frame `prepare` drew for `shown`, if it is still what follows the screen, is
        only written."""
        if shown == self.shown:
            return
        ready, self.ready = self.ready, None
        if ready is not None and ready[0] == shown and ready[1] is self.lines and self.up:
            self.shown, self.lines = shown, ready[2]
            self.console.file.write(ready[3])
            self.console.file.flush()
            return
        self.shown = shown
        console = self.console
        width, height = console.size
        lines = draw(width, height)
        keys = [_line(text) for text in lines]
        # Whole at first (the screen not up yet has no lines), at a new size, after Ctrl-Z.
        if (width, height) != self.size or len(keys) != len(self.lines):
            with console:  # one write per frame
                if not self.up:
                    self.up = console.set_alt_screen(True)
                    console.show_cursor(False)
                self.rendered.clear()  # a line's end (the corner, the edge) depends on the size
                console.control(Control.home())
                console.print(Text("\n").join(lines), end="", soft_wrap=True)
                # The last line stops one cell short of the corner: clear that cell.
                console.control(Control((ControlType.ERASE_IN_LINE, 0)))
        else:  # the lines that changed, rendered as print would, written as they are
            console.file.write(self._changed(lines, keys))
            console.file.flush()
        self.size, self.lines = (width, height), keys

    def prepare(self, shown: object, draw: Callable[[int, int], list[Text]]) -> None:
        """Draw the frame for `shown` (what the next second shows) now, so when its second
        comes only its text is written: no layout between the wake-up and the write."""
        console = self.console
        width, height = console.size
        if not self.up or shown == self.shown or (width, height) != self.size:
            return  # a whole screen is drawn then anyway (see show)
        lines = draw(width, height)
        keys = [_line(text) for text in lines]
        if len(keys) != len(self.lines):
            return
        self.ready = shown, self.lines, keys, self._changed(lines, keys)

    def _changed(self, lines: list[Text], keys: list[_Line]) -> str:
        """What turns the screen's lines into `lines`: each line that differs, whole."""
        return "".join(self._line_at(text, key, row)
                       for row, (text, key) in enumerate(zip(lines, keys, strict=True))
                       if key != self.lines[row])

    def _line_at(self, text: Text, key: _Line, row: int) -> str:
        """Line `row` ready to write over what was there; the same line at the same place
        (the same digits, the same bar) is rendered once."""
        done = self.rendered.get((key, row))
        if done is None:
            # Two screens' worth: what recurs (a rep's digits, the figure's moves) stays;
            # a long session's lines and the moving bar do not pile up (~1 MiB at 200x60).
            # Four screens cost 0.1 MiB more at 200x60 and saved no CPU measurably
            # (bench/session_memory.py).
            if len(self.rendered) > 2 * self.size[1]:
                self.rendered.clear()
            kept = _kept(text)
            # Text.render: the line's segments as they are (fitted already: no wrapping).
            segments = [Control.move_to(0, row).segment, *_segments(text, kept, self.console)]
            if kept < len(text) or row == self.size[1] - 1:  # blanks, or the corner cell
                segments.append(Control((ControlType.ERASE_IN_LINE, 0)).segment)
            # Kept as the text print would write for them (console.capture would write
            # nothing), which takes less memory than the segments.
            done = self.rendered[key, row] = self.console._render_buffer(segments)
        return done

    def hide(self) -> None:
        self.lines = []  # whatever is shown next covers the whole screen again
        self.ready = None
        if self.up:
            self.up = False
            self.shown = None
            with contextlib.suppress(OSError), self.console:  # a terminal already gone
                self.console.show_cursor(True)
                self.console.set_alt_screen(False)


_Line = tuple[str, object, tuple[Span, ...]]


def _line(text: Text) -> _Line:
    """What a line shows: its characters and their styles (Text's == ignores its style)."""
    return text.plain, text.style, tuple(text.spans)


def _segments(text: Text, kept: int, console: Console) -> list[Segment]:
    """The first `kept` characters of a line in their styles, as a whole screen draws them.
    Text.render leaves out a line's own style when it has no spans of its own (a whole
    screen is joined first, which makes it one): the digits' bold, a band's colour."""
    if not text.spans:
        style = console.get_style(text.style) if text.style else None
        return [Segment(text.plain[:kept], style)] if kept else []
    out = []
    for segment in text.render(console, end=""):  # cut, rather than slice the Text: cheaper
        if kept <= 0:
            break
        if len(segment.text) > kept:
            segment = Segment(segment.text[:kept], segment.style, segment.control)
        out.append(segment)
        kept -= len(segment.text)
    return out


def _kept(text: Text) -> int:
    """How many characters of a line to write: all but its trailing blanks, which erasing
    to the end of the line clears as well, unless the line has a background colour."""
    kept = len(text.plain.rstrip(" "))
    if kept < len(text) and any(
            style and (parsed := style if isinstance(style, Style) else Style.parse(style))
            and (parsed.bgcolor is not None or parsed.reverse)
            for style in (text.style, *(span.style for span in text.spans))):
        return len(text)
    return kept


def _next_second(tick: Tick) -> Tick | None:
    """The tick the runner wakes to next, as of that instant: this step a whole second on
    (see runner._timeout), or the next step's first; None paused, or at the end."""
    if tick.paused or tick.help:
        return None  # a key ends it, whenever
    left = math.ceil(tick.remaining) - 1
    if left > 0:
        return Tick(tick.plan, tick.index, float(left), muted=tick.muted, added=tick.added)
    following = tick.index + 1
    if following >= len(tick.plan.steps):
        return None
    return Tick(tick.plan, following, tick.plan.steps[following].seconds, muted=tick.muted)


def run(plan: Timeline, *, console: Console, clock: Clock, keys: Keys, mode: str,
        bell: bool = False, speak: Callable[[str], None] | None = None,
        on_set: Callable[[tuple[Part, ...]], None] = lambda parts: None,
        watch: Callable[[Tick], None] = lambda tick: None, figure: bool = True) -> Summary:
    """Guide `plan` on `console`; what was done. Raises OutputLost if the output fails.
    `watch` sees each step's start and each tick (heel test times a hold with it).
    `figure`: draw the exercises' figures on the live screen where they fit."""
    announcer = Announcer(plan)
    prompter = voice_script.Prompter(voice_script.script(plan))
    screen = _Screen(console)
    paused = helping = muted = False  # as the plain lines last said
    hushed = False  # the m key: no bell, no voice
    added = 0.0
    lost: list[OSError] = []  # the write that failed, once one has

    def attempt(show: Callable[[], object]) -> None:
        if not lost:
            try:
                show()
            except OSError as exc:
                lost.append(exc)

    def hide() -> None:  # tried even after a failure: it also lets go of sys.stdout
        try:
            screen.hide()
        except OSError as exc:
            lost.append(exc)

    def say(line: str | Text) -> None:
        console.print(line, soft_wrap=True)

    def ring(events: list[str]) -> None:
        if bell and not hushed and (SET_START in events or SET_END in events):
            console.bell()

    def voice(text: str) -> None:
        if speak is not None and not hushed and text:
            speak(text)

    def on_step(tick: Tick) -> None:
        nonlocal added, hushed
        added, hushed = 0.0, tick.muted
        ring(announcer.enter(tick.index))
        voice(prompter.start(tick.index) or "")
        if mode != LIVE:
            for line in view.finished_lines(plan, tick.index):
                say(line)
            if mode == PLAIN:
                for line in view.cheer_lines(plan, tick.index):
                    say(line)
            say(view.plain_line(plan, tick.index))

    def on_tick(tick: Tick) -> None:
        nonlocal paused, helping, muted, added, hushed
        hushed = tick.muted
        counts = announcer.counts(tick)
        if counts and bell and not hushed and tick.step.kind == REST:
            console.bell()
        voice(prompter.due(tick.remaining) or "")
        if mode == LIVE:
            # Redraw only when what is shown changes (about once a second), so guiding a
            # workout costs next to no CPU; a key or a resize still shows on the next tick.
            screen.show(shown(tick),
                        lambda width, height: frame.frame(tick, width, height, figure=figure))
            return
        if mode == PLAIN:
            for n in counts:
                say(str(n))
        if tick.paused != paused and not tick.help:
            paused = tick.paused
            say(view.PAUSED_LINE if paused else view.RESUMED_LINE)
        if tick.muted != muted:
            muted = tick.muted
            say(view.MUTED_LINE if muted else view.UNMUTED_LINE)
        if tick.added > added:
            say(view.extended_line(tick.step, tick.added - added))
            added = tick.added
        if tick.help != helping:
            helping = tick.help
            if helping:
                say(view.keys_help())

    def shown(tick: Tick) -> tuple[object, ...]:
        """What a frame of `tick` depends on: another frame only when one of these changes."""
        return (tick.index, words.countdown(tick.remaining), tick.paused, tick.help,
                tick.muted, tick.added, console.size)

    def prepare(tick: Tick) -> None:
        """Draw the frame of the next second shown ahead, as of its first instant."""
        following = _next_second(tick)
        if following is not None:
            screen.prepare(shown(following), lambda width, height: frame.frame(
                following, width, height, figure=figure))

    def watched(show: Callable[[Tick], None], tick: Tick) -> None:
        watch(tick)  # even once the output is gone: it is what was done
        attempt(lambda: show(tick))

    # A set's record waits until the next step's first frame is on the screen: the write
    # (a transaction, and fsyncs on a slow disk) then never makes that frame late.
    unwritten: list[tuple[Part, ...]] = []

    def write_sets() -> None:
        while unwritten:
            on_set(unwritten.pop(0))

    ahead = -1  # the step whose next step is laid out already

    def ticked(tick: Tick) -> None:
        nonlocal ahead
        watched(on_tick, tick)
        write_sets()
        # Then, with a second to spare, lay out the next step: its first frame, the one
        # that changes the most, is then drawn as soon as the step begins.
        following = tick.index + 1
        if mode == LIVE and tick.index != ahead and following < len(plan.steps) and not lost:
            ahead = tick.index
            frame.prepare(Tick(plan, following, plan.steps[following].seconds,
                               muted=tick.muted), *console.size, figure=figure)
        if mode == LIVE and not lost:
            attempt(lambda: prepare(tick))

    keys.on_suspend = hide  # the real terminal hands the screen back on Ctrl-Z
    try:
        summary = Runner(plan, clock=clock, keys=_UntilLost(keys, lost),
                         on_step=lambda tick: watched(on_step, tick),
                         on_tick=ticked, on_set=unwritten.append).run()
    finally:
        hide()  # whatever went wrong: the cursor comes back
        write_sets()  # the last set ends the session: no frame after it
    attempt(lambda: ring(announcer.finish(summary.completed)))
    attempt(lambda: voice(voice_script.ending(plan, summary)))
    if lost:
        raise OutputLost(summary, lost[0])
    return summary
