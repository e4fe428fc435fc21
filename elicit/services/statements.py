"""Changing the prompt's statements: one function for every source, and which changes still hold.

Every change (a rewording on Review, an accepted polish, an accepted teach-back edit, a removal) goes through
`change`, which stores it with the assembled text it changes and returns an approved playbook to draft. A
change belongs to its text, not to an answer's revision: it holds while that text is in the prompt (an unchanged
answer saved again, or a change elsewhere in the answer, keeps it). When the text under a rewording changes, the
rewording is not applied and not dropped: it becomes a `Conflict` the Review shows beside the new text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from elicit.adapters import store
from elicit.services import editing, loading
from elicit.core.access import Actor
from elicit.core.assembly import (ANSWERED_PREFIX, DRAFTED_PREFIX, SETTLED_PREFIX, MegaPrompt, Statement, apply_edits,
                             assemble)
from elicit.core.assembly.forms import without_substance
from elicit.core.errors import AnswerError, StaleError
from elicit.core.interview import Interview
from elicit.adapters.store import Db

REMOVE, REWORD, DISMISS = "remove", "reword", "dismiss"
GONE = ("this statement is no longer in the prompt (the answer it came from changed); reload the page and "
        "change the statement as it reads now")
BY_KEY = (DRAFTED_PREFIX, SETTLED_PREFIX, ANSWERED_PREFIX)
"""Changes that hold by their key alone: sentences a polish added, rulings on contradictions, Unknowns settled."""
UNSETTLING = ("\u201c{said}\u201d does not settle it: it says no condition, number, action or named thing a model "
              "could act on. Write what you would actually do, or when, then press Settle again")
_POSITION = re.compile(r"^(?P<question>[^:]+):(?P<kind>r\d+|f\d+):(?P<n>\d+)$")


@dataclass
class Conflict:
    """A rewording whose text changed underneath it: `now` is the statement in its place, if there is one."""

    edit: store.StatementEditRecord
    now: Statement | None


@dataclass
class Assembled:
    """The prompt with every change that holds, the rewordings waiting for a choice, and what was removed."""

    prompt: MegaPrompt
    conflicts: list[Conflict] = field(default_factory=list)
    removed: list[store.StatementEditRecord] = field(default_factory=list)


def assembled(db: Db, interview: Interview, *, version: int | None = None) -> Assembled:
    """The interview's prompt with its statement changes resolved against the text they were made to."""
    return resolve(assemble(interview, version=version), store.statement_edit_history(db=db, interview_id=interview.id))


def resolve(base: MegaPrompt, history: list[store.StatementEditRecord]) -> Assembled:
    """Apply the latest change per statement to a copy of `base`, where the text it changes is still there."""
    latest: dict[str, store.StatementEditRecord] = {}
    for row in history:
        latest[row.statement_key] = row
    rows = [row for row in latest.values() if row.action != DISMISS]
    edits = {r.statement_key: r.text for r in rows if r.statement_key.startswith(BY_KEY) and r.action == REWORD}
    placed, orphans = _place([r for r in rows if not r.statement_key.startswith(BY_KEY)], base)
    edits.update({key: row.text for key, row in placed.items() if row.action == REWORD})
    removed = {key: row for key, row in placed.items() if row.action == REMOVE}
    prompt = apply_edits(base.model_copy(deep=True), edits)
    for section in prompt.sections:
        section.statements = [s for s in section.statements if s.key not in removed]
    conflicts = [Conflict(row, _counterpart(row, base, set(placed))) for row in orphans if row.action == REWORD]
    return Assembled(prompt, conflicts, list(removed.values()))


def _place(rows: list[store.StatementEditRecord], base: MegaPrompt
           ) -> tuple[dict[str, store.StatementEditRecord], list[store.StatementEditRecord]]:
    """Which statement each change applies to now (by key), and the changes whose text is gone.

    A change whose own statement is unchanged claims it first; the others look for their text elsewhere in the
    same question's statements. A change of text that a later change already took over is settled, not lost.
    """
    by_key = {s.key: s for s in base.statements()}
    own = [r for r in rows if _holds(r, by_key)]
    placed: dict[str, store.StatementEditRecord] = {}
    orphans = []
    for row in own + [r for r in rows if r not in own]:
        target = _anchor(row, by_key, set(placed))
        if target is None:
            orphans.append(row)
        else:
            placed[target] = row
    taken = {(_question_of(r), r.original): r.id for r in placed.values()}
    return placed, [r for r in orphans if taken.get((_question_of(r), r.original), 0) < r.id]


def _question_of(row: store.StatementEditRecord) -> str:
    return row.question_id or row.statement_key.split(":", 1)[0]


def _holds(row: store.StatementEditRecord, by_key: dict[str, Statement]) -> bool:
    own = by_key.get(row.statement_key)
    return own is not None and (row.original is None or own.text == row.original)


def _anchor(row: store.StatementEditRecord, by_key: dict[str, Statement], claimed: set[str]) -> str | None:
    """The key of the statement this change still applies to: its own, or another of its question with its text."""
    if row.original is None:  # made before changes remembered their text: by key only
        return row.statement_key if row.statement_key in by_key else None
    own = by_key.get(row.statement_key)
    if own is not None and own.text == row.original and row.statement_key not in claimed:
        return row.statement_key
    question = _question_of(row)
    return next((key for key, s in by_key.items() if key not in claimed and s.source.question_id == question
                 and s.text == row.original), None)


def _counterpart(row: store.StatementEditRecord, base: MegaPrompt, claimed: set[str]) -> Statement | None:
    """The statement now in the place of the one a rewording changed: same question, same kind, same position."""
    mine = _POSITION.match(row.statement_key)
    if mine is None:
        return None
    for statement in base.statements():
        theirs = _POSITION.match(statement.key)
        if theirs is None or statement.key in claimed:
            continue
        same_kind = (theirs["kind"] == mine["kind"]) if mine["kind"].startswith("f") else theirs["kind"][0] == "r"
        if theirs["question"] == mine["question"] and same_kind and theirs["n"] == mine["n"]:
            return statement
    return None


# --- the one way statements change ----------------------------------------------------------------------


def change(db: Db, *, interview: Interview | None = None, interview_id: str | None = None, key: str,
           text: str | None, source: str = "review", actor: Actor = Actor()) -> store.StatementEditRecord | None:
    """Reword (`text`) or remove (`text=None`) one statement, from any source; None when nothing changes.

    The change is stored with the text it changes, and a playbook that was approved goes back to draft,
    its history saying why.
    """
    interview = interview or _load(db, interview_id)
    editing.require_open(db, interview.id)
    action = REMOVE if text is None else REWORD
    text = (text or "").strip()
    if action == REWORD and not text:
        raise AnswerError("the statement is empty; write the new wording, or remove the statement instead")
    if action == REWORD and key.startswith(ANSWERED_PREFIX) and without_substance(text) is not None:
        raise AnswerError(UNSETTLING.format(said=text if len(text) <= 80 else text[:77] + "..."))
    original, question_id = _original(interview, key)
    shown = {s.key: s.text for s in assembled(db, interview).prompt.statements()}
    if (action == REWORD and shown.get(key) == text) or (action == REMOVE and key not in shown):
        return None
    row = store.save_statement_edit(db=db, interview_id=interview.id, statement_key=key, text=text,
                                    original=original, question_id=question_id, action=action, source=source,
                                    author=editing.label_of(db, actor))
    done = "reworded" if action == REWORD else "removed"
    editing.note_edit(db, actor, interview.id, why=f"a statement was {done} ({source.replace('_', '-')})")
    return row


def _load(db: Db, interview_id: str | None) -> Interview:
    return loading.load_interview(db=db, interview_id=interview_id or "")


def _original(interview: Interview, key: str) -> tuple[str | None, str | None]:
    """The assembled text (before any change) of the statement with this key, and its question."""
    if key.startswith(BY_KEY):
        return None, None
    statement = next((s for s in assemble(interview).statements() if s.key == key), None)
    if statement is None:
        raise StaleError(GONE)
    return statement.text, statement.source.question_id


def keep_rewording(db: Db, *, interview: Interview, conflict: Conflict, actor: Actor = Actor()) -> None:
    """The expert keeps their rewording over the new text: it moves to the statement now in its place."""
    if conflict.now is None:
        raise StaleError(GONE)
    if conflict.now.key != conflict.edit.statement_key:
        dismiss(db, interview=interview, row=conflict.edit, actor=actor)
    change(db, interview=interview, key=conflict.now.key, text=conflict.edit.text, actor=actor)


def dismiss(db: Db, *, interview: Interview, row: store.StatementEditRecord, actor: Actor = Actor()) -> None:
    """Withdraw a change (a rewording set aside for the new text, or a removal undone); the history keeps it."""
    editing.require_open(db, interview.id)
    store.save_statement_edit(db=db, interview_id=interview.id, statement_key=row.statement_key, text=row.text,
                              original=row.original, question_id=row.question_id, action=DISMISS,
                              source=row.source, author=editing.label_of(db, actor))


def restore(db: Db, *, interview: Interview, key: str, actor: Actor = Actor()) -> None:
    """Put a removed statement back, with the rewording it had before it was removed, if any."""
    rows = [r for r in store.statement_edit_history(db=db, interview_id=interview.id) if r.statement_key == key]
    if not rows or rows[-1].action != REMOVE:
        return
    earlier = next((r for r in reversed(rows[:-1]) if r.action != REMOVE), None)
    dismiss(db, interview=interview, row=rows[-1], actor=actor)
    if earlier is not None and earlier.action == REWORD:
        store.save_statement_edit(db=db, interview_id=interview.id, statement_key=key, text=earlier.text,
                                  original=earlier.original, question_id=earlier.question_id, action=REWORD,
                                  source=earlier.source, author=earlier.author)
    editing.note_edit(db, actor, interview.id, why="a removed statement was put back")


def find_conflict(db: Db, interview: Interview, edit_id: int) -> Conflict:
    """The waiting rewording with this id, or StaleError when it was settled elsewhere."""
    found = next((c for c in assembled(db, interview).conflicts if c.edit.id == edit_id), None)
    if found is None:
        raise StaleError("this rewording was already settled in another tab or window; the page shows it now")
    return found
