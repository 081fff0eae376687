"""2025 unit map on fixtures: CSV parsing (banners, malformed rows), resolution, API and CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.units import CONVERSION_FILE, DIVISIONS_FILE, build_units
from kb.procedures.store import KBError
from kb.units.resolve import Resolver, verify_table, where_to_submit
from kb.units.table import Units

FIX = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("data")
    (d / "admin-units").mkdir()
    shutil.copy(FIX / "units_conversion.csv", d / CONVERSION_FILE)
    shutil.copy(FIX / "units_divisions.json", d / DIVISIONS_FILE)
    return d


@pytest.fixture(scope="module")
def units_kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    kb = tmp_path_factory.mktemp("kb")
    build_units(data_dir, kb)
    return kb


@pytest.fixture(scope="module")
def resolver(units_kb: Path) -> Resolver:
    return Resolver(Units(units_kb).load())


def test_build_reads_rows_and_rejects_malformed(data_dir: Path, tmp_path: Path) -> None:
    rep = build_units(data_dir, tmp_path)
    assert (rep.provinces, rep.units, rep.rows, rep.old_units, rep.split_old_units) == (2, 5, 8, 7, 1)
    assert sorted(r.reason for r in rep.rejected) == ["row without new unit", "unknown new unit code '99999'"]
    assert build_units(data_dir, tmp_path).skipped
    u = Units(tmp_path).load()
    assert u.units["00070"].name == "Phường Hồ Gươm" and u.provinces["92"] == "Tỉnh Ven Biển"
    tan_lap = next(r for r in u.rows if r.old_code == "00090")
    assert tan_lap.old_province == "Tỉnh Ven Biển" and tan_lap.how == "Giữ nguyên"


def test_stale_map_is_refused(units_kb: Path, tmp_path: Path) -> None:
    shutil.copytree(units_kb, tmp_path / "kb")
    man = tmp_path / "kb" / "units" / "manifest.json"
    m = json.loads(man.read_text(encoding="utf-8"))
    m["build_id"] = "x"
    man.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(KBError):
        Units(tmp_path / "kb").load()


@pytest.mark.parametrize(
    "q",
    [
        "Phường Hàng Bạc, Quận Trung Tâm, Thành phố Thử Nghiệm",
        "phuong hang bac quan trung tam thu nghiem",
        "P. Hàng Bạcc, Q. Trung Tâm",
    ],
)
def test_old_ward_resolves_with_how(resolver: Resolver, q: str) -> None:
    (m,) = resolver.resolve(q)
    assert (m.kind, m.name, m.code, m.district) == ("old", "Phường Hàng Bạc", "00061", "Quận Trung Tâm")
    assert [(t.unit.code, t.how) for t in m.targets] == [("00070", "Nhập toàn bộ")] and not m.split


def test_split_unit_returns_every_new_unit(resolver: Resolver) -> None:
    (m,) = resolver.resolve("phuong ngoc ha ba dinh")
    assert m.split and {(t.unit.name, t.how) for t in m.targets} == {
        ("Phường Hồ Gươm", "Nhập một phần"),
        ("Phường Ba Đình", "Nhập một phần"),
    }
    assert where_to_submit(resolver, "phuong ngoc ha ba dinh")["status"] == "clarification"


def test_numbered_wards_need_their_type_word(resolver: Resolver) -> None:
    (m,) = resolver.resolve("phường 1 quận 3")
    assert m.code == "00020" and m.targets[0].unit.name == "Phường Ba Đình"
    (m,) = resolver.resolve("phuong 3 quan 1")
    assert m.code == "00021" and m.targets[0].unit.name == "Phường Bàn Cờ"


def test_current_and_district_wide_units(resolver: Resolver) -> None:
    (m,) = resolver.resolve("Phường Hồ Gươm")
    assert m.kind == "new" and m.code == "00070"
    (m,) = resolver.resolve("Huyện Đảo Xa, Tỉnh Ven Biển")
    assert m.kind == "old" and m.targets[0].unit.name == "Đặc khu Đảo Xa"
    assert resolver.resolve("không có địa chỉ nào") == []


def test_where_to_submit_names_the_commune_agency(resolver: Resolver) -> None:
    ans = where_to_submit(resolver, "tôi ở phường Hàng Bạc cũ quận Trung Tâm thì nộp hồ sơ ở đâu")
    assert ans["status"] == "answered"
    assert "Phường Hồ Gươm" in str(ans["text"]) and "Ủy ban nhân dân phường Hồ Gươm" in str(ans["text"])
    assert where_to_submit(resolver, "xyz")["status"] == "not_found"


def test_every_old_unit_of_the_fixture_table(resolver: Resolver) -> None:
    r = verify_table(resolver)
    assert (r["old_units"], r["exact"], r["wrong"]) == (7, 7, 0)


def test_api_and_cli(
    units_kb: Path, small_kb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from assistant.settings import ServingSettings
    from cli.main import main
    from tests.assistant_support import fake_services

    kb = tmp_path / "kb"
    shutil.copytree(small_kb, kb)
    shutil.copytree(units_kb / "units", kb / "units")
    with TestClient(create_app(ServingSettings(kb_dir=kb), fake_services)) as c:
        r = c.get("/v1/units/resolve", params={"q": "phuong hang bac trung tam"})
        assert r.status_code == 200 and r.json()["matches"][0]["targets"][0]["unit"]["code"] == "00070"
        assert (
            c.get("/v1/units/where", params={"q": "phuong ngoc ha ba dinh"}).json()["status"]
            == "clarification"
        )
        assert c.get("/v1/legal/search", params={"q": "khai sinh"}).status_code == 503  # no legal collection
    assert main(["ward", "phuong hang bac trung tam", "--json", "--kb", str(kb)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matches"][0]["name"] == "Phường Hàng Bạc"
