"""The legal/units part of `tthc build`: build both next to the procedures, print a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ingestion.legal_build import build_legal
from ingestion.units import CONVERSION_FILE, build_units
from kb.config import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Flags of ``tthc build`` for the legal collection."""
    p.add_argument(
        "--no-legal",
        action="store_true",
        help="skip the legal compendium (built once, then reused while its source is unchanged)",
    )


def data_folder(paths: list[Path] | None, settings: Settings) -> Path | None:
    """The data folder to read legal/units sources from: the default or a given folder; None for files."""
    if not paths:
        return settings.data_dir
    dirs = [p for p in paths if p.is_dir()]
    return dirs[0] if dirs else None


def build_extras(args: argparse.Namespace, settings: Settings, out: Path, progress: bool) -> dict[str, Any]:
    """Build the unit map and (unless ``--no-legal``) the legal collection; returns a JSON summary."""
    folder = data_folder(args.data, settings)
    summary: dict[str, Any] = {}
    if folder is None:
        return summary
    if (folder / CONVERSION_FILE).exists():
        u = build_units(folder, out, force=args.force)
        summary["units"] = {
            "units": u.units,
            "rows": u.rows,
            "old_units": u.old_units,
            "split_old_units": u.split_old_units,
            "rejected": len(u.rejected),
            "skipped": u.skipped,
        }
    legal = Settings(data_dir=folder).legal_file
    if not getattr(args, "no_legal", False) and legal.exists():
        if progress:
            print("Đang dựng bộ pháp điển (lần đầu khoảng 1–2 phút)…", file=sys.stderr)
        r = build_legal(
            legal,
            out,
            force=args.force,
            workers=settings.legal_workers,
            progress=progress,
            embedder=engine_embedder(out, settings),
        )
        summary["legal"] = {k: v for k, v in r.to_dict().items() if k != "failure_examples"}
    return summary


def engine_embedder(out: Path, settings: Settings) -> Any:
    """The engine's dense model for article vectors, or None (legal search then uses BM25 only)."""
    try:
        from kb.legal.search import LegalTerms
        from kb.search.indexes import load_embedder

        return load_embedder(out, settings, LegalTerms.load().analyzer)
    except Exception as exc:  # noqa: BLE001 - a missing/broken model only disables the dense part
        print(f"Bộ pháp điển: không dùng vector ({exc}); chỉ tìm theo từ khoá.", file=sys.stderr)
        return None


def print_summary(summary: dict[str, Any]) -> None:
    """Human-readable lines for the build summary."""
    u = summary.get("units")
    if u:
        state = "không đổi" if u["skipped"] else f"{u['rows']} dòng chuyển đổi, {u['old_units']} đơn vị cũ"
        print(f"Đơn vị hành chính 2025: {u['units']} xã/phường ({state}).")
    lg = summary.get("legal")
    if lg:
        state = "nguồn không đổi: bỏ qua" if lg["skipped"] else f"{lg['seconds']:.0f} s"
        print(
            f"Bộ pháp điển: {lg['articles']} điều ({lg['parsed_fully']} đọc đầy đủ), "
            f"{lg['chunks']} đoạn chỉ mục — {state}."
        )
