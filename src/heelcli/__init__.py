"""heel: a terminal workout guide that teaches you to push through your heels."""

__version__ = "0.1.0"

# The young generation's threshold heel's own start-up runs with (heelcli.__main__): the
# guided flow, finding it, collects once before a session (flows.guided).
START_UP_YOUNG_GENERATION = 100_000
