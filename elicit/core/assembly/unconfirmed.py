"""What the expert said that does not answer its question: a follow-up reply that leaves its gap open, a simulation
answered about another case than the one set. It is kept out of the prompt (an Unknown quotes it instead) until the
expert keeps it as their answer (`confirmed` on the reply or the answer's revision) or changes it; the wizard, Review
and the assembly all read it from here, so what the expert is told is what the prompt does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from elicit.core.assembly.wording import sentences
from elicit.core.guides import Form, Question
from elicit.core.interview import FollowUp, FollowUpStatus, Interview
from elicit.core.probing.heuristic import settles
from elicit.core.reading.substance import own_words

# What a skipped follow-up leaves the model not knowing, by the check that failed; checks on the interview's
# own quality (too short, no real case, boilerplate, no sample) leave nothing the model could ask about.
UNSETTLED = {
    "threshold": "no number or range was given at which the call changes. Ask the user where the line is in "
                 "this case, or set out what you would do on each side of it.",
    "tie_breaker": "the expert did not say which wins when these pull against each other. Ask the user, or show "
                   "how the call goes each way.",
    "condition": "the expert did not say what changes the call. Ask the user what decides it in this case.",
    "observable_cue": "the expert named no sign you can see or hear. Ask the user what they have actually seen.",
    "ordered_steps": "the order was not given. Ask the user what comes first, or follow the steps above.",
    "criteria_with_weight": "the weights were not given. Ask the user which counts for more.",
}

INTERVIEW_ONLY = (Form.CASE, Form.TEMPLATE, Form.PERSONA, Form.FOCUS)
"""Forms whose open gaps are about the interview's own material (the expert's case, template, role), not the
user's case: the model could not ask the user about them."""

NOT_FROM_KNOWLEDGE = "Do not fill this in from general knowledge; say so where it matters."
NOT_A_RULE = "Do not take it as a rule; where it matters, ask the user."
OFF_SCENARIO = ("the expert's answer is about another case than the one set ({scenario}), so it is not shown as "
                "how they handle it. Do not present it as their call on that scenario")


@dataclass(frozen=True)
class Unconfirmed:
    """One thing the expert said that the prompt leaves out until they keep it or change it."""

    question_id: str
    question: str
    """The question, as the interview asked it (its first sentence)."""
    asked: str
    """What the words answer: the follow-up's question, or the simulation's scenario."""
    said: str
    """The expert's words, as they typed them."""
    why: str
    """Why it is left out, said to the expert ("it does not yet answer what was asked (...)")."""
    unknown: str
    """The Unknown the prompt lists in its place, the words quoted."""
    follow_up_id: int | None = None
    """The reply's follow-up; None when it is the answer itself (its `revision`)."""
    revision: int | None = None

    @property
    def key(self) -> str:
        """Stable while it is the same reply or revision: what Review's widgets are named by."""
        return f"{self.question_id}_f{self.follow_up_id}" if self.follow_up_id else \
            f"{self.question_id}_r{self.revision}"


def ask_of(question: Question) -> str:
    """The question as the interview asked it, its first sentence only, quoted in an Unknown."""
    ask = " ".join(question.ask.split())
    if "?" in ask:
        ask = ask[:ask.rindex("?") + 1]
    if len(ask) > 160:
        ask = next((s for s in re.split(r"(?<=[?.])\s", ask) if s.endswith("?")), ask)
    return ask.rstrip("?.") + "?"


def _quoted(text: str) -> str:
    said = " ".join(text.split()).rstrip(".")
    return said if len(said) <= 160 else said[:157] + "..."


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def off_scenario(scenario: str, text: str) -> bool:
    """A simulation answered about another case: it shares fewer than two telling words with the scenario set
    (a food batch answer to a forklift crash)."""
    telling = {w for w in own_words(scenario) if len(w) >= 5}
    return len(own_words(text)) >= 8 and len(telling & set(own_words(text))) < 2


def answer_unconfirmed(interview: Interview, question: Question) -> Unconfirmed | None:
    """The answer to a simulation, when it is about another case than the one set and the expert has not kept it."""
    answer = interview.answered(question.id)
    if answer is None or answer.confirmed or not question.scenario or not off_scenario(question.scenario,
                                                                                        answer.text):
        return None
    scenario = " ".join(sentences(" ".join(question.scenario.split()))[:2]).rstrip(".")
    unknown = (f"On \u201c{ask_of(question)}\u201d {OFF_SCENARIO.format(scenario=scenario)}: it said "
               f"\u201c{_quoted(answer.text)}\u201d.")
    return Unconfirmed(question.id, ask_of(question), " ".join(question.scenario.split()), answer.text,
                       f"it seems to be about another case than the one set ({scenario})", unknown,
                       revision=answer.revision)


def _reply_unconfirmed(question: Question, follow_up: FollowUp, answer: str, earlier: tuple[str, ...]
                       ) -> Unconfirmed | None:
    reply = follow_up.answer or ""
    if follow_up.confirmed or settles(question, follow_up.check, answer, reply, earlier):
        return None
    opening = f"On \u201c{ask_of(question)}\u201d the expert's reply to a follow-up, \u201c{_quoted(reply)}\u201d,"
    if question.rendering.form in INTERVIEW_ONLY:
        unknown = f"{opening} does not answer it. {NOT_FROM_KNOWLEDGE}"
    elif follow_up.check in UNSETTLED:
        unknown = f"{opening} does not answer it: {UNSETTLED[follow_up.check]}"
    else:
        unknown = f"{opening} does not answer it. {NOT_A_RULE}"
    why = f"it does not yet answer what was asked ({_lower_first(follow_up.reason)})"
    return Unconfirmed(question.id, ask_of(question), follow_up.ask, reply, why, unknown, follow_up_id=follow_up.id)


def replies(interview: Interview, question: Question) -> Iterator[tuple[FollowUp, Unconfirmed | None]]:
    """The question's answered follow-ups in the order they were asked, each with what keeps it out of the prompt
    (None: it is placed). A reply is read with the answer and the replies placed before it."""
    answer = interview.answered(question.id)
    earlier: list[str] = []
    for follow_up in interview.follow_ups:
        if follow_up.question_id != question.id or follow_up.status is not FollowUpStatus.ANSWERED:
            continue
        held = _reply_unconfirmed(question, follow_up, answer.text if answer else "", tuple(earlier))
        if held is None:
            earlier.append(follow_up.answer or "")
        yield follow_up, held


def reply_unconfirmed(interview: Interview, follow_up: FollowUp) -> Unconfirmed | None:
    """What keeps this reply out of the prompt, if anything."""
    question = interview.guide.question(follow_up.question_id)
    return next((held for f, held in replies(interview, question) if f.id == follow_up.id), None)


def unconfirmed(interview: Interview) -> list[Unconfirmed]:
    """Everything the prompt leaves out until the expert confirms it, each once, in the interview's order."""
    found = []
    for question in interview.visible_questions():
        held = answer_unconfirmed(interview, question)
        found += [held] if held else []
        found += [h for _f, h in replies(interview, question) if h is not None]
    return found
