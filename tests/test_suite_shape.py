"""The shape of the test suite, pinned: a helper two test modules share lives in
conftest.py (or a helper module such as ptyterm.py), never in one of the test modules, so
running, moving or deleting one test module never breaks another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(tree: ast.Module) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it, as (line, dotted name); relative
    imports are named from the tests package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from .x import y, from . import x: inside tests
                base = ".".join(filter(None, ["tests", base]))
            if base == "tests":  # the package itself: the names are its modules
                found += [(node.lineno, f"tests.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def imports_of_test_modules(source: str) -> list[str]:
    """The test modules that `source` imports from."""
    return [f"{line}: {name}" for line, name in _imported(ast.parse(source))
            if name.startswith("tests.") and name.split(".")[1].startswith("test_")]


def test_no_module_of_the_suite_imports_from_a_test_module():
    found = [f"{path.name}:{where}" for path in sorted(TESTS.glob("*.py"))
             for where in imports_of_test_modules(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_sees_every_way_of_importing_a_test_module():
    for source in ("from .test_cli import invoke", "from tests.test_cli import invoke",
                   "import tests.test_cli", "from . import test_cli",
                   "def f():\n    from .test_program import World\n"):
        assert imports_of_test_modules(source) != [], source
    for source in ("from .conftest import invoke", "from .ptyterm import Terminal",
                   "from tests.histories import build", "import test_utils_elsewhere"):
        assert imports_of_test_modules(source) == [], source
