"""The benchmarks as modules for the tests that hold them to their bars: benchmarks/ is
not a package, so each is loaded by file, once, under its own file name (the name the
benchmarks import one another by, and that their dataclasses look themselves up by)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def benchmark(stem: str) -> ModuleType:
    """benchmarks/<stem>.py as the module `stem`."""
    if stem in sys.modules:
        return sys.modules[stem]
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))  # the benchmarks' own shared modules (case_sets)
    spec = importlib.util.spec_from_file_location(stem, BENCHMARKS / f"{stem}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[stem] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[stem]
        raise
    return module
