from __future__ import annotations

from datetime import date, timedelta

import pytest

from heelcli.engine import selftest
from heelcli.engine.selftest import (
    CHAIR_STAND,
    Result,
    age_band,
    below_average,
    self_test_due,
)
from heelcli.text.selftests import chair_stand_context, compare

DAY = date(2025, 3, 3)


def test_compare_names_the_previous_result_and_how_long_ago() -> None:
    before = Result("chair-stands", 9, DAY - timedelta(weeks=4))
    now = Result("chair-stands", 12, DAY)
    assert compare(before, now) == "Chair stands: 12 (was 9 four weeks ago)"


@pytest.mark.parametrize(("measure", "old", "new", "days", "line"), [
    ("bridge-left", 30, 45, 14, "Bridge hold, left leg: 45 s (was 30 s two weeks ago)"),
    ("pain-knee", 4, 2, 1, "Knee pain: 2/10 (was 4/10 yesterday)"),
    ("pain-low-back", 3, 3, 5, "Low back pain: 3/10 (was 3/10 five days ago)"),
    ("chair-stands", 9, 12, 27, "Chair stands: 12 (was 9 four weeks ago)"),
    ("chair-stands", 9, 12, 91, "Chair stands: 12 (was 9 three months ago)"),
    ("chair-stands", 9, 12, 0, "Chair stands: 12 (was 9 earlier today)"),
])
def test_compare_wording(measure: str, old: int, new: int, days: int, line: str) -> None:
    assert compare(Result(measure, old, DAY - timedelta(days=days)),
                   Result(measure, new, DAY)) == line


def test_the_first_result_says_so() -> None:
    assert compare(None, Result("chair-stands", 11, DAY)) == "Chair stands: 11 (first test)"


def test_different_measures_are_not_compared() -> None:
    with pytest.raises(ValueError, match="pain-knee"):
        compare(Result("pain-knee", 1, DAY), Result("chair-stands", 1, DAY))


# The chart "Chair Stand Below Average Scores" of CDC STEADI's 30-second chair stand form.
STEADI = [("60-64", 14, 12), ("65-69", 12, 11), ("70-74", 12, 10), ("75-79", 11, 10),
          ("80-84", 10, 9), ("85-89", 8, 8), ("90-94", 7, 4)]


@pytest.mark.parametrize(("band", "men", "women"), STEADI)
def test_steadi_below_average_table(band: str, men: int, women: int) -> None:
    assert (below_average(band, "male"), below_average(band, "female")) == (men, women)


@pytest.mark.parametrize(("age", "band"), [(59, None), (60, "60-64"), (64, "60-64"),
                                           (65, "65-69"), (94, "90-94"), (95, None)])
def test_age_bands(age: int, band: str | None) -> None:
    assert age_band(age) == band


def test_context_at_the_boundary_names_the_source_and_is_no_diagnosis() -> None:
    below = chair_stand_context(13, "60-64", "male")
    at = chair_stand_context(14, "60-64", "male")
    assert below[0] == "For men aged 60-64, fewer than 14 stands is below average. " \
                       "Your 13 is below that."
    assert at[0].endswith("Your 14 is at or above that.")
    text = " ".join(below + at)
    assert "CDC STEADI" in text and "not a diagnosis" in text
    for word in ("risk", "weak", "you have", "you are at"):
        assert word not in text.lower()


def test_no_context_without_age_and_sex() -> None:
    assert chair_stand_context(10, None, "female") == []
    assert chair_stand_context(10, "60-64", None) == []
    assert chair_stand_context(10, "55-59", "female") == []


def test_definitions_are_what_the_session_engine_times() -> None:
    assert CHAIR_STAND.kind == "count" and CHAIR_STAND.seconds == 30
    assert selftest.BRIDGE_HOLD.kind == "hold" and selftest.BRIDGE_HOLD.seconds == 60
    assert [m.id for m in selftest.BRIDGE_HOLD.measures] == ["bridge-left", "bridge-right"]
    assert [(m.low, m.high) for m in selftest.PAIN_TODAY.measures] == [(0, 10), (0, 10)]
    ids = [m.id for t in selftest.SELF_TESTS for m in t.measures]
    assert len(ids) == len(set(ids)) == len(selftest.MEASURES)


@pytest.mark.parametrize(("last", "due"), [(None, True), (DAY - timedelta(days=27), False),
                                           (DAY - timedelta(days=28), True)])
def test_a_self_test_is_suggested_every_four_weeks(last: date | None, due: bool) -> None:
    assert self_test_due(last, DAY) is due
