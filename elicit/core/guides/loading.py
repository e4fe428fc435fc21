"""Loading and validating guides: reading YAML within limits, the checks no single field shows, the built-in
guides and the messages a guide author sees."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from elicit.core.errors import GuideError, UnknownGuideError
from elicit.core.guides.models import Guide, Kind, Question

GUIDES_DIR = Path(__file__).resolve().parents[3] / "interview_guides"
MAX_GUIDE_BYTES = 512 * 1024
MAX_GUIDE_DEPTH = 24
"""Lists and mappings nested deeper than this are refused: PyYAML takes quadratic time on deep nesting."""


def _cross_check(guide: Guide) -> list[str]:
    """Problems no single field shows: duplicate ids and show_if pointing nowhere."""
    problems: list[str] = []
    seen_stages: set[str] = set()
    seen: dict[str, Question] = {}
    for s, stage in enumerate(guide.stages):
        if stage.id in seen_stages:
            problems.append(f"stages[{s}].id: duplicate stage id {stage.id!r}; give each stage its own id")
        seen_stages.add(stage.id)
        for q, question in enumerate(stage.questions):
            where = f"stages[{s}].questions[{q}]"
            if question.id in seen:
                problems.append(f"{where}.id: duplicate question id {question.id!r}; give each question its own id")
            problems += _show_if_problems(question, seen, where)
            seen[question.id] = question
    return problems + _short_path_problems(guide)


def _short_path_problems(guide: Guide) -> list[str]:
    """A short path needs its minutes, and a short question cannot hang on a choice the short path never asks."""
    has_short = any(q.short for q in guide.questions)
    if has_short and guide.short_minutes is None:
        return ["short_minutes: some questions are `short: true` but the guide states no `short_minutes`; "
                "add the minutes the short path takes"]
    if guide.short_minutes is not None and not has_short:
        return ["short_minutes: no question is `short: true`; mark the questions of the short path, "
                "or remove short_minutes"]
    if guide.short_minutes is not None and guide.short_minutes >= guide.minutes:
        return [f"short_minutes: {guide.short_minutes} is not shorter than minutes ({guide.minutes}); "
                "the short path must take less time than the full one"]
    problems = []
    by_id = {q.id: q for q in guide.questions}
    for s, stage in enumerate(guide.stages):
        for q, question in enumerate(stage.questions):
            target = by_id.get(question.show_if.question) if question.show_if else None
            if question.short and target is not None and not target.short:
                problems.append(f"stages[{s}].questions[{q}].short: it depends on {target.id!r}, which the short "
                                f"path never asks; mark {target.id!r} `short: true` too, or drop `short` here")
    return problems


def _show_if_problems(question: Question, earlier: dict[str, Question], where: str) -> list[str]:
    if question.show_if is None:
        return []
    target = earlier.get(question.show_if.question)
    if target is None or target.kind is not Kind.CHOICE:
        return [f"{where}.show_if.question: {question.show_if.question!r} is not an earlier `choice` question"]
    bad = [o for o in question.show_if.any_of if o not in target.options]
    if bad:
        return [f"{where}.show_if.any_of: {bad[0]!r} is not an option of {target.id!r} ({', '.join(target.options)})"]
    return []


class _UniqueKeys:
    """A safe loader's mapping that refuses duplicate keys instead of silently keeping the last one."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        keys = [self.construct_object(key_node, deep=True) for key_node, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}; keep one", node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """PyYAML's own parser: its words for what is wrong in a file are the ones a guide author is shown."""


_FAST_PARSER = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it: about ten times faster, used for the built-in guides."""
if _FAST_PARSER is not None:
    class _FastUniqueKeyLoader(_UniqueKeys, _FAST_PARSER):
        """libyaml's parser with the same refusal of duplicate keys."""
else:
    _FastUniqueKeyLoader = None


def _read_yaml(path: Path, *, fast: bool = False) -> Any:
    """Parse a guide file: no aliases (they allow entity-expansion bombs), no duplicate keys.

    `fast` reads it with libyaml where PyYAML has it; a file it finds wrong is read again with PyYAML's own
    parser, so the message is the same either way.
    """
    size = path.stat().st_size
    if size > MAX_GUIDE_BYTES:
        raise GuideError([f"{path}: the file is {size:,} bytes; a guide must stay under {MAX_GUIDE_BYTES:,}"])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GuideError([f"{path}: byte {exc.start} is not UTF-8 text; save the file as UTF-8"]) from None
    fast = fast and _FastUniqueKeyLoader is not None
    parser, loader = (_FAST_PARSER, _FastUniqueKeyLoader) if fast else (yaml.SafeLoader, _UniqueKeyLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=parser):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise GuideError([f"{path}:{mark.line + 1}: YAML aliases (*name) are not allowed in guides; "
                                  "write the value out"])
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_GUIDE_DEPTH:
                raise GuideError([f"{path}:{event.start_mark.line + 1}: lists and mappings are nested more than "
                                  f"{MAX_GUIDE_DEPTH} deep; a guide needs far fewer levels, so flatten them"])
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        if fast:
            return _read_yaml(path)
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise GuideError([f"{path}{line}: not valid YAML: {problem}; fix the indentation or quoting there"]) from None


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _advice(error: dict[str, Any]) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field; remove it or check its spelling (see interview_guides/README.md)"
    if kind == "missing":
        return "required field is missing; add it (see interview_guides/README.md)"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return f"{msg}; got {error.get('input')!r}"


def parse_guide(data: Any, source: str) -> Guide:
    """Validate already-parsed data as a guide; GuideError lists every problem found."""
    if not isinstance(data, dict):
        raise GuideError([f"{source}: a guide is a YAML mapping with id, title, stages...; got {type(data).__name__}"])
    try:
        guide = Guide.model_validate(data)
    except ValidationError as exc:
        raise GuideError([f"{source}: {_field_path(e['loc'])}: {_advice(e)}" for e in exc.errors()]) from None
    problems = _cross_check(guide)
    if problems:
        raise GuideError([f"{source}: {problem}" for problem in problems])
    return guide


def load_guide(path: str | Path, *, fast: bool = False) -> Guide:
    """Load and validate one guide file; its id must match its file name. `fast`: see `_read_yaml`."""
    path = Path(path)
    if not path.is_file():
        raise GuideError([f"{path}: no such file; give the path of a guide's .yaml file"])
    guide = parse_guide(_read_yaml(path, fast=fast), str(path))
    if guide.id != path.stem:
        raise GuideError([f"{path}: id: {guide.id!r} does not match the file name; rename one to match the other"])
    return guide


def builtin_guides(directory: Path = GUIDES_DIR) -> dict[str, Guide]:
    """Every guide in the guides folder by id, in file-name order; read once per process and folder."""
    return _guides_in(Path(directory).resolve())


@cache
def _guides_in(directory: Path) -> dict[str, Guide]:
    # one entry per folder however it is asked for: `builtin_guides()` and `builtin_guides(GUIDES_DIR)` were two
    return {guide.id: guide for guide in (load_guide(p, fast=True) for p in sorted(directory.glob("*.yaml")))}


def get_guide(guide_id: str, directory: Path = GUIDES_DIR) -> Guide:
    guides = builtin_guides(directory)
    if guide_id not in guides:
        known = ", ".join(guides) or "none"
        raise UnknownGuideError(f"no guide {guide_id!r}; available guides: {known}")
    return guides[guide_id]


def validate_paths(paths: list[Path]) -> dict[Path, list[str]]:
    """Every problem of every file, by file; an empty list means the file is valid."""
    report: dict[Path, list[str]] = {}
    for path in paths:
        try:
            load_guide(path)
            report[path] = []
        except GuideError as exc:
            report[path] = exc.problems
    return report
