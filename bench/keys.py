"""Key latency: from writing space to the pseudo-terminal until "Paused" is on the screen.

Usage: /tmp/bench/bin/python bench/keys.py [PRESSES]  (see bench/README.md)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.ptyterm import Terminal  # noqa: E402

FILE = str(HERE / "sixty.yaml")


def main() -> None:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    session = Terminal("workout", "--file", FILE, "--yes", "--no-bell", "--no-checkin",
                       "--no-log")
    session.expect(b"space pause")
    latencies = []
    for _ in range(presses):
        session.send(b" ")
        start = time.monotonic()
        session.expect(b"space resume")
        latencies.append(time.monotonic() - start)
        session.send(b" ")  # resume, and let a frame or two go by
        session.expect(rb"space pause")
        time.sleep(0.1)
    session.send(b"q")
    session.finish(timeout=10)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"{presses} presses: median {median(latencies) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
