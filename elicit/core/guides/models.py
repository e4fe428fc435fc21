"""The guide models: Guide, Stage and Question (`extra="forbid"`), the kinds of question, the checks a complete
answer is held to, the paths and the rendering of a question in the prompt."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from elicit.core.anatomy import ELEMENT_IDS


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


class InterviewPath(StrEnum):
    """How much of a guide an interview asks: the questions that matter most, or all of them."""

    SHORT = "short"
    """Only the questions marked `short: true` (about 20 minutes)."""
    FULL = "full"
    """Every question."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowIf(_Strict):
    """Show a question only when an earlier `choice` question got one of these options."""

    question: str = Field(description="id of an earlier `choice` question")
    any_of: list[str] = Field(min_length=1, description="the options that make this question appear")


class Form(StrEnum):
    """How an answer renders in the prompt: the shape the question asked for, never guessed from its words."""

    PERSONA = "persona"
    """The role: always a "You are ..." sentence."""
    PROSE = "prose"
    """Plain statements under the lead-in, one bullet per sentence."""
    RULES = "rules"
    """A rule list under a lead-in that says what to do with it ("Raise the level when any of these appear:")."""
    STEPS = "steps"
    """Numbered steps in the expert's order."""
    LADDER = "ladder"
    """Levels, each with what puts a case in it ("Level 2: ..."), then any rule that moves a case between them."""
    CRITERIA = "criteria"
    """A criteria table of the question's own, weights checked."""
    CASE = "case"
    """A real case kept whole as a worked example: the situation, the decision, what would have changed it."""
    TEMPLATE = "template"
    """A template kept verbatim; the words around it become a note on its use."""
    LIMITS = "limits"
    """Never-do limits, one per line."""
    QUESTIONS = "questions"
    """Questions the model asks first, kept in the expert's words."""
    FOCUS = "focus"
    """A choice, rendered as one line of context ("Focus: ...")."""


class CasePart(StrEnum):
    """Which part of a worked example a `case` answer is."""

    SITUATION = "situation"
    DECISION = "decision"
    WHAT_IF = "what_if"


class Voice(StrEnum):
    """Whose words the rendered answer speaks in."""

    YOU = "you"
    """The expert's first person becomes the second person the prompt speaks in ("we" becomes "your team")."""
    ADVICE = "advice"
    """The expert's own actions become advice the model gives the user ("Tell the duty manager to call ...")."""
    VERBATIM = "verbatim"
    """Nothing is rewritten."""


class Render(_Strict):
    """How a question's answer renders in the mega-prompt: section, form, lead-in and voice."""

    section: str | None = Field(default=None, description="the element the answer goes to; the first `feeds` entry when absent")
    form: Form = Field(default=Form.PROSE, description="the shape it renders in")
    lead_in: str = Field(default="", description="the line above it that tells the model what to do with it")
    voice: Voice = Field(default=Voice.YOU, description="you, advice or verbatim")
    case_part: CasePart | None = Field(default=None, description="for form `case`: situation, decision or what_if")
    note_section: str | None = Field(
        default=None, description="for form `template`: where the words outside the template go (default: same section)")
    note_lead_in: str = Field(default="", description="for form `template`: the lead-in of those words")
    case_name: str = Field(
        default="main", pattern=r"^[a-z][a-z0-9_]*$",
        description="for form `case`: which worked example the part belongs to; parts with one name render together")
    evaluation_case: bool = Field(
        default=False, description="for form `case`: the answer is also exported as an evaluation case")

    @field_validator("section", "note_section")
    @classmethod
    def _known_section(cls, section: str | None) -> str | None:
        if section is not None and section not in ELEMENT_IDS:
            raise ValueError(f"unknown element {section!r}; use ids from ANATOMY.md: {', '.join(ELEMENT_IDS)}")
        return section

    @model_validator(mode="after")
    def _case_part_fits_form(self) -> Render:
        if self.form is Form.CASE and self.case_part is None:
            raise ValueError("a `case` render needs `case_part`: situation, decision or what_if")
        if self.form is not Form.CASE and self.case_part is not None:
            raise ValueError("`case_part` belongs only to `form: case`; remove it or set form: case")
        if self.form is not Form.CASE and (self.evaluation_case or self.case_name != "main"):
            raise ValueError("`case_name` and `evaluation_case` belong only to `form: case`; remove them or set "
                             "form: case")
        return self


_DEFAULT_FORMS = {Kind.STEPS: Form.STEPS, Kind.CRITERIA: Form.CRITERIA, Kind.CHOICE: Form.FOCUS}


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
    render: Render | None = Field(default=None, description="how the answer renders; worked out from kind when absent")
    short: bool = Field(default=False, description="asked on the short path too; otherwise on the full path only")
    scenario: str = Field(
        default="", description="a simulation: the short realistic case shown above the ask, which the expert talks through")

    @cached_property
    def rendering(self) -> Render:
        """The declared render, or the default for the question's kind, with its section filled in."""
        declared = self.render or Render(form=_DEFAULT_FORMS.get(self.kind, Form.PROSE))
        return declared if declared.section else declared.model_copy(update={"section": self.feeds[0]})

    @field_validator("feeds")
    @classmethod
    def _known_elements(cls, feeds: list[str]) -> list[str]:
        unknown = [f for f in feeds if f not in ELEMENT_IDS]
        if unknown:
            raise ValueError(f"unknown element {unknown[0]!r}; use ids from ANATOMY.md: {', '.join(ELEMENT_IDS)}")
        return feeds

    @model_validator(mode="after")
    def _render_fits_question(self) -> Question:
        render = self.render
        if render is None:
            return self
        if render.section is not None and render.section not in self.feeds:
            raise ValueError(f"render.section {render.section!r} is not one of the question's `feeds`; add it there")
        if (render.form is Form.CRITERIA) != (self.kind is Kind.CRITERIA):
            raise ValueError("`form: criteria` and `kind: criteria` go together; change one to match the other")
        if render.form is Form.FOCUS and self.kind is not Kind.CHOICE:
            raise ValueError("`form: focus` renders a `choice` question; use another form")
        return self

    @model_validator(mode="after")
    def _scenario_is_a_simulation(self) -> Question:
        simulation = self.render is not None and self.render.evaluation_case
        if self.scenario and not simulation:
            raise ValueError("a question with a `scenario` is a simulation: set render: {form: case, case_part: "
                             "decision, case_name: ..., evaluation_case: true}")
        if simulation and not self.scenario:
            raise ValueError("`render.evaluation_case` needs the `scenario` the expert talks through; add it")
        if simulation and self.render.case_part is not CasePart.DECISION:
            raise ValueError("a simulation's answer is the decision of its worked example: set render.case_part: "
                             "decision (the scenario is the situation)")
        return self

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        if self.kind is Kind.CHOICE and len(self.options) < 2:
            raise ValueError("a `choice` question needs at least two `options`")
        if self.kind is not Kind.CHOICE and self.options:
            raise ValueError("`options` belong only to `choice` questions; remove them or set kind: choice")
        return self


class PromptInputSpec(_Strict):
    """A named slot the user fills when the prompt is used."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case; rendered as <name>{{name}}</name>")
    description: str = Field(min_length=5, description="what the user hands over")


class PromptSpec(_Strict):
    """The prompt's task line and input slots, declared once per guide."""

    user: str = Field(min_length=3, description="who uses the prompt, as the task line names them")
    hands_over: str = Field(min_length=3, description="what the user hands over")
    produce: str = Field(min_length=3, description="what the model produces")
    inputs: list[PromptInputSpec] = Field(min_length=1, description="the named input slots")


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
    minutes: int = Field(ge=1, le=600, description="estimated minutes to complete the full path")
    short_minutes: int | None = Field(
        default=None, ge=1, le=600, description="estimated minutes of the short path; needed when any question is short")
    stages: list[Stage] = Field(min_length=1, description="asked in this order")
    prompt: PromptSpec | None = Field(default=None, description="the task line and input slots of the prompt")

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order asked (worked out once: a guide is frozen)."""
        return tuple(q for stage in self.stages for q in stage.questions)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def paths(self) -> tuple[InterviewPath, ...]:
        """The paths an interview of this guide can take: the full one, and the short one when it has one."""
        return (InterviewPath.SHORT, InterviewPath.FULL) if self.short_minutes else (InterviewPath.FULL,)

    def on_path(self, path: InterviewPath | str) -> tuple[Question, ...]:
        """The questions a path asks, in order (before any show_if)."""
        if InterviewPath(path) is InterviewPath.FULL or not self.short_minutes:
            return self.questions
        return tuple(q for q in self.questions if q.short)

    def minutes_for(self, path: InterviewPath | str) -> int:
        """The stated minutes of a path; a guide without a short path asks everything."""
        if InterviewPath(path) is InterviewPath.SHORT and self.short_minutes:
            return self.short_minutes
        return self.minutes

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
