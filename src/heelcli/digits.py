"""Large block digits, readable from a mat two metres from the screen."""

from __future__ import annotations

# A 3x5 pixel font; each pixel is drawn two cells wide because terminal cells are tall.
_FONT = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "010", "010"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"),
}
HEIGHT = 5


def big(text: str) -> list[str]:
    """The rows of `text` (digits and ':') in block letters."""
    rows = []
    for r in range(HEIGHT):
        cells = ["".join("██" if px == "1" else "  " for px in _FONT[ch][r]) for ch in text]
        rows.append("  ".join(cells).rstrip())
    return rows


def clock_face(seconds: float) -> str:
    """Whole seconds left, rounded up so a countdown shows 1 until it ends: '8', '1:30'."""
    whole = max(0, int(-(-seconds // 1)))
    if whole < 60:
        return str(whole)
    return f"{whole // 60}:{whole % 60:02d}"
