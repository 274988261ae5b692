"""Every command alike (issue 20, item 8): a bad option value is one `heel:` line and exit
2 on every command, errors suggest only options that exist, the same defaults, the same
exercise file, help that lists what a group holds."""

from __future__ import annotations

import click
import pytest

from heelcli.cli.group import cli

from .conftest import invoke

# A value each option refuses. Options that take any text are left out, each with why.
BAD = {"--routine": "nosuch", "--exercise": "nosuch", "--reps": "0", "--sets": "x",
       "--rest": "-5", "--file": "/nonexistent/heel.yaml", "--limit": "0", "--days": "mun",
       "--pain-limit": "11", "--level": "x", "--at": "25:00", "--only": "x",
       "--age-band": "x", "--sex": "x", "--weeks": "0", "--format": "x"}
ANY_TEXT = {"--output": "any path: one that cannot be written is a failure (exit 1)",
            "--voice-cmd": "any command: a missing one is said when the workout speaks"}


def _commands(command: click.Command = cli, path: tuple[str, ...] = ()):
    ctx = click.Context(cli)
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            yield from _commands(command.get_command(ctx, name), (*path, name))
    if path:
        yield path, command


def _value_options() -> list[tuple[tuple[str, ...], str]]:
    return [(path, option.opts[0]) for path, command in _commands()
            for option in command.params
            if isinstance(option, click.Option) and not option.is_flag
            and option.opts[0] not in ANY_TEXT]


def test_every_option_that_takes_a_value_has_a_bad_one_here():
    assert {name for _, name in _value_options()} == set(BAD)


@pytest.mark.parametrize(("path", "option"), _value_options(),
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
@pytest.mark.parametrize("missing", [False, True], ids=["bad", "missing"])
def test_a_bad_or_missing_option_value_is_one_heel_line_and_exit_2(env, path, option,
                                                                   missing):
    args = [*path, option] if missing else [*path, option, BAD[option]]
    result = invoke(env, *args)
    assert result.exit_code == 2, (args, result.output, result.exception)
    (line,) = (result.stderr or result.stdout).splitlines()  # check reports on stdout
    # A file's problem is told as compilers do, after the file's name.
    lead = f"{BAD[option]}: " if option == "--file" and not missing else "heel: "
    assert line.startswith(lead) and "Usage:" not in result.output, line


@pytest.mark.parametrize("args", [["--nosuch"], ["list", "--nosuch"], ["nosuch"],
                                  ["program", "nosuch"]])
def test_unknown_options_and_commands_are_one_line_too(env, args):
    result = invoke(env, *args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("heel: ") and "--help" in line


@pytest.mark.parametrize("fmt", ["md", "MD", "markdown"])
def test_the_report_takes_md_for_markdown(env, fmt):
    result = invoke(env, "report", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# heel report")


@pytest.fixture
def not_a_history(env):
    home = env.home()
    home.mkdir(parents=True, exist_ok=True)
    (home / "history.sqlite3").write_bytes(b"not a database, not at all" * 100)
    return env


@pytest.mark.parametrize("args", [["history"], ["report"], ["program"], ["calendar"],
                                  ["test", "--about"]])
def test_a_bad_history_suggests_no_log_only_where_there_is_one(not_a_history, args):
    result = invoke(not_a_history, *args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "not a heel history database" in line and "--no-log" not in line


def test_a_bad_history_suggests_no_log_to_a_workout(not_a_history):
    result = invoke(not_a_history, "workout", "--yes")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(", or use --no-log")
    unlogged = invoke(not_a_history, "workout", "--yes", "--no-log")
    assert unlogged.exit_code == 0, unlogged.output


def test_an_unknown_exercise_lists_the_ids_or_suggests_the_nearest(env):
    far = invoke(env, "workout", "-e", "nosuch")
    assert far.exit_code == 2
    assert far.stderr == ("heel: unknown exercise 'nosuch'; the exercises are: lift, "
                          "lift-hard, curl, stretch (see: heel list)\n")
    near = invoke(env, "workout", "-e", "lfit")
    assert near.stderr == "heel: unknown exercise 'lfit' (did you mean 'lift'?)\n"


def test_check_checks_the_file_the_other_commands_use(env, monkeypatch, tmp_path):
    broken = tmp_path / "mine.yaml"
    broken.write_text("version: 1\nexercises: nope\n")
    env.catalog_path = None
    monkeypatch.setenv("HEEL_EXERCISES", str(broken))
    listed = invoke(env, "list")
    checked = invoke(env, "check")
    assert listed.exit_code == checked.exit_code == 2
    assert checked.stdout.startswith(f"{broken}:") and "ok" not in checked.stdout


def test_program_help_lists_its_subcommands():
    out = invoke(None, "program", "--help").output
    commands = out[out.index("Commands:"):]
    for name in ("start", "stop", "resume"):
        assert f"\n  {name} " in commands


def test_showing_what_heel_knows_about_you_writes_no_file(env):
    result = invoke(env, "test", "--about")
    assert result.exit_code == 0
    assert not (env.home() / "history.sqlite3").exists()
