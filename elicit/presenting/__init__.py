"""What the UI and the CLI show, decided without Streamlit: screens, labels, editor rows and safe text.

It owns every wording and every decision of what a page shows that can be made from core objects and records,
so each is unit-tested without a browser. It imports the core only (never the adapters' store or LLM, the
services, Streamlit or the CLI), and the UI and the CLI import it. It is one module of over 300 lines because
its parts share the few helpers at its top (`plain`, `count_of`, the status labels) that nearly every page uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from elicit.core.anatomy import BY_ID, ELEMENTS
from elicit.core.assembly import MegaPrompt, Statement, render_prompt_markdown
from elicit.core.guides import Guide, Kind, Question
from elicit.core.interview import Answer, Criterion, FollowUp, Interview, Origin
from elicit.core.linting import lint_report

CRITERION_FIELDS = ("name", "weight", "threshold", "tie_breaker")
CRITERION_LABELS = {"name": "Criterion", "weight": "Weight", "threshold": "Threshold (a range)",
                    "tie_breaker": "Tie-breaker"}
MIN_ROWS = {Kind.LIST: 3, Kind.STEPS: 3, Kind.CRITERIA: 3}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")

# --- safe text ------------------------------------------------------------------------------------


WORD_JOINER = "\u2060"
"""Invisible, and it ends a run of characters: GFM's autolinker never sees a URL or an address across it."""
_AUTOLINK_TRIGGER = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)", re.IGNORECASE)


def unlinked(text: str) -> str:
    """Text whose URLs, `www.` names and e-mail addresses read as typed but are never made links: a word joiner
    sits inside every `://`, `www.` and `@`, where Markdown's autolinker (which ignores escapes) would start."""
    return _AUTOLINK_TRIGGER.sub(WORD_JOINER, text or "")


def plain(text: str) -> str:
    """Text escaped for Markdown: no formatting, no links, and no image is ever fetched."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", unlinked(text)).replace("\n", "  \n")


_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(\([^)]*\)|\[[^\]]*\])")
_IMAGE_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_LINK_SYNTAX = re.compile(r"\]\(|\]\[|<(?=[a-z][a-z0-9+.-]*:|[^<>@\s]+@)|^(\s*)\[(?=[^\]]+\]:)", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


def _no_links(line: str) -> str:
    """One line of Markdown outside a fence with its links shown as text: `[a](b)`, `[a][b]`, `<b>`, a
    reference definition and a bare URL all read as typed (code spans, never linked, are left as they are)."""
    out, at = [], 0
    for span in _CODE_SPAN.finditer(line):
        out += [_unlinked_text(line[at:span.start()]), span.group(0)]
        at = span.end()
    return "".join(out + [_unlinked_text(line[at:])])


def _unlinked_text(text: str) -> str:
    return unlinked(_LINK_SYNTAX.sub(lambda m: f"{m.group(1)}\\[" if m.group(1) is not None else "\\" + m.group(0),
                                     text))


@lru_cache(maxsize=32)
def readable_markdown(markdown: str) -> str:
    """A prompt's Markdown to show rendered inside a page: every image becomes its words (nothing is ever
    fetched), no link is live (an expert's URL reads as text), and headings step down a level so the prompt's
    title does not outshout the page's. Remembered by its text: the Playbook page asks on every run (10 ms for a
    42-answer prompt)."""
    without = _IMAGE.sub(lambda m: f"(image: {m.group(1) or 'no description'})", markdown or "")
    without = _IMAGE_REFERENCE.sub("", without) if "![" in (markdown or "") else without
    lines, fenced = [], False
    for line in without.split("\n"):
        fence = line.lstrip().startswith("```")
        fenced = fenced != fence
        if not fenced and not fence:
            line = ("#" if re.match(r"#{1,5} ", line) else "") + _no_links(line)
        lines.append(line)
    return "\n".join(lines)


# --- which pages a person sees -------------------------------------------------------------------------

MENU = ("home", "library", "review", "compare", "guides", "lint", "people", "settings")
"""The pages in the menu, in its order."""
BY_LINK = ("interview", "playbook", "try")
"""Pages about one playbook: reached from a playbook's links, never from the menu (they need its id)."""


def pages_for(*, expert_link: bool, team: bool, role: str | None) -> tuple[list[str], list[str]]:
    """(menu pages, pages reached only by link) for who is looking; an expert on their link gets their interview.

    Working alone (no team yet) everything but the team's pages is open; in a team, nobody signed in sees the
    home page with its sign-in, a reviewer what reviewing needs, a consultant all but People, the owner all.
    """
    if expert_link:
        return [], ["interview"]
    if not team:
        return [p for p in MENU if p not in ("review", "people")], list(BY_LINK)
    if role is None:
        return ["home"], []
    hidden = {"reviewer": {"people", "settings"}, "consultant": {"people"}}.get(role, set())
    return [p for p in MENU if p not in hidden], list(BY_LINK)


# --- which screen the wizard shows ------------------------------------------------------------------


def screen(interview: Interview, cursor: str | None, review: bool) -> tuple[str, Question | FollowUp | None]:
    """("question", q), ("follow_up", f) or ("review", None): the cursor wins, then the next open item."""
    visible = {q.id: q for q in interview.visible_questions()}
    if cursor in visible:
        return "question", visible[cursor]
    if review:
        return "review", None
    item = interview.next_item()
    if item is None:
        return "review", None
    return ("follow_up", item) if isinstance(item, FollowUp) else ("question", item)


def cursor_after(interview: Interview, question_id: str, follow_up: FollowUp | None) -> str | None:
    """Where the cursor goes after a question is saved or skipped: through answered ones, else the next item."""
    if follow_up is not None:
        return None
    following = interview.following_question(question_id)
    return following.id if following is not None and following.id in interview.answers else None


def stage_heading(guide: Guide, question_id: str) -> str:
    index, stage = guide.stage_of(question_id)
    return f"Stage {index + 1} of {len(guide.stages)}: {stage.title}"


def guide_length(guide: Guide) -> str:
    """The guide's measured minutes and question count, on the full path and (when it has one) the short one."""
    full = f"about {guide.minutes} minutes, {len(guide.questions)} questions"
    if not guide.short_minutes:
        return full
    return f"{full}; the short path about {guide.short_minutes} minutes, {len(guide.on_path('short'))} questions"


def path_label(guide: Guide, path: str) -> str:
    """How the start form offers a path: its name and its measured minutes."""
    if path == "short":
        return f"Short: about {guide.minutes_for(path)} minutes, the questions that matter most"
    return f"Full: about {guide.minutes_for(path)} minutes, every question"


def progress_text(interview: Interview) -> str:
    minutes, percent = interview.minutes_left(), interview.percent_complete()
    if percent >= 100:
        return "100% done · every question answered"
    left = "almost done" if minutes <= 1 else f"about {minutes} minutes left"
    return f"{percent}% done · {left}"


def coverage_rows(coverage: dict[str, float]) -> list[tuple[str, float]]:
    """(element title, 0..1) in the order of the prompt's anatomy; titles only, never ids."""
    return [(element.title, coverage.get(element.id, 0.0)) for element in ELEMENTS]


def coverage_summary(coverage: dict[str, float]) -> str:
    full = sum(value >= 1 for value in coverage.values())
    started = sum(value > 0 for value in coverage.values())
    return f"What your answers cover: {full} of {len(ELEMENTS)} parts complete, {started} started"


# --- editors -----------------------------------------------------------------------------------------


def editor_rows(question: Question, answer: Answer | None) -> list[Any]:
    """The rows an editor starts with: the latest answer's items, padded with empty rows."""
    value = answer.value if answer is not None and not answer.skipped else []
    if question.kind is Kind.CRITERIA:
        rows = [_criterion_row(item) for item in value] if isinstance(value, list) else []
        empty: Any = dict.fromkeys(CRITERION_FIELDS, "")
    else:
        rows = [str(item) for item in value] if isinstance(value, list) else []
        empty = ""
    return rows + [empty.copy() if isinstance(empty, dict) else empty
                   for _ in range(MIN_ROWS.get(question.kind, 1) - len(rows))]


def _criterion_row(item: Any) -> dict[str, str]:
    if isinstance(item, Criterion):
        item = item.model_dump()
    data = item if isinstance(item, dict) else {"name": str(item)}
    return {name: str(data.get(name) or "") for name in CRITERION_FIELDS}


WEIGHT_LABEL = "Weight (0-100)"
WEIGHT_HELP = ("Points out of 100: how much this counts in the decision. 100 decides on its own, 50 counts half, "
               "0 not at all. Together your criteria should add up to about 100.")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|points?|pts?|/\s*100|of 100)?\s*$", re.IGNORECASE)


def weight_points(weight: str) -> float | None:
    """The points on the 0-100 scale a stored weight says ("40%", "40 points", "40"), None for words."""
    found = _NUMBER.match(weight or "")
    return float(found.group(1)) if found and float(found.group(1)) <= 100 else None


def criteria_table(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The criteria editor's rows as its table shows them: the weight as points on the scale."""
    return [{**row, "weight": weight_points(row.get("weight", ""))} for row in rows]


def _weight_text(points: Any) -> str:
    if points is None or points == "" or points != points:  # None, blank or NaN: no weight given
        return ""
    return f"{float(points):g} points"


def criteria_after_edits(base: list[dict[str, str]], edits: dict[str, Any] | None) -> list[dict[str, str]]:
    """The rows once the table's edits (Streamlit's edited, added and deleted rows) apply to where it started.

    A weight left alone keeps its words exactly ("40%", "high"); one set on the scale reads "N points".
    """
    edits = edits or {}
    rows = [dict(row) for row in base]
    for index, changes in (edits.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows):
            rows[int(index)].update(_cells(changes))
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [row for n, row in enumerate(rows) if n not in deleted]
    for added in edits.get("added_rows") or []:
        rows.append(dict.fromkeys(CRITERION_FIELDS, "") | _cells(added))
    return rows


def _cells(changes: dict[str, Any]) -> dict[str, str]:
    return {field: _weight_text(value) if field == "weight" else ("" if value is None else str(value))
            for field, value in changes.items() if field in CRITERION_FIELDS}


def weight_scale_note(rows: list[dict[str, str]]) -> str:
    """Under the table: the scale in words, what the weights add up to, and weights kept in words."""
    named = [row for row in rows if row.get("name", "").strip()]
    points = [weight_points(row.get("weight", "")) for row in named]
    total = sum(p for p in points if p is not None)
    words = [f"{row['weight']} ({row['name']})" for row, p in zip(named, points) if p is None and row.get("weight")]
    note = "Weight: points out of 100 (100 decides on its own, 0 never counts)."
    if any(p is not None for p in points):
        note += f" Yours add up to {total:g}" + (" of 100." if total != 100 else ", just right.")
    if words:
        note += f" Kept as you wrote them: {', '.join(words)}."
    return note


def editor_text(answer: Answer | None) -> str:
    return answer.text if answer is not None and not answer.skipped else ""


def raw_from_rows(kind: Kind, rows: list[Any]) -> list[Any]:
    """What the editor holds, as the engine takes it: blank rows dropped, nothing else decided here."""
    if kind is Kind.CRITERIA:
        kept = [{k: v.strip() for k, v in row.items()} for row in rows]
        return [{k: v for k, v in row.items() if v} for row in kept if any(row.values())]
    return [row.strip() for row in rows if row and row.strip()]


def moved(rows: list[Any], index: int, delta: int) -> list[Any]:
    """The rows with one moved up (-1) or down (+1); unchanged at either end."""
    target = index + delta
    if not 0 <= index < len(rows) or not 0 <= target < len(rows):
        return list(rows)
    rows = list(rows)
    rows[index], rows[target] = rows[target], rows[index]
    return rows


def without(rows: list[Any], index: int) -> list[Any]:
    return [row for n, row in enumerate(rows) if n != index]


# --- review ---------------------------------------------------------------------------------------

ORIGIN_LABELS = {Origin.VOLUNTEERED: "From your answer", Origin.PROBED: "From your answer to a follow-up",
                 Origin.DRAFTED: "Drafted for you", Origin.EDITED: "Reworded by you"}


def statement_caption(statement: Statement, guide: Guide) -> str:
    """Where a statement came from, in words: origin and the question it answers."""
    try:
        ask = guide.question(statement.source.question_id).ask
    except KeyError:
        ask = statement.source.question_id
    revision = statement.source.revision or 1
    version = f", version {revision}" if revision > 1 else ""
    return f"{ORIGIN_LABELS[statement.origin]}{version} · the question: {ask}"


def section_index(kept, count: int) -> int:
    """The section of Review to show: the one kept in the session when it is a position among `count`, else the
    first (a value of any other type, or out of range, is never trusted)."""
    return kept if isinstance(kept, int) and not isinstance(kept, bool) and 0 <= kept < count else 0


@dataclass(frozen=True)
class Weak:
    """An element the prompt lacks or holds only hollow words for, and the question that would fill it."""

    element: str
    title: str
    why: str
    question_id: str | None
    ask: str


@dataclass(frozen=True)
class Quality:
    """The prompt's quality as the lint scores it (the same score `elicit lint` gives), and its weakest parts."""

    score: int
    weakest: list[Weak]


def prompt_quality(interview: Interview, prompt: MegaPrompt, most: int = 3) -> Quality:
    """The lint's score of the prompt's own text, and up to `most` missing or hollow elements in anatomy order,
    each with the first question of this interview that feeds it (None when no visible question does)."""
    report = lint_report("\n".join(render_prompt_markdown(prompt)))
    visible = interview.visible_questions()
    weakest = []
    for element_id in report["missing"][:most]:
        hollow = report["elements"][element_id].get("hollow")
        question = next((q for q in visible if q.rendering.section == element_id), None) or \
            next((q for q in visible if element_id in q.feeds), None)
        if hollow:
            why = f"it says only \u201c{hollow['marker'] or hollow['evidence']}\u201d"
        elif question and any(u.question_id == question.id for u in prompt.unknowns):
            why = "the answer to its question settles nothing yet (the prompt lists it under Unknowns)"
        else:
            why = "no answer says it yet"
        weakest.append(Weak(element_id, BY_ID[element_id].title, why, question.id if question else None,
                            " ".join(question.ask.split()) if question else ""))
    return Quality(report["score"], weakest)



def review_sections(prompt: MegaPrompt) -> list[tuple[str, list[Statement]]]:
    """(title, statements) for every element, in anatomy order, empty ones included."""
    return [(section.title, section.statements) for section in prompt.sections]


def same_content(saved: MegaPrompt, draft: MegaPrompt) -> bool:
    """Whether a draft says what a saved version says (metadata such as the time aside)."""
    return saved.sections == draft.sections and saved.open_questions == draft.open_questions


def file_stem(prompt: MegaPrompt) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", prompt.metadata.title.lower()).strip("-")[:60] or "prompt"
    return f"{slug}-v{prompt.metadata.version}" if prompt.metadata.version else f"{slug}-draft"


def invite_url(page_url: str | None, token: str) -> str:
    """The expert's resume link on the interview page of the app at `page_url` (a relative link without one)."""
    parts = urlsplit(page_url or "")
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{base}/interview?{urlencode({'i': token})}"


WELCOME_PATH = "/auth/welcome"


def welcome_url(page_url: str | None, token: str) -> str:
    """The link on which a person the owner added sets their own password (relative without `page_url`)."""
    parts = urlsplit(page_url or "")
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{base}{WELCOME_PATH}?{urlencode({'t': token})}"


# --- the list of interviews ----------------------------------------------------------------------------

STATUS_LABELS = {"in_progress": "In progress", "complete": "Finished"}
REVIEW_LABELS = {"draft": "Draft", "in_review": "In review", "changes_requested": "Changes requested",
                 "approved": "Approved", "archived": "Archived"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, REVIEW_LABELS.get(status, status.replace("_", " ").capitalize()))


def state_label(status: str, review_status: str) -> str:
    """One word for where a playbook stands, the same on every page: its review state once it has one."""
    if review_status and review_status != "draft":
        return REVIEW_LABELS.get(review_status, status_label(review_status))
    return status_label(status)


def count_of(number: int, noun: str, plural: str | None = None) -> str:
    """"1 playbook", "3 playbooks", "no comments"."""
    if number == 0:
        return f"no {plural or noun + 's'}"
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def playbook_label(expert: str, topic: str) -> str:
    """How lists name a playbook; a missing name says so instead of showing a bare separator."""
    return f"{(expert or '').strip() or 'Unnamed expert'} · {(topic or '').strip() or 'no topic'}"


def distinct_labels(labels: list[str]) -> list[str]:
    """The labels with repeats numbered ("Dana · recalls (2)"), since a table needs distinct column names."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def snippet(content: str, words: str, width: int = 160) -> str:
    """The part of a playbook's text around the first searched word, for a search result."""
    terms = [w.lower() for w in words.split() if w]
    lower = content.lower()
    at = min((lower.find(t) for t in terms if t in lower), default=-1)
    if at < 0:
        return ""
    start = max(0, at - width // 3)
    text = " ".join(content[start:start + width].split())
    return ("…" if start else "") + text + ("…" if start + width < len(content) else "")


AUDIT_VERBS = {"create": "created", "invite": "invited the expert to", "comment": "commented on",
               "approve section": "approved a section of", "rename": "renamed", "delete": "deleted",
               "restore from delete": "brought back", "revoke invitation": "revoked an invitation to", "hand over": "handed over"}


def audit_line(entry: Any, topics: dict[str, str] | None = None) -> str:
    """An audit or history entry in words: "moved “Recalls” to In review", "commented on Persona of …"."""
    action, detail = entry.action, entry.detail or ""
    if entry.object_type == "account":
        return f"{action} {detail}".strip()
    what = f"“{topics[entry.object_id]}”" if topics and entry.object_id in topics else "the playbook"
    if action.startswith("status: "):
        line = f"moved {what} to {status_label(action.removeprefix('status: '))}"
        return f"{line} ({detail})" if detail else line
    section = next((e.title for e in ELEMENTS if e.id == detail), None)
    if section is not None:
        return f"{AUDIT_VERBS.get(action, action)} {section} of {what}"
    line = f"{AUDIT_VERBS.get(action, action)} {what}"
    return f"{line} ({detail})" if detail else line


def last_activity(when: datetime, now: datetime | None = None) -> str:
    """'just now', '5 minutes ago', '3 hours ago', '2 days ago', or the date."""
    now = now or datetime.now(UTC)
    seconds = max(0, int((now - when).total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        count = seconds // size
        if count and (unit != "day" or count < 30):
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
        if count:
            return f"on {when:%Y-%m-%d}"
    return "just now"
