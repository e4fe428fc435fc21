"""Module boundaries: the core imports none of streamlit, openai or sqlmodel; each is imported in one place."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "elicit"
CORE = ["elicit.anatomy", "elicit.guides", "elicit.interview", "elicit.probing.heuristic", "elicit.assembly",
        "elicit.reading", "elicit.pacing"]
OWNERS = {"streamlit": ("elicit/ui/",), "openai": ("elicit/llm.py",),
          "sqlmodel": ("elicit/store/", "elicit/migrations/")}


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", list(OWNERS))
def test_each_library_has_one_importer(library):
    importers = {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if library in _imports(p)}
    outside = {p for p in importers if not p.startswith(OWNERS[library])}
    assert not outside, f"{library} imported outside {OWNERS[library]}: {sorted(outside)}"


@pytest.mark.parametrize("module", CORE)
def test_core_loads_none_of_the_heavy_libraries(module):
    code = (f"import sys, {module}; bad = [m for m in ('streamlit', 'openai', 'sqlmodel', 'sqlalchemy') "
            "if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
