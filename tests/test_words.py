"""The words of the screen: one rounding for times, one way to name a day, one way to
suggest the id that was meant; and no other module formats a time or a day itself."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import heelcli
from heelcli.cli.group import cli
from heelcli.engine import checkin
from heelcli.engine.errors import closest, did_you_mean
from heelcli.text import words

PACKAGE = Path(heelcli.__file__).parent
QUICK = Path(__file__).parent / "data" / "quick.yaml"


@pytest.mark.parametrize(("seconds", "clock", "countdown", "duration", "minutes"), [
    (0, "0:00", "0", "0 s", "0 s"),
    (0.2, "0:01", "1", "1 s", "1 s"),  # up: a countdown shows 1 until it ends
    (25.3, "0:26", "26", "26 s", "26 s"),  # under a minute: seconds, never '0 min'
    (59.5, "1:00", "1:00", "1 min 00 s", "1 min"),
    (65, "1:05", "1:05", "1 min 05 s", "1 min"),
    (89.4, "1:30", "1:30", "1 min 30 s", "2 min"),  # 90 whole seconds: half up
    (150, "2:30", "2:30", "2 min 30 s", "3 min"),  # round() would say 2 (to even)
    (3665, "61:05", "61:05", "61 min 05 s", "61 min"),
    (-3, "0:00", "0", "0 s", "0 s"),
])
def test_every_time_is_whole_seconds_rounded_up(seconds, clock, countdown, duration, minutes):
    assert words.clock(seconds) == clock
    assert words.countdown(seconds) == countdown
    assert words.duration(seconds) == duration
    assert words.minutes(seconds) == minutes


def test_a_countdown_in_a_sentence_never_reads_1_30_s():
    assert words.time_left(8.2) == "9 s"
    assert words.time_left(90) == "1:30"


@pytest.mark.parametrize(("day", "today", "shown"), [
    (date(2027, 1, 10), date(2027, 1, 4), "Sun 10 Jan"),
    (date(2027, 1, 10), date(2026, 12, 30), "Sun 10 Jan 2027"),  # next year's
    (date(2026, 12, 28), date(2027, 1, 2), "Mon 28 Dec 2026"),  # last year's
])
def test_a_day_carries_its_year_when_it_is_not_this_year(day, today, shown):
    assert words.day(day, today=today) == shown


def test_the_next_morning_question_names_the_day():
    assert words.pain_to_settle(4, date(2026, 12, 31), today=date(2027, 1, 1)) == \
        "Your session on Thu 31 Dec 2026 had pain 4/10 in the knee or low back."


def test_the_checkin_words_name_every_answer_the_engine_knows():
    assert [key for key, _ in words.FELT] == list(checkin.FELT)
    assert [key for key, _ in words.FELT_SHORT] == list(checkin.FELT)
    assert [key for key, _ in words.EFFORT] == list(checkin.EFFORT)


def test_of_equally_close_names_the_one_sharing_the_first_letter():
    assert closest("mun", ["sun", "mon"]) == "mon"
    assert closest("brige", ["bridge", "one-legged-bridge"]) == "bridge"
    assert closest("xyz", ["bridge"]) is None
    assert did_you_mean(None) == ""


@pytest.mark.parametrize(("args", "said"), [
    (["why", "brige"], "no topic or exercise 'brige'"),
    (["workout", "-e", "brige", "--yes"], "unknown exercise 'brige'"),
    (["workout", "--routine", "quik", "--yes"], "unknown routine 'quik'"),
    (["workout", "-e", "tpa", "--yes"], "unknown exercise 'tpa'"),
])
def test_every_id_lookup_suggests_in_the_same_words(args, said, tmp_path):
    catalog = {} if "brige" in args else {"HEEL_EXERCISES": str(QUICK)}
    result = CliRunner().invoke(cli, args, env={**catalog, "HEEL_HOME": str(tmp_path)})
    assert result.exit_code == 2
    meant = re.search(r"\(did you mean '([a-z-]+)'\?\)$", result.stderr.strip())
    assert result.stderr.startswith(f"heel: {said}") and meant, result.stderr
    assert meant.group(1) in {"bridge", "quick", "tap"}


def test_an_unknown_topic_with_nothing_close_points_to_the_list():
    result = CliRunner().invoke(cli, ["why", "nosuch-topik"])
    assert result.exit_code == 2
    assert result.stderr == "heel: no topic or exercise 'nosuch-topik'; see heel why --list\n"


# Formatting a time or a day by hand: an M:SS clock, minutes from seconds, a strftime day.
HAND_MADE = re.compile(r":02d\}|// ?60\b|/ ?60\)|divmod\([^)]*60|%[aAbBd]\b|strftime\("
                       r"|DAY_NAMES\[[^]]*weekday\(\)\]")
# Not words for a person: iCalendar's UTC offsets and sequence numbers are a file format,
# and the store checks in SQL that a time is in its own stored form.
FILE_FORMATS = {"formats/ics.py", "store/history.py"}
# The report is being rewritten in another change, which moves its days to words.day.
NOT_YET = {"formats/report.py"}


def hand_made_times(root: Path, allowed: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if where in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if HAND_MADE.search(code):
                found.append(f"{where}:{number}: {line.strip()}")
    return found


def test_only_the_words_module_formats_a_time_or_a_day():
    assert hand_made_times(PACKAGE, {"text/words.py"} | FILE_FORMATS | NOT_YET) == []


def test_the_scan_finds_a_hand_made_clock(tmp_path):
    (tmp_path / "page.py").write_text('def f(s):\n    return f"{s // 60}:{s % 60:02d}"\n')
    (tmp_path / "day.py").write_text('def g(d):\n    return d.strftime("%d %b")\n')
    (tmp_path / "week.py").write_text('def h(d):\n    return f"{DAY_NAMES[d.weekday()]} {d.day}"\n')
    assert len(hand_made_times(tmp_path, set())) == 3


# Sentences a person reads that once sat in the engine: each now lives in text/ only.
MOVED_TO_TEXT = [
    "Sharp pain means stop", "That is the goal: the back of your legs",
    "The front of your thighs took over", "Ease off: fewer reps", "felt easy in your last",
    "Tomorrow morning, heel asks about pain", "Today is a rest day in your program",
    "30-second chair stand", "Sit in the middle of a chair", "How many times did you stand",
    "Pain today, 0 to 10?", "stands is below average", "This is a screening figure",
    "four weeks ago", "Hips up and level",  # step titles: engine/timeline.py, moving
    "Chair stands", "Bridge hold, left leg", "don't think about your heels",
    "only to feel the difference", "through the heel", "are back to back",
]


def test_no_engine_module_holds_a_sentence_for_a_person():
    engine = PACKAGE / "engine"
    found = [f"{path.name}: {sentence}" for path in sorted(engine.rglob("*.py"))
             for sentence in MOVED_TO_TEXT if sentence in path.read_text(encoding="utf-8")]
    assert found == []
    text = " ".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "text").rglob("*.py"))
    assert all(sentence in text for sentence in MOVED_TO_TEXT)


# The engine's string literals a scan would take for a sentence, each allowed for a reason.
# heel's errors carry their words: a message raised to the user, shown with its file and
# line (or its option), stays where it is raised.
ENGINE_LITERALS_ALLOWED = {
    # A citation, not a sentence: quoted by the --pain-limit error and by text/rulebook.
    ("program_limits.py", "Silbernagel et al. 2007, Am J Sports Med 35:897"),
    # The ellipsis of a long list of ids in the "unknown exercise" error.
    ("timeline.py", ", ..."),
    # A YAML syntax error, shown at its file:line:column.
    ("yamlsource.py", "expected a value or a closing bracket; is a '[' or '{' not closed?"),
}


def _literals(tree: ast.Module) -> list[tuple[int, str]]:
    """Every string literal but docstrings; an f-string as one text, "{}" for each value."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for part in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in parts:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            found.append((node.lineno, "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)))
    return found


def sentences(root: Path) -> set[tuple[str, str, int]]:
    """Literals that read like words for a person: with a space, and starting with a
    capital or ending in '.', '?' or ':'. (file, literal, line)."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, text in _literals(tree):
            bare = text.strip()
            if " " in bare and (bare[:1].isupper() or bare.endswith((".", "?", ":"))):
                found.add((path.relative_to(root).as_posix(), text, line))
    return found


def test_no_engine_string_reads_like_a_sentence_but_the_allowed():
    found = sentences(PACKAGE / "engine")
    assert sorted(f"{f}:{n}: {t!r}" for f, t, n in found
                  if (f, t) not in ENGINE_LITERALS_ALLOWED) == []
    # Every allowed one is still there: a stale entry would allow a new sentence later.
    assert {(f, t) for f, t, _ in found} >= ENGINE_LITERALS_ALLOWED


def test_the_sentence_scan_finds_a_new_line_for_a_person(tmp_path):
    (tmp_path / "rule.py").write_text(
        '"""A docstring is not shown."""\n'
        'A = "Rest a day"\n'
        'B = f"{1} are back to back: rest between them."\n'
        'C = ("two parts " "of one sentence.")\n'
        'D = "mon,tue"\n'
        'E = "pain-over-limit"\n'
        'def f():\n    """Nor is this."""\n    return "Well done"\n')
    assert sorted(t for _, t, _ in sentences(tmp_path)) == [
        "Rest a day", "Well done", "two parts of one sentence.",
        "{} are back to back: rest between them."]
