"""Team storage: accounts, login sessions, invitations, review, comments, tags, the audit log and search."""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import datetime, timedelta
from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, func, or_, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

from elicit.errors import InterviewNotFoundError
from elicit.store import (INVALID_LINK, InterviewRecord, UTCDateTime, _begin_write, _commit, _hash_token, _interview_key,
                          _require, _timestamp, get_interview, utc_now)

ROLES = ("owner", "consultant", "reviewer")
REVIEW_STATUSES = ("draft", "in_review", "changes_requested", "approved", "archived")
COMMENT_KINDS = ("comment", "approval")
INVITATION_DAYS = 14
SESSION_DAYS = 14


def _uuid() -> str:
    return uuid.uuid4().hex


def _moment(default: Any = None) -> Any:
    return Field(default=default, sa_type=UTCDateTime)


class TeamRecord(SQLModel, table=True):
    """A group of consultants who share their interviews."""

    __tablename__ = "team"
    id: str = Field(default_factory=_uuid, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = _timestamp()


class AccountRecord(SQLModel, table=True):
    """A person who signs in: owner, consultant or reviewer. Experts need no account."""

    __tablename__ = "account"
    id: str = Field(default_factory=_uuid, primary_key=True)
    email: str = Field(unique=True, index=True)
    name: str
    role: str
    team_id: str | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    password_hash: str
    active: bool = True
    created_at: datetime = _timestamp()
    welcome_hash: str | None = Field(default=None, unique=True, index=True)
    """The hash of the link on which an invited person sets their own password (None once used)."""
    welcome_expires_at: datetime | None = _moment()


class LoginSessionRecord(SQLModel, table=True):
    """A signed-in browser: the hash of the cookie's token, whose account, until when."""

    __tablename__ = "login_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    account_id: str = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime | None = _moment()
    """When the browser last used it; a sign-in idle for longer than the idle timeout ends."""
    created_at: datetime = _timestamp()


class LoginThrottleRecord(SQLModel, table=True):
    """Failed sign-ins counted under one key (a client address, or an address with an email) and its lock."""

    __tablename__ = "login_throttle"
    key: str = Field(primary_key=True)
    """A hash of what is counted, so an email typed by mistake is not kept."""
    failures: int = 0
    locked_until: datetime | None = _moment()
    updated_at: datetime = _timestamp()


class InvitationRecord(SQLModel, table=True):
    """An expert's link to one interview: hashed, expiring, revocable."""

    __tablename__ = "invitation"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    token_hash: str = Field(unique=True, index=True)
    created_by: str | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = _moment()
    created_at: datetime = _timestamp()


class CommentRecord(SQLModel, table=True):
    """A comment (or a section approval) anchored to one section of a playbook; threaded, resolvable."""

    __tablename__ = "comment"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: str = _interview_key()
    section: str
    kind: str = "comment"
    parent_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    author_id: str | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    author_label: str
    body: str
    resolved: bool = False
    created_at: datetime = _timestamp()


class TagRecord(SQLModel, table=True):
    """A tag on a playbook, for the library's filters."""

    __tablename__ = "tag"
    interview_id: str = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


class AuditRecord(SQLModel, table=True):
    """Who did what to which object, and when; appended, never changed."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    actor_id: str | None = Field(default=None, index=True)
    actor_label: str
    action: str = Field(index=True)
    object_type: str
    object_id: str = Field(index=True)
    detail: str = ""
    created_at: datetime = _timestamp()


class SearchDocumentRecord(SQLModel, table=True):
    """The searchable text of one playbook (its latest prompt and answers); indexed per dialect."""

    __tablename__ = "search_document"
    interview_id: str = Field(foreign_key="interview.id", primary_key=True, ondelete="CASCADE")
    content: str


# --- accounts and login sessions -----------------------------------------------------------------------


SETUP_LOCK = 0x656C69636975  # PostgreSQL advisory-lock key that first-start setups queue on
THROTTLE_QUIET = timedelta(hours=1)
"""A key with no attempt for this long starts counting again from zero."""
SEEN_EVERY = timedelta(minutes=1)
"""A sign-in's last use is written at most this often (a write on every page run would cost)."""


def clean(value: str) -> str:
    """Text as stored: NUL characters dropped (PostgreSQL refuses them), ends trimmed."""
    return value.replace("\x00", "").strip()


def count_accounts(*, db: Session) -> int:
    return len(db.exec(select(AccountRecord.id)).all())


def create_first_owner(*, db: Session, email: str, name: str, password_hash: str) -> AccountRecord | None:
    """The owner account, made only while there is no account at all: check and insert in one locked write.

    Returns None when an account already exists (another setup won). SQLite's BEGIN IMMEDIATE and
    PostgreSQL's advisory lock make concurrent setups queue, so exactly one of them creates the owner.
    """
    _begin_write(db)
    if db.get_bind().dialect.name == "postgresql":
        db.exec(text("SELECT pg_advisory_xact_lock(:k)").bindparams(k=SETUP_LOCK))
    if db.exec(select(AccountRecord.id).limit(1)).first() is not None:
        db.rollback()
        return None
    _links_become_invitations(db)
    return _commit(db, AccountRecord(email=clean(email).lower(), name=clean(name), role="owner",
                                     password_hash=password_hash))


def _links_become_invitations(db: Session) -> None:
    """The links made while working alone become invitations: they expire like any other and can be revoked.

    In team mode an expert's link opens an interview only as a live invitation (teams.expert_for_link);
    the link itself is unchanged, since an invitation keeps the same hash of the same token.
    """
    invited = select(InvitationRecord.token_hash)
    query = select(InterviewRecord.id, InterviewRecord.token_hash).where(
        col(InterviewRecord.token_hash).is_not(None), col(InterviewRecord.token_hash).not_in(invited))
    expires = utc_now() + timedelta(days=INVITATION_DAYS)
    db.add_all(InvitationRecord(interview_id=interview_id, token_hash=token_hash, created_by=None, expires_at=expires)
               for interview_id, token_hash in db.exec(query).all())


def _throttle_rows(db: Session, keys: list[str]) -> list[LoginThrottleRecord]:
    """The rows of these keys, created when missing and locked for this transaction (in key order)."""
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgresql_insert
    db.exec(insert(LoginThrottleRecord).values([{"key": key, "failures": 0, "updated_at": utc_now()}
                                                for key in keys]).on_conflict_do_nothing())
    query = select(LoginThrottleRecord).where(col(LoginThrottleRecord.key).in_(keys))
    return list(db.exec(query.order_by(LoginThrottleRecord.key).with_for_update()).all())


def claim_login_attempt(*, db: Session, keys: dict[str, int], lock_for: Callable[[int, int], timedelta],
                        now: datetime | None = None) -> bool:
    """Check the locks and count one attempt, in one locked write: False (counting nothing) when a key is locked.

    `keys` maps each key to the failures it allows before `lock_for(failures, allowed)` locks it. The
    attempt counts as a failure under every key before the password is checked, so parallel guesses can
    neither slip past the lock nor be lost; `forgive_login_attempt` takes it back when the password is right.
    """
    now = now or utc_now()
    _begin_write(db)
    rows = _throttle_rows(db, sorted(_hash_token(key) for key in keys))
    if any(row.locked_until is not None and row.locked_until > now for row in rows):
        db.rollback()
        return False
    allowed = {_hash_token(key): free for key, free in keys.items()}
    for row in rows:
        row.failures = (0 if row.updated_at < now - THROTTLE_QUIET else row.failures) + 1
        wait = lock_for(row.failures, allowed[row.key])
        row.locked_until, row.updated_at = (now + wait if wait else None), now
        db.add(row)
    db.commit()
    return True


def forgive_login_attempt(*, db: Session, clear: list[str], undo: list[str]) -> None:
    """After a right password: the `clear` keys start again from zero, the `undo` keys lose this attempt."""
    _begin_write(db)
    wanted = {_hash_token(key): key in clear for key in [*clear, *undo]}
    for row in _throttle_rows(db, sorted(wanted)):
        row.failures = 0 if wanted[row.key] else max(row.failures - 1, 0)
        row.locked_until = None if wanted[row.key] else row.locked_until
        db.add(row)
    db.commit()


def create_team(*, db: Session, name: str) -> TeamRecord:
    _begin_write(db)
    return _commit(db, TeamRecord(name=name.strip()))


def list_teams(*, db: Session) -> list[TeamRecord]:
    return list(db.exec(select(TeamRecord).order_by(TeamRecord.name)).all())


def create_account(*, db: Session, email: str, name: str, role: str, password_hash: str,
                   team_id: str | None = None) -> AccountRecord:
    _require(role, ROLES, "role")
    _begin_write(db)
    return _commit(db, AccountRecord(email=clean(email).lower(), name=clean(name), role=role,
                                     password_hash=password_hash, team_id=team_id))


def find_account(*, db: Session, email: str) -> AccountRecord | None:
    return db.exec(select(AccountRecord).where(AccountRecord.email == clean(email).lower())).first()


def get_account(*, db: Session, account_id: str) -> AccountRecord | None:
    return db.get(AccountRecord, account_id)


def list_accounts(*, db: Session) -> list[AccountRecord]:
    return list(db.exec(select(AccountRecord).order_by(AccountRecord.created_at)).all())


def update_account(*, db: Session, account_id: str, **changes: Any) -> AccountRecord:
    """Change fields of an account (role, team_id, active, password_hash, name)."""
    _begin_write(db)
    account = db.get(AccountRecord, account_id)
    if account is None:
        raise KeyError(f"no account {account_id}")
    for name, value in changes.items():
        setattr(account, name, value)
    return _commit(db, account)


def start_login_session(*, db: Session, account_id: str, days: int = SESSION_DAYS) -> str:
    """A new sign-in; returns the token for the cookie, of which only a hash is kept."""
    token = secrets.token_urlsafe(32)
    _begin_write(db)
    _commit(db, LoginSessionRecord(token_hash=_hash_token(token), account_id=account_id,
                                   expires_at=utc_now() + timedelta(days=days), last_seen_at=utc_now()))
    return token


def account_for_session(*, db: Session, token: str, idle: timedelta | None = None,
                        now: datetime | None = None) -> AccountRecord | None:
    """The active account a cookie token signs in, or None when unknown, expired, idle too long or disabled.

    With `idle`, a sign-in unused for longer ends, and each use (written at most once a minute) keeps it going.
    """
    now, wanted = now or utc_now(), _hash_token(token)
    record = db.exec(select(LoginSessionRecord).where(LoginSessionRecord.token_hash == wanted)).first()
    if record is None or not hmac.compare_digest(record.token_hash, wanted) or record.expires_at < now:
        return None
    seen = record.last_seen_at or record.created_at
    if idle is not None and seen + idle < now:
        end_login_session(db=db, token=token)
        return None
    if idle is not None and seen + SEEN_EVERY < now:
        _begin_write(db)
        record = db.get(LoginSessionRecord, record.id)
        if record is not None:
            record.last_seen_at = now
            _commit(db, record)
    account = db.get(AccountRecord, record.account_id) if record is not None else None
    return account if account is not None and account.active else None


def end_login_session(*, db: Session, token: str) -> None:
    _begin_write(db)
    for record in db.exec(select(LoginSessionRecord).where(LoginSessionRecord.token_hash == _hash_token(token))):
        db.delete(record)
    db.commit()


# --- invitations -------------------------------------------------------------------------------------------


def create_invitation(*, db: Session, interview_id: str, created_by: str | None,
                      days: int = INVITATION_DAYS) -> tuple[InvitationRecord, str]:
    """A link for the expert: at least 128 random bits, only its hash stored, expiring after `days`."""
    get_interview(db=db, interview_id=interview_id)
    token = secrets.token_urlsafe(24)
    _begin_write(db)
    record = _commit(db, InvitationRecord(interview_id=interview_id, token_hash=_hash_token(token),
                                          created_by=created_by, expires_at=utc_now() + timedelta(days=days)))
    return record, token


def invitation_for_token(*, db: Session, token: str) -> InvitationRecord:
    """The live invitation a token names; InterviewNotFoundError when unknown, revoked or expired."""
    wanted = _hash_token(token)
    record = db.exec(select(InvitationRecord).where(InvitationRecord.token_hash == wanted)).first()
    live = record is not None and record.revoked_at is None and record.expires_at > utc_now()
    if not live or not hmac.compare_digest(record.token_hash, wanted):
        raise InterviewNotFoundError(INVALID_LINK)
    return record


def revoke_invitation(*, db: Session, invitation_id: int) -> InvitationRecord:
    _begin_write(db)
    record = db.get(InvitationRecord, invitation_id)
    if record is None:
        raise InterviewNotFoundError(f"no invitation has the id {invitation_id}")
    record.revoked_at = record.revoked_at or utc_now()
    return _commit(db, record)


def get_invitation(*, db: Session, invitation_id: int) -> InvitationRecord | None:
    return db.get(InvitationRecord, invitation_id)


def start_welcome(*, db: Session, account_id: str, days: int = INVITATION_DAYS) -> str:
    """A link on which this person sets their own password: a fresh token, only its hash kept."""
    token = secrets.token_urlsafe(24)
    update_account(db=db, account_id=account_id, welcome_hash=_hash_token(token),
                   welcome_expires_at=utc_now() + timedelta(days=days))
    return token


def account_for_welcome(*, db: Session, token: str) -> AccountRecord | None:
    """The account a welcome link opens, while it is valid."""
    if not isinstance(token, str) or not token:
        return None
    digest = _hash_token(token)
    account = db.exec(select(AccountRecord).where(AccountRecord.welcome_hash == digest)).first()
    if account is None or not hmac.compare_digest(account.welcome_hash or "", digest):
        return None
    if account.welcome_expires_at is None or account.welcome_expires_at < utc_now():
        return None
    return account


def list_invitations(*, db: Session, interview_id: str) -> list[InvitationRecord]:
    query = select(InvitationRecord).where(InvitationRecord.interview_id == interview_id)
    return list(db.exec(query.order_by(InvitationRecord.created_at)).all())


# --- ownership and review -------------------------------------------------------------------------------


def assign_interview(*, db: Session, interview_id: str, owner_id: str | None, team_id: str | None
                     ) -> InterviewRecord:
    """Give an interview its owner and, when shared, its team."""
    _begin_write(db)
    record = get_interview(db=db, interview_id=interview_id)
    record.owner_id, record.team_id = owner_id, team_id
    return _commit(db, record)


def set_review_status(*, db: Session, interview_id: str, status: str, approved_by: str | None = None
                      ) -> InterviewRecord:
    """Change the review status; approving records who and when, any other status clears it."""
    _require(status, REVIEW_STATUSES, "review status")
    _begin_write(db)
    record = get_interview(db=db, interview_id=interview_id)
    record.review_status = status
    record.approved_by = approved_by if status == "approved" else None
    record.approved_at = utc_now() if status == "approved" else None
    record.updated_at = utc_now()
    return _commit(db, record)


# --- comments, tags and the audit log -------------------------------------------------------------------


def add_comment(*, db: Session, interview_id: str, section: str, body: str, author_label: str,
                author_id: str | None = None, parent_id: int | None = None, kind: str = "comment") -> CommentRecord:
    _require(kind, COMMENT_KINDS, "kind")
    get_interview(db=db, interview_id=interview_id)
    parent = db.get(CommentRecord, parent_id) if parent_id is not None else None
    if parent_id is not None and (parent is None or parent.interview_id != interview_id):
        raise InterviewNotFoundError(f"no comment {parent_id} on this playbook to reply to; reload the page")
    _begin_write(db)
    return _commit(db, CommentRecord(interview_id=interview_id, section=section, body=body.strip(), kind=kind,
                                     author_label=author_label, author_id=author_id, parent_id=parent_id))


def resolve_comment(*, db: Session, comment_id: int, resolved: bool = True) -> CommentRecord:
    _begin_write(db)
    record = db.get(CommentRecord, comment_id)
    if record is None:
        raise InterviewNotFoundError(f"no comment has the id {comment_id}")
    record.resolved = resolved
    return _commit(db, record)


def list_comments(*, db: Session, interview_id: str) -> list[CommentRecord]:
    query = select(CommentRecord).where(CommentRecord.interview_id == interview_id)
    return list(db.exec(query.order_by(CommentRecord.created_at, CommentRecord.id)).all())


def set_tags(*, db: Session, interview_id: str, tags: list[str]) -> list[str]:
    """Replace a playbook's tags (trimmed, lower-cased, unique)."""
    wanted = sorted({t.strip().lower() for t in tags if t.strip()})
    _begin_write(db)
    for record in db.exec(select(TagRecord).where(TagRecord.interview_id == interview_id)):
        db.delete(record)
    db.add_all(TagRecord(interview_id=interview_id, tag=t) for t in wanted)
    db.commit()
    return wanted


def tags_of(*, db: Session, interview_id: str) -> list[str]:
    return list(db.exec(select(TagRecord.tag).where(TagRecord.interview_id == interview_id).order_by(TagRecord.tag)))


def audit(*, db: Session, actor_label: str, action: str, object_type: str, object_id: str, detail: str = "",
          actor_id: str | None = None) -> AuditRecord:
    _begin_write(db)
    return _commit(db, AuditRecord(actor_id=actor_id, actor_label=actor_label, action=action,
                                   object_type=object_type, object_id=object_id, detail=detail))


def audit_log(*, db: Session, limit: int = 200) -> list[AuditRecord]:
    query = select(AuditRecord).order_by(AuditRecord.created_at.desc(), AuditRecord.id.desc()).limit(limit)
    return list(db.exec(query).all())


# --- search ----------------------------------------------------------------------------------------------


def index_playbook(*, db: Session, interview_id: str, content: str) -> None:
    """Keep one playbook's searchable text current (SQLite's FTS5 table is filled alongside)."""
    _begin_write(db)
    if db.get_bind().dialect.name == "postgresql":  # one statement, so clients indexing at once never collide
        db.exec(text("INSERT INTO search_document (interview_id, content) VALUES (:i, :c) "
                     "ON CONFLICT (interview_id) DO UPDATE SET content = EXCLUDED.content").bindparams(
            i=interview_id, c=content))
        db.commit()
        return
    record = db.get(SearchDocumentRecord, interview_id) or SearchDocumentRecord(interview_id=interview_id, content="")
    record.content = content
    db.add(record)
    if db.get_bind().dialect.name == "sqlite":
        db.exec(text("DELETE FROM search_fts WHERE interview_id = :i").bindparams(i=interview_id))
        db.exec(text("INSERT INTO search_fts (interview_id, content) VALUES (:i, :c)").bindparams(
            i=interview_id, c=content))
    db.commit()


def search_contents(*, db: Session, interview_ids: list[str]) -> dict[str, str]:
    """The searchable text of these playbooks (for the snippets under search results)."""
    if not interview_ids:
        return {}
    query = select(SearchDocumentRecord).where(col(SearchDocumentRecord.interview_id).in_(interview_ids))
    return {r.interview_id: r.content for r in db.exec(query)}


def search_ids(*, db: Session, query: str, limit: int = 1000) -> list[str]:
    """Ids of playbooks whose text matches every word of the query, best first."""
    words = [w for w in clean(query or "").split() if w]
    if not words:
        return []
    if db.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = "SELECT interview_id FROM search_fts WHERE search_fts MATCH :q ORDER BY rank LIMIT :n"
        return [row[0] for row in db.exec(text(sql).bindparams(q=match, n=limit))]
    sql = ("SELECT interview_id FROM search_document WHERE to_tsvector('simple', content) @@ "
           "plainto_tsquery('simple', :q) LIMIT :n")
    return [row[0] for row in db.exec(text(sql).bindparams(q=" ".join(words), n=limit))]



SORTS = {
    "recent": (col(InterviewRecord.updated_at).desc(),),
    "oldest": (col(InterviewRecord.updated_at).asc(),),
    "expert": (col(InterviewRecord.expert).asc(), col(InterviewRecord.updated_at).desc()),
    "topic": (col(InterviewRecord.topic).asc(), col(InterviewRecord.updated_at).desc()),
}


SEARCH_CAP = 1000
"""A text search considers at most this many matching playbooks; a person narrows it with another word."""


def _fts_match(words: list[str], dialect: str) -> Any:
    """A condition on interview.id: the playbook's text holds every word (the first SEARCH_CAP + 1 such)."""
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        ids = text("SELECT interview_id FROM search_fts WHERE search_fts MATCH :q LIMIT :cap").bindparams(
            q=match, cap=SEARCH_CAP + 1)
    else:
        ids = text("SELECT interview_id FROM search_document WHERE to_tsvector('simple', content) @@ "
                   "plainto_tsquery('simple', :q) LIMIT :cap").bindparams(q=" ".join(words), cap=SEARCH_CAP + 1)
    return col(InterviewRecord.id).in_(ids.columns(interview_id=InterviewRecord.id.type))


def _scope(owner: str | None, team: str | None, statuses: tuple[str, ...] | None) -> list[Any]:
    """Who sees what, as SQL: a consultant's own and team's playbooks, a reviewer's submitted ones."""
    conditions = []
    if owner is not None:
        mine = col(InterviewRecord.owner_id) == owner
        conditions.append(or_(mine, and_(col(InterviewRecord.team_id) == team)) if team else mine)
    if statuses is not None:
        conditions.append(col(InterviewRecord.review_status).in_(statuses))
    return conditions


def library(*, db: Session, words: str = "", guide_id: str | None = None, expert: str | None = None,
            review_status: str | None = None, owner_id: str | None = None, tag: str | None = None,
            scope_owner: str | None = None, scope_team: str | None = None,
            scope_statuses: tuple[str, ...] | None = None, sort: str = "recent", page: int = 1,
            per_page: int = 25) -> tuple[list[InterviewRecord], int]:
    """One page of the playbooks a person may see, filtered, searched and sorted; and how many match in all.

    With search words the count stops above SEARCH_CAP, so a word found in every playbook stays fast;
    a total above SEARCH_CAP means "more than SEARCH_CAP".
    """
    conditions = _scope(scope_owner, scope_team, scope_statuses) + [col(InterviewRecord.deleted_at).is_(None)]
    terms = [w for w in clean(words).split() if w]
    if terms:
        conditions.append(_fts_match(terms, db.get_bind().dialect.name))
    for column, value in ((InterviewRecord.guide_id, guide_id), (InterviewRecord.review_status, review_status),
                          (InterviewRecord.owner_id, owner_id)):
        if value:
            conditions.append(col(column) == clean(value))
    expert = clean(expert or "").strip()
    if expert:  # any part of the name, in any case: "dana" finds "Dana Okafor"
        conditions.append(func.lower(col(InterviewRecord.expert)).contains(expert.lower(), autoescape=True))
    tag = clean(tag or "")
    if tag:
        conditions.append(col(InterviewRecord.id).in_(select(TagRecord.interview_id).where(TagRecord.tag == tag)))
    total = db.exec(select(func.count()).select_from(InterviewRecord).where(*conditions)).one()
    query = select(InterviewRecord).where(*conditions).order_by(*SORTS.get(sort, SORTS["recent"]))
    rows = db.exec(query.offset(max(page - 1, 0) * per_page).limit(per_page)).all()
    return list(rows), total


__all__ = [
    "ROLES", "REVIEW_STATUSES", "COMMENT_KINDS", "INVITATION_DAYS", "SESSION_DAYS",
    "TeamRecord", "AccountRecord", "LoginSessionRecord", "LoginThrottleRecord", "InvitationRecord", "CommentRecord", "TagRecord",
    "AuditRecord", "SearchDocumentRecord",
    "clean", "create_first_owner", "claim_login_attempt", "forgive_login_attempt",
    "count_accounts", "create_team", "list_teams", "create_account", "find_account", "get_account", "list_accounts",
    "update_account", "start_login_session", "account_for_session", "end_login_session",
    "create_invitation", "invitation_for_token", "start_welcome", "account_for_welcome", "revoke_invitation", "get_invitation", "list_invitations",
    "assign_interview", "set_review_status",
    "add_comment", "resolve_comment", "list_comments", "set_tags", "tags_of", "audit", "audit_log",
    "index_playbook", "search_contents", "search_ids", "library", "SORTS", "SEARCH_CAP",
]
