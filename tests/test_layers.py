"""The shape of the package, pinned: what each layer may import, and the one protocol the
session reads keys through. Each test fails when someone adds the import or the
attribute it forbids."""

from __future__ import annotations

import ast
import re
import signal
from functools import cache
from pathlib import Path

from click.testing import CliRunner

from heelcli.cli.group import cli

from .conftest import FakeClock, ScriptedKeys

SRC = Path(__file__).resolve().parent.parent / "src" / "heelcli"


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
#
# The folders are the layers. Each may import only the layers listed for it (and itself):
# the engine decides, the text words it (English, formatting), the store / screen / formats
# sit on them side by side, the flows order the steps, and the command line is a thin coat
# over everything. `heelcli` itself (the version) is open to all.
MAY_IMPORT = {
    "engine": {"engine"},
    "text": {"engine", "text"},
    "store": {"engine", "store"},
    "screen": {"engine", "text", "screen"},
    "formats": {"engine", "text", "formats"},
    "flows": {"engine", "text", "store", "screen", "formats", "flows"},
    "cli": {"engine", "text", "store", "screen", "formats", "flows", "cli"},
    "": {"cli"},  # __main__
}
LOOSE = {"__init__", "__main__"}  # the only modules outside a layer folder
NOT_IN_THE_ENGINE = {"rich", "sqlite3", "click", "termios", "tty", "curses", "select"}


def _modules() -> list[str]:
    """Every module, dotted below heelcli: 'engine.catalog', 'cli.group', '__main__'."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            continue  # a layer's __init__ is its docstring, nothing else (checked below)
        found.append(".".join(parts))
    return found


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse((SRC / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))


def _layer(module: str) -> str:
    return module.rpartition(".")[0]


def _imports(module: str, *, typing_too: bool = True,
             tree: ast.Module | None = None) -> list[tuple[str, str | None]]:
    """(module, name) for every heelcli import in `module`, at the top or inside functions,
    and, with typing_too, under TYPE_CHECKING; module is dotted below heelcli ('engine.x'),
    name is None for `import heelcli.x`."""
    found: list[tuple[str, str | None]] = []

    def visit(node: ast.AST) -> None:
        if not typing_too and isinstance(node, ast.If) \
                and ast.unparse(node.test) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((a.name[8:], None) for a in node.names if a.name.startswith("heelcli."))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{module}: relative import")  # absolute names only
        elif isinstance(node, ast.ImportFrom) and node.module == "heelcli":
            found.extend(("", a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("heelcli."):
            package = (node.module or "")[8:]
            for a in node.names:
                # `from heelcli.engine import catalog` names a module; `... import Catalog` not
                sub = f"{package}.{a.name}"
                is_module = (SRC / (sub.replace(".", "/") + ".py")).exists()
                found.append((sub, None) if is_module else (package, a.name))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_tree(module) if tree is None else tree)
    return found


def test_every_module_lives_in_a_layer_folder():
    assert {m for m in _modules() if not _layer(m)} <= LOOSE
    assert {_layer(m) for m in _modules()} - {""} == set(MAY_IMPORT) - {""}


def test_a_layer_folder_s_init_imports_nothing():
    """Importing heelcli.flows.environment must not load the rest of the flows."""
    for init in SRC.glob("*/__init__.py"):
        body = ast.parse(init.read_text(encoding="utf-8")).body
        assert all(isinstance(n, ast.Expr) for n in body), init  # a docstring at most


def test_each_layer_imports_only_the_layers_below_it():
    """At the top, inside functions and for type checking alike."""
    wrong = [f"{module} imports heelcli.{target}"
             for module in _modules() for target, _ in _imports(module)
             if target and _layer(target) not in MAY_IMPORT[_layer(module)]]
    assert wrong == []


def test_the_rule_sees_an_import_inside_a_function():
    """The checker itself: a store module reaching for the screen inside a function."""
    tree = ast.parse("def f():\n    from heelcli.screen import view\n")
    assert _imports("store.x", tree=tree) == [("screen.view", None)]
    tree = ast.parse("if TYPE_CHECKING:\n    from heelcli.flows.guided_workout import Choices\n")
    assert _imports("store.x", tree=tree) == [("flows.guided_workout", "Choices")]
    assert _imports("store.x", tree=tree, typing_too=False) == []


def _graph(*, typing_too: bool) -> dict[str, set[str]]:
    modules = set(_modules())
    return {m: {t for t, _ in _imports(m, typing_too=typing_too) if t in modules and t != m}
            for m in modules}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each once, as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return found


def test_no_module_imports_another_in_a_circle():
    """Counting imports inside functions, where a circle hides until the day it bites."""
    assert _circles(_graph(typing_too=False)) == []


def test_the_circle_finder_finds_one():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_a_private_name_of_another():
    """A `_name` is its module's own business: what two modules share has a public name."""
    found = [f"{module}: from {source} import {name}" for module in _modules()
             for source, name in _imports(module)
             if name is not None and name.startswith("_") and not name.startswith("__")]
    assert found == []


def test_only_the_entry_point_imports_the_group():
    importers = {m for m in _modules() if any(t == "cli.group" for t, _ in _imports(m))}
    assert importers == {"__main__"}


# --- The engine is pure --------------------------------------------------------------------

ENGINE = tuple(m for m in _modules() if _layer(m) == "engine")


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
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_tree(module))
    return names


def test_the_engine_imports_nothing_of_heel_outside_itself():
    outside = {f"{m} imports heelcli.{t}" for m in ENGINE for t, _ in _imports(m)
               if t and _layer(t) != "engine"}
    assert outside == set()
    assert len(ENGINE) >= 10  # the folder was found


def test_no_engine_module_names_rich_sqlite3_click_or_the_terminal():
    """Even in an import inside a function, taken only on some path."""
    found = {module: sorted(name for name in _runtime_imports(module)
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
    assert not {"heelcli.engine.runner", "heelcli.engine.timeline", "heelcli.screen.live",
                "heelcli.engine.catalog"} & loaded["store.history"]


# --- The house drawn for the next engineer -------------------------------------------------

def test_the_architecture_page_names_every_folder_and_module():
    """docs/architecture.md is the map a new engineer reads first: a module it does not
    name, or a name it keeps after the module went, makes it wrong."""
    page = (SRC.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", page)) | set(re.findall(r"\*\*([a-z]+)/\*\*", page))
    modules = [m for m in _modules() if _layer(m)]
    assert {_layer(m) for m in modules} <= named
    assert [m for m in modules if m.rpartition(".")[2] not in named] == []
