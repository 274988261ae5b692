"""The shape of the package, pinned: what each layer may import, and the one protocol the
session reads keys through. Each test fails when someone adds the import or the
attribute it forbids."""

from __future__ import annotations

import ast
import signal
from pathlib import Path

from click.testing import CliRunner

from heelcli.cli import cli

from .conftest import FakeClock, ScriptedKeys

SRC = Path(__file__).resolve().parent.parent / "src" / "heelcli"


def _tree(module: str) -> ast.Module:
    return ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))


def _modules() -> list[str]:
    return sorted(p.stem for p in SRC.glob("*.py"))


# --- Keys: the session reads exactly what runner.Keys declares -----------------------------

class OnlyKeys:
    """A key source with the attributes of runner.Keys and nothing else: a session that
    reached for another one (or found it missing with getattr) would fail here."""

    __slots__ = ("_script", "on_suspend", "signal", "stop_at")

    def __init__(self, script: ScriptedKeys, *, stop_at: float | None = None) -> None:
        self._script = script
        self.signal: int | None = None
        self.on_suspend = lambda: None
        self.stop_at = stop_at  # Ctrl-C arrives then, as heelcli.terminal reports it

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
