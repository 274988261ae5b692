"""Whatever heel is given, it answers with a catalog or the one error type: never a crash."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelcli.cli.group import cli
from heelcli.engine.catalog import Catalog, load
from heelcli.engine.errors import CatalogError

from .conftest import MINI

# The inputs of the public YAML test suite, copied here with their MIT licence so they run
# on every submission, wherever the tests run.
ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "tests" / "data" / "yaml-test-suite"
CASES = sorted((SUITE / "cases").glob("*.yaml"))

_settings = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(tmp_path: Path, data: bytes) -> Catalog | CatalogError:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        return load(path)
    except CatalogError as exc:
        return exc


yaml_ish = st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t ,?%@`\\01.e\x1b")),
                   max_size=200)


@_settings
@given(text=yaml_ish)
def test_generated_yaml_text_loads_or_fails_cleanly(tmp_path, text):
    assert isinstance(outcome(tmp_path, text.encode()), (Catalog, CatalogError))


@_settings
@given(data=st.binary(max_size=300))
def test_raw_bytes_load_or_fail_cleanly(tmp_path, data):
    assert isinstance(outcome(tmp_path, data), (Catalog, CatalogError))


@_settings
@given(cut=st.integers(min_value=0, max_value=len(MINI.read_bytes())),
       junk=st.binary(max_size=8))
def test_damaged_valid_files_load_or_fail_cleanly(tmp_path, cut, junk):
    data = MINI.read_bytes()
    result = outcome(tmp_path, data[:cut] + junk + data[cut:])
    assert isinstance(result, (Catalog, CatalogError))
    if isinstance(result, CatalogError):
        assert all(p.path.endswith("fuzz.yaml") for p in result.problems)


def test_every_yaml_test_suite_case_is_checked_cleanly():
    assert len(CASES) == 402  # never a silent skip: the corpus is part of the tests
    runner = CliRunner()
    codes = {}
    for case in CASES:
        result = runner.invoke(cli, ["check", str(case)])
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert "Traceback" not in result.output, case
        assert "\x1b" not in result.output, case
        assert result.exit_code in (0, 2), case
        if result.exit_code == 2:
            assert all(line.startswith(f"{case}:") for line in result.stdout.splitlines()), \
                (case, result.output)
        codes[case.name] = result.exit_code
        # Every other command shows the first problem in one line on stderr.
        listed = runner.invoke(cli, ["list", "--file", str(case)])
        assert listed.exit_code == result.exit_code, (case, listed.output)
        if listed.exit_code == 2:
            assert listed.stdout == "", case
            assert len(listed.stderr.splitlines()) == 1, (case, listed.stderr)
            assert listed.stderr.startswith(f"{case}:"), (case, listed.stderr)
    # Inputs a conforming parser must reject are rejected here too.
    assert all(code == 2 for name, code in codes.items() if name.endswith(".error.yaml"))


def test_the_corpus_and_its_licence_ship_in_the_sdist(tmp_path):
    """The sdist's tests run the corpus too, and carry the licence that lets them."""
    built = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist",
                            "-d", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert built.returncode == 0, built.stderr
    (sdist,) = tmp_path.glob("heel-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames()}
    corpus = {str(p.relative_to(ROOT)) for p in SUITE.rglob("*") if p.is_file()}
    assert {"tests/data/yaml-test-suite/License", "tests/data/yaml-test-suite/README.md",
            "tests/test_fuzz.py"} <= names
    assert corpus <= names and len(corpus) == 404
