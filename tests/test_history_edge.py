"""Every value read from the history checked at the store's edge, like a user's file, and
stored text shown through the one sanitiser: crafted rows once looped, crashed or wrote
escape sequences to the terminal."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.store.history import FILE_NAME

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"


def invoke(env, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=env, input=input)


def history() -> sqlite3.Connection:
    return sqlite3.connect(Path(os.environ["HEEL_HOME"]) / FILE_NAME, isolation_level=None)


@pytest.fixture
def program(env):
    env.catalog_path = None  # the built-in exercises: the program's ladders
    assert invoke(env, "program", "start").exit_code == 0
    return env


@pytest.mark.parametrize("days", ["", "7", "mon", "²", "0,²", "-1"])
@pytest.mark.parametrize("args", [["program"], ["program", "--json"], ["calendar"],
                                  ["remind", "--at", "07:30", "--cron"], ["report"],
                                  ["workout", "--dry-run"]])
def test_crafted_planned_days_are_one_line_naming_the_file_exit_2(program, days, args):
    db = history()
    db.execute("UPDATE programs SET days = ?", (days,))
    db.close()
    result = invoke(program, *args)
    assert result.exit_code == 2, (result.output, result.exception)
    (line,) = result.output.strip().splitlines()
    assert line.startswith("heel: ") and FILE_NAME in line and "planned days" in line


def test_a_non_utf8_byte_in_a_stored_answer_does_not_stop_the_next_morning_check(program):
    program.stdin_isatty = True
    assert invoke(program, "workout", "--yes", input="2\n3\n6\n").exit_code == 0
    db = history()
    db.execute("UPDATE sessions SET effort = CAST(X'68617264ff' AS TEXT)")
    db.close()
    result = invoke(program, "program", input="y\n")
    assert result.exit_code == 0, (result.output, result.exception)
    sessions = json.loads(invoke(program, "history", "--json").output)["sessions"]
    assert sessions[0]["effort"] == "hard\ufffd"


def test_a_stored_level_line_reaches_the_terminal_and_json_escaped(program):
    db = history()
    db.execute("INSERT INTO levels SELECT program_id, exercise, 2, at, 'easy', ? FROM levels "
               "LIMIT 1", (HOSTILE,))
    db.close()
    page = invoke(program, "program")
    assert page.exit_code == 0, page.output
    assert "pwned" in page.output  # shown, as plain text
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(page.output)
    data = invoke(program, "program", "--json")
    assert data.exit_code == 0
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(data.output)
    assert HOSTILE in strings(json.loads(data.output))  # escaped, reads back the same


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_stored_about_you_is_checked_before_it_is_shown(env):
    assert invoke(env, "test", "--about", "--sex", "male").exit_code == 0
    db = history()
    db.execute("UPDATE about_you SET age_band = ?, sex = ?", (HOSTILE, HOSTILE))
    db.close()
    result = invoke(env, "test", "--about")
    assert result.exit_code == 0
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(result.output)
    assert "pwned" not in result.output
