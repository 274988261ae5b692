"""The few non-ASCII characters heel draws, and their ASCII stand-ins.

An output that cannot encode Unicode (PYTHONIOENCODING=ascii, LC_ALL=C) still gets every
page and a whole workout: layouts that care pick the ASCII set up front (a stand-in may be
wider than its glyph), and the streams translate whatever else gets through, so a
character the encoding lacks never ends a command with a UnicodeEncodeError.
"""

from __future__ import annotations

import codecs

from heelcli.engine.typedtuple import TypedTuple


class Glyphs(TypedTuple):
    dot: str  # between the parts of a counter: Rep 1/2 · Set 1/1
    block: str  # a pixel of the big digits, a bar of a chart
    times: str  # the multiplication sign
    arrow: str  # what comes next
    rule: str  # a horizontal line


UNICODE = Glyphs(dot="·", block="█", times="\u00d7", arrow="→", rule="─")
ASCII = Glyphs(dot="-", block="#", times="x", arrow="->", rule="-")
# Half blocks draw the big glyphs, the light shade the empty part of a progress bar.
_STAND_INS = {**dict(zip(UNICODE, ASCII, strict=True)), "▀": "#", "▄": "#", "░": "-"}
ERRORS = "heel-ascii"  # the codec error handler that writes the stand-ins


def unicode_ok(encoding: str | None) -> bool:
    """Whether text in this encoding can hold any character (rich decides its boxes so)."""
    return (encoding or "utf-8").lower().startswith("utf")


def for_encoding(encoding: str | None) -> Glyphs:
    return UNICODE if unicode_ok(encoding) else ASCII


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(_STAND_INS.get(ch, "?") for ch in bad), error.end


codecs.register_error(ERRORS, _stand_in)


def tolerate(stream: object) -> None:
    """Make a text stream write stand-ins (or '?') for what its encoding cannot hold."""
    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not unicode_ok(encoding):
        reconfigure(errors=ERRORS)
