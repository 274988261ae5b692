"""Key latency: from writing space to the pseudo-terminal until "Paused" is on the screen.

With --against OTHER/bin/heel, the same session of the other heel runs beside this one and
the presses alternate between the two, so machine load affects both alike.
Usage: /tmp/bench/bin/python bench/keys.py [PRESSES] [--against OTHER/bin/heel]
(see bench/README.md)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.ptyterm import HEEL, Terminal  # noqa: E402

FILE = str(HERE / "sixty.yaml")
# A home of its own: never the user's history, which another heel's schema may not read.
HOME = {"HEEL_HOME": tempfile.mkdtemp(prefix="heel-bench-")}
(Path(HOME["HEEL_HOME"]) / "safety-shown").write_text("")  # as for someone past day one


def press(session: Terminal) -> float:
    """Seconds from a space to the screen saying it is paused; then resume."""
    session.send(b" ")
    start = time.monotonic()
    session.expect(b"space resume")
    latency = time.monotonic() - start
    session.send(b" ")  # resume, and let a frame or two go by
    session.expect(rb"space pause")
    return latency


def main() -> None:
    args = sys.argv[1:]
    heels = {"this": HEEL}
    if "--against" in args:
        at = args.index("--against")
        heels["other"] = args[at + 1]
        del args[at:at + 2]
    presses = int(args[0]) if args else 40
    sessions = {name: Terminal("workout", "--file", FILE, "--yes", "--no-bell",
                               "--no-checkin", "--no-log", heel=heel, env=HOME)
                for name, heel in heels.items()}
    for session in sessions.values():
        session.expect(b"space pause")
    latencies: dict[str, list[float]] = {name: [] for name in sessions}
    for _ in range(presses):
        for name, session in sessions.items():
            latencies[name].append(press(session))
            time.sleep(0.1)
    for session in sessions.values():
        session.send(b"q")
        session.finish(timeout=10)
    for name, seen in latencies.items():
        seen.sort()
        p95 = seen[max(0, round(0.95 * len(seen)) - 1)]
        print(f"{name}: {presses} presses: median {median(seen) * 1000:.1f} ms, "
              f"p95 {p95 * 1000:.1f} ms, max {seen[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
