"""The store's layout: an engine module and one module per entity, importing one another without a cycle.

Read from the source, so a cycle shows here even when the import order of a run happens to hide it.
"""

from __future__ import annotations

import ast

from elicit.core import access, interview
from elicit.adapters import store
from tests.conftest import ROOT

STORE = ROOT / "elicit" / "adapters" / "store"
MODULES = sorted(p for p in STORE.glob("*.py") if p.name != "__init__.py")
LONGEST = 400


def _store_imports(path) -> set[str]:
    """The store modules this file imports; "elicit.adapters.store" when it imports the package itself."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name == "elicit.adapters.store" or a.name.startswith("elicit.adapters.store.")}
        elif isinstance(node, ast.ImportFrom):
            module = "elicit.adapters.store" + (f".{node.module}" if node.module else "") if node.level else node.module or ""
            if module == "elicit" and any(a.name == "store" for a in node.names):
                found.add("elicit.adapters.store")
            elif module == "elicit.adapters.store" or module.startswith("elicit.adapters.store."):
                found.add(module)
    return found


def test_no_store_module_imports_the_package():
    importers = sorted(p.name for p in MODULES if "elicit.adapters.store" in _store_imports(p))
    assert not importers, f"these import elicit.adapters.store itself (import the module that holds the name): {importers}"


def test_the_store_modules_import_one_another_without_a_cycle():
    graph = {f"elicit.adapters.store.{p.stem}": _store_imports(p) - {"elicit.adapters.store"} for p in MODULES}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import cycle: {' -> '.join((*path, module))}"
        if module not in done:
            for imported in sorted(graph.get(module, ())):
                visit(imported, (*path, module))
            done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_each_store_module_is_short_and_says_what_it_holds():
    for path in [STORE / "__init__.py", *MODULES]:
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= LONGEST, f"{path.name} is over {LONGEST} lines; split it"
        assert ast.get_docstring(ast.parse(source)), f"{path.name} has no module docstring"


def test_the_vocabularies_the_core_defines_are_written_once():
    assert store.ANSWER_ORIGINS == tuple(o.value for o in interview.Origin)
    assert store.FOLLOW_UP_STATUSES == tuple(s.value for s in interview.FollowUpStatus)
    assert store.ROLES == tuple(r.value for r in access.Role)
    assert store.REVIEW_STATUSES == tuple(s.value for s in access.ReviewStatus)
    assert all(type(v) is str for v in (*store.ANSWER_ORIGINS, *store.FOLLOW_UP_STATUSES, *store.ROLES,
                                        *store.REVIEW_STATUSES))  # stored as plain text, never as an enum member


def test_the_package_exports_what_it_lists():
    assert len(set(store.__all__)) == len(store.__all__)
    assert [name for name in store.__all__ if not hasattr(store, name)] == []
    assert store.Db is store.engine.Db
