from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from heelcli.engine.selftest import Result
from heelcli.formats.report import (
    FeltCount,
    Note,
    PainEntry,
    ReportData,
    ReportLevelChange,
    WeekRow,
    markdown,
    render,
    text,
)

from .conftest import parse

START = date(2025, 2, 3)  # a Monday
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> \x1b[2J' \
          ' url(//evil.example/x) [link](https://evil.example) **bold** | pipe'


def day(n: int) -> date:
    return START + timedelta(days=n)


def sample(program: str = "Knees and back", note: str = "Left knee twinged on stairs.") -> \
        ReportData:
    return ReportData(
        start=START, end=day(27), program=program,
        weeks=(WeekRow(day(0), 3, 3), WeekRow(day(7), 3, 2), WeekRow(day(14), 3, 3),
               WeekRow(day(21), 3, 1)),
        levels=(ReportLevelChange(day(0), "Bridge", 3, 9, "10 reps x 1",
                                  "Where the program began."),
                ReportLevelChange(day(9), "Bridge", 4, 9, "12 reps x 1",
                                  "The last two sessions were easy and pain-free."),
                ReportLevelChange(day(18), "Bridge", 3, 9, "10 reps x 1",
                                  "Pain did not settle by the next morning, so one level down "
                                  "until it does; a longer reason wraps onto a second line."),
                ReportLevelChange(day(0), "Split squat", 1, 6, "6 each side x 1", "")),
        pain=(PainEntry(day(0), 1, None), PainEntry(day(2), 3, True),
              PainEntry(day(16), 6, False), PainEntry(day(18), None, None)),
        felt=(FeltCount("back of the legs and glutes", 7), FeltCount("front of the thighs", 2)),
        tests=(Result("chair-stands", 9, day(0)), Result("chair-stands", 12, day(26)),
               Result("bridge-left", 30, day(0)), Result("bridge-right", 25, day(0)),
               Result("pain-knee", 3, day(0)), Result("pain-knee", 1, day(26))),
        notes=(Note(day(16), note),),
    )


def test_html_is_self_contained_and_has_no_script_or_external_url() -> None:
    page = render(sample(program=HOSTILE, note=HOSTILE), "html")
    parsed = parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "a" not in parsed.tags
    for where in (*parsed.attributes, *parsed.css):
        for bad in ("http:", "https:", "//", "url(", "@import"):
            assert bad not in where.lower(), (bad, where)
    assert not any(a.lower().startswith("on") for a in parsed.attributes)
    assert "@page" in "".join(parsed.css)


def test_hostile_user_text_comes_out_escaped() -> None:
    page = render(sample(program=HOSTILE, note=HOSTILE), "html")
    assert "<script>" not in page and "<img" not in page and "\x1b" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    # A reader sees exactly what was typed, control characters as visible escapes.
    shown = "".join(parse(page).text)
    assert '<script>alert("x")</script> & <img src=x onerror=alert(1)> \\x1b[2J' in shown


def test_the_chart_has_one_point_per_self_test() -> None:
    data = sample()
    page = render(data, "html")
    assert page.count("<svg") == 5  # one chart per measure tested, and the pain chart
    assert page.count('r="2.5">') == len(data.tests)
    fewer = data._replace(tests=data.tests[:1])
    assert render(fewer, "html").count('r="2.5">') == 1


def test_a_later_point_is_further_right_and_a_higher_value_higher_up() -> None:
    page = render(sample()._replace(tests=(Result("chair-stands", 9, day(0)),
                                           Result("chair-stands", 12, day(26)))), "html")
    (first, second) = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="2.5"', page)
    assert float(second[0]) > float(first[0])
    assert float(second[1]) < float(first[1])  # SVG y grows downwards


def test_html_names_every_section_and_the_dates_covered() -> None:
    shown = " ".join(parse(render(sample(), "html")).text)
    for heading in ("Sessions per week and levels", "Levels: where", "Pain during sessions",
                    "Where the work", "Self-tests", "Notes"):
        assert heading in shown
    assert "Mon 3 Feb to Sun 2 Mar 2025 (4 weeks)" in shown
    assert "Not settled by the next morning: Wed 19 Feb (6/10)." in shown
    assert "9 of 12 planned sessions done." in shown


EXPECTED_TEXT = """\
heel report: Knees and back
---------------------------
Mon 3 Feb to Sun 2 Mar 2025 (4 weeks)

Sessions per week
-----------------

    Mon 3 Feb      3 of 3 done  ***
    Mon 10 Feb     2 of 3 done  **.
    Mon 17 Feb     3 of 3 done  ***
    Mon 24 Feb     1 of 3 done  *..

9 of 12 planned sessions done.

Levels
------

  Bridge
    Mon 3 Feb: level 3 of 9, 10 reps x 1. Where the program began.
    Wed 12 Feb: level 4 of 9, 12 reps x 1. The last two sessions were easy and
      pain-free.
    Fri 21 Feb: level 3 of 9, 10 reps x 1. Pain did not settle by the next
      morning, so one level down until it does; a longer reason wraps onto a
      second line.
  Split squat
    Mon 3 Feb: level 1 of 6, 6 each side x 1

Pain during sessions (knee or low back, 0-10) and next morning
--------------------------------------------------------------

    Mon 3 Feb     1/10   no answer
    Wed 5 Feb     3/10   settled
    Wed 19 Feb    6/10   NOT settled
    Fri 21 Feb       -

Where the work was felt
-----------------------

  back of the legs and glutes: 7 sessions; front of the thighs: 2 sessions

Self-tests
----------

  Chair stands
    Mon 3 Feb        9  ######################
    Sat 1 Mar       12  ##############################
  Bridge hold, left leg
    Mon 3 Feb     30 s  ##############################
  Bridge hold, right leg
    Mon 3 Feb     25 s  ##############################
  Knee pain
    Mon 3 Feb     3/10  #########
    Sat 1 Mar     1/10  ###

Notes
-----

  Wed 19 Feb: Left knee twinged on stairs.

Made by heel from the exercise log kept on this computer. It records what was
done and reported; it is not a diagnosis.
"""


def test_text_report_reads_well() -> None:
    assert text(sample()) == EXPECTED_TEXT


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_plain_forms_fit_80_columns_even_with_long_user_text(fmt: str) -> None:
    long = "a-very-long-exercise-name-without-any-spaces-" * 4
    data = sample(program="Knees", note=long + " and " + long)._replace(
        levels=(ReportLevelChange(day(0), long, 1, 3, long, long),))
    shown = render(data, fmt)  # type: ignore[arg-type]
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert long.replace("-", "")[:20] in shown.replace("-", "").replace("\n", "")


def test_markdown_escapes_user_text_and_keeps_the_structure() -> None:
    shown = markdown(sample(note=HOSTILE))
    assert shown.startswith("# heel report: Knees and back\nMon 3 Feb to Sun 2 Mar 2025")
    assert "## Levels\n\n- Bridge\n  - Mon 3 Feb: level 3 of 9, 10 reps x 1." in shown
    assert not re.search(r"(?<!\\)[<>]", shown) and "\x1b" not in shown
    assert "\\<script\\>" in shown and "\\[link\\](https://evil.example)" in shown
    assert "\\*\\*bold\\*\\* \\| pipe" in " ".join(shown.split())


def test_an_empty_period_still_names_its_dates() -> None:
    shown = text(ReportData(start=START, end=day(6), program="Knees"))
    assert "Mon 3 Feb to Sun 9 Feb 2025 (1 week)" in shown
    assert "Levels" not in shown and "Self-tests" not in shown
