"""Evaluation of what the prompt carries: the project's uneven answer sets through `elicit interview run`.

Each answer set (tests/data/answer_sets: lazy, medium and rich answers mixed, in every guide) runs through the
command on both paths, offline, into a SQLite file of its own. For each prompt it counts:

- the body statements that fail the one substance test in the role they are placed in
  (`MegaPrompt.hollow_statements`, elicit.core.reading.substance), goal 0: what fails it belongs under Unknowns;
- the given answers the path asked that are missing from the prompt: neither the source of a statement nor quoted
  in an Unknown, goal 0. An answer the short path does not ask is counted apart, as not asked.

Run with `make bench` (or `python tests/benchmarks/bench_substance.py`; `--check` exits 1 when a goal is missed).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SETS = ROOT / "tests" / "data" / "answer_sets"
GUIDE_OF = {"crisis": "crisis_management", "pe": "private_equity", "brand": "brand_strategy", "general": "general"}
PATHS = ("short", "full")


@dataclass(frozen=True)
class Measured:
    name: str
    path: str
    statements: int
    hollow: tuple[str, ...]
    missing: tuple[str, ...]
    not_asked: int
    unknowns: int


def guide_of(answer_set: Path) -> str:
    return GUIDE_OF[answer_set.stem.split("_")[0]]


def measure(answer_set: Path, path: str, folder: Path) -> Measured:
    """One answer set on one path through `elicit interview run --offline --format json --json`."""
    import yaml
    from typer.testing import CliRunner

    from elicit.cli import app
    from elicit.core.assembly import MegaPrompt

    out = folder / f"{answer_set.stem}-{path}.json"
    env = {"ELICIT_DATABASE_URL": f"sqlite:///{folder / f'{answer_set.stem}-{path}.db'}"}
    result = CliRunner().invoke(app, ["interview", "run", "--guide", guide_of(answer_set), "--answers",
                                      str(answer_set), "--path", path, "--offline", "--format", "json",
                                      "--out", str(out), "--json"], env=env)
    if result.exit_code != 0:
        raise SystemExit(f"elicit interview run failed on {answer_set.name} ({path}): {result.output}")
    summary = json.loads(result.stdout)
    prompt = MegaPrompt.model_validate_json(out.read_text(encoding="utf-8"))
    given = yaml.safe_load(answer_set.read_text(encoding="utf-8"))
    answered = [q for q, value in given.items() if value not in (None, "", [], {})]
    not_asked = set(summary.get("not_asked", []))
    placed = {s.source.question_id for s in prompt.statements()}
    quoted = {u.question_id for u in prompt.unknowns}
    missing = tuple(q for q in answered if q not in not_asked and q not in placed and q not in quoted)
    return Measured(answer_set.stem, path, len(prompt.statements()), tuple(s.text for s in prompt.hollow_statements()),
                    missing, len(not_asked & set(answered)), len(prompt.unknowns))


def measure_all(sets: list[Path] | None = None) -> list[Measured]:
    sets = sets if sets is not None else sorted(SETS.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        saved = os.environ.get("ELICIT_DATABASE_URL")
        try:
            return [measure(s, path, Path(folder)) for s in sets for path in PATHS]
        finally:
            if saved is not None:
                os.environ["ELICIT_DATABASE_URL"] = saved


def main() -> int:
    rows = measure_all()
    print("| answer set | path | statements | fail the substance test | given answers missing | not asked "
          "on this path | unknowns |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for m in rows:
        print(f"| {m.name} | {m.path} | {m.statements} | {len(m.hollow)} | {len(m.missing)} | {m.not_asked} | "
              f"{m.unknowns} |")
    for m in rows:
        for text in m.hollow:
            print(f"  hollow statement in {m.name} ({m.path}): {text}")
        for question in m.missing:
            print(f"  missing answer in {m.name} ({m.path}): {question}")
    hollow, missing = sum(len(m.hollow) for m in rows), sum(len(m.missing) for m in rows)
    print(f"{len(rows)} prompts: {hollow} body statements fail the substance test (goal 0), {missing} given answers "
          f"missing from the prompt (goal 0): {'met' if hollow == missing == 0 else 'NOT met'}")
    return 1 if "--check" in sys.argv[1:] and (hollow or missing) else 0


if __name__ == "__main__":
    sys.exit(main())
