"""`python -m eval {eval,bench} [--suite NAME]`, `python -m eval split`, `python -m eval readme [--check]`.

Each suite module in ``eval/suites`` may define ``run_eval(ctx)`` and/or ``run_bench(ctx)``; they write
their own reports under ``eval/reports/`` (JSON + Markdown, committed). ``split`` freezes the held-out
splits (once; ``--force`` to rewrite), ``readme`` regenerates the README's figures from the reports.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time

from eval import suites
from kb.config import Settings


def run_suites(what: str, only: list[str] | None, settings: Settings) -> int:
    """Run every suite's ``run_<what>``; non-zero if any fails (the others still run)."""
    names = sorted(m.name for m in pkgutil.iter_modules(suites.__path__))
    failed = 0
    for name in names:
        if only and name not in only:
            continue
        mod = importlib.import_module(f"eval.suites.{name}")
        fn = getattr(mod, f"run_{what}", None)
        if fn is None:
            continue
        t0 = time.perf_counter()
        print(f"== {what} {name}", flush=True)
        try:
            fn(settings)
        except Exception as exc:  # a failing suite must not hide the others
            failed += 1
            print(f"!! {name} failed: {exc!r}", file=sys.stderr)
        print(f"== {name} done in {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


def freeze_splits(settings: Settings, force: bool) -> int:
    """Write eval/splits/*.json from the question sets and the KB's procedure names."""
    from eval import splits
    from kb.procedures.store import Store

    existing = [p for p in splits.SPLITS.glob("*.json")]
    if existing and not force:
        print(f"splits already frozen ({len(existing)} files); --force rewrites them", file=sys.stderr)
        return 1
    store = Store(settings.kb_dir).load()
    names = {c: p.name for c in splits.gold_codes(settings.data_dir) if (p := store.get(c)) is not None}
    for p in splits.write_splits(splits.freeze(settings.data_dir, names)):
        print(f"wrote {p}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the suites, the split freezer or the README generator."""
    ap = argparse.ArgumentParser(prog="python -m eval")
    ap.add_argument("what", choices=["eval", "bench", "split", "readme"])
    ap.add_argument("--suite", action="append", help="only these suites (module names)")
    ap.add_argument("--force", action="store_true", help="split: rewrite frozen split files")
    ap.add_argument("--check", action="store_true", help="readme: fail when README.md is stale")
    args = ap.parse_args(argv)
    if args.what == "readme":
        from eval import readme

        return readme.main(check=args.check)
    settings = Settings.from_env()
    if args.what == "split":
        return freeze_splits(settings, args.force)
    return run_suites(args.what, args.suite, settings)


if __name__ == "__main__":
    sys.exit(main())
