"""How many pages `heel report --format html` prints on, A4 and Letter, for a heavy
12-week report (4 exercises x 4 level changes, 36 sessions of pain, 5 self-test charts,
5 notes). Needs headless Chromium and pdfinfo (Debian: chromium, poppler-utils).

    python bench/report_pages.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from heelcli.engine.selftest import Result
from heelcli.formats.report import Note, PainEntry, ReportLevelChange, WeekRow, html_page
from tests.test_report import START, day, sample


def heavy() -> str:
    exercises = ("Bridge", "Curl", "Split squat", "Stretch")
    reason = "The last two sessions were easy and pain-free."
    data = replace(
        sample(), end=day(83),
        weeks=tuple(WeekRow(START + timedelta(weeks=i), 3, 3 if i % 3 else 2)
                    for i in range(12)),
        levels=tuple(ReportLevelChange(day(7 * i), name, 1 + i, 9, f"{8 + i} reps x 1", reason)
                     for name in exercises for i in range(4)),
        pain=tuple(PainEntry(day(2 * i), i % 4, bool(i % 5)) for i in range(36)),
        tests=tuple(Result(m, v + i, day(28 * i)) for i in range(3)
                    for m, v in (("chair-stands", 9), ("bridge-left", 30),
                                 ("bridge-right", 25), ("pain-knee", 3),
                                 ("pain-low-back", 2))),
        notes=tuple(Note(day(7 * i), "Left knee twinged on the stairs after the session; "
                         "better by evening.") for i in range(5)))
    return html_page(data)


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdfinfo") is None:
        print("needs chromium and pdfinfo", file=sys.stderr)
        return 1
    page = heavy()
    with tempfile.TemporaryDirectory() as folder:
        for size in ("A4", "Letter"):
            html = Path(folder, f"{size}.html")
            pdf = Path(folder, f"{size}.pdf")
            # The report leaves the paper size to the printer; pin each one here.
            html.write_text(page.replace("@page {", f"@page {{ size: {size};", 1))
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                            html.as_uri()], capture_output=True, check=True, timeout=120)
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                  check=True).stdout
            pages = next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:"))
            print(f"{size}: {pages} page(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
