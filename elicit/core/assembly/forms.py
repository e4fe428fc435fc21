"""An answer becomes statements the way its question declares (guides' `render`), never by the words in it.

It runs over 300 lines because every render form (rule, step, question, role, format, example) and the substance
test it applies before placing a statement are read together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from elicit.core.assembly.wording import (capitalised, is_hollow, sentences, short_user, to_advice, to_second_person,
                                     without_hedges)
from elicit.core import reading
from elicit.core.guides import Form, Kind, Question, Render, Voice
from elicit.core.interview import Criterion
from elicit.core.reading.substance import Substance, judge, marker


@dataclass
class Piece:
    """One statement to be: its text, where it goes and how it renders."""

    text: str
    element: str
    form: str
    lead_in: str = ""
    part: str = ""
    criterion: Criterion | None = None
    step: int | None = None


@dataclass(frozen=True)
class Hollow:
    """Words of an answer that carry nothing a model can act on, quoted under Unknowns: what kind of nothing
    they are (a hedge, a pointer somewhere else, filler) decides what the model is told to ask."""

    said: str
    kind: Substance = Substance.HEDGE
    note: str = ""
    """What the Unknown tells the model in place of the kind's own words, when the gap is of another sort."""


@dataclass
class Rendered:
    """The pieces of one answer, and what it held without substance (it becomes Unknowns, never a rule)."""

    pieces: list[Piece] = field(default_factory=list)
    hollow: list[Hollow] = field(default_factory=list)

    def hold(self, said: str, kind: Substance = Substance.HEDGE, note: str = "") -> None:
        said = _BULLET.sub("", " ".join(said.split())).rstrip(".")
        if said and all(h.said != said for h in self.hollow):
            self.hollow.append(Hollow(said, kind, note))


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
ROLE_FORMS = (Form.PERSONA, Form.FOCUS, Form.STEPS, Form.QUESTIONS)
"""Forms whose short item is substance by itself ("Head of comms.", "Founder buyouts.", a step "Classify
severity.", a question "Who else knows?"): only a statement that a hedge, pointer or filler phrase marks is held
back from them."""


def without_substance(text: str, form: Form | None = None, item: bool = False) -> Hollow | None:
    """The one test every statement passes before it is placed (elicit.core.reading.substance, as the prober and the
    lint read it): None when it carries a condition, action, number, named thing or template; else what to quote.

    An `item` of a list the expert wrote under the question's own lead-in ("staff posting about it" under "Signs
    a crisis is coming:") takes its condition from that lead-in: only a hedge, pointer or filler phrase holds it."""
    verdict = judge(text, role_of(form, item))
    if verdict:
        return None
    return Hollow(text, verdict.kind)  # Rendered.hold tidies the words it quotes


_ROLE_OF_FORM = {Form.PERSONA: "persona", Form.FOCUS: "focus", Form.STEPS: "step", Form.QUESTIONS: "question"}


def role_of(form: Form | str | None, item: bool = False) -> str | None:
    """The role (elicit.core.reading.substance.ROLES) a statement of this form is placed in; "item" for an item
    under its question's lead-in; None for a statement that must carry its substance by itself."""
    try:
        role = _ROLE_OF_FORM.get(Form(form)) if form else None
    except ValueError:
        role = None
    return role or ("item" if item else None)


_LEVEL_ITEM = re.compile(r"((?:level|tier|sev(?:erity)?|priority|category|grade)\s*-?\s*\d+|[PL]\d)\s*[:=–-]+\s*",
                         re.IGNORECASE)
_ORPHAN = re.compile(r"^(?:when|whenever|if|once|as soon as)\b", re.IGNORECASE)
_SEEING = re.compile(r"^(?:when|whenever|if|once|as soon as)\s+(?:i|we|you)\s+(?:see|hear|notice|get|spot|find|"
                     r"read)\s+", re.IGNORECASE)


def voiced(text: str, voice: Voice, user: str) -> str:
    if voice is Voice.VERBATIM:
        return text
    if voice is Voice.ADVICE:
        return to_advice(text, short_user(user))
    return to_second_person(text)


def is_orphan(text: str) -> bool:
    """A bare "When ..." or "If ..." clause with no main clause: it says when, never what to do."""
    if not _ORPHAN.match(text):
        return False
    rest = re.sub(r",\s*(?:or|and|such as|like|including|for example|e\.g\.|which|where|who)\b", " ", text)
    main_clause = re.search(r"[,;:]\s*\S|\bthen\b|->|→|=|\b(?:i|we|you|they|it|that|this)(?:'d|'ll|'s| would| will| "
                            r"should| must| can| goes| is| means)\b", rest, re.IGNORECASE)
    return not main_clause and not _later_subject(text)


def _later_subject(text: str) -> bool:
    """A main clause with no comma before it: a person acting after the condition's own words ("If the AM doesn't
    pick up in 5 min I go straight to the CEO", "If a trade buyer comes in we usually step back")."""
    words = [w.strip(",.;:").lower() for w in re.sub(_ORPHAN, "", text).split()]
    for n, word in enumerate(words):
        if word in ("i", "we", "they") and n >= 2 and words[n - 1] not in _OPENS_A_CLAUSE:
            verb = next((w for w in words[n + 1:] if w not in _ADVERBS), "")
            # "I go", "we usually step back": an action now; "a detail we have never made public" describes
            if verb and verb not in _DESCRIBING and not verb.endswith("ed"):
                return True
    return False


_ADVERBS = frozenset("usually always normally then just also often still never immediately straight first".split())
_DESCRIBING = frozenset("have had 've was were did are is am know knew saw made said got get like want need "
                        "think thought mean".split())


_OPENS_A_CLAUSE = frozenset("before after until till when whenever if unless once because since while as that which "
                            "who where and or but than so".split())


def as_rule_item(text: str) -> str:
    """A list item under a lead-in that supplies the "when": the bare clause keeps only what is seen."""
    if not is_orphan(text):
        return text
    return capitalised(_SEEING.sub("", text) if _SEEING.match(text) else re.sub(_ORPHAN, "", text).strip())


FOLLOW_UP_LEAD_INS = {Form.STEPS: "More on these steps:", Form.CRITERIA: "More on these criteria:",
                      Form.FOCUS: "More on the cases you will see:", Form.TEMPLATE: ""}
"""A follow-up answer to a question whose form is a fixed shape (steps, a table, a template) renders beneath it."""


@dataclass
class Who:
    """Who the prompt serves: the user advice is given to, and the domain a persona falls back on."""

    user: str
    domain: str = ""


def render_answer(question: Question, value, text: str, who: Who, follow_up: bool = False) -> Rendered:
    """The statements one answer (or follow-up answer) renders as, by its question's declared render."""
    render = question.rendering
    out = Rendered()
    hollow = Hollow(text.strip()) if is_hollow(text) else without_substance(text, render.form)
    # a template is kept verbatim, unless all it holds is a pointer to one ("use our template")
    if hollow is not None and (render.form is not Form.TEMPLATE or judge(text).marked):
        out.hold(hollow.said, hollow.kind)
        return out
    if follow_up and render.form in FOLLOW_UP_LEAD_INS:
        render = render.model_copy(update={"form": Form.RULES if render.form is not Form.TEMPLATE else Form.PROSE,
                                           "lead_in": FOLLOW_UP_LEAD_INS[render.form]})
        if question.rendering.form is Form.TEMPLATE:
            render = render.model_copy(update={"section": question.rendering.note_section or render.section,
                                               "lead_in": question.rendering.note_lead_in})
    builder = _BUILDERS.get(render.form, _statements)
    builder(question, render, value if not follow_up else text, text, who, out)
    return out


def _items(question: Question, value, text: str) -> list[str]:
    if question.kind in (Kind.LIST, Kind.STEPS) and isinstance(value, list):
        return [str(item) for item in value]
    return sentences(text)


def _clean(items: list[str], out: Rendered, form: Form | None = None, listed: bool = False) -> list[str]:
    """The items that carry substance, less their hedging clauses; the rest are held for Unknowns (`listed`: the
    items of a list answer, see without_substance)."""
    kept: list[str] = []
    pending = ""  # a short sentence no phrase marks, waiting for the one it belongs to
    for n, item in enumerate(items):
        item, hedges = without_hedges(item.strip())
        for said in hedges:
            out.hold(said)
        if not item:
            continue
        hollow = without_substance(item, form, item=listed)
        if hollow is None:
            kept.append(f"{pending} {item}" if pending else item)
            pending = ""
        elif not listed and not judge(item).marked and (kept or n < len(items) - 1):
            # "Wouldn't rename." or "Press after that." is part of what the sentences around it say, not a
            # statement of its own: it rides with its neighbour; only a hedge, pointer or filler phrase is held
            if kept:
                kept[-1] = f"{kept[-1]} {item}"
            else:
                pending = f"{pending} {item}".strip()
        else:
            out.hold(hollow.said, hollow.kind)
    if pending:
        out.hold(pending, Substance.FILLER)
    return kept


def _statements(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    """Prose, rules, limits and questions: one statement per item or sentence, under the lead-in."""
    listed = question.kind in (Kind.LIST, Kind.STEPS) and isinstance(value, list)
    items = _items(question, value, text) if listed else _joined_sequels(_items(question, value, text))
    for item in _clean(items, out, render.form, listed):
        # a question the model will ask is kept as the expert asks it; anything else is voiced
        voice = Voice.VERBATIM if render.form is Form.QUESTIONS and item.rstrip().endswith("?") else render.voice
        if render.form in (Form.RULES, Form.LIMITS) and render.lead_in:
            item = as_rule_item(item)
        out.pieces.append(Piece(capitalised(voiced(item, voice, who.user)), render.section, render.form.value,
                                render.lead_in))


_SEQUEL = re.compile(r"^(?:then|and then|after that|only then|and)\b[,]?\s+", re.IGNORECASE)


def _joined_sequels(items: list[str]) -> list[str]:
    """A sentence that goes on from the one before ("... stops the sale. Then we recall.") is part of it: alone
    it is a fragment whose "then" points at nothing."""
    joined: list[str] = []
    for item in items:
        if joined and _SEQUEL.match(item.strip()):
            joined[-1] = f"{joined[-1].rstrip()} {item.strip()}"
        else:
            joined.append(item)
    return joined


def _persona(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    """The role as "You are ...", whatever the answer opens with: the expert's background follows in their words."""
    said = " ".join(capitalised(s) for s in _clean(sentences(text), out, Form.PERSONA))
    if not said:
        return
    voice = to_second_person(said)
    if not re.match(r"you(?: are|'re)\b", voice, re.IGNORECASE):
        opening = f"You are an experienced {domain_word(who.domain)}."
        voice = _titled(voice) or (f"{opening} {voice}" if re.match(r"you\b", voice, re.IGNORECASE)  # "You run ..."
                                   else f"{opening} Your background: {voice}")
    out.pieces.append(Piece(voice, render.section, render.form.value, render.lead_in))


_TITLE = re.compile(r"(?P<article>an?\s+)?(?P<title>(?:(?:senior|former|deputy|group|global|regional|managing|executive|"
                    r"associate|general|operating|investment|brand|creative|strategy)\s+)*(?:head|director|partner|"
                    r"chief|vp|vice[- ]president|founder|co-founder|lead|principal|manager|consultant|strategist|"
                    r"engineer|analyst|officer|advis[eo]r|owner|ceo|cfo|coo|cmo|cto|counsel|lawyer|attorney|planner|"
                    r"commander|editor|producer)\b)(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_BARE_YEARS = re.compile(r",\s*(\d+)\s*(?:yrs?|years?)\b\.?(?=\s*$|\.\s)", re.IGNORECASE)
"""Years told bare at the end of the title's sentence ("Head of comms, 9 yrs."), not years in something named
("13 yrs in PE, 6 in corporate finance")."""
_YRS = re.compile(r"\b(\d+)\s*yrs?\b\.?(?=\s|,|;|$)", re.IGNORECASE)


def _titled(voice: str) -> str | None:
    """A role answer that opens with a job title ("Head of comms at an airline, 9 years.") as "You are head of
    comms at an airline, with 9 years in the job."; None when it does not open with one."""
    found = _TITLE.match(voice)
    if not found:
        return None
    title = found["title"]
    title = title if title.isupper() else title[:1].lower() + title[1:]
    rest = found["rest"]
    if not re.match(r"\s+of\b", rest) and not title.isupper():  # "head of comms", but "a partner at a fund"
        title = f"{'an' if title[:1].lower() in 'aeiou' else 'a'} {title}"
    first, _, after = (title + rest).partition(". ")
    first = _BARE_YEARS.sub(r", with \1 years in the job.", first + ("." if after else ""), count=1)
    first = _YRS.sub(r"\1 years", first)
    verb = "You have been" if re.search(r"\bfor (?:\d+|the last|the past|over) \w*\s*years\b", first) else "You are"
    return f"{verb} {first}{' ' + after if after else ''}".replace("..", ".")


def domain_word(domain: str) -> str:
    return f"practitioner of {domain[:1].lower()}{domain[1:]}" if domain else "practitioner"


def _steps(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    items = reading.steps([str(i) for i in value] if isinstance(value, list) else text)
    if len(items) >= 2 and marker(", ".join(items)) and all(len(_WORDS.findall(_LABEL.sub("", i))) <= 2
                                                          for i in items):
        return _stage_names(items, text, render, out)
    for n, item in enumerate(_clean(items, out, render.form), 1):
        out.pieces.append(Piece(capitalised(voiced(item, render.voice, who.user)), render.section, render.form.value,
                                render.lead_in, step=n))


_WORDS = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_LABEL = re.compile(r"^[^:]{1,40}:\s*")


def _stage_names(items: list[str], text: str, render: Render, out: Rendered) -> None:
    """Stage names with nothing done or decided in them ("Standard process: screen, LOI, diligence, IC, close."):
    one statement of the order as the expert gave it, never a procedure; what each holds goes to Unknowns."""
    names = [_LABEL.sub("", i).strip(" .;,") for i in items]
    names = [n for n in names if n]
    out.pieces.append(Piece(f"The stages, in the expert's order: {', '.join(names)}.", render.section, "prose"))
    said = ", ".join(i.strip(" .;,") for i in items)
    found = marker(said)
    out.hold(said, found[0] if found else Substance.FILLER)


def _ladder(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    """Levels ("Level 2: ..."), each kept with what puts a case in it; other sentences are rules beneath."""
    seen_level = False
    for sentence in _clean(_items(question, value, text), out, render.form):
        starts = list(_LEVEL_ITEM.finditer(sentence))
        if not starts and not seen_level and len(sentence.split()) <= 5 and not re.search(r"\d", sentence):
            continue  # "Three levels." says nothing the levels below do not
        seen_level = seen_level or bool(starts)
        if not starts:
            out.pieces.append(Piece(capitalised(voiced(sentence, render.voice, who.user)), render.section, "rules",
                                    render.lead_in, part="rule"))
            continue
        before = sentence[:starts[0].start()].strip()
        if before and len(before.split()) > 3:
            out.pieces.append(Piece(capitalised(voiced(before, render.voice, who.user)), render.section, "rules",
                                    render.lead_in, part="rule"))
        for start, end in zip(starts, starts[1:] + [None]):
            level = sentence[start.start():end.start() if end else None].strip(" ,;")
            out.pieces.append(Piece(capitalised(voiced(level, render.voice, who.user)), render.section,
                                    render.form.value, render.lead_in, part="level"))


def _criteria(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    if not (isinstance(value, list) and value and isinstance(value[0], Criterion)):
        return _statements(question, render.model_copy(update={"form": Form.RULES}), value, text, who, out)
    for said in value:  # the table speaks as the prompt does: "we go public" -> "your team go public"
        said = _settled_cells(said, out)
        criterion = said.model_copy(update={f: _cell_voice(getattr(said, f))
                                            for f in ("name", "threshold", "tie_breaker", "direction")})
        out.pieces.append(Piece(criterion.describe(), render.section, render.form.value, render.lead_in,
                                criterion=criterion))
    return None


_CELLS = {"threshold": "the line", "tie_breaker": "what wins a tie"}


def _settled_cells(criterion: Criterion, out: Rendered) -> Criterion:
    """A threshold or tie-breaker cell that is a hedge, a pointer or filler ("it depends", "case by case") is no
    line: the cell is left blank and the words go to Unknowns, with the criterion they were given for."""
    blanked = {}
    for field_name, what in _CELLS.items():
        cell = (getattr(criterion, field_name) or "").strip()
        if cell and not judge(cell, "item"):
            blanked[field_name] = ""
            out.hold(cell, judge(cell).kind,
                     f"{what} for \u201c{criterion.name}\u201d in the criteria table is not settled; ask the user "
                     "for it in this case.")
    return criterion.model_copy(update=blanked) if blanked else criterion


def _cell_voice(text: str) -> str:
    """A table cell in the second person, its first letter's case kept ("our own figures" -> "your own figures")."""
    voiced_text = to_second_person(text)
    return voiced_text[:1].lower() + voiced_text[1:] if text[:1].islower() else voiced_text


def _case(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    """A real case kept whole, in the expert's own words (a simulation about another case never gets here:
    elicit.core.assembly.unconfirmed keeps it out until the expert keeps it)."""
    kept = []
    for sentence in sentences(text):
        hollow = without_substance(sentence, render.form)
        # a case is the expert's words kept whole: a short sentence stays in it unless a phrase marks it
        if is_hollow(sentence) or _HEDGED_ASIDE.search(sentence) or hollow is not None and judge(sentence).marked:
            out.hold(sentence.rstrip("."), hollow.kind if hollow is not None else Substance.HEDGE)
        else:
            kept.append(sentence)
    if kept:
        out.pieces.append(Piece(" ".join(kept), render.section, render.form.value, render.lead_in,
                                part=render.case_part.value))


# a sentence of a case that only says the call was a matter of judgment: dropped whole, never reworded
_HEDGED_ASIDE = re.compile(r"^(?:i |we )?(?:just |always )?(?:use|go (?:with|on)|trust) (?:my|our) "
                           r"(?:judge?ment|gut|instinct)|^it (?:all |really )?depends\b", re.IGNORECASE)


_TEMPLATE_QUOTE = re.compile(r'"[^"]{40,}"|“[^”]{40,}”', re.DOTALL)


def _template(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    """The template verbatim (the quoted part, or all of it when nothing long is quoted); the rest is a note."""
    quotes = list(_TEMPLATE_QUOTE.finditer(text))
    if not quotes:
        out.pieces.append(Piece(text.strip(), render.section, render.form.value, render.lead_in, part="template"))
        return
    for quote in quotes:
        out.pieces.append(Piece(quote.group(0)[1:-1].strip(), render.section, render.form.value, render.lead_in,
                                part="template"))
    rest = re.sub(r"(?:^|(?<=[.!?]))[^.!?:]{0,40}:\s*$", "", _TEMPLATE_QUOTE.split(text)[0]) + " " + \
        " ".join(_TEMPLATE_QUOTE.split(text)[1:])
    note = render.model_copy(update={"section": render.note_section or render.section, "form": Form.PROSE,
                                     "lead_in": render.note_lead_in})
    for sentence in _clean([s for s in sentences(rest) if len(s.split()) >= 3], out, Form.PROSE):
        if len(sentence.split()) >= 3:
            out.pieces.append(Piece(capitalised(voiced(sentence, note.voice, who.user)), note.section, "prose",
                                    note.lead_in, part="note"))


def _focus(question: Question, render: Render, value, text: str, who: Who, out: Rendered) -> None:
    said = str(value).rstrip(".")
    text = f"{said}." if render.lead_in else f"Most cases you will see: {said[:1].lower()}{said[1:]}."
    out.pieces.append(Piece(text, render.section, render.form.value, render.lead_in))


_BUILDERS = {Form.PERSONA: _persona, Form.STEPS: _steps, Form.LADDER: _ladder, Form.CRITERIA: _criteria,
             Form.CASE: _case, Form.TEMPLATE: _template, Form.FOCUS: _focus}
