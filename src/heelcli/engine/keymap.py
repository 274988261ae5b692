"""The one key map: the runner obeys it; the footer, the help and the README show it."""

from __future__ import annotations

from heelcli.engine.typedtuple import TypedTuple


class KeyBinding(TypedTuple):
    """One entry of the key map that the runner obeys and the footer, help and README show."""

    keys: tuple[str, ...]  # what the terminal sends
    label: str  # how the key is written for a person: 'space / p'
    short: str  # its word in the footer: 'pause'
    help: str  # its line in the help


PAUSE = KeyBinding((" ", "p"), "space / p", "pause", "pause or resume")
NEXT = KeyBinding(("n",), "n", "next", "skip to the next rep, rest or side")
SKIP = KeyBinding(("s",), "s", "skip", "skip the rest of this exercise")
MUTE = KeyBinding(("m",), "m", "mute", "mute or unmute the bell and the voice")
EXTEND = KeyBinding(("+", "="), "+", "add 10 s", "add 10 seconds to this rest or get-ready")
QUIT = KeyBinding(("q",), "q", "quit", "stop the session and show the summary")
HELP = KeyBinding(("?",), "?", "keys", "show or hide this help (pauses meanwhile)")
KEYMAP = (PAUSE, NEXT, SKIP, MUTE, EXTEND, QUIT, HELP)

PAUSE_KEYS = PAUSE.keys
NEXT_KEY = NEXT.keys[0]
SKIP_EXERCISE_KEY = SKIP.keys[0]
QUIT_KEY = QUIT.keys[0]
HELP_KEY = HELP.keys[0]
