"""What the live session itself adds to heel's memory: the 60-second session of
bench/sixty.yaml, then the 12 minutes of heel's own first routine (what a long session
keeps), run in-process on a fake clock (no waiting) and a console that discards its
output, at 80 x 24 and 200 x 60, each in a fresh process. Prints the resident memory
before `live.run` and its peak after (VmRSS, VmHWM from /proc/self/status; Linux), and the
difference, median of RUNS.
Usage: /tmp/bench/bin/python bench/session_memory.py [RUNS]  (default 3)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent

CHILD = r"""
import gc, io, sys
from heelcli import START_UP_YOUNG_GENERATION
gc.set_threshold(START_UP_YOUNG_GENERATION, *gc.get_threshold()[1:])  # as heelcli.__main__
from rich.console import Console
from heelcli.engine.catalog import load
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import live

def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(key)) / 1024

# A clock and keys of its own, not tests.conftest's: importing that loads pytest, whose
# memory would be counted as the session's.
class Clock:
    now = 1000.0
    def __call__(self):
        return self.now

class Keys:  # no key is ever pressed; each wait moves the clock on
    signal = None
    def __init__(self, clock):
        self.clock, self.on_suspend = clock, lambda: None
    def wait(self, timeout):
        self.clock.now += timeout

class Discard(io.StringIO):
    def write(self, text):
        return len(text)

width, height = int(sys.argv[2]), int(sys.argv[3])
from heelcli.engine.catalog import default_path
if sys.argv[1] == "default":  # heel's own first routine, as `heel workout` runs it
    plan = compile_timeline(resolve(load(default_path()), routine=None, exercise_ids=(),
                                    challenge=False), Options())
else:
    plan = compile_timeline(resolve(load(sys.argv[1]), routine="bench", exercise_ids=(),
                                    challenge=False), Options())
console = Console(file=Discard(), width=width, height=height, force_terminal=True,
                  color_system="truecolor", legacy_windows=False)
gc.collect()  # as heelcli.flows.guided.run does before the first frame
before = status("VmRSS")
clock = Clock()
live.run(plan, console=console, clock=clock, keys=Keys(clock), mode=live.LIVE)
print(before, status("VmHWM"))
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sessions = {"60 s (bench/sixty.yaml)": str(HERE / "sixty.yaml"),
                "heel workout's own routine (12 min)": "default"}
    for name, plan in sessions.items():
        for width, height in ((80, 24), (200, 60)):
            seen = []
            for _ in range(runs):
                out = subprocess.run([sys.executable, "-c", CHILD, plan, str(width),
                                      str(height)],
                                     capture_output=True, text=True, check=True).stdout
                before, peak = map(float, out.split())
                seen.append((before, peak))
            before = median(b for b, _ in seen)
            peak = median(p for _, p in seen)
            grown = median(p - b for b, p in seen)
            print(f"{name}, {width}x{height}: {before:.2f} MiB before the session, peak "
                  f"{peak:.2f} MiB: +{grown:.2f} MiB (median of {runs})")


if __name__ == "__main__":
    main()
