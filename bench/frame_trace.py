"""How late a frame leaves heel, timed inside the real process, beside how late the bench's
pseudo-terminal reader sees it (bench/session.py's figure), in one 60-second session.

heel runs as `python -c WRAPPER workout ...` in the bench's pseudo-terminal, through the
entry point the installed script calls; the wrapper times every `select.select` and every
write to stdout with `time.monotonic` and writes them to a file at the exit. For each
frame: how late the last select before it returned (past its own timeout), and how long
from that return to the frame's write.
Usage: /tmp/bench/bin/python bench/frame_trace.py [COLSxROWS]  (default 80x24)
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import session  # noqa: E402

from tests.ptyterm import Terminal  # noqa: E402

WRAPPER = r"""
import atexit, json, select, sys, time
events, log = [], sys.argv.pop(1)
_select, _write = select.select, sys.stdout.write
def timed_select(*args):
    began = time.monotonic()
    ready = _select(*args)
    events.append(("select", began, args[3] if len(args) > 3 else None, time.monotonic()))
    return ready
def timed_write(text):
    events.append(("write", time.monotonic()))
    return _write(text)
select.select, sys.stdout.write = timed_select, timed_write
atexit.register(lambda: json.dump(events, open(log, "w")))
from heelcli.__main__ import main  # the installed `heel` script's own entry
main()
"""


def quantiles(values: list[float]) -> str:
    values = sorted(values)
    return (f"p50 {values[len(values) // 2]:.2f}  p95 "
            f"{values[round(0.95 * (len(values) - 1))]:.2f}  max {values[-1]:.2f} ms")


def main() -> None:
    cols, rows = map(int, (sys.argv[1] if len(sys.argv) > 1 else "80x24").split("x"))
    log = Path(tempfile.mkdtemp(prefix="heel-trace-")) / "events.json"
    done = Terminal("-c", WRAPPER, str(log), *session.ARGS, "--yes", "--no-bell",
                    "--no-checkin", "--no-log", cols=cols, rows=rows, env=session.HOME,
                    heel=sys.executable).finish(timeout=120)
    assert done.status == 0, done.output[-500:]
    oversleep, to_write, last = [], [], None
    for event in json.loads(log.read_text()):
        if event[0] == "select":
            last = event
        elif last is not None:  # a write: the frame that select's wake-up drew
            _, began, timeout, woke = last
            if timeout is not None and event[1] - woke < 0.05:
                oversleep.append((woke - began - timeout) * 1000)
                to_write.append((event[1] - woke) * 1000)
            last = None
    print(f"{cols}x{rows}, {len(to_write)} frames")
    print(f"  the last select before a frame, past its timeout: {quantiles(oversleep)}")
    print(f"  from its return to the frame's write:             {quantiles(to_write)}")
    seen = [late * 1000 for late in session.offsets(done)]
    print(f"  frame late as the bench's reader sees it:         {quantiles(seen)}")


if __name__ == "__main__":
    main()
