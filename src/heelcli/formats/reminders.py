"""`heel remind`: a systemd user timer or a crontab line that runs `heel remind --notify`,
and what that prints. Text generation and decisions are pure; the few side effects
(files, systemctl, the notifier) go through a command runner and paths the caller gives."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, time
from typing import TYPE_CHECKING

from heelcli.engine.errors import sanitise
from heelcli.engine.typedtuple import TypedTuple
from heelcli.text.words import whole_minutes

if TYPE_CHECKING:  # pathlib costs 3 ms to import: a cron line and a notice need no path
    from pathlib import Path

TIMER = "heel-remind.timer"
SERVICE = "heel-remind.service"
# The first line of every file heel writes; a file without it is never changed or removed.
MARKER = "# heel-managed:"
HEADER = (f"{MARKER} written by 'heel remind --install'; 'heel remind --uninstall' removes it.\n"
          "# Edits here are lost the next time heel installs it.\n")
_SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _check(days: Collection[int], at: time) -> list[int]:
    ordered = sorted(set(days))
    if not ordered or any(not 0 <= day <= 6 for day in ordered):
        raise ValueError(f"days must be weekday numbers 0 (Monday) to 6, not {sorted(days)}")
    if at.second or at.microsecond or at.tzinfo is not None:
        raise ValueError("the reminder time is a local hour and minute")
    return ordered


def _check_path(heel: str) -> None:
    if not os.path.isabs(heel) or not _printable(heel):
        raise ValueError(f"the heel executable must be an absolute, printable path: {heel!r}")


def _printable(text: str) -> bool:
    return sanitise(text) == text and "\n" not in text


Command = str | Sequence[str]  # the executable, or the interpreter and its arguments


def _argv(command: Command) -> list[str]:
    argv = [command] if isinstance(command, str) else list(command)
    _check_path(argv[0])
    if not all(_printable(word) for word in argv):
        raise ValueError(f"the heel command must be printable: {argv!r}")
    return argv


def _checked_environment(environment: Mapping[str, str] | None) -> dict[str, str]:
    """The variables the reminder runs heel with (its home, its exercise file)."""
    given = dict(environment or {})
    for key, value in given.items():
        if not key.replace("_", "").isalnum() or not _printable(value):
            raise ValueError(f"a reminder's variable must be printable: {key}={value!r}")
    return given


def on_calendar(days: Collection[int], at: time) -> str:
    """systemd's calendar event: 'Mon,Wed,Fri *-*-* 07:30:00'."""
    names = ",".join(_SYSTEMD_DAYS[day] for day in _check(days, at))
    return f"{names} *-*-* {at:%H:%M}:00"


def _exec_word(word: str) -> str:
    # systemd expands %specifiers and $VARIABLES in ExecStart's arguments and splits on
    # spaces; in quotes it reads C escapes (systemd.syntax(7), systemd.service(5)).
    word = word.replace("%", "%%").replace("$", "$$")
    if any(ch in word for ch in " \t\"'\\;"):
        word = '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


# systemd takes no $, quote or backslash in the executable's own name (not even escaped):
# such a path goes to env(1) as its first argument, where quoting works.
_UNSAFE_EXECUTABLE = set("$\"'\\")
ENV = "/usr/bin/env"


def _exec_start(argv: Sequence[str]) -> str:
    executable, *args = argv
    lead = ""
    if _UNSAFE_EXECUTABLE & set(executable):
        lead = f"{ENV} "
    return lead + " ".join([_exec_word(executable), *map(_exec_word, args)])


def _environment_line(environment: Mapping[str, str]) -> str:
    """Environment="KEY=value" ...: specifiers doubled and C escapes, but no $ expansion
    in Environment= (systemd.exec(5))."""
    words = []
    for key, value in environment.items():
        text = f"{key}={value}".replace("%", "%%").replace("\\", "\\\\").replace('"', '\\"')
        words.append(f'"{text}"')
    return f"Environment={' '.join(words)}\n"


def _notify_args(days: str | None) -> str:
    """What the timer or cron runs after the executable. `days` is what the user gave as
    --days, passed on so --notify knows the same week; without it --notify takes the
    program's days or the default week when it runs."""
    if days is None:
        return "remind --notify"
    if not days or any(ch not in "abcdefghijklmnopqrstuvwxyz," for ch in days):
        raise ValueError(f"days must be lowercase day names separated by commas: {days!r}")
    return f"remind --notify --days {days}"


def service_unit(heel: Command, days_text: str | None = None,
                 environment: Mapping[str, str] | None = None) -> str:
    """The oneshot service the timer starts; `heel` is the absolute path of the executable
    (or the interpreter, `-m`, `heelcli`); `environment`: HEEL_HOME and the exercise file,
    so the reminder reads the history and names the exercises the user's heel does."""
    argv = _argv(heel)
    variables = _checked_environment(environment)
    return (f"{HEADER}[Unit]\n"
            "Description=heel: remind me of today's workout\n"
            "\n[Service]\n"
            "Type=oneshot\n"
            + (_environment_line(variables) if variables else "")
            + f"ExecStart={_exec_start(argv)} {_notify_args(days_text)}\n")


def timer_unit(days: Collection[int], at: time) -> str:
    """Persistent, so a reminder missed while the computer slept comes when it wakes."""
    return (f"{HEADER}[Unit]\n"
            "Description=heel: time for today's workout\n"
            "\n[Timer]\n"
            f"OnCalendar={on_calendar(days, at)}\n"
            "Persistent=true\n"
            f"Unit={SERVICE}\n"
            "\n[Install]\n"
            "WantedBy=timers.target\n")


def crontab_line(days: Collection[int], at: time, heel: Command,
                 days_text: str | None = None,
                 environment: Mapping[str, str] | None = None) -> str:
    """One line for `crontab -e`; cron mails what `heel remind --notify` prints."""
    argv = _argv(heel)
    variables = _checked_environment(environment)
    cron_days = ",".join(str((day + 1) % 7) for day in _check(days, at))  # cron: 0 = Sunday
    words = [f"{key}={shlex.quote(value)}" for key, value in variables.items()]
    words += [shlex.quote(word) for word in argv]
    # cron turns an unescaped % into a newline before the shell sees the command.
    command = " ".join(words).replace("%", "\\%")
    return f"{at.minute} {at.hour} * * {cron_days} {command} {_notify_args(days_text)}"


def unit_dir(env: Mapping[str, str], home: Path) -> Path:
    """Where systemd looks for the user's own units."""
    from pathlib import Path

    config = env.get("XDG_CONFIG_HOME", "")
    base = Path(config) if os.path.isabs(config) else home / ".config"
    return base / "systemd" / "user"


# --- Side effects, through an injectable runner -------------------------------------------

class Ran(TypedTuple):
    """What a command did; returncode None when the program was not found or hung."""

    returncode: int | None
    output: str


CommandRunner = Callable[[Sequence[str]], Ran]


def run_command(argv: Sequence[str], timeout: float = 20.0) -> Ran:
    """The real runner: no shell, output captured, a missing program is no exception."""
    import subprocess  # 3 ms to import: `remind --cron` and `calendar` run no program

    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        return Ran(None, f"{argv[0]}: not found")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Ran(None, f"{argv[0]}: {exc}")
    return Ran(done.returncode, (done.stderr or done.stdout).strip())


class Outcome(TypedTuple):
    """What install or uninstall did, in lines for stdout, and the exit code."""

    lines: tuple[str, ...]
    exit_code: int


def ours(path: Path) -> bool:
    """A regular file whose first line is heel's marker."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as file:
        return file.readline().startswith(MARKER)


def _foreign(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if (p.exists() or p.is_symlink()) and not ours(p)]


def _refusal(foreign: Sequence[Path], verb: str) -> list[str]:
    names = " and ".join(sanitise(str(p)) for p in foreign)
    return [f"{names} {'was' if len(foreign) == 1 else 'were'} not written by heel, so heel "
            f"leaves {'it' if len(foreign) == 1 else 'them'} alone; nothing was {verb} "
            "(rename or remove it yourself for heel to manage it)"]


def _systemctl(run: CommandRunner, *argvs: Sequence[str]) -> str | None:
    """Run each systemctl command in turn; the first failure, in words, or None."""
    for argv in argvs:
        ran = run(argv)
        if ran.returncode is None:
            return "systemctl was not found"
        if ran.returncode != 0:
            said = sanitise(ran.output.splitlines()[0]) if ran.output else "no message"
            return f"'{' '.join(argv)}' failed: {said}"
    return None


def units(days: Collection[int], at: time, heel: Command, days_text: str | None = None,
          environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """File name -> text of the two units `install` writes; `days_text` and `environment`
    as in service_unit."""
    return {TIMER: timer_unit(days, at), SERVICE: service_unit(heel, days_text, environment)}


def _unusable(directory: Path, exc: OSError) -> Outcome:
    return Outcome((f"cannot write the reminder in {sanitise(str(directory))} "
                    f"({exc.strerror or exc})",), 1)


def verify(files: Mapping[str, str], run: CommandRunner) -> str | None:
    """systemd's own check of the units, where systemd-analyze is installed: None when
    they pass (or there is nothing to check with), else its first complaint. Checked in a
    directory of their own, before a byte of them is installed."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="heel-units-") as scratch:
        paths = [Path(scratch) / name for name in files]
        for path, text in zip(paths, files.values(), strict=True):
            path.write_text(text, encoding="utf-8")
        ran = run(["systemd-analyze", "verify", *map(str, paths)])
    if ran.returncode in (None, 0):
        return None
    # Only a complaint about these units counts: systemd-analyze also fails where it
    # cannot start its manager, which says nothing about them.
    ours_said = [line for line in ran.output.splitlines()
                 if any(name in line for name in files)]
    return sanitise(ours_said[0].replace(scratch + "/", "")) if ours_said else None


def install(files: Mapping[str, str], directory: Path, run: CommandRunner,
            check: CommandRunner | None = None) -> Outcome:
    """Check the units (with `check`, running systemd-analyze), write them (file name ->
    text) and enable the timer; never over a foreign file. Any failure is one line and
    exit code 1; without a working systemctl the files stay, for enabling by hand."""
    paths = [directory / name for name in files]
    foreign = _foreign(paths)
    if foreign:
        return Outcome(tuple(_refusal(foreign, "installed")), 1)
    if check is not None and (said := verify(files, check)) is not None:
        return Outcome((f"systemd-analyze rejects the reminder, so nothing was installed: "
                        f"{said}",), 1)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = directory / name
            temporary = path.with_name(f".{path.name}.heel-tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)  # never a half-written unit
    except OSError as exc:
        return _unusable(directory, exc)
    lines = [f"Wrote {sanitise(str(p))}" for p in paths]
    trouble = _systemctl(run, ("systemctl", "--user", "daemon-reload"),
                         ("systemctl", "--user", "enable", "--now", TIMER))
    if trouble:
        return Outcome((f"wrote the units in {sanitise(str(directory))}, but the timer is "
                        f"not enabled: {trouble}; enable it by hand with 'systemctl --user "
                        f"daemon-reload && systemctl --user enable --now {TIMER}', or use "
                        "'heel remind --cron' and add its line with 'crontab -e'",), 1)
    return Outcome((*lines, f"Enabled {TIMER}; see when it next runs with "
                    f"'systemctl --user list-timers {TIMER}'."), 0)


def uninstall(names: Sequence[str], directory: Path, run: CommandRunner) -> Outcome:
    """Disable the timer and remove the files heel wrote; anything else stays. Nothing is
    disabled unless the files can be removed too."""
    paths = [directory / name for name in names]
    foreign = _foreign(paths)
    if foreign:
        return Outcome(tuple(_refusal(foreign, "removed")), 1)
    present = [p for p in paths if p.exists()]
    if not present:
        return Outcome(("heel has no reminder installed in "
                        f"{sanitise(str(directory))}; nothing to remove.",), 0)
    if not os.access(directory, os.W_OK | os.X_OK):
        return Outcome((f"cannot remove the reminder from {sanitise(str(directory))} "
                        "(permission denied); nothing was changed",), 1)
    trouble = None
    if (directory / TIMER).exists():
        trouble = _systemctl(run, ("systemctl", "--user", "disable", "--now", TIMER))
    try:
        for path in present:
            path.unlink()
    except OSError as exc:
        return Outcome((f"cannot remove the reminder from {sanitise(str(directory))} "
                        f"({exc.strerror or exc})",), 1)
    lines = [f"Removed {sanitise(str(path))}" for path in present]
    trouble = trouble or _systemctl(run, ("systemctl", "--user", "daemon-reload"))
    if trouble:
        lines.append(f"systemd was not told ({trouble}); it forgets the timer at the next "
                     "log-in.")
    return Outcome(tuple(lines), 0)


def preview(units: Mapping[str, str], directory: Path) -> str:
    """What `heel remind` without --install shows: each file and what enables it."""
    parts = [f"# {sanitise(str(directory / name))}\n{text}" for name, text in units.items()]
    parts.append("Install these and enable the timer with: heel remind --install "
                 "(same options)\n")
    return "\n".join(parts)


# --- What the timer runs: heel remind --notify ---------------------------------------------

def should_notify(today: date, planned_days: Collection[int], sessions_today: int) -> bool:
    """Only on a planned day with no session logged yet."""
    return today.weekday() in planned_days and sessions_today == 0


def session_minutes(seconds: float) -> int:
    """A plan's length as the whole minutes a reminder names, never 0: rounded as every
    length heel shows (text.words)."""
    return whole_minutes(seconds)


def message(exercises: Sequence[str], minutes: int, *, flare: bool = False) -> str:
    """'Heel: bridge, curl, split squat, stretch: 11 min' in one line of plain text."""
    names = ", ".join(" ".join(sanitise(name).split()) for name in exercises)
    what = f"flare day, every exercise easier: {names}" if flare else names
    return f"Heel: {what}: {minutes} min"


def _desktop(env: Mapping[str, str]) -> bool:
    return any(env.get(key) for key in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY",
                                        "DISPLAY"))


def notifier_argv(line: str, platform: str, which: Callable[[str], str | None],
                  env: Mapping[str, str]) -> list[str] | None:
    """The command that shows `line` on this desktop, or None where there is none."""
    if platform == "darwin":
        osascript = which("osascript")
        # The text goes in as an argument, so no AppleScript quoting can be broken.
        return None if osascript is None else [
            osascript, "-e", "on run argv", "-e",
            'display notification (item 1 of argv) with title "heel"', "-e", "end run", line]
    notify_send = which("notify-send")
    if notify_send is None or not _desktop(env):
        return None
    # The summary, unlike the body, is never read as markup.
    return [notify_send, "--app-name=heel", line]


def send(line: str, *, platform: str, which: Callable[[str], str | None],
         env: Mapping[str, str], run: CommandRunner, echo: Callable[[str], None]) -> str:
    """Show the reminder on the desktop, else print it (cron mails stdout). Returns the
    channel used, 'stdout' or the notifier's name; never fails."""
    argv = notifier_argv(line, platform, which, env)
    if argv is not None and run(argv).returncode == 0:
        return os.path.basename(argv[0])  # Path(argv[0]).name, without pathlib
    echo(line)
    return "stdout"
