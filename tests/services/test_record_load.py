"""A short run of benchmarks/record_load.py (4 writers x 3 s) on each database: no lost
update and no error other than reported conflicts. The full 20-writer, 30-second run
is `python benchmarks/record_load.py` (numbers in docs/record.md). Text is SYNTHETIC."""

from __future__ import annotations

import pytest

from benchmark_modules import benchmark
from record_db import BACKENDS, fresh_pg_database


@pytest.fixture(scope="module")
def record_load():
    return benchmark("record_load")


@pytest.mark.parametrize("backend", BACKENDS)
def test_when_writers_save_concurrently_then_no_update_is_lost(record_load, backend, tmp_path):
    def run(url: str):
        # Threads, each with its own engine and sessions: spawned processes could not
        # import this file-loaded module. The benchmark itself uses processes.
        return record_load.run_load(backend, url, tmp_path, 4, 3.0, threads=True, notes=3)

    if backend == "sqlite":
        result = run(f"sqlite:///{tmp_path / 'load.db'}")
    else:
        with fresh_pg_database() as url:
            result = run(url)
            # The checker itself: a duplicated acknowledgement is counted as lost.
            spec = {"url": url, "folder": str(tmp_path)}
            assert record_load.verify(spec, [(1, 2, "0" * 64)])[0] >= 1
    assert result.saves > 20, result
    assert result.errors == 0, result.error_samples
    assert result.lost_updates == 0
    assert result.audit_ok
    assert result.conflicts > 0  # three drafts, four writers: stale saves must happen
