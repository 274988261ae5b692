"""The README's captured outputs are real: each `$ heel ...` example is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
EXAMPLES = re.findall(r"^```\n\$ heel (.*?)\n(.*?)^```", README, flags=re.M | re.S)


def test_readme_starts_with_the_run_and_test_commands():
    blocks = re.findall(r"^```bash\n(.*?)\n```", README, flags=re.M | re.S)
    assert blocks[0].endswith("heel workout")
    assert "pip install '.[test]'" in blocks[1] and blocks[1].endswith("python -m pytest")


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_output_is_what_heel_prints(command, shown, env):
    """Each example as the README runs it. `| cat` makes stdout a pipe, which is what the
    test's world is (a fake clock, no terminal), so a workout runs whole, instantly."""
    command, _, pipe = command.partition(" | ")
    assert pipe in ("", "cat"), f"no stand-in for | {pipe}"
    env.catalog_path = None  # the built-in exercises, as the README uses them
    result = CliRunner().invoke(cli, shlex.split(command), obj=env)
    assert result.exit_code == 0, result.output
    printed = "\n".join(line.rstrip() for line in result.output.splitlines())
    assert printed == shown.rstrip("\n")


def test_readme_has_examples_of_every_command():
    assert {c.split()[0] for c, _ in EXAMPLES} >= {"workout", "list", "why"}
    assert any(c.startswith("workout") and c.endswith("| cat") for c, _ in EXAMPLES)
