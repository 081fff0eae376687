"""Architecture checks: one-way imports between our packages, and a light `import kb`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "kb": set(),
    "ingestion": {"kb"},
    "assistant": {"kb"},
    "cli": {"kb", "ingestion", "assistant"},
    "eval": {"kb", "ingestion", "assistant"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_packages_import_only_downstream() -> None:
    bad = []
    for pkg, allowed in ALLOWED.items():
        for f in (ROOT / pkg).rglob("*.py"):
            ours = _imports(f) & set(ALLOWED)
            for name in ours - allowed - {pkg}:
                bad.append(f"{f.relative_to(ROOT)} imports {name}")
    assert bad == []


def test_import_kb_is_light() -> None:
    code = (
        "import sys, kb, kb.procedures.schema, kb.text.normalize, kb.procedures.store, kb.config;"
        "heavy = {'faiss','torch','underthesea','sentence_transformers','fastapi'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_kb_neither_prints_nor_parses_arguments() -> None:
    """The library returns values; printing and command lines belong to cli/."""
    bad = []
    for f in (ROOT / "kb").rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                bad.append(f"{f.relative_to(ROOT)}:{node.lineno} print()")
        if "argparse" in _imports(f):
            bad.append(f"{f.relative_to(ROOT)} imports argparse")
    assert bad == []


def test_runtime_entry_point_is_outside_the_library() -> None:
    """The console script and its sub-commands enter through cli/ (eval registers its own), never kb."""
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["scripts"]["tthc"] == "cli.main:main"
    targets = meta["entry-points"]["tthc.commands"].values()
    assert targets and all(t.startswith(("cli.", "eval.commands:")) for t in targets)
