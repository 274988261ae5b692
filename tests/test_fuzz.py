"""Whatever heel is given, it answers with a catalog or the one error type: never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelcli.catalog import Catalog, load
from heelcli.cli import cli
from heelcli.errors import CatalogError

from .conftest import MINI

SUITE = Path(__file__).resolve().parents[2] / "shared" / "yaml-test-suite" / "cases"
CASES = sorted(SUITE.glob("*.yaml")) if SUITE.is_dir() else []

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


@pytest.mark.skipif(not CASES, reason=f"the YAML test suite is not at {SUITE}")
def test_every_yaml_test_suite_case_is_checked_cleanly():
    assert len(CASES) > 300
    runner = CliRunner()
    codes = {}
    for case in CASES:
        result = runner.invoke(cli, ["check", str(case)])
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert "Traceback" not in result.output, case
        assert "\x1b" not in result.output, case
        assert result.exit_code in (0, 2), case
        if result.exit_code == 2:
            assert result.output.startswith(str(case)), (case, result.output)
        codes[case.name] = result.exit_code
    # Inputs a conforming parser must reject are rejected here too.
    assert all(code == 2 for name, code in codes.items() if name.endswith(".error.yaml"))
