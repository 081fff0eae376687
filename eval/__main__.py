"""`python -m eval {eval,bench} [--suite NAME]`: run every suite in ``eval/suites``.

Each suite module may define ``run_eval(ctx)`` and/or ``run_bench(ctx)``; they write their own
reports under ``eval/reports/`` (JSON + Markdown, committed).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time

from eval import suites
from kb.config import Settings


def main(argv: list[str] | None = None) -> int:
    """Run eval or bench suites; non-zero exit if any suite fails."""
    ap = argparse.ArgumentParser(prog="python -m eval")
    ap.add_argument("what", choices=["eval", "bench"])
    ap.add_argument("--suite", action="append", help="only these suites (module names)")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    names = sorted(m.name for m in pkgutil.iter_modules(suites.__path__))
    failed = 0
    for name in names:
        if args.suite and name not in args.suite:
            continue
        mod = importlib.import_module(f"eval.suites.{name}")
        fn = getattr(mod, f"run_{args.what}", None)
        if fn is None:
            continue
        t0 = time.perf_counter()
        print(f"== {args.what} {name}", flush=True)
        try:
            fn(settings)
        except Exception as exc:  # a failing suite must not hide the others
            failed += 1
            print(f"!! {name} failed: {exc!r}", file=sys.stderr)
        print(f"== {name} done in {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
