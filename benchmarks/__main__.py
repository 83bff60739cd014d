"""``python -m benchmarks``: every benchmark, one after the other."""

import importlib
import sys

SUITES = ("benchmarks.ingest", "benchmarks.dashboard", "benchmarks.reports")

for name in SUITES:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            continue
        raise
    print(f"\n=== {name} ===", flush=True)
    code = module.main([])
    if code:
        sys.exit(code)
