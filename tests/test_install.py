"""heel finds data/exercises.yaml however it is installed: wheel, editable, or a checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: object, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(kwargs.pop("env", {}))
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=120, **kwargs)


def _fresh_venv(where: Path) -> Path:
    """A new venv that sees this environment's packages except heel itself.

    Borrowing click, rich, yaml and hatchling keeps the test off the network; leaving heel
    out means pip really installs it and the test really exercises the installed copy.
    """
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    borrowed = where / "borrowed"
    borrowed.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if not re.match(r"_?(heel|_editable)|.*\.pth$", entry.name):
            (borrowed / entry.name).symlink_to(entry)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    (site / "borrowed.pth").write_text(f"{borrowed}\n")
    return python


def _install(python: Path, *what: object) -> None:
    result = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                  "--no-index", "--no-build-isolation", *what)
    assert result.returncode == 0, result.stderr


def _where_heelcli(python: Path) -> Path:
    out = _run(python, "-c", "import heelcli.engine.catalog as c; print(c.default_path())", cwd="/")
    return Path(out.stdout.strip())


def test_wheel_in_a_fresh_venv_lists_the_exercises(tmp_path):
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-w", tmp_path / "dist", ROOT)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("heel-*.whl"))
    python = _fresh_venv(tmp_path / "venv")
    _install(python, wheel)

    data = _where_heelcli(python)
    assert data.is_relative_to(tmp_path / "venv") and data.is_file()
    result = _run(tmp_path / "venv" / "bin" / "heel", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "One-legged bridge" in result.stdout and "split-squat" in result.stdout


def test_editable_install_reads_the_checkout_file(tmp_path):
    python = _fresh_venv(tmp_path / "venv")
    _install(python, "-e", ROOT)
    assert _where_heelcli(python) == ROOT / "data" / "exercises.yaml"
    result = _run(tmp_path / "venv" / "bin" / "heel", "list", "--json", cwd=tmp_path)
    assert result.returncode == 0 and '"bridge"' in result.stdout


def test_python_m_heelcli_from_a_source_checkout():
    result = _run(sys.executable, "-m", "heelcli", "list", cwd=ROOT,
                  env={"PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    assert "Bridge" in result.stdout
    where = _run(sys.executable, "-c",
                 "import heelcli.engine.catalog as c; print(c.default_path())",
                 cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
    assert Path(where.stdout.strip()) == ROOT / "data" / "exercises.yaml"
