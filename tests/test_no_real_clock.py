"""No test depends on the day, the hour or the zone it runs in (see conftest._fixed_now)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from heelcli.flows.environment import Environment

from .conftest import FIXED_NOW

# Reading the real date or waiting on the real clock; a deliberate one says why on its line.
REAL_TIME = re.compile(r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.time|"
                       r"time\.sleep)\(")
MARKERS = ("# real-time:", "# real-date:")


def test_no_test_reads_the_real_date_or_sleeps():
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted(Path(__file__).parent.glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if REAL_TIME.search(line) and not any(marker in line for marker in MARKERS)]
    assert found == []


def test_heel_sees_the_chosen_now_and_zone_not_the_machines():
    now = Environment(stdin_isatty=False).now()
    assert now.replace(tzinfo=None) == FIXED_NOW[1]
    assert time.tzname == ("GMT", "BST")  # London's rules, wherever the machine is
