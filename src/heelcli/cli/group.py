"""The `heel` command line. Thin: parse options, call the library, map errors to exit codes.

Subcommands live in heelcli.cli.commands and are imported only when one is used: `heel --help`
needs just their one-line summaries, kept here.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from typing import Any

import click

from heelcli import __version__
from heelcli.cli.kit import EXIT_USAGE, PlainHelp

# name: one-line summary, in the order `heel --help` lists them (a test keeps them in sync)
COMMANDS = {
    "workout": "Start a guided, timed workout.",
    "list": "Show the exercises at a glance.",
    "why": "Explain why pushing through the heel protects knees and low back.",
    "history": "Show your recent workouts, streaks and sessions per week.",
    "program": "Follow a program: today's workout, levels that move, pain checks.",
    "check": "Check exercise files and report every problem in them.",
    "remind": "Remind you on planned days, without a background process.",
    "calendar": "Write your workout days as a calendar file to import.",
    "test": "Self-tests of progress: chair stands, bridge hold, pain.",
    "report": "A one-page report of your program for your physiotherapist.",
}
FOLLOWUP = ("remind", "calendar", "test", "report")  # heelcli.cli.followup's


class _UserFacing(click.ClickException):
    """A HeelError on its way out: one line on stderr, exit code 2, no traceback."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class _Failure(_UserFacing):
    """A RuntimeFailure (a busy or unwritable file): not bad usage, so exit code 1."""

    exit_code = 1


class HeelGroup(PlainHelp, click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in FOLLOWUP:
            from heelcli.cli.commands import BY_NAME

            return BY_NAME[cmd_name]
        # These options take about 4 ms to build, which `heel list` need not pay, and
        # these commands need none of heelcli.cli.commands' (the test keeps both in sync).
        from heelcli.cli import followup

        return followup.BY_NAME[cmd_name]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        extra.setdefault("terminal_width", _terminal_width())
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # `heel --nosuch`
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        from heelcli.engine.errors import CatalogError, HeelError, RuntimeFailure, sanitise

        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a bad option value, an unknown option or command
            raise _one_line(exc) from None
        except CatalogError as exc:
            more = len(exc.problems) - 1
            if more:
                import shlex  # the hint is a command to paste: quote the path for the shell

                path = sanitise(shlex.quote(exc.problems[0].path))
                raise _UserFacing(f"{exc} (+{more} more; see: heel check {path})") from None
            raise _UserFacing(str(exc)) from None
        except HeelError as exc:
            facing = _Failure if isinstance(exc, RuntimeFailure) else _UserFacing
            raise facing(sanitise(f"heel: {exc}{self._no_log(ctx, exc)}")) from None

    def _no_log(self, ctx: click.Context, exc: Exception) -> str:
        """The way around an unusable history, on the commands that have one only."""
        if not getattr(exc, "skippable", False) or ctx.invoked_subcommand is None:
            return ""
        command = self.get_command(ctx, ctx.invoked_subcommand)
        has = command is not None and any("--no-log" in getattr(p, "opts", ())
                                          for p in command.params)
        return ", or use --no-log" if has else ""


def _one_line(exc: click.UsageError) -> _UserFacing:
    """click's usage error as every other heel error: one line, exit code 2, and where
    to look (click would print the usage block and "Error:" over three lines)."""
    from heelcli.engine.errors import sanitise

    where = f" (see: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
    return _UserFacing(sanitise(f"heel: {exc.format_message().rstrip('.')}{where}"))


def _terminal_width() -> int:
    """The help width click would pick, without importing shutil for `--help`."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno() if stdout else 1).columns
        except (ValueError, OSError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # Not click.version_option: it looks up translations at import, slowing `--help`.
    if value and not ctx.resilient_parsing:
        click.echo(f"heel, version {__version__}")
        ctx.exit()


@click.group(cls=HeelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
def cli() -> None:
    """A workout guide that teaches you to push through your heels.

    Three exercises wake up the back of your legs (calves, hamstrings,
    glutes) so they balance the quads and protect your knees and low back.

    \b
    Examples:
      heel workout          # the guided, timed session
      heel list             # the exercises at a glance
      heel why              # why the heel matters
      heel history          # what you have done, and your streak
      heel program start    # a program: three days a week, levels that move
      heel check my.yaml    # validate your own exercise file
    """


def main() -> None:
    """The `heel` program; to run heel inside another program, call `cli` instead."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not stream.encoding.lower().startswith("utf"):
            from heelcli.screen.charset import tolerate

            tolerate(stream)  # PYTHONIOENCODING=ascii, LC_ALL=C: stand-ins, not a traceback
    code: int | str | None = 0
    failed: OSError | None = None
    try:
        cli(prog_name="heel")  # standalone: it always ends in SystemExit
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # a write failed; click itself only quiets a broken pipe
        failed, code = exc, 1
    code = _flush(code, failed)
    # On the way out the interpreter runs full garbage collections over every object
    # click, rich and yaml made: about 9 ms, longer than most of `heel list` takes.
    # Frozen objects are skipped. Exit handlers still run and output is still flushed;
    # all that is lost is collecting cycles of garbage, which the process is about to
    # hand back whole. heel closes its database and voice process explicitly.
    gc.freeze()
    sys.exit(code)


# Errors of a write to a full disk, a closed pipe, a terminal that is gone: output failures.
_OUTPUT_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO,
                  errno.EAGAIN}


def _flush(code: int | str | None, failed: OSError | None) -> int | str | None:
    """Write out what is left; if output was lost, say so in one line on stderr.

    The exit code: `code`, or 1 when it was 0 and output was lost. A stream that cannot be
    flushed is pointed at the null device, so the interpreter's last flush at exit does not
    fail again ("Exception ignored ... BrokenPipeError").
    """
    if failed is not None and failed.errno not in _OUTPUT_ERRORS:
        raise failed  # not an output failure: a bug to see whole
    lost = failed
    for fd, streams in ((1, (sys.stdout, sys.__stdout__)), (2, (sys.stderr, sys.__stderr__))):
        try:
            for stream in streams:
                if stream is not None:
                    stream.flush()
        except OSError as exc:
            lost = lost or exc
            _to_null(fd)
    if lost is None:
        return code
    if lost.errno != errno.EPIPE:  # a closed pipe is the reader's choice: nothing to say
        try:
            print(f"heel: cannot write output: {lost.strerror}", file=sys.stderr, flush=True)
        except OSError:
            _to_null(2)
    return 1 if code in (0, None) else code


def _to_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)
