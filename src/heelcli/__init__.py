"""heel: a terminal workout guide that teaches you to push through your heels."""

__version__ = "0.1.0"
