"""Module boundaries: the core imports none of streamlit, openai or sqlmodel; each is imported in one place."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "elicit"
CORE = sorted("elicit." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
              for p in (PACKAGE / "core").rglob("*.py"))
LAYERS = ["core", "adapters", "presenting", "services", "ui"]
OWNERS = {"streamlit": ("elicit/ui/",), "openai": ("elicit/adapters/llm.py",),
          "sqlmodel": ("elicit/adapters/store/", "elicit/adapters/store/migrations/")}


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


# --- the layers: core, adapters, services, entry points ----------------------------------------------------

def _lint_imports(root) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    return subprocess.run(command, capture_output=True, text=True, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)})


def test_the_layers_keep_their_import_contracts():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("elicit/ui/common.py", "from elicit.adapters import store"),
    ("elicit/core/interview/__init__.py", "from elicit.services import interviews"),
    ("elicit/adapters/llm.py", "from elicit.services import usage"),
    ("elicit/adapters/exports/__init__.py", "from elicit.adapters import store"),
    ("elicit/presenting/__init__.py", "from elicit.adapters import store"),
    ("elicit/services/editing.py", "from elicit.services import teams"),
    ("elicit/core/reading/hollow.py", "from elicit.core import interview"),
], ids=["ui-imports-the-store", "core-imports-a-service", "adapter-imports-a-service", "adapter-imports-an-adapter",
        "presenting-imports-the-store", "a-circle-in-the-services", "a-circle-in-the-core"])
def test_a_sideways_import_breaks_a_contract(tmp_path, module, line):
    """The contracts bite: one such import, in a copy of the package, is reported broken."""
    shutil.copytree(PACKAGE, tmp_path / "elicit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout[-2000:]


def _readme_map() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## How it is built", 1)[1].split("```", 2)[1]
    return {line.split()[0].rstrip("/") for line in block.splitlines() if line.startswith(("elicit/", "app.py"))}


def _children(folder: Path) -> set[str]:
    """The modules and packages in a folder (a data folder such as schema/ too), not its __init__."""
    found = {str(p.relative_to(ROOT)) for p in folder.glob("*.py") if p.name != "__init__.py"}
    return found | {str(p.relative_to(ROOT)) for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"}


def _modules_to_map() -> set[str]:
    """Every floor of elicit/, every module and package of the core and the adapters, every use case."""
    return _children(PACKAGE) | _children(PACKAGE / "core") | _children(PACKAGE / "adapters") | {
        m for m in _children(PACKAGE / "services")}


def test_the_top_of_the_package_shows_only_the_floors():
    """Nothing loose beside the layers: the listing of elicit/ is the architecture."""
    assert _children(PACKAGE) == {f"elicit/{name}" for name in LAYERS} | {"elicit/cli.py"}


@pytest.mark.parametrize("layer", LAYERS)
def test_each_floor_says_what_it_owns_and_what_it_may_import(layer):
    doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert len(doc.split()) >= 30 and "import" in doc, f"elicit/{layer}/__init__.py needs its paragraph"


def test_no_module_is_over_300_lines_without_its_reason_at_the_top():
    """A long module says why at its top ("... over 300 lines because ..."), or is split."""
    long = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 300 and "300 lines" not in "\n".join(text.splitlines()[:20]):
            long.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert not long, f"split these, or say at their top why they are long: {long}"


def test_the_readmes_module_map_names_every_module():
    missing = _modules_to_map() - _readme_map()
    assert not missing, f"add these to the README's map under 'How it is built': {sorted(missing)}"


def test_the_readmes_module_map_names_nothing_that_is_gone():
    gone = {path for path in _readme_map() if not (ROOT / path).exists()}
    assert not gone, f"the README's map names paths that do not exist: {sorted(gone)}"
