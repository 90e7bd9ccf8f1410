"""Record-store fixtures (see tests/record_db.py). All data SYNTHETIC."""

from record_db import (  # noqa: F401 - fixtures and hooks re-exported for pytest
    db,
    pg_database,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    world,
)
