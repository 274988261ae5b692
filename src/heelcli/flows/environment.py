"""Everything the CLI takes from the outside world, in one object that tests can replace.

The one door: the standard streams, the environment variables, the platform, the data
home, the time zone, the history, and how heel warns and exits all go through here (as
httpie's `Environment` and hatch's `Application` do), so a test can hand heel another
world, and nothing else in heel reads this one.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, NoReturn, TextIO

from rich.console import Console  # every command that takes an Environment prints with it

if TYPE_CHECKING:  # the engine is not needed to list or explain exercises
    import json
    from datetime import date
    from os import PathLike
    from pathlib import Path

    from heelcli.engine.runner import Clock, Keys
    from heelcli.store.history import NoHistory, Store

MIN_WIDTH = 20  # narrower (COLUMNS=0 or 1) would leave pages blank or a letter a line


class ProcessZone(tzinfo):
    """The time zone of the process (TZ, /etc/localtime) with its rules at each moment.

    A bare `astimezone()` knows these rules but yields a fixed offset, the one of that
    moment: a day computed with it on the other side of a daylight-saving change is an
    hour off. This passes the rules on whole, so the rest of heel takes a zone and never
    reads the process's.
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._at(dt).utcoffset() or timedelta()

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return self._at(dt).tzname()

    def fromutc(self, dt: datetime) -> datetime:
        stamp = (dt.replace(tzinfo=None) - _EPOCH) / timedelta(seconds=1)
        # A naive fromtimestamp is the local wall time, with fold set in a repeated hour.
        return datetime.fromtimestamp(stamp).replace(tzinfo=self)

    @staticmethod
    def _at(dt: datetime | None) -> datetime:
        wall = (dt or datetime(2000, 1, 1)).replace(tzinfo=None)
        return wall.astimezone()  # the one reading of the process's zone

    def __repr__(self) -> str:
        return "ProcessZone()"


_EPOCH = datetime(1970, 1, 1)


class Environment:
    """The clock, keyboard, streams, variables, time zone and data home a command works
    with; and the one way to print a warning, print JSON and exit."""

    def __init__(self, *, clock: Clock = time.monotonic, keys: Keys | None = None,
                 stdin_isatty: bool | None = None, stdout_isatty: bool | None = None,
                 catalog_path: str | PathLike[str] | None = None,
                 console: Console | None = None, err_console: Console | None = None,
                 now: Callable[[], datetime] | None = None,
                 home: Callable[[], Path] | None = None,
                 history_timeout: float | None = None,
                 environ: Mapping[str, str] | None = None, platform: str | None = None,
                 zone: tzinfo | None = None, stdin: TextIO | None = None,
                 stdout: TextIO | None = None, stderr: TextIO | None = None,
                 executable: str | None = None, argv0: str | None = None) -> None:
        self.clock = clock
        self.keys = keys  # None: the real keyboard and signals (heelcli.screen.terminal)
        # The streams, when given; else sys's, looked up at each use (a test runner swaps
        # them for the length of a command).
        self._stdin, self._stdout, self._stderr = stdin, stdout, stderr
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.platform = sys.platform if platform is None else platform
        self.zone: tzinfo = ProcessZone() if zone is None else zone
        self.stdin_isatty = _isatty(self.stdin) if stdin_isatty is None else stdin_isatty
        # Whether a person watches stdout: that, not rich's colour decision (FORCE_COLOR),
        # chooses a live screen over a line per step.
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.catalog_path = catalog_path  # None: the built-in exercise file
        self.console = _console(self.environ, file=stdout) if console is None else console
        self._err_console = err_console
        self.now = now or _now
        self.home = home or self._default_home
        # Seconds to wait for another heel's write; None: heelcli.store.history.BUSY_TIMEOUT.
        self.history_timeout = history_timeout
        # How this heel was started: the interpreter, and what it ran (the `heel` script,
        # or heelcli/__main__.py under `python -m heelcli`), for a reminder to run it again.
        self.executable = sys.executable if executable is None else executable
        self.argv0 = (sys.argv[0] if sys.argv else "") if argv0 is None else argv0

    # --- The streams ---------------------------------------------------------------------

    @property
    def stdin(self) -> TextIO | None:
        return sys.stdin if self._stdin is None else self._stdin

    @property
    def stdout(self) -> TextIO | None:
        return sys.stdout if self._stdout is None else self._stdout

    @property
    def stderr(self) -> TextIO | None:
        return sys.stderr if self._stderr is None else self._stderr

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    @property
    def err_console(self) -> Console:
        """A console on stderr, for a session whose stdout carries JSON."""
        if self._err_console is None:
            self._err_console = _console(self.environ, stderr=True, file=self._stderr)
        return self._err_console

    def open_keys(self) -> AbstractContextManager[Keys]:
        if self.keys is not None:
            return nullcontext(self.keys)
        from heelcli.screen.terminal import TerminalInput

        stdin = self.stdin
        return TerminalInput(stdin.fileno() if self.stdin_isatty and stdin else None)

    def out(self, text: str, *, end: str = "\n") -> None:
        """What the user asked for, as it is, on stdout."""
        _write(self.stdout, text + end)

    def print_json(self, data: object) -> None:
        """The one JSON printer: indented, exact even where stdout cannot hold every
        character."""

        from heelcli.engine.errors import json_text
        from heelcli.screen.charset import unicode_ok

        stream = self.stdout
        if stream is None:
            return
        # Where stdout cannot hold every character (LC_ALL=C), \u escapes keep it exact;
        # json_text: C1 and bidi escaped too, as `heel history --json` does.
        _write(stream, json_text(_indented(data, ensure_ascii=not unicode_ok(stream.encoding)))
               + "\n")

    def note(self, message: str) -> None:
        """A 'heel: ...' line on stderr: what heel did on the user's behalf. Sanitised:
        a message may quote a file or the history."""
        from heelcli.engine.errors import sanitise

        _write(self.stderr, sanitise(f"heel: {message}") + "\n")

    def warn(self, message: str) -> None:
        """The one way to warn: 'heel: warning: ...' on stderr."""
        self.note(f"warning: {message}")

    def abort(self, message: str | None = None, *, code: int = 1) -> NoReturn:
        """The one way to end heel from a command or a flow: a line on stderr if there is
        something to say, then the exit code."""
        if message is not None:
            self.note(message)
        raise SystemExit(code)

    # --- Time ----------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """`moment` on the user's wall clock, with the zone's rules at that moment."""
        return moment.astimezone(self.zone)

    def today(self) -> date:
        """The user's calendar day now."""
        return self.local(self.now()).date()

    # --- The data home and the history ---------------------------------------------------

    def user_home(self) -> Path:
        """The user's own home directory (not heel's): where other programs look for
        their files, such as systemd's user units. HOME as given, else the system's."""
        from pathlib import Path

        return Path(self.environ.get("HOME") or os.path.expanduser("~"))

    def has_history(self) -> bool:
        """Whether a history file exists; for the default home, without importing pathlib
        or the store (a dry run with no history reads nothing)."""
        from heelcli.store.places import history_file

        return os.path.exists(history_file(self.home_text()))

    def open_store(self) -> Store:
        """The history to write, made if need be; Unwritable when it cannot be."""
        from heelcli.store.history import Store
        from heelcli.store.places import history_file

        # Text, as for a reader: pathlib is 0.7 MiB of a session's memory and 3 ms.
        return Store(history_file(self.home_text()), busy_timeout=self.history_timeout,
                     zone=self._store_zone())

    def store_or_warn(self) -> Store | None:
        """The history to write, or None with a warning: the session runs unrecorded."""
        from heelcli.store.history import Unwritable

        try:
            return self.open_store()
        except Unwritable as exc:
            self.warn(f"{exc}; this session is not recorded")
            return None

    def reading(self) -> AbstractContextManager[Store | NoHistory]:
        """The history read-only; an empty one when there is none yet."""
        from heelcli.store.history import reading

        return reading(self.home_text(), busy_timeout=self.history_timeout,
                       zone=self._store_zone())

    def home_text(self) -> str:
        """The data home as given; the default one without pathlib (3 ms with urllib.parse
        and ipaddress), which home() brings in for the callers that want a Path."""
        from heelcli.store.places import home_dir

        if self.home != self._default_home:  # given, or replaced since (tests do)
            return os.fspath(self.home())
        return home_dir(self.environ)

    def _store_zone(self) -> tzinfo | None:
        """The zone for the store: None when it is the process's own, which SQLite then
        applies itself (in C) instead of calling back into Python for each day bound."""
        return None if isinstance(self.zone, ProcessZone) else self.zone

    def heel_command(self) -> list[str]:
        """The command that runs this same heel again, from a timer or cron: the script
        itself when heel is a console script, else the interpreter with `-m heelcli`
        (`python -m heelcli`, or a zipapp: neither is a program of its own)."""
        script = os.path.abspath(self.argv0) if self.argv0 else ""
        if script and os.path.basename(script) != "__main__.py" \
                and os.path.isfile(script) and os.access(script, os.X_OK):
            return [script]
        return [os.path.abspath(self.executable), "-m", "heelcli"]

    def _default_home(self) -> Path:
        from pathlib import Path

        from heelcli.store.places import home_dir

        return Path(home_dir(self.environ))


def local_now() -> datetime:
    """The wall clock where the user is: the one place heel reads today's date (tests
    replace it, so none of them depends on the day it runs)."""
    return datetime.now().astimezone()


def _now() -> datetime:
    return local_now()  # looked up at each call, so replacing local_now reaches every user


def _indented(data: object, *, ensure_ascii: bool, depth: int = 0) -> str:
    """`json.dumps(data, indent=2)`, character for character, at the C encoder's speed.

    With an indent, json encodes in pure Python (4 s of CPU for a 30,000-step plan); a
    dict of plain values is one line of C here, its line breaks passed as the separator.
    """
    import json

    pad = "\n" + "  " * (depth + 1)
    end = "\n" + "  " * depth
    if isinstance(data, dict) and data:
        if not any(isinstance(value, (dict, list, tuple)) for value in data.values()):
            flat = _flat_encoder(ensure_ascii, depth).encode(data)
            return "{" + pad + flat[1:-1] + end + "}"
        if not all(isinstance(key, str) for key in data):  # json's own key rules, rare here
            return json.dumps(data, indent=2, ensure_ascii=ensure_ascii).replace("\n", end)
        return "{" + pad + ("," + pad).join(
            json.dumps(key, ensure_ascii=ensure_ascii) + ": "
            + _indented(value, ensure_ascii=ensure_ascii, depth=depth + 1)
            for key, value in data.items()) + end + "}"
    if isinstance(data, (list, tuple)) and data:
        return "[" + pad + ("," + pad).join(
            _indented(value, ensure_ascii=ensure_ascii, depth=depth + 1)
            for value in data) + end + "]"
    return json.dumps(data, ensure_ascii=ensure_ascii)


@lru_cache(maxsize=16)
def _flat_encoder(ensure_ascii: bool, depth: int) -> json.JSONEncoder:
    """One encoder per depth: json.dumps with separators made a new one for every dict."""
    import json

    return json.JSONEncoder(ensure_ascii=ensure_ascii,
                            separators=(",\n" + "  " * (depth + 1), ": "))


def _write(stream: TextIO | None, text: str) -> None:
    if stream is None:  # no stdout or stderr at all (pythonw, `>&-`): nowhere to say it
        return
    stream.write(text)
    stream.flush()


def _isatty(stream: TextIO | None) -> bool:
    """Whether a standard stream is a terminal; False when it is closed (`0<&-`) or fake."""
    if stream is None:
        return False
    try:
        return os.isatty(stream.fileno())
    except (ValueError, OSError):  # io.UnsupportedOperation is both
        return False


def _sane_size(environ: Mapping[str, str]) -> Mapping[str, str]:
    """The variables rich sizes the console by, without a COLUMNS or LINES too small to
    lay anything out (COLUMNS=0 from a broken script): such a value is nonsense, so the
    terminal's own size, or 80 columns in a pipe, stands instead."""
    def nonsense(name: str, least: int) -> bool:
        value = environ.get(name, "")
        return value.strip().isascii() and value.strip().isdigit() and int(value) < least

    drop = {name for name, least in (("COLUMNS", MIN_WIDTH), ("LINES", 2)) if nonsense(name, least)}
    return {k: v for k, v in environ.items() if k not in drop} if drop else environ


class HeelConsole(Console):
    """rich's Console, but a closed pipe is a failed write like any other. rich itself
    would exit on the spot, before a workout could record that it stopped."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def _console(environ: Mapping[str, str], *, stderr: bool = False,
             file: TextIO | None = None) -> Console:
    # Plain strings print as they are: no markup or :emoji: codes to interpret (nor to
    # import the modules that would), so text from a file can never style the terminal.
    console = HeelConsole(highlight=False, markup=False, emoji=False, stderr=stderr,
                          file=file, _environ=_sane_size(environ))
    if console.width < MIN_WIDTH:  # a terminal that really is that narrow
        console.width = MIN_WIDTH
    return console
