from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from heelcli.cli.group import cli
from heelcli.flows.environment import Environment, HeelConsole

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class ScriptedKeys:
    """Keys 'pressed' at given seconds after creation; waiting advances the fake clock."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]] = ()) -> None:
        self.clock = clock
        self.script = sorted((clock.now + at, key) for at, key in script)
        self.waits: list[float] = []
        self.signal: int | None = None  # as runner.Keys: no signal stops a scripted run
        self.on_suspend = lambda: None

    def wait(self, timeout: float) -> str | None:
        self.waits.append(timeout)
        if self.script and self.script[0][0] <= self.clock.now + timeout:
            at, key = self.script.pop(0)
            self.clock.now = max(self.clock.now, at)
            return key
        self.clock.now += timeout
        return None


def make_console(*, terminal: bool, width: int = 80) -> Console:
    # No file: rich writes to sys.stdout at print time, which CliRunner captures.
    return HeelConsole(width=width, force_terminal=terminal,
                   color_system=None, highlight=False, legacy_windows=False)


def on_terminal(env: Environment, width: int = 80) -> Environment:
    """A person watching stdout on a terminal `width` columns wide."""
    env.console = make_console(terminal=True, width=width)
    env.stdout_isatty = True
    return env


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def visible(text: str) -> str:
    """Terminal output without cursor movement and colour codes."""
    return _ANSI.sub("", text)


def plain_world(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("HEEL_HOME", str(home))  # never ~/.local
    # As on a machine where the safety notes were shown once: a session starts at once.
    # The tests of the first run (test_coaching) use a home of their own.
    (home / "safety-shown").write_text("")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm")  # a terminal that redraws, unless a test says not
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _plain_world(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    plain_world(monkeypatch, tmp_path_factory.mktemp("home"))


# Time zones as POSIX TZ rules, so they need no tz database: London's and New York's
# daylight saving as they stand.
LONDON = "GMT0BST,M3.5.0/1,M10.5.0"
NEW_YORK = "EST5EDT,M3.2.0,M11.1.0"
# The "now" of every test that does not choose its own: a Sunday half an hour after
# midnight, the night London's clocks go forward. A test that logs at one date and reads at
# the real one fails every day, not only in the week it was written.
FIXED_NOW = (LONDON, datetime(2027, 3, 28, 0, 30))


def set_zone(rules: str) -> None:
    os.environ["TZ"] = rules
    time.tzset()


def fix_now(monkeypatch: pytest.MonkeyPatch, rules: str, local: datetime) -> datetime:
    """Be at `local` (a wall-clock time) in the zone of `rules`: heel's now and zone."""
    set_zone(rules)
    now = local.astimezone()
    monkeypatch.setattr("heelcli.flows.environment.local_now", lambda: now)
    return now


@contextlib.contextmanager
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the real date or the machine's zone (heelcli.flows.environment.local_now)."""
    if not hasattr(time, "tzset"):  # Windows: the zone cannot be set; the date still is
        monkeypatch.setattr("heelcli.flows.environment.local_now",
                            lambda: FIXED_NOW[1].astimezone())
        yield
        return
    with in_zone(FIXED_NOW[0]):
        fix_now(monkeypatch, *FIXED_NOW)
        yield


@contextlib.contextmanager
def in_zone(rules: str) -> Iterator[None]:
    """The process in the zone of `rules` (TZ), then back in the one it had."""
    before = os.environ.get("TZ")
    set_zone(rules)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_now(monkeypatch):
        yield


@contextlib.contextmanager
def every_tests_world(home: Path) -> Iterator[None]:
    """The world the two fixtures above give each test, with `home` as heel's home, for a
    fixture that outlives one test: a history made once for a whole module."""
    with pytest.MonkeyPatch.context() as monkeypatch, fixed_now(monkeypatch):
        plain_world(monkeypatch, home)
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def env(clock: FakeClock) -> Environment:
    """A world with a fake clock, no keyboard and a non-terminal console."""
    return Environment(clock=clock, keys=ScriptedKeys(clock), stdin_isatty=False,
                       stdout_isatty=False,
                       console=make_console(terminal=False), catalog_path=MINI)


class SqliteSteps:
    """Counts what heel asks of SQLite in its virtual machine's steps (a deterministic
    measure of cost, unlike time), for every connection opened while `counting()`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, every: int) -> None:
        self.monkeypatch = monkeypatch
        self.every = every
        self.steps = 0

    def _tick(self) -> int:
        self.steps += 1
        return 0  # go on

    @contextlib.contextmanager
    def counting(self) -> Iterator[SqliteSteps]:
        import sqlite3

        real = sqlite3.connect

        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            db = real(*args, **kwargs)
            db.set_progress_handler(self._tick, self.every)
            return db

        self.steps = 0
        with self.monkeypatch.context() as m:
            m.setattr(sqlite3, "connect", connect)
            yield self


@pytest.fixture(params=["codes", "no codes"])
def sqlite_codes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test twice: with SQLite's error codes on sqlite3's exceptions, and without, as
    Python 3.10 raises them (the codes came in 3.11), so CI on one Python tries both."""
    if request.param == "no codes":
        from heelcli.store.history import Store

        told = Store._failure

        def as_on_3_10(store: Store, exc: sqlite3.Error) -> Exception:
            for name in ("sqlite_errorcode", "sqlite_errorname"):
                with contextlib.suppress(AttributeError):
                    delattr(exc, name)
            return told(store, exc)

        monkeypatch.setattr(Store, "_failure", as_on_3_10)
    return str(request.param)


# --- Helpers shared by the test modules (which import from no other test module) -------

def invoke(env: Environment | None, *args: str, input: str | None = None):
    """`heel ARGS` in this process, in the world of `env` (None: the real one)."""
    return CliRunner().invoke(cli, list(args), obj=env, input=input)


def modules_after(*args: str) -> tuple[str, set[str]]:
    """What `heel ARGS` prints, and every module it imported."""
    import subprocess
    import sys

    code = ("import sys; from heelcli.cli.group import cli\n"
            f"try: cli({list(args)!r}, prog_name='heel')\n"
            "except SystemExit: pass\n"
            "print(*sorted(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return done.stdout, set(done.stderr.split())


@functools.cache
def floor_modules() -> frozenset[str]:
    """What `import click, yaml, rich.console` loads on this Python: no command loads less
    (on 3.10, click alone brings subprocess, through uuid and platform)."""
    import subprocess
    import sys

    code = "import sys, click, yaml, rich.console; print(*sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return frozenset(done.stdout.split())


EASY_BACK = "1\n1\n"  # felt in the back of the legs, easy


class World:
    """One person's machine: a fake clock, a date set by the test, a terminal on stdin."""

    def __init__(self) -> None:
        self.at = datetime(2027, 3, 1, 8, 0)  # Monday 1 March 2027, London
        self.clock = FakeClock()

    def day(self, day: int, hour: int = 8) -> None:
        self.at = self.at.replace(day=day, hour=hour)

    def env(self, *, width: int = 80, tty: bool = True) -> Environment:
        return Environment(clock=self.clock, keys=ScriptedKeys(self.clock), stdin_isatty=tty,
                           stdout_isatty=False, console=make_console(terminal=False,
                                                                     width=width),
                           now=lambda: self.at.astimezone())

    def run(self, *args: str, input: str = "", width: int = 80, tty: bool = True):
        result = CliRunner().invoke(cli, list(args), obj=self.env(width=width, tty=tty),
                                    input=input)
        assert result.exit_code == 0, (args, result.output, result.stderr)
        return result

    def program(self) -> dict:
        return json.loads(self.run("program", "--json").stdout)

    def levels(self) -> dict[str, tuple[int, int]]:
        """(program level, level run today) of each exercise."""
        return {e["id"]: (e["level"], e["prescribed_level"])
                for e in self.program()["today"]["exercises"]}

    def prescribed(self) -> dict[str, tuple[str, int | None, float | None]]:
        """What the dry run would do: per exercise, its reps and hold (per side)."""
        steps = json.loads(self.run("workout", "--dry-run", "--json").stdout)["steps"]
        out = {}
        for step in steps:
            if step["kind"] == "ready":
                out[step["exercise"]] = (step["level"], 0, None)
            if step["kind"] == "phase":
                level, _, _ = out[step["exercise"]]
                out[step["exercise"]] = (level, step["reps"], step["sets"])
        return out

    def workout(self, answers: str, *, before: str = "") -> str:
        return self.run("workout", "--yes", input=before + answers).stdout


class Page(HTMLParser):
    """Collects what the tests look for in the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.css: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(tag)
        self.attributes += [f"{name}={value}" for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.css.append(data)
        self.text.append(data)


def parse(page: str) -> Page:
    """What the HTML `page` holds."""
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def record_speech(monkeypatch) -> list[str]:
    """What the speech command is asked to say, in order (a phrase cut short included)."""
    said: list[str] = []

    class Speech:
        def __init__(self, argv, **_):
            said.append(argv[-1])

        def poll(self):
            return None

        def terminate(self) -> None:
            pass

        def wait(self, timeout=None) -> int:
            return 0

    monkeypatch.setattr("heelcli.screen.voice.subprocess.Popen", Speech)
    return said


def drawn_session(width: int, height: int, keys=()) -> tuple[Any, list[tuple[Any, list[str], str]]]:
    """A whole session of the mat routine drawn on an emulator: the screen after each
    frame, with the tick it drew and what was written for it."""
    from heelcli.engine.catalog import load
    from heelcli.engine.timeline import Options, compile_timeline, resolve
    from heelcli.screen import live

    from .ptyterm import Emulator

    plan = compile_timeline(resolve(load(DATA / "mat.yaml"), routine="mat", exercise_ids=(),
                                    challenge=False), Options())
    screen = Emulator(width, height)
    console = Console(file=screen, width=width, height=height, force_terminal=True,
                      color_system="standard", legacy_windows=False)
    seen: list[Any] = []
    after: list[tuple[Any, list[str], str]] = []
    writes = 0

    def watch(tick: Any) -> None:
        nonlocal writes
        if len(screen.writes) > writes and seen:  # the tick before drew a frame
            after.append((seen[-1], screen.lines(), "".join(screen.writes[writes:])))
            writes = len(screen.writes)
        seen.append(tick)

    clock = FakeClock()
    live.run(plan, console=console, clock=clock, keys=ScriptedKeys(clock, list(keys)),
             mode=live.LIVE, watch=watch)
    return screen, after
