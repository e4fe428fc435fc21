"""The interview's transcript: every question, every answer revision and follow-up, and teach-back corrections."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from elicit.adapters.exports.safety import neutral
from elicit.core.interview import Interview, value_for_storage

TRANSCRIPT_SCHEMA = "elicit-transcript/1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Revision(_Strict):
    revision: int
    text: str
    value: Any = None
    origin: str
    skipped: bool = False
    confirmed: bool = False
    """The expert kept this revision as their answer though it looked off its question."""


class FollowUpRecord(_Strict):
    id: int | None = None
    check: str
    element: str
    reason: str
    ask: str
    status: str
    answer: str | None = None
    source: str = "heuristic"
    confirmed: bool = False
    """The expert kept the answer as it stands though it does not answer the follow-up."""


class AskedQuestion(_Strict):
    id: str
    stage: str
    ask: str
    kind: str
    feeds: list[str]
    revisions: list[Revision] = Field(default_factory=list)
    follow_ups: list[FollowUpRecord] = Field(default_factory=list)


class TeachBack(_Strict):
    """A scenario the prompt answered on Try it, and the expert's correction of that answer."""

    id: int | None = None
    scenario: str
    answer: str = ""
    wrong: str = ""
    better: str = ""
    outcome: str = ""


class Transcript(_Strict):
    """What the interview said, as data; the JSON export carries it when asked, and import keeps it."""

    schema_: str = Field(TRANSCRIPT_SCHEMA, alias="schema")
    interview_id: str | None = None
    guide_id: str | None = None
    guide_version: int | None = None
    expert: str = ""
    topic: str = ""
    created: str | None = None
    questions: list[AskedQuestion] = Field(default_factory=list)
    teach_back: list[TeachBack] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _question(stage, question, interview: Interview) -> AskedQuestion:
    revisions = [Revision(revision=a.revision, text=a.text, value=value_for_storage(a.value), origin=a.origin.value,
                          skipped=a.skipped, confirmed=a.confirmed) for a in interview.history.get(question.id, [])]
    follow_ups = [FollowUpRecord(id=f.id, check=f.check, element=f.element, reason=f.reason, ask=f.ask,
                                 status=f.status.value, answer=f.answer, source=f.source, confirmed=f.confirmed)
                  for f in interview.follow_ups if f.question_id == question.id]
    return AskedQuestion(id=question.id, stage=stage.title, ask=question.ask, kind=question.kind.value,
                         feeds=question.feeds, revisions=revisions, follow_ups=follow_ups)


def transcript(interview: Interview | None, teach_back: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Every question, every answer revision and every follow-up of an interview, as plain data."""
    corrections = [TeachBack(**t) for t in teach_back or []]
    if interview is None:
        return Transcript(teach_back=corrections).model_dump(mode="json", by_alias=True)
    questions = [_question(stage, question, interview) for stage in interview.guide.stages
                 for question in stage.questions]
    return Transcript(interview_id=interview.id, guide_id=interview.guide.id, guide_version=interview.guide.version,
                      expert=interview.expert, topic=interview.topic, created=interview.created_at.isoformat(),
                      questions=questions, teach_back=corrections).model_dump(mode="json", by_alias=True)


def transcript_markdown(data: dict[str, Any]) -> str:
    """The transcript to read; what people typed is made safe to render (no live HTML, no images)."""
    n = neutral
    lines = [f"# Interview transcript: {n(data.get('topic') or 'untitled')}", "",
             f"Expert: {n(data.get('expert') or 'not named')} · guide {data.get('guide_id') or '-'}", ""]
    for question in data["questions"]:
        lines += [f"## {n(question['ask'])}", "", f"`{question['id']}` · {n(question['stage'])}", ""]
        for revision in question["revisions"]:
            said = "(skipped)" if revision["skipped"] else n(revision["text"])
            kept = ", kept by the expert as their answer" if revision.get("confirmed") else ""
            lines += [f"Revision {revision['revision']} ({revision['origin']}{kept}):", "", said, ""]
        for follow_up in question["follow_ups"]:
            kept = ", kept by the expert as their answer" if follow_up.get("confirmed") else ""
            lines += [f"Follow-up {follow_up['id']} ({follow_up['status']}{kept}): {n(follow_up['ask'])}", "",
                      n(follow_up["answer"] or "(no answer)"), ""]
        if not question["revisions"] and not question["follow_ups"]:
            lines += ["(not asked)", ""]
    for case in data.get("teach_back", []):
        lines += ["## Teach-back", "", f"Scenario: {n(case['scenario'])}", "", f"Wrong: {n(case['wrong'] or '-')}",
                  "", f"Better: {n(case['better'] or '-')}", ""]
    return "\n".join(lines)
