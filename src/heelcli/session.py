"""Run a plan on a console: a live screen, announced plain lines, or one line per step.

The runner decides what happens when; this module decides how it looks and sounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from heelcli import view
from heelcli.alerts import SET_END, SET_START, Announcer
from heelcli.digits import clock_face
from heelcli.plan import REST, Plan
from heelcli.runner import QUIT_KEY, Clock, Keys, Part, Runner, Summary, Tick

if TYPE_CHECKING:
    from rich.live import Live

LIVE = "live"  # a redrawn screen with big digits (stdout is a terminal)
PLAIN = "plain"  # --plain: a line per step and at 3-2-1, for screen readers
LINES = "lines"  # stdout is not a terminal: a line per step, nothing else


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

    def wait(self, timeout: float) -> str | None:
        return QUIT_KEY if self.lost else self.keys.wait(timeout)


class _Screen:
    """A live region that can be taken down (Ctrl-Z) and put back up on the next frame."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live: Live | None = None
        self.shown: object = None  # what the last frame drew

    def show(self, shown: object, draw: Callable[[], RenderableType]) -> None:
        """Draw a frame unless `shown`, what it depends on, is what the last one showed."""
        if shown == self.shown:
            return
        self.shown = shown
        if self.live is None:
            from rich.live import Live

            # Frames are drawn by the runner's ticks, not by a refresh thread.
            self.live = Live(console=self.console, auto_refresh=False, transient=True)
            self.live.start()
        self.live.update(draw(), refresh=True)

    def hide(self) -> None:
        live, self.live, self.shown = self.live, None, None
        if live is not None:
            live.stop()  # shows the cursor again


def run(plan: Plan, *, console: Console, clock: Clock, keys: Keys, mode: str,
        bell: bool = False, speak: Callable[[str], None] | None = None,
        on_set: Callable[[tuple[Part, ...]], None] = lambda parts: None) -> Summary:
    """Guide `plan` on `console`; what was done. Raises OutputLost if the output fails."""
    announcer = Announcer(plan)
    screen = _Screen(console)
    paused = helping = False
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
        if bell and (SET_START in events or SET_END in events):
            console.bell()

    def on_step(tick: Tick) -> None:
        ring(announcer.enter(tick.index))
        if speak is not None:
            speak(view.spoken(tick.step))
        if mode != LIVE:
            say(view.plain_line(tick.step))

    def on_tick(tick: Tick) -> None:
        nonlocal paused, helping
        counts = announcer.counts(tick)
        if bell and counts and tick.step.kind == REST:
            console.bell()
        if mode == LIVE:
            # Redraw only when what is shown changes (about once a second), so guiding a
            # workout costs next to no CPU; a key or a resize still shows on the next tick.
            screen.show((tick.index, clock_face(tick.remaining), tick.paused, tick.help,
                         console.size), lambda: view.frame(tick, console.width))
            return
        if mode == PLAIN:
            for n in counts:
                say(str(n))
        if tick.paused != paused:
            paused = tick.paused
            say(view.PAUSED_LINE if paused else view.RESUMED_LINE)
        if tick.help != helping:
            helping = tick.help
            if helping:
                say(view.keys_help())

    if hasattr(keys, "on_suspend"):  # the real terminal: hand the screen back on Ctrl-Z
        keys.on_suspend = hide
    try:
        summary = Runner(plan, clock=clock, keys=_UntilLost(keys, lost),
                         on_step=lambda tick: attempt(lambda: on_step(tick)),
                         on_tick=lambda tick: attempt(lambda: on_tick(tick)),
                         on_set=on_set).run()
    finally:
        hide()  # whatever went wrong: the cursor comes back
    attempt(lambda: ring(announcer.finish(summary.completed)))
    if lost:
        raise OutputLost(summary, lost[0])
    return summary
