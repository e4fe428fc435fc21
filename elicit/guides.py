"""Interview guides: the Guide / Stage / Question models and loading them, validated, from YAML."""

from __future__ import annotations

from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from elicit.anatomy import ELEMENT_IDS
from elicit.errors import GuideError, UnknownGuideError

GUIDES_DIR = Path(__file__).resolve().parent.parent / "interview_guides"
MAX_GUIDE_BYTES = 512 * 1024
MAX_GUIDE_DEPTH = 24
"""Lists and mappings nested deeper than this are refused: PyYAML takes quadratic time on deep nesting."""


class Kind(StrEnum):
    """The widget a question is answered with, and the shape of its answer."""

    TEXT = "text"
    LIST = "list"
    STEPS = "steps"
    CRITERIA = "criteria"
    CHOICE = "choice"


class Check(StrEnum):
    """What a complete answer passes; the prober turns a failed check into a gap."""

    MIN_WORDS = "min_words"
    ORDERED_STEPS = "ordered_steps"
    CRITERIA_WITH_WEIGHT = "criteria_with_weight"
    THRESHOLD = "threshold"
    TIE_BREAKER = "tie_breaker"
    CONDITION = "condition"
    OBSERVABLE_CUE = "observable_cue"
    CONCRETE_INSTANCE = "concrete_instance"
    EXAMPLE = "example"
    NO_BOILERPLATE = "no_boilerplate"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowIf(_Strict):
    """Show a question only when an earlier `choice` question got one of these options."""

    question: str = Field(description="id of an earlier `choice` question")
    any_of: list[str] = Field(min_length=1, description="the options that make this question appear")


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="unique in the guide; lower_snake_case")
    ask: str = Field(min_length=5, description="the question as the expert reads it")
    why: str = Field(min_length=5, description="shown to the expert: why this question matters")
    example: str = Field(min_length=5, description="a short model answer, shown on demand")
    kind: Kind = Field(default=Kind.TEXT, description="text, list, steps, criteria or choice")
    feeds: list[str] = Field(min_length=1, description="the element ids (ANATOMY.md) the answer feeds")
    expects: list[Check] = Field(default_factory=list, description="checks a complete answer passes")
    required: bool = Field(default=True, description="whether the interview is incomplete without it")
    show_if: ShowIf | None = Field(default=None, description="condition on an earlier choice")
    follow_ups: dict[Check, str] = Field(
        default_factory=dict, description="the domain's wording of the follow-up for a failed check"
    )
    options: list[str] = Field(default_factory=list, description="the options of a `choice` question")
    min_words: int = Field(default=15, ge=1, le=500, description="words the `min_words` check asks for")

    @field_validator("feeds")
    @classmethod
    def _known_elements(cls, feeds: list[str]) -> list[str]:
        unknown = [f for f in feeds if f not in ELEMENT_IDS]
        if unknown:
            raise ValueError(f"unknown element {unknown[0]!r}; use ids from ANATOMY.md: {', '.join(ELEMENT_IDS)}")
        return feeds

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if self.kind is Kind.CHOICE and len(self.options) < 2:
            raise ValueError("a `choice` question needs at least two `options`")
        if self.kind is not Kind.CHOICE and self.options:
            raise ValueError("`options` belong only to `choice` questions; remove them or set kind: choice")
        return self


class Stage(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="unique in the guide; lower_snake_case")
    title: str = Field(min_length=3, description="shown as 'Stage N of M: title'")
    intro: str = Field(min_length=5, description="one or two sentences that open the stage")
    questions: list[Question] = Field(min_length=1, description="asked in this order")


class Guide(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="unique among guides; the file is <id>.yaml")
    title: str = Field(min_length=3, description="shown when picking a guide")
    domain: str = Field(min_length=2, description="the field of expertise, e.g. 'Crisis management'")
    version: int = Field(ge=1, description="raise it whenever questions change; stored with each interview")
    description: str = Field(min_length=10, description="what the interview captures, for whom")
    minutes: int = Field(ge=1, le=600, description="estimated minutes to complete")
    stages: list[Stage] = Field(min_length=1, description="asked in this order")

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order asked (worked out once: a guide is frozen)."""
        return tuple(q for stage in self.stages for q in stage.questions)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(f"guide {self.id!r} has no question {question_id!r}") from None

    def stage_of(self, question_id: str) -> tuple[int, Stage]:
        """The 0-based index and the stage that holds a question."""
        for index, stage in enumerate(self.stages):
            if any(q.id == question_id for q in stage.questions):
                return index, stage
        raise KeyError(f"guide {self.id!r} has no question {question_id!r}")


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of silently keeping the last one."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        keys = [self.construct_object(key_node, deep=True) for key_node, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}; keep one", node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    """Parse a guide file: no aliases (they allow entity-expansion bombs), no duplicate keys."""
    size = path.stat().st_size
    if size > MAX_GUIDE_BYTES:
        raise GuideError([f"{path}: the file is {size:,} bytes; a guide must stay under {MAX_GUIDE_BYTES:,}"])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GuideError([f"{path}: byte {exc.start} is not UTF-8 text; save the file as UTF-8"]) from None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise GuideError([f"{path}:{mark.line + 1}: YAML aliases (*name) are not allowed in guides; "
                                  "write the value out"])
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_GUIDE_DEPTH:
                raise GuideError([f"{path}:{event.start_mark.line + 1}: lists and mappings are nested more than "
                                  f"{MAX_GUIDE_DEPTH} deep; a guide needs far fewer levels, so flatten them"])
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
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


def load_guide(path: str | Path) -> Guide:
    """Load and validate one guide file; its id must match its file name."""
    path = Path(path)
    if not path.is_file():
        raise GuideError([f"{path}: no such file; give the path of a guide's .yaml file"])
    guide = parse_guide(_read_yaml(path), str(path))
    if guide.id != path.stem:
        raise GuideError([f"{path}: id: {guide.id!r} does not match the file name; rename one to match the other"])
    return guide


@cache
def builtin_guides(directory: Path = GUIDES_DIR) -> dict[str, Guide]:
    """Every guide in the guides folder by id, in file-name order."""
    return {guide.id: guide for guide in (load_guide(p) for p in sorted(directory.glob("*.yaml")))}


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
