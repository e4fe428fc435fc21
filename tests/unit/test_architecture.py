"""docs/ARCHITECTURE.md names only what exists: every path and every dotted module it mentions."""

from __future__ import annotations

import importlib
import importlib.util
import re

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
LAYERS = ("core", "adapters", "presenting", "services", "ui")


def _paths() -> set[str]:
    return set(re.findall(r"`?(elicit/[\w/]+(?:\.py)?)`?", DOC))


def _is_module(dotted: str) -> bool:
    try:
        return importlib.util.find_spec("elicit." + dotted) is not None
    except ModuleNotFoundError:  # a name inside a module ("interviews.submit_answer") is not a module
        return False


def test_every_path_the_architecture_names_exists():
    paths = _paths()
    assert len(paths) >= 10, "the page names the modules it describes"
    gone = sorted(p for p in paths if not (ROOT / p.rstrip("/")).exists())
    assert not gone, f"docs/ARCHITECTURE.md names paths that do not exist: {gone}"


def test_every_module_the_architecture_names_exists_with_the_names_it_uses():
    missing = []
    for name in re.findall(r"`((?:" + "|".join(LAYERS) + r")\.[\w.]+)`", DOC):
        parts = name.split(".")
        module = next((n for n in range(len(parts), 0, -1) if _is_module(".".join(parts[:n]))), 0)
        if module == 0:
            missing.append(name)
            continue
        if module < len(parts):  # a function or class named after its module must be in it
            loaded = importlib.import_module("elicit." + ".".join(parts[:module]))
            if not hasattr(loaded, parts[module]):
                missing.append(name)
    assert not missing, f"docs/ARCHITECTURE.md names what does not exist: {missing}"


def test_the_drawing_names_every_floor():
    for layer in LAYERS:
        assert f"elicit/{layer}/" in DOC
