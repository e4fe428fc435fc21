"""Storage: the engine, Alembic migrations, the tables and keyword-only repository functions, one module each.

This package is the only place that imports sqlmodel. Every write function commits before it returns,
so an answer is on disk before anything else (probing, rendering, an LLM call) happens. Callers use the
names below as `store.X`; each lives in one module:

- `engine`: the engine, migrations, `session()`, the write transaction and the helpers the others share;
  `columns`: UTC time and the column pieces the tables share.
- One module per entity, holding its record and its repository functions: `interviews`, `answers`,
  `follow_ups`, `unsent_drafts`, `prompts`, `statement_edits`, `llm_calls`, `trials`, `teams`, `accounts`,
  `login_sessions`, `login_throttle`, `invitations`, `comments`, `tags`, `audits`, `search`.

The modules import `engine`, `columns` and the siblings they need, never this package. To add a migration,
change the tables, then, on a database at head, run
`alembic.command.revision(alembic_config(connection), message="...", autogenerate=True)`.
"""

from sqlmodel import SQLModel

from elicit.adapters.store.accounts import (ROLES, AccountRecord, account_for_welcome, count_accounts, create_account,
                                   create_first_owner, find_account, get_account, list_accounts, owner_account_id,
                                   start_welcome, update_account)
from elicit.adapters.store.answers import (ANSWER_ORIGINS, AnswerRecord, add_answer, answer_history, answer_revisions,
                                  answer_value, confirm_answer, latest_answers)
from elicit.adapters.store.audits import AuditRecord, audit, audit_log
from elicit.adapters.store.columns import UTCDateTime, utc_now
from elicit.adapters.store.comments import COMMENT_KINDS, CommentRecord, add_comment, list_comments, resolve_comment
from elicit.adapters.store.engine import (MIGRATION_LOCK, MIGRATIONS_DIR, SQLITE_PRAGMAS, WRITE_OPTION, Db, alembic_config,
                                 clean, include_object, make_engine, migrate, open_database, session)
from elicit.adapters.store.follow_ups import (FOLLOW_UP_SOURCES, FOLLOW_UP_STATUSES, STALE_FOLLOW_UP, FollowUpAnswerRecord,
                                     FollowUpRecord, add_follow_up, change_follow_up, follow_up_history,
                                     get_follow_up, list_follow_ups)
from elicit.adapters.store.interviews import (INTERVIEW_STATUSES, INVALID_LINK, REVIEW_STATUSES, InterviewRecord,
                                     assign_interview, create_interview, find_interview_by_token, get_interview,
                                     list_interviews, list_unowned, rename_interview, rotate_token, set_deleted,
                                     set_review_status, update_interview)
from elicit.adapters.store.invitations import (INVITATION_DAYS, InvitationRecord, create_invitation, get_invitation,
                                      invitation_for_token, list_invitations, revoke_invitation)
from elicit.adapters.store.llm_calls import (LLM_CALL_STATUSES, SECRET_KEYS, LLMCallRecord, last_llm_mode, list_llm_calls,
                                    llm_usage, log_llm_call)
from elicit.adapters.store.login_sessions import (SESSION_DAYS, LoginSessionRecord, account_for_session, end_login_session,
                                         start_login_session)
from elicit.adapters.store.login_throttle import LoginThrottleRecord, claim_login_attempt, forgive_login_attempt
from elicit.adapters.store.prompts import PromptVersionRecord, latest_prompt_markdown, list_prompt_versions, save_prompt_version
from elicit.adapters.store.search import (SEARCH_CAP, SORTS, SearchDocumentRecord, index_playbook, library, search_contents,
                                 search_ids)
from elicit.adapters.store.statement_edits import (STATEMENT_ACTIONS, STATEMENT_SOURCES, StatementEditRecord,
                                          save_statement_edit, statement_edit_history, statement_edits)
from elicit.adapters.store.tags import TagRecord, set_tags, tags_of
from elicit.adapters.store.teams import TeamRecord, create_team, list_teams
from elicit.adapters.store.trials import TRIAL_KINDS, TrialRecord, list_trials, save_trial, update_trial
from elicit.adapters.store.unsent_drafts import DraftRecord, discard_draft, drafts, follow_up_item, save_draft

__all__ = [
    # the engine, migrations and sessions
    "Db", "SQLModel", "MIGRATIONS_DIR", "SQLITE_PRAGMAS", "WRITE_OPTION", "MIGRATION_LOCK",
    "make_engine", "migrate", "open_database", "alembic_config", "include_object", "session", "clean",
    "UTCDateTime", "utc_now",
    # interviews, their answers, follow-ups, drafts, prompts and statement edits
    "INTERVIEW_STATUSES", "REVIEW_STATUSES", "INVALID_LINK", "InterviewRecord", "create_interview", "get_interview",
    "find_interview_by_token", "rotate_token", "list_interviews", "list_unowned", "rename_interview", "set_deleted",
    "update_interview", "assign_interview", "set_review_status",
    "ANSWER_ORIGINS", "AnswerRecord", "add_answer", "answer_value", "latest_answers", "answer_revisions",
    "answer_history", "confirm_answer",
    "FOLLOW_UP_STATUSES", "FOLLOW_UP_SOURCES", "STALE_FOLLOW_UP", "FollowUpRecord", "FollowUpAnswerRecord",
    "add_follow_up", "get_follow_up", "list_follow_ups", "change_follow_up", "follow_up_history",
    "DraftRecord", "follow_up_item", "save_draft", "drafts", "discard_draft",
    "PromptVersionRecord", "save_prompt_version", "latest_prompt_markdown", "list_prompt_versions",
    "STATEMENT_ACTIONS", "STATEMENT_SOURCES", "StatementEditRecord", "save_statement_edit",
    "statement_edit_history", "statement_edits",
    # the LLM call log and trials
    "LLM_CALL_STATUSES", "SECRET_KEYS", "LLMCallRecord", "log_llm_call", "last_llm_mode", "llm_usage",
    "list_llm_calls",
    "TRIAL_KINDS", "TrialRecord", "save_trial", "update_trial", "list_trials",
    # teams, accounts, sign-in, invitations
    "TeamRecord", "create_team", "list_teams",
    "ROLES", "AccountRecord", "count_accounts", "create_first_owner", "create_account", "find_account",
    "get_account", "list_accounts", "owner_account_id", "update_account", "start_welcome", "account_for_welcome",
    "SESSION_DAYS", "LoginSessionRecord", "start_login_session", "account_for_session", "end_login_session",
    "LoginThrottleRecord", "claim_login_attempt", "forgive_login_attempt",
    "INVITATION_DAYS", "InvitationRecord", "create_invitation", "invitation_for_token", "revoke_invitation",
    "get_invitation", "list_invitations",
    # review: comments, tags, the audit log, search and the library
    "COMMENT_KINDS", "CommentRecord", "add_comment", "resolve_comment", "list_comments",
    "TagRecord", "set_tags", "tags_of",
    "AuditRecord", "audit", "audit_log",
    "SEARCH_CAP", "SORTS", "SearchDocumentRecord", "index_playbook", "search_contents", "search_ids", "library",
]
