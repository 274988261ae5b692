"""`-o FILE` never destroys: `heel report -o "$HEEL_HOME/history.sqlite3"` once replaced
the history with the report and exited 0."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.store.history import FILE_NAME, Store, reading


def invoke(env, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=env, input=input)


def history_path() -> Path:
    return Path(os.environ["HEEL_HOME"]) / FILE_NAME


@pytest.mark.parametrize("command", [["report"], ["calendar"]])
def test_the_history_is_refused_even_with_force(env, command):
    assert invoke(env, "workout", "--yes", "-e", "lift").exit_code == 0
    before = history_path().read_bytes()
    for extra in ([], ["--force"]):
        result = invoke(env, *command, "-o", str(history_path()), *extra)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("heel: ") and "database" in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert history_path().read_bytes() == before
    with reading(history_path().parent) as log:
        assert len(list(log.sessions())) == 1


def test_any_sqlite_file_is_refused(env, tmp_path):
    other = tmp_path / "notes.db"
    Store(other).close()  # an SQLite file, whatever its name
    before = other.read_bytes()
    result = invoke(env, "report", "-o", str(other), "--force")
    assert result.exit_code == 2 and "database" in result.output
    assert other.read_bytes() == before
    db = sqlite3.connect(other)
    assert db.execute("PRAGMA user_version").fetchone()[0] > 0
    db.close()


def test_an_existing_file_in_a_pipe_is_kept_without_force(env, tmp_path):
    page = tmp_path / "report.txt"
    page.write_text("my notes\n")
    result = invoke(env, "report", "-o", str(page))
    assert result.exit_code == 2
    assert "--force" in result.output and page.read_text() == "my notes\n"
    result = invoke(env, "report", "-o", str(page), "--force")
    assert result.exit_code == 0, result.output
    assert page.read_text() != "my notes\n"


@pytest.mark.parametrize(("answer", "replaced"), [("n\n", False), ("y\n", True), ("", False)])
def test_in_a_terminal_heel_asks_before_replacing_a_file(env, tmp_path, answer, replaced):
    env.stdin_isatty = True
    page = tmp_path / "report.md"
    page.write_text("my notes\n")
    result = invoke(env, "report", "--format", "markdown", "-o", str(page), input=answer)
    assert "Replace it?" in result.output
    assert (page.read_text() != "my notes\n") is replaced
    assert (result.exit_code == 0) is replaced


def test_a_new_file_is_written_without_a_question(env, tmp_path):
    env.stdin_isatty = True
    page = tmp_path / "new.txt"
    result = invoke(env, "report", "-o", str(page))
    assert result.exit_code == 0 and "Replace" not in result.output
    assert page.read_text().strip()
