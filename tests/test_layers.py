"""The shape of the package, pinned: what each layer may import, and the one protocol the
session reads keys through. Each test fails when someone adds the import or the
attribute it forbids."""

from __future__ import annotations

import ast
import signal
from functools import cache
from pathlib import Path

from click.testing import CliRunner

from heelcli.cli.group import cli

from .conftest import FakeClock, ScriptedKeys

SRC = Path(__file__).resolve().parent.parent / "src" / "heelcli"


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse((SRC / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))


def _modules() -> list[str]:
    return sorted(".".join(p.relative_to(SRC).with_suffix("").parts) for p in SRC.rglob("*.py"))


# --- Keys: the session reads exactly what runner.Keys declares -----------------------------

class OnlyKeys:
    """A key source with the attributes of runner.Keys and nothing else: a session that
    reached for another one (or found it missing with getattr) would fail here."""

    __slots__ = ("_script", "on_suspend", "signal", "stop_at")

    def __init__(self, script: ScriptedKeys, *, stop_at: float | None = None) -> None:
        self._script = script
        self.signal: int | None = None
        self.on_suspend = lambda: None
        self.stop_at = stop_at  # Ctrl-C arrives then, as heelcli.screen.terminal reports it

    def wait(self, timeout: float) -> str | None:
        key = self._script.wait(timeout)
        if self.stop_at is not None and self._script.clock.now >= self.stop_at:
            self.signal = signal.SIGINT
            return "q"
        return key


def test_the_workout_and_the_self_tests_need_no_more_of_the_keys_than_the_protocol(env):
    clock = FakeClock()
    env.clock = clock
    env.keys = OnlyKeys(ScriptedKeys(clock))
    assert CliRunner().invoke(cli, ["workout", "-e", "lift"], obj=env).exit_code == 0
    env.keys = OnlyKeys(ScriptedKeys(clock), stop_at=clock.now + 15.0)  # in the chair stand
    result = CliRunner().invoke(cli, ["test", "--only", "chair-stand"], obj=env)
    assert result.exit_code == 128 + signal.SIGINT, result.output


def test_no_module_looks_keys_up_by_name():
    """hasattr/getattr on a key source hides from mypy what the protocol must declare."""
    found = []
    for module in _modules():
        for node in ast.walk(_tree(module)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("getattr", "hasattr", "setattr") and node.args \
                    and "keys" in ast.unparse(node.args[0]).lower():
                found.append(f"{module}: {ast.unparse(node)}")
    assert found == []


# --- Imports between modules ---------------------------------------------------------------

def _imports(module: str) -> list[tuple[str, str | None]]:
    """(module, name) for every heelcli import in `module`, at the top, inside functions
    or for type checking; name is None for `import heelcli.x` / `from heelcli import x`."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.startswith("heelcli.")]
        elif isinstance(node, ast.ImportFrom) and node.module == "heelcli":
            found += [(f"heelcli.{a.name}", None) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("heelcli."):
            found += [(node.module or "", a.name) for a in node.names]
    return found


def test_no_module_imports_a_private_name_of_another():
    """A `_name` is its module's own business: what two modules share has a public name
    (the run's environment and exercise file live in heelcli.cli.kit for every command)."""
    found = [f"{module}: from {source} import {name}" for module in _modules()
             for source, name in _imports(module)
             if name is not None and name.startswith("_") and not name.startswith("__")]
    assert found == []


def test_the_group_finds_the_commands_and_no_command_module_imports_the_group():
    importers = {module for module in _modules()
                 if any(source == "heelcli.cli.group" for source, _ in _imports(module))}
    assert importers == {"__main__"}
    assert ("heelcli.cli.commands", "BY_NAME") in _imports("cli.group")  # one way: cli -> commands


# --- The engine is pure --------------------------------------------------------------------

# The modules that decide: what a workout is, how it runs, what the program prescribes and
# what heel says back. The screen, the store and the command line import them, never the
# other way round.
ENGINE = tuple(f"engine.{m}" for m in (
    "alerts", "catalog", "checkin", "coach", "errors", "keymap", "ladder", "progress",
    "progression", "records", "runner", "schedule", "selftest", "timeline", "yamlsource"))
NOT_IN_THE_ENGINE = {"rich", "sqlite3", "click", "termios", "tty"}


def _runtime_imports(module: str) -> set[str]:
    """Every module `module` may import when it runs: at the top or inside a function,
    but not in an `if TYPE_CHECKING:` block, which only the type checker reads."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "heelcli":
            names.update(f"heelcli.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_tree(module))
    return names


def _reachable(module: str) -> set[str]:
    """Every module reachable from heelcli.`module` through run-time imports."""
    seen, todo, outside = set(), [module], set()
    while todo:
        here = todo.pop()
        if here in seen:
            continue
        seen.add(here)
        for name in _runtime_imports(here):
            if name.startswith("heelcli.") \
                    and (SRC / (name[8:].replace(".", "/") + ".py")).exists():
                todo.append(name[8:])
            elif name != "heelcli":
                outside.add(name)
    return {f"heelcli.{m}" for m in seen} | outside


def test_no_engine_module_can_reach_rich_sqlite3_click_or_the_terminal():
    """Even through an import inside a function, taken only on some path."""
    found = {module: sorted(name for name in _reachable(module)
                            if name.split(".")[0] in NOT_IN_THE_ENGINE)
             for module in ENGINE}
    assert {module: names for module, names in found.items() if names} == {}


def _loaded_by(*modules: str) -> dict[str, set[str]]:
    """What importing each heelcli module alone loads, each in a fresh interpreter."""
    import subprocess
    import sys

    code = "import importlib, sys; importlib.import_module(sys.argv[1]); print(*sys.modules)"
    running = {m: subprocess.Popen([sys.executable, "-c", code, f"heelcli.{m}"],
                                   stdout=subprocess.PIPE, text=True) for m in modules}
    return {m: set(p.communicate()[0].split()) for m, p in running.items()}


def test_importing_an_engine_module_loads_no_rich_sqlite3_click_or_termios():
    loaded = _loaded_by(*ENGINE)
    assert all(f"heelcli.{m}" in loaded[m] for m in ENGINE)  # each one did import
    assert {m: sorted(n for n in names if n.split(".")[0] in NOT_IN_THE_ENGINE)
            for m, names in loaded.items()
            if any(n.split(".")[0] in NOT_IN_THE_ENGINE for n in names)} == {}


def test_the_check_in_loads_no_sqlite3_and_the_history_no_workout_engine():
    loaded = _loaded_by("engine.checkin", "store.history")
    assert "sqlite3" not in loaded["engine.checkin"]
    assert "sqlite3" in loaded["store.history"]
    assert not {"heelcli.engine.runner", "heelcli.engine.timeline", "heelcli.screen.session",
                "heelcli.engine.catalog"} & loaded["store.history"]
