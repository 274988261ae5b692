"""One type per concept: no two classes (or type aliases) in the package share a name, so a
name read anywhere says which thing it is."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import heelcli

PACKAGE = Path(heelcli.__file__).parent


def _type_names(tree: ast.Module) -> list[str]:
    """Classes anywhere in a module, and module-level aliases such as `Runner = Callable[...]`
    (a capitalised name that is not a CONSTANT)."""
    names = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)
                      and t.id[:1].isupper() and not t.id.isupper() and t.id != "__all__"]
    return names


def type_names(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        for name in _type_names(ast.parse(path.read_text(encoding="utf-8"))):
            found[name].append(str(path.relative_to(root)))
    return found


def test_no_two_types_share_a_name() -> None:
    shared = {name: where for name, where in type_names(PACKAGE).items() if len(where) > 1}
    assert shared == {}


def test_the_scan_sees_a_shared_name(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("class Week:\n    pass\n")
    (tmp_path / "b.py").write_text("from typing import Callable\nWeek = Callable[[], int]\n"
                                   "LIMIT = 3\n")
    assert dict(type_names(tmp_path)) == {"Week": ["a.py", "b.py"]}
