"""Where heel's output goes, and what happens when it cannot go there.

JSON alone on stdout; a full disk, a closed pipe or a closed stdin; an output encoding
that is not UTF-8; COLUMNS=0; FORCE_COLOR in a pipe. The end-to-end checks run the real
`heel` in a subprocess, as a shell would; none waits on a workout's clock.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess

import pytest
from rich.console import Console

from heelcli.flows.environment import Environment, HeelConsole
from heelcli.screen import charset
from heelcli.store.history import reading

from .conftest import MINI, FakeClock, ScriptedKeys, invoke, make_console
from .ptyterm import HEEL

# What a live screen writes: hide and show the cursor, erase a line, up a line, the bell.
CURSOR_MOVES = ("\x1b[?25l", "\x1b[?25h", "\x1b[2K", "\x1b[1A", "\x07")


def heel(*args: str, stdin: int | None = subprocess.DEVNULL, stdout: object = subprocess.PIPE,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([HEEL, *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env={**os.environ, **(env or {})}, timeout=60)


def last_session() -> dict:
    return json.loads(invoke(None, "history", "--json").stdout)["sessions"][0]


def test_workout_json_is_the_whole_of_stdout_and_the_steps_go_to_stderr(env):
    result = invoke(env, "workout", "-e", "lift", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # all of it: not a slice from the first "{"
    assert data["completed"] and data["reps_done"] == 6
    assert result.stderr.startswith("Get ready (10s): Lift\n")
    assert "Lift · Rep 3/3 · Set 2/2 | Down 1s" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [
    ["list"], ["list", "--json"], ["why"], ["why", "bridge"], ["history"], ["check"],
    ["workout", "--dry-run"], ["workout", "--dry-run", "--json"], ["--help"],
    ["workout", "--help"], ["--version"],
    ["workout", "--yes", "-f", str(MINI), "-e", "lift"],
], ids=" ".join)
def test_a_full_disk_is_one_line_on_stderr_and_exit_1(args):
    with open("/dev/full", "w") as full:
        done = heel(*args, stdout=full)
    assert done.stderr.decode() == "heel: cannot write output: No space left on device\n"
    assert done.returncode == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_workout_that_cannot_write_is_recorded_as_stopped():
    with open("/dev/full", "w") as full:
        done = heel("workout", "--yes", "-f", str(MINI), "-e", "lift", stdout=full)
    assert done.returncode == 1
    assert last_session()["status"] == "stopped"


@pytest.mark.parametrize("args", [["list"], ["why"], ["why", "bridge"], ["history"]],
                         ids=" ".join)
def test_a_closed_stdin_is_no_keyboard_not_a_traceback(args):
    done = subprocess.run(["sh", "-c", 'exec "$0" "$@" 0<&-', HEEL, *args],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"" and done.stdout


def _first_line_then_sigterm(*args: str, env: dict[str, str] | None = None,
                             close_stdin: bool = False) -> tuple[int, str, str]:
    """Start a workout, wait for its first line, stop it with SIGTERM; exit, stdout, stderr."""
    command = [HEEL, "workout", "--yes", "-f", str(MINI), "-e", "lift", *args]
    if close_stdin:
        command = ["sh", "-c", 'exec "$0" "$@" 0<&-', *command]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    first = proc.stdout.readline()  # the session is running: the get-ready step is out
    proc.send_signal(signal.SIGTERM)
    rest, err = proc.communicate(timeout=60)
    return proc.returncode, (first + rest).decode(), err.decode()


def test_a_workout_with_stdin_closed_runs_without_keys():
    code, out, err = _first_line_then_sigterm(close_stdin=True)
    assert out.startswith("Get ready (10s): Lift\n") and "Workout stopped" in out
    assert code == 128 + signal.SIGTERM and err == ""


def test_a_workout_whose_reader_has_gone_ends_as_stopped_quietly():
    read, write = os.pipe()
    os.close(read)  # `| head -3` that has already read its lines
    done = heel("workout", "--yes", "-f", str(MINI), "-e", "lift", stdout=write)
    os.close(write)
    assert done.returncode in (1, 141)
    assert done.stderr == b""  # no traceback, no "Exception ignored ... BrokenPipeError"
    assert last_session()["status"] == "stopped"


class _BreaksAfter(io.StringIO):
    """An output whose reader goes away after `writes` writes (each print is one)."""

    def __init__(self, writes: int, error: int = errno.EPIPE) -> None:
        super().__init__()
        self.left, self.error = writes, error

    def write(self, text: str) -> int:
        if self.left <= 0:
            raise OSError(self.error, os.strerror(self.error))
        self.left -= 1
        return super().write(text)


def test_a_pipe_that_breaks_mid_workout_keeps_what_was_done(env):
    # Writes: get ready, rep 1 up, rep 1 down, rep 2 up; rep 2 down fails.
    env.console = HeelConsole(file=_BreaksAfter(4), width=80, color_system=None)
    result = invoke(env, "workout", "-e", "lift")
    assert result.exit_code == 1
    session = last_session()
    assert (session["status"], session["reps_done"]) == ("stopped", 1)


def test_a_terminal_gone_with_sighup_still_records_what_was_done(env, clock):
    class HangUp(ScriptedKeys):
        """Keys of a terminal whose window is closed at 14 s: SIGHUP, then writes fail."""

        signal: int | None = None

        def wait(self, timeout: float) -> str | None:
            key = super().wait(timeout)
            if key == "q":
                self.signal = signal.SIGHUP
                env.console.file.left = 0
            return key

    env.keys = HangUp(clock, [(14.0, "q")])  # 10 s get ready, 3 s a rep
    env.console = Console(file=_BreaksAfter(1000, errno.EIO), width=80, color_system=None)
    result = invoke(env, "workout", "-e", "lift")
    assert result.exit_code == 128 + signal.SIGHUP
    assert result.exception is None or isinstance(result.exception, SystemExit)
    session = last_session()
    assert (session["status"], session["reps_done"]) == ("stopped", 1)


ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


_UTF8: dict[tuple[str, ...], str] = {}


def _in_utf8(args: tuple[str, ...]) -> str:
    """What `heel ARGS` prints in UTF-8: the same for each encoding compared with it, so
    run once (every test's history is the same one workout)."""
    if args not in _UTF8:
        _UTF8[args] = heel(*args).stdout.decode()
    return _UTF8[args]


@pytest.fixture
def one_workout_logged(env):
    assert invoke(env, "workout", "-e", "lift").exit_code == 0  # the history has a chart


@pytest.mark.usefixtures("one_workout_logged")
@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("args", [
    ["list"], ["list", "--json"], ["why"], ["why", "bridge"], ["history"], ["history", "--json"],
    ["check"], ["workout", "--dry-run"], ["workout", "--dry-run", "--json"], ["--help"],
], ids=" ".join)
def test_every_command_works_when_the_output_is_not_utf8(args, encoding):
    done = heel(*args, env=ENCODINGS[encoding])
    assert done.returncode == 0 and done.stderr == b""
    if encoding != "latin-1":
        assert max(done.stdout, default=0) < 0x80
    in_utf8 = _in_utf8(tuple(args))
    # Stand-ins, not replacement marks: no "?" but those the text has anyway.
    assert done.stdout.count(b"?") == in_utf8.count("?")
    if "--json" in args:
        assert json.loads(done.stdout) == json.loads(in_utf8)


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_file_text_the_output_cannot_hold_is_marked_not_a_crash(tmp_path, encoding):
    path = tmp_path / "accents.yaml"
    path.write_text(MINI.read_text().replace("name: Lift\n", "name: Levée \u00d7 2\n"),
                    encoding="utf-8")
    listed = heel("list", "-f", str(path), env=ENCODINGS[encoding])
    assert listed.returncode == 0 and listed.stderr == b""
    name = "Levée \u00d7 2" if encoding == "latin-1" else "Lev?e x 2"  # x: a stand-in
    assert name in listed.stdout.decode("latin-1")
    as_json = heel("list", "--json", "-f", str(path), env=ENCODINGS[encoding])
    assert json.loads(as_json.stdout)[0]["name"] == "Levée \u00d7 2"  # escaped, exact


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_plan_preview_in_ascii_has_stand_ins_and_stays_aligned(encoding):
    out = heel("workout", "--dry-run", env=ENCODINGS[encoding]).stdout.decode("latin-1")
    assert "Rest -> Side-lying hamstring curl" in out
    assert "Bridge  Rep 1-10 of 10 - Set 1/1 " in out and "Lift 3s - Squeeze 2s - Lower 3s" in out
    assert len({len(line) for line in out.splitlines() if line}) == 1  # columns line up


def _ascii_console(*, terminal: bool) -> Console:
    """A console on an ASCII-only output, as heel's main() leaves sys.stdout."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors=charset.ERRORS)
    return Console(file=stream, width=80, force_terminal=terminal, color_system=None)


@pytest.mark.parametrize("terminal", [True, False], ids=["live", "lines"])
def test_a_whole_workout_in_ascii(env, terminal):
    env.console = _ascii_console(terminal=terminal)
    env.stdout_isatty = terminal
    assert invoke(env, "workout", "-e", "lift").exit_code == 0
    stream = env.console.file
    stream.flush()
    out = stream.buffer.getvalue().decode("ascii")
    assert "Reps done: 6" in out and "Workout complete - 32 s" in out
    assert ("######" in out) if terminal else ("Lift - Rep 1/3 - Set 1/2 | Up 2s" in out)


@pytest.mark.parametrize("columns", ["0", "1", "19"])
def test_a_nonsense_columns_falls_back_to_a_sane_width_and_nothing_is_lost(monkeypatch,
                                                                          columns):
    """COLUMNS=0 from a broken script is no width to lay a page out in: heel lays it out
    as for a pipe (80 columns), so ids are never cut short."""
    monkeypatch.setenv("COLUMNS", columns)
    for args in (["list"], ["why", "bridge"], ["workout", "--dry-run"], ["why", "--list"]):
        result = invoke(None, *args)
        assert result.exit_code == 0
        assert 40 < max(len(line) for line in result.output.splitlines()) <= 80, args
    listed = invoke(None, "why", "--list").output
    assert "feel-the-difference" in listed and "…" not in listed
    words = " ".join(invoke(None, "why", "bridge").output.split())
    assert "Lying on your back, press through your heels and lift your hips." in words
    listed = "".join(invoke(None, "list").output.split())
    assert all(name in listed for name in ("Bridge", "wall-calf-stretch", "calves"))
    assert invoke(None, "workout", "--dry-run").output.split()[-2:] == ["Total", "12:10"]
    assert "Commands:" in invoke(None, "--help").output


@pytest.mark.parametrize("bell", [[], ["--bell"]], ids=["default", "--bell"])
def test_force_color_in_a_pipe_colours_but_never_moves_the_cursor(env, bell):
    env.console = make_console(terminal=True)  # rich would colour: FORCE_COLOR=1
    result = invoke(env, "workout", "-e", "curl", "--rest", "3", *bell)
    assert result.exit_code == 0
    assert not [code for code in CURSOR_MOVES if code in result.output]
    assert result.output.splitlines()[0] == "Get ready (10s): Curl"


def test_force_color_in_a_real_pipe_gets_a_line_per_step():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["FORCE_COLOR"] = "1"
    code, out, err = _first_line_then_sigterm(env=env)
    assert out.startswith("Get ready (10s): Lift")
    assert not [c for c in CURSOR_MOVES if c in out], out
    assert code == 128 + signal.SIGTERM and err == ""


def test_no_check_in_after_quitting_before_any_rep(env, clock):
    env.stdin_isatty = True
    env.keys = ScriptedKeys(clock, [(5.0, "q")])  # during the get-ready countdown
    result = invoke(env, "workout", "--yes", "-e", "lift", input="1\n1\n")
    assert result.exit_code == 0
    assert "Workout stopped" in result.output
    assert "Where did you feel it" not in result.output


def test_ctrl_c_at_a_check_in_question_exits_130_quietly(env, monkeypatch):
    env.stdin_isatty = True

    def ctrl_c() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", lambda *prompt: ctrl_c())
    result = invoke(env, "workout", "--yes", "-e", "lift")
    assert "Where did you feel it most?" in result.output
    assert result.exit_code == 130
    assert "Aborted" not in result.output
    assert last_session()["status"] == "completed"  # recorded before the questions


# --- A reader that goes away: the workout and the self-test end alike --------------------

def _into_head(*args: str, keep: int = 10) -> tuple[int, bytes, bytes]:
    """`heel ARGS </dev/null | head -c KEEP`: the reader takes `keep` bytes, then closes
    its end, as head does; heel's next write finds no reader."""
    read, write = os.pipe()
    proc = subprocess.Popen([HEEL, *args], stdin=subprocess.DEVNULL, stdout=write,
                            stderr=subprocess.PIPE)
    os.close(write)
    got = b""
    while len(got) < keep and (chunk := os.read(read, keep - len(got))):
        got += chunk
    os.close(read)
    err = proc.communicate(timeout=60)[1]
    return proc.returncode, got, err


def test_a_workout_piped_into_head_ends_quietly_and_is_recorded_as_stopped():
    # --safety: the notes fill the first bytes, so the pipe closes before the session.
    code, got, err = _into_head("workout", "--yes", "--safety", "-f", str(MINI), "-e", "lift")
    assert len(got) == 10
    assert (code, err) == (1, b"")  # no traceback, no "Exception ignored"
    assert last_session()["status"] == "stopped"


def test_a_self_test_piped_into_head_ends_as_quietly_as_a_workout():
    """It printed a session.OutputLost traceback: only the workout handled lost output."""
    code, got, err = _into_head("test", "--only", "chair-stand", "--yes")
    assert len(got) == 10
    assert (code, err) == (1, b"")
    with reading(Environment().home()) as log:
        assert log.measures() == []  # a cut-short test is never kept as a result


class _GoneAt(io.StringIO):
    """An output whose reader goes away once the clock reaches `at`."""

    def __init__(self, clock: FakeClock, at: float) -> None:
        super().__init__()
        self.clock, self.at = clock, at

    def write(self, text: str) -> int:
        if self.clock.now >= self.at:
            raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
        return super().write(text)


def test_a_self_test_whose_output_goes_keeps_the_tests_taken_before(env, clock):
    # The chair stand is done and counted; the pipe closes in the bridge hold's get-ready.
    env.console = HeelConsole(file=_GoneAt(clock, clock.now + 45.0), width=80,
                              color_system=None)
    result = invoke(env, "test", "--only", "chair-stand", "--only", "bridge-hold",
                    input="12\n")
    assert result.exit_code == 1  # click's word for a closed pipe, as for a workout
    with reading(env.home()) as log:
        assert [(m.measure, m.value) for m in log.measures()] == [("chair-stands", 12)]


def test_a_signal_in_a_self_test_keeps_the_tests_taken_before_and_exits_128_plus_it(env,
                                                                                   clock):
    class Interrupted(ScriptedKeys):
        def wait(self, timeout: float) -> str | None:
            key = super().wait(timeout)
            if key == "q":
                self.signal = signal.SIGINT
            return key

    env.keys = Interrupted(clock, [(45.0, "q")])  # Ctrl-C in the bridge hold's get-ready
    result = invoke(env, "test", "--only", "chair-stand", "--only", "bridge-hold",
                    input="12\n")
    assert result.exit_code == 128 + signal.SIGINT, result.output
    assert "Chair stands: 12 (first test)" in result.output
    with reading(env.home()) as log:
        assert [(m.measure, m.value) for m in log.measures()] == [("chair-stands", 12)]
