"""The live screen in a real pseudo-terminal, read back through a terminal emulator (pyte):
one frame at the new size after each resize, and the normal screen back after the end."""

from __future__ import annotations

import copy
import sys
import time

import pytest

from heelcli.flows.environment import Environment
from heelcli.store import safety
from tests.conftest import DATA

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

pyte = pytest.importorskip("pyte")

from tests.ptyterm import Terminal  # noqa: E402

ALT_SCREEN = 1049 << 5  # pyte's number for the private mode ?1049


class Screen(pyte.Screen):  # type: ignore[misc]
    """pyte with the alternate screen (?1049), which it lacks: save the normal screen and
    the cursor on entering, put them back on leaving, as xterm does."""

    saved = None

    def set_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and 1049 in modes:
            self.saved = (copy.deepcopy(self.buffer), copy.copy(self.cursor))
            self.erase_in_display(2)
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and 1049 in modes and self.saved is not None:
            self.buffer, self.cursor = self.saved
            self.saved = None
            self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)


class Watched:
    """heel in a pty, its output fed to an emulated screen as it comes."""

    def __init__(self, cols: int, rows: int) -> None:
        self.screen = Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.stream.feed(b"$ earlier output on the normal screen\r\n$ heel workout\r\n")
        self.before = list(self.screen.display)
        safety.remember(Environment().home())  # seen before: the session starts at once
        self.term = Terminal("workout", "--yes", "--no-bell", "--no-checkin", "--no-log",
                             "--routine", "mat", cols=cols, rows=rows,
                             env={"HEEL_EXERCISES": str(DATA / "mat.yaml")})

    def pump(self, seconds: float) -> None:
        self.stream.feed(self.term.read(seconds))

    def resize(self, cols: int, rows: int) -> None:
        self.screen.resize(rows, cols)
        self.term.resize(cols, rows)

    def wait_for(self, good, timeout: float = 30.0) -> None:
        """Until the screen shows what `good` looks for; `timeout` only bounds a failure,
        so a loaded machine makes the test slower, not red."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.02)
            if good(self.screen.display):
                return
        raise AssertionError("\n".join(self.screen.display))


def one_frame(cols: int, rows: int):
    """The screen holds exactly one whole frame drawn for `cols` x `rows`: one footer, on
    the last line; one progress line; nothing wider than the screen."""

    def good(display: list[str]) -> bool:
        text = "\n".join(display)
        return (len(display) == rows and all(len(line) == cols for line in display)
                and text.count("exercise 1 of 2") == 1 and text.count("? keys") == 1
                and "? keys" in display[-1]
                and "GET READY" not in text)  # no text-sized phase word: big letters fit
    return good


def test_a_resize_alone_redraws_one_frame_at_the_new_size():
    w = Watched(100, 30)
    try:
        w.wait_for(one_frame(100, 30))
        # Paused, nothing on the screen changes with time: only the resize can redraw it.
        w.term.send(b" ")
        w.wait_for(lambda display: "space resume" in "\n".join(display))
        for cols, rows in ((45, 15), (200, 60)):
            w.resize(cols, rows)
            w.wait_for(one_frame(cols, rows))
        w.term.send(b"q")
        seen = len(w.term.output)
        assert w.term.finish().status == 0
        w.stream.feed(bytes(w.term.output[seen:]))
    finally:
        w.term.close()
    display = w.screen.display
    text = "\n".join(display)
    # The normal screen is back as it was, with the summary printed under what was there.
    assert [line.rstrip() for line in display[:2]] == [line.rstrip() for line in w.before[:2]]
    assert display[2].startswith("Workout stopped")
    assert "exercise 1 of 2" not in text and "? keys" not in text
    assert not w.screen.cursor.hidden
