"""``python -m benchmarks``: every benchmark, one after the other."""

import importlib
import sys

SUITES = (
    "benchmarks.ingest",
    "benchmarks.corrections",
    "benchmarks.dashboard",
    "benchmarks.browser",
    "benchmarks.reports",
    "benchmarks.scale",
    "benchmarks.load",
)

for name in SUITES:
    module = importlib.import_module(name)
    print(f"\n=== {name} ===", flush=True)
    code = module.main([])
    if code:
        sys.exit(code)
