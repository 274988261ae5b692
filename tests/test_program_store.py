"""The program in the history file: the migration from today's files, and the read API
other commands use (Store.active_program)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from heelcli.engine.records import LevelChange, Part
from heelcli.store.history import (
    APPLICATION_ID,
    FILE_NAME,
    MIGRATIONS,
    PROGRAM_VERSION,
    SCHEMA_VERSION,
    Store,
)

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)  # a Monday


def file_before_programs(home: Path) -> Path:
    """A history as the heel before programs wrote it, from its own migrations."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / FILE_NAME
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:PROGRAM_VERSION - 1]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {PROGRAM_VERSION - 1}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO sessions (started_at, seconds, status, routine, exercises, kind, "
               "felt, effort) VALUES ('2027-02-01T08:00:00+00:00', 300, 'completed', "
               "'heel-basics', 'bridge', 'compare', 'back', 'easy')")
    db.execute("INSERT INTO results VALUES (1, 0, 'bridge', 'Bridge', '', 1, 10, 80)")
    db.execute("INSERT INTO comparisons VALUES (1, 'with', 'back')")
    db.commit()
    db.close()
    return path


def test_a_history_from_before_programs_opens_read_only_unchanged(tmp_path):
    path = file_before_programs(tmp_path)
    before = path.read_bytes()
    store = Store(path, read_only=True)
    assert store.active_program() is None and store.current_levels(1) == {}
    assert [s.reps_done for s in store.sessions()] == [10]
    store.close()
    assert path.read_bytes() == before


def test_a_history_from_before_programs_is_migrated_keeping_every_row(tmp_path):
    path = file_before_programs(tmp_path)
    store = Store(path)
    assert store.version == SCHEMA_VERSION
    [old] = store.sessions()
    assert (old.routine, old.felt, old.effort, old.reps_done, old.comparison) == (
        "heel-basics", "back", "easy", 10, {"with": "back"})
    assert store.db.execute("SELECT program_id, pain, settled, flare FROM sessions"
                            ).fetchall() == [(None, None, None, 0)]
    store.close()


def test_a_program_is_stored_with_its_levels_and_sessions(tmp_path):
    store = Store(tmp_path / FILE_NAME)
    assert store.active_program() is None
    pid = store.start_program(started_at=T0, days=(0, 2, 4), pain_limit=4,
                              levels={"bridge": 3, "split-squat": 1})
    program = store.active_program()
    assert program is not None
    assert (program.id, program.days, program.pain_limit, program.started_at) == (
        pid, (0, 2, 4), 4, T0)
    sid = store.start(started_at=T0 + timedelta(hours=1), routine="heel-basics",
                      exercises=["bridge"], program_id=pid, levels=[("bridge", 3, 3, 12)])
    store.update(sid, [Part(0, "bridge", "Bridge", "", 1, 11, 90.0)], 100.0, "completed")
    store.check_in(sid, felt="back", effort="easy", pain=3)
    store.morning_pain(sid, pain=0, at=T0 + timedelta(hours=20), settled=True)
    [entry] = store.program_entries(pid)
    assert (entry.exercise, entry.level, entry.reps_prescribed, entry.reps_done, entry.pain,
            entry.settled, entry.effort, entry.felt, entry.flare) == (
        "bridge", 3, 12, 11, 3, True, "easy", "back", False)
    store.set_level(pid, LevelChange("bridge", 4, None, "easy", "Bridge: up."), at=T0)
    assert store.current_levels(pid) == {"bridge": 4, "split-squat": 1}
    assert store.level_changes(pid)[0].line == "Bridge: up."
    assert store.program_times(pid) == [T0 + timedelta(hours=1)]
    # A new program stops the old one and starts from its own levels.
    new = store.start_program(started_at=T0 + timedelta(days=9), days=(1,), pain_limit=5,
                              levels={"bridge": 1})
    assert store.active_program().id == new and store.current_levels(new) == {"bridge": 1}
    assert store.program_entries(new) == []
    assert store.stop_program(at=T0 + timedelta(days=10)).id == new
    assert store.active_program() is None
    store.close()


def test_docs_history_md_documents_every_table_and_column():
    from heelcli.store.history import _shape_of_version

    doc = (Path(__file__).parent.parent / "docs" / "history.md").read_text()
    sections = {part.split("`", 2)[1]: part for part in doc.split("\n### ")[1:]}
    for table, columns in _shape_of_version(SCHEMA_VERSION).items():
        assert table in sections, table
        for column in columns:
            assert f"| `{column[0]}` |" in sections[table], (table, column[0])


def test_docs_history_md_states_the_user_version_a_new_file_has(tmp_path):
    """The doc's "today N" is the user_version heel writes into a new file."""
    import re

    store = Store(tmp_path / FILE_NAME)
    store.close()
    written = sqlite3.connect(tmp_path / FILE_NAME).execute("PRAGMA user_version").fetchone()[0]
    doc = (Path(__file__).parent.parent / "docs" / "history.md").read_text()
    [said] = re.findall(r"migrations applied \(today (\d+)\)", doc)
    assert int(said) == written == SCHEMA_VERSION
    versions = re.findall(r"^(\d+)\. ", doc.split("## Versions", 1)[1], flags=re.M)
    assert versions[-1] == str(written)
