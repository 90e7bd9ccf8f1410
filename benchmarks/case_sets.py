"""The command line the case-set benchmarks share: score each JSON Lines file named and
print its figures on one line (`--show` prints every miss first)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run(score: Callable[[Path, bool], dict[str, Any]], doc: str, argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("cases", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    for path in args.cases:
        print(path.name, json.dumps(score(path, args.show)))
    return 0
