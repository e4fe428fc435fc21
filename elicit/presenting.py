"""What the UI shows, decided without Streamlit: screens, labels, editor rows and safe text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from elicit.anatomy import ELEMENTS
from elicit.assembly import MegaPrompt, Statement
from elicit.guides import Guide, Kind, Question
from elicit.interview import Answer, Criterion, FollowUp, Interview, Origin

CRITERION_FIELDS = ("name", "weight", "threshold", "tie_breaker")
CRITERION_LABELS = {"name": "Criterion", "weight": "Weight", "threshold": "Threshold (a range)",
                    "tie_breaker": "Tie-breaker"}
MIN_ROWS = {Kind.LIST: 3, Kind.STEPS: 3, Kind.CRITERIA: 3}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")

# --- safe text ------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text escaped for Markdown: no formatting, no links, and no image is ever fetched."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text or "").replace("\n", "  \n")


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


def progress_text(interview: Interview) -> str:
    minutes = interview.minutes_left()
    left = "almost done" if minutes <= 1 else f"about {minutes} minutes left"
    return f"{interview.percent_complete()}% done · {left}"


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

ORIGIN_LABELS = {Origin.VOLUNTEERED: "your answer", Origin.PROBED: "a follow-up answer",
                 Origin.DRAFTED: "drafted for you", Origin.EDITED: "reworded by you"}


def statement_caption(statement: Statement, guide: Guide) -> str:
    """Where a statement came from, in words: origin and the question it answers."""
    try:
        ask = guide.question(statement.source.question_id).ask
    except KeyError:
        ask = statement.source.question_id
    revision = statement.source.revision or 1
    version = f", version {revision}" if revision > 1 else ""
    return f"From {ORIGIN_LABELS[statement.origin]}{version} to: {ask}"


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


# --- the list of interviews ----------------------------------------------------------------------------

STATUS_LABELS = {"in_progress": "In progress", "complete": "Finished"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


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
