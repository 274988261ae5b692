"""One reading of a typed number (engine/numbers.py) for every option and prompt: `²` and
`①` pass `str.isdigit()` but not `int()`, so each once ended in a ValueError traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.engine import numbers


def invoke(env, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=env, input=input)


@pytest.mark.parametrize("text", ["²", "①", "٣", "\uff13", "1_0", "+3", "-1", " ", "", "3.0",
                                  "1e3", "0x10", "9" * 50])
def test_only_ascii_digits_are_a_whole_number(text):
    assert numbers.whole(text) is None


def test_ascii_digits_around_spaces_are_read():
    assert numbers.whole(" 12 ") == 12
    assert numbers.whole_in("12", 1, 10) is None
    assert numbers.decimal("2.5") == 2.5 and numbers.decimal(".5") == 0.5
    for text in ("nan", "inf", "1e3", "²", "-1", ".", "1.2.3", "٣.5"):
        assert numbers.decimal(text) is None


@pytest.mark.parametrize("args", [
    ["report", "--weeks", "²"], ["report", "--weeks", "①"],
    ["program", "start", "--level", "bridge=²"], ["program", "start", "--pain-limit", "²"],
    ["workout", "--dry-run", "-e", "lift", "--reps", "²"],
    ["workout", "--dry-run", "-e", "lift", "--sets", "①"],
    ["workout", "--dry-run", "-e", "lift", "--rest", "²"],
    ["workout", "--dry-run", "-e", "lift", "--rest", "nan"],
    ["history", "--limit", "0"], ["history", "--limit", "²"], ["history", "-n", "x"]])
def test_a_bad_number_on_any_option_is_one_heel_line_and_exit_2(env, args):
    env.catalog_path = None  # the built-in file: its ladders include the bridge
    result = invoke(env, *args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("heel: "), result.output
    assert "Usage:" not in result.output


def test_history_limit_still_takes_a_number(env):
    result = invoke(env, "history", "--json", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sessions"] == []


@pytest.mark.parametrize("typed", ["²", "①"])
def test_a_unicode_digit_at_the_check_in_asks_again(env, typed):
    env.stdin_isatty = True  # a person at the keyboard: the check-in is asked
    result = invoke(env, "workout", "--yes", "-e", "lift", input=f"{typed}\n2\n{typed}\n3\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Please type a number from 1 to") == 2
    session = json.loads(invoke(None, "history", "--json").output)["sessions"][0]
    assert (session["felt"], session["effort"]) == ("front", "hard")


@pytest.mark.parametrize("typed", ["²", "①"])
def test_a_unicode_digit_at_a_self_test_number_asks_again(env, typed):
    result = invoke(env, "test", "--only", "chair-stand", input=f"{typed}\n12\n")
    assert result.exit_code == 0, result.output
    assert "Please type a whole number from" in result.output
    assert "Chair stands: 12" in result.output
