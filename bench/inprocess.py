"""The live session's own work, without a terminal or the real clock: `live.run` of
`bench/sixty.yaml` on a `StringIO` console with a fake clock, at 80 x 24 and 200 x 60;
CPU milliseconds for the whole 60 s session, median of RUNS (what the frames and the loop
around them cost, without start-up, wake-ups or writes to a terminal).
Usage: OTHER/bin/python bench/inprocess.py [RUNS], from the checkout whose tests/ to use
(it needs pytest for tests/conftest.py's FakeClock).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, ".")
from rich.console import Console

from heelcli.engine.catalog import load
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import live
from tests.conftest import FakeClock, ScriptedKeys

PLAN = compile_timeline(resolve(load(Path(__file__).resolve().parent / "sixty.yaml"),
                                routine="bench", exercise_ids=(), challenge=False), Options())


def session(width: int, height: int, figure: bool = True) -> float:
    console = Console(file=io.StringIO(), width=width, height=height, force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    clock = FakeClock()
    began = time.process_time()
    live.run(PLAN, console=console, clock=clock, keys=ScriptedKeys(clock), mode=live.LIVE,
             figure=figure)
    return time.process_time() - began


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for size in ((80, 24), (200, 60)):
        whole = median(session(*size) for _ in range(runs))
        bare = median(session(*size, figure=False) for _ in range(runs))
        print(f"{size[0]}x{size[1]}: {whole * 1000:.1f} ms a session, "
              f"{bare * 1000:.1f} ms without the figure")


if __name__ == "__main__":
    main()
