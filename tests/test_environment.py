"""The one door to the world: only heelcli.flows.environment reads the process's time
zone, and the variables and standard streams are read in as few places as can be; a
zone handed to the environment reaches every local date heel shows."""

from __future__ import annotations

import ast
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.flows.environment import Environment, ProcessZone

from .conftest import NEW_YORK, FakeClock, ScriptedKeys, make_console, set_zone

SRC = Path(__file__).resolve().parent.parent / "src" / "heelcli"
STREAMS = {"stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__"}


def _modules() -> dict[str, ast.Module]:
    return {".".join(p.relative_to(SRC).with_suffix("").parts):
            ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}


def _reading(tree: ast.Module, finds: object) -> bool:
    return any(finds(node) for node in ast.walk(tree))  # type: ignore[operator]


def _environ(node: ast.AST) -> bool:
    """os.environ, os.getenv, Path.home(), expanduser: a read of the process's variables."""
    if isinstance(node, ast.Attribute):
        if node.attr in ("home", "expanduser") and ast.unparse(node.value) in (
                "Path", "pathlib.Path", "os.path"):
            return True
        return node.attr in ("environ", "getenv") and ast.unparse(node.value) == "os"
    return isinstance(node, ast.ImportFrom) and node.module == "os" \
        and any(a.name in ("environ", "getenv") for a in node.names)


def _stream(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in STREAMS and ast.unparse(node.value) == "sys"
    return isinstance(node, ast.ImportFrom) and node.module == "sys" \
        and any(a.name in STREAMS for a in node.names)


def _process_zone(node: ast.AST) -> bool:
    """A bare `x.astimezone()` (the process's zone), or `datetime.now` called with no zone."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) \
            or node.args or node.keywords:
        return False
    if node.func.attr == "astimezone":
        return True
    return node.func.attr == "now" \
        and ast.unparse(node.func.value) in ("datetime", "datetime.datetime")


def _readers(finds: object) -> set[str]:
    return {name for name, tree in _modules().items() if _reading(tree, finds)}


def test_environment_variables_are_read_in_at_most_two_modules():
    # cli.group reads COLUMNS for --help, before there is an environment.
    assert _readers(_environ) == {"flows.environment", "cli.group"}


def test_the_standard_streams_are_touched_in_at_most_three_modules():
    # cli.group: the encoding and the last flush of main(), outside any command.
    assert _readers(_stream) <= {"flows.environment", "cli.group", "screen.terminal"}
    assert "flows.environment" in _readers(_stream)


def test_only_the_environment_reads_the_process_time_zone():
    assert _readers(_process_zone) == {"flows.environment"}


def test_the_scanner_sees_each_kind_of_read():
    tree = ast.parse("import os, sys\nfrom datetime import datetime\n"
                     "a = os.environ.get('X'); b = sys.stdout; c = d.astimezone()\n"
                     "e = datetime.now(); f = d.astimezone(z)\n"  # real-date: scanned only
                     "g = datetime.now(z)\n")  # real-date: scanned only
    assert _reading(tree, _environ) and _reading(tree, _stream)
    found = [ast.unparse(n) for n in ast.walk(tree) if _process_zone(n)]
    assert found == ["d.astimezone()", "datetime.now()"]  # real-date: names, not calls


# --- The zone: given to the environment, used for every local date ------------------------

def test_the_process_zone_keeps_its_daylight_saving_rules_across_a_change():
    """A fixed offset taken on one side of the change puts a late evening on the other
    side in the next day; the process zone keeps each moment's own offset."""
    set_zone(NEW_YORK)  # conftest puts the zone back after the test
    zone = ProcessZone()
    friday_late = datetime(2027, 3, 13, 4, 30, tzinfo=timezone.utc)  # 23:30 EST on Friday
    assert friday_late.astimezone(zone).strftime("%a %d %H:%M") == "Fri 12 23:30"
    monday = datetime(2027, 3, 15, 13, 0, tzinfo=timezone.utc)  # 09:00 EDT
    assert monday.astimezone(zone).strftime("%a %d %H:%M") == "Mon 15 09:00"
    assert monday.astimezone(zone).utcoffset() == timedelta(hours=-4)
    # A repeated hour in November: the second 01:30 is an hour after the first.
    first = datetime(2027, 11, 7, 5, 30, tzinfo=timezone.utc).astimezone(zone)
    second = datetime(2027, 11, 7, 6, 30, tzinfo=timezone.utc).astimezone(zone)
    assert first.strftime("%H:%M") == second.strftime("%H:%M") == "01:30"
    assert (second.fold, second.utcoffset()) == (1, timedelta(hours=-5))


def _new_york():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        return zoneinfo.ZoneInfo("America/New_York")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database here")


def test_a_friday_evening_session_stays_on_friday_after_the_clocks_go_forward():
    """`heel program --json` on Tuesday 16 March 2027 in New York, after the change of
    Sunday 14 March, dates the session of Friday 12 March at 23:30 on the Friday. The
    process runs in another zone (London, from conftest): only the environment's counts."""
    zone = _new_york()
    clock = FakeClock()
    at = [datetime(2027, 3, 8, 8, 0, tzinfo=zone)]  # Monday 8 March

    def run(*args: str, input: str = "") -> str:
        env = Environment(clock=clock, keys=ScriptedKeys(clock), stdin_isatty=True,
                          stdout_isatty=False, console=make_console(terminal=False),
                          now=lambda: at[0], zone=zone)
        result = CliRunner().invoke(cli, list(args), obj=env, input=input)
        assert result.exit_code == 0, (args, result.output, result.stderr)
        return result.stdout

    run("program", "start")  # mon, wed, fri
    at[0] = datetime(2027, 3, 12, 23, 30, tzinfo=zone)  # Friday, late
    run("workout", "--yes", input="1\n1\n2\n")  # felt in the back, easy, pain 2
    at[0] = datetime(2027, 3, 16, 9, 0, tzinfo=zone)  # Tuesday, after the change
    data = json.loads(run("program", "--json"))
    assert data["today"]["date"] == "2027-03-16"
    assert [p["date"] for p in data["recent_pain"]] == ["2027-03-12"]
    history = run("history")
    assert "Fri 12 Mar 23:30" in history


def _process_start(node: ast.AST) -> bool:
    """sys.executable, sys.argv: how heel was started (a reminder runs it again so)."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("executable", "argv", "orig_argv") \
            and ast.unparse(node.value) == "sys"
    return isinstance(node, ast.ImportFrom) and node.module == "sys" \
        and any(a.name in ("executable", "argv", "orig_argv") for a in node.names)


def test_only_the_environment_reads_how_heel_was_started():
    assert _readers(_process_start) == {"flows.environment"}


@pytest.mark.parametrize("data", [
    {"total_seconds": 12.5, "exercises": ["bridge", "lift"],
     "steps": [{"kind": "ready", "seconds": 10.0, "title": "Get ready", "rep": None,
                "side": "left", "ends": True}, {"kind": "phase", "cue": "Heels down ☺\u202e"}]},
    {"empty": {}, "none": [], "nested": [[1, [2, {}]], {"a": {"b": [None, False]}}]},
    {1: "int key", 2.5: {"x": 1}, None: [], False: "f"},
    [], {}, "plain ☺", 3, None, [{"a": 1}, 1e300, float("nan"), -0.0],
])
def test_the_one_json_printer_prints_what_json_dumps_with_an_indent_prints(data):
    import json

    from heelcli.flows.environment import _indented

    for ensure_ascii in (True, False):
        assert _indented(data, ensure_ascii=ensure_ascii) == json.dumps(
            data, indent=2, ensure_ascii=ensure_ascii)
