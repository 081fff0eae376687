"""Damaged indexes and stores: checksums verified at load, the damage named in /readyz (optional
parts disabled visibly), a damaged core store refused with one clear line and no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.settings import ServingSettings
from assistant.startup import load_services
from cli.main import main
from kb.procedures.store import KBError
from kb.search.manifest import read_manifest
from tests.assistant_support import fake_services


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 8] = bytes(b ^ 0xFF for b in data[mid:mid + 8])
    path.write_bytes(bytes(data))


def _largest(folder: Path) -> Path:
    return max((p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"),
               key=lambda p: p.stat().st_size)


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damaged_search_index_is_named_not_hidden(search_kb: Path, tmp_path: Path, damage: str) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(search_kb, kb)
    col = kb / "index" / "procedures"
    assert read_manifest(col)["files"]  # checksums recorded at build
    victim = _largest(col)
    if damage == "flip":
        _flip(victim)
    else:
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    settings = ServingSettings(kb_dir=kb, search_mode="bm25")
    services = load_services(settings)
    try:
        assert services.assistant is None and "sai checksum" in services.missing["search"]
        assert victim.relative_to(col).as_posix() in services.missing["search"]
    finally:
        services.close()
    with TestClient(create_app(settings)) as c:
        ready = c.get("/readyz")
        assert ready.status_code == 503 and "search" in ready.json()["missing"]
        assert c.get("/healthz").status_code == 200


def test_damaged_legal_collection_disables_only_legal(agent_kb: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(agent_kb, kb)
    _flip(_largest(kb / "legal" / "bm25") if (kb / "legal" / "bm25").exists() else _largest(kb / "legal"))
    services = fake_services(ServingSettings(kb_dir=kb))
    try:
        assert set(services.missing) == {"legal"} and "checksum" in services.missing["legal"]
        assert services.require_assistant().ask("đăng ký khai sinh").status in ("answered", "clarification")
    finally:
        services.close()


def test_damaged_store_refuses_with_one_line(small_kb: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(small_kb, kb)
    db = kb / "kb.sqlite"
    db.write_bytes(b"garbage!" * 16 + db.read_bytes()[128:])  # the SQLite header is gone
    with pytest.raises(KBError, match="damaged"):
        load_services(ServingSettings(kb_dir=kb))
    assert main(["show", "9.000002", "--kb", str(kb)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi:") and "damaged" in err and "\n" not in err and "Traceback" not in err
