"""The initial tables: interviews, answer revisions, follow-ups, prompt versions, statement edits, LLM calls.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:15:35

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT = sqlmodel.sql.sqltypes.AutoString
CHILD_TABLES = ("answer", "follow_up", "prompt_version", "statement_edit", "llm_call")


def timestamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def interview_key(table: str, *, nullable: bool = False) -> list:
    """The interview_id column and its foreign key (answers etc. go with their interview; LLM calls stay)."""
    return [
        sa.Column("interview_id", TEXT(), nullable=nullable),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f(f"fk_{table}_interview_id_interview"),
            ondelete="SET NULL" if nullable else "CASCADE",
        ),
    ]


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "interview",
        sa.Column("id", TEXT(), nullable=False),
        sa.Column("guide_id", TEXT(), nullable=False),
        sa.Column("guide_version", sa.Integer(), nullable=False),
        sa.Column("expert", TEXT(), nullable=False),
        sa.Column("topic", TEXT(), nullable=False),
        sa.Column("status", TEXT(), nullable=False),
        sa.Column("token_hash", TEXT(), nullable=False),
        sa.Column("current_question", TEXT(), nullable=True),
        timestamp("created_at"),
        timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
    )
    op.create_index(op.f("ix_interview_token_hash"), "interview", ["token_hash"], unique=True)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        *interview_key("answer"),
        sa.Column("question_id", TEXT(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value_json", TEXT(), nullable=False),
        sa.Column("text", TEXT(), nullable=False),
        sa.Column("origin", TEXT(), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint(
            "interview_id", "question_id", "revision", name=op.f("uq_answer_interview_id_question_id_revision")
        ),
    )

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        *interview_key("follow_up"),
        sa.Column("question_id", TEXT(), nullable=False),
        sa.Column("check", TEXT(), nullable=False),
        sa.Column("element", TEXT(), nullable=False),
        sa.Column("reason", TEXT(), nullable=False),
        sa.Column("ask", TEXT(), nullable=False),
        sa.Column("status", TEXT(), nullable=False),
        sa.Column("answer", TEXT(), nullable=True),
        sa.Column("source", TEXT(), nullable=False),
        timestamp("created_at"),
        timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )

    op.create_table(
        "prompt_version",
        sa.Column("id", sa.Integer(), nullable=False),
        *interview_key("prompt_version"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("markdown", TEXT(), nullable=False),
        sa.Column("document_json", TEXT(), nullable=False),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompt_version")),
        sa.UniqueConstraint("interview_id", "version", name=op.f("uq_prompt_version_interview_id_version")),
    )

    op.create_table(
        "statement_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        *interview_key("statement_edit"),
        sa.Column("statement_key", TEXT(), nullable=False),
        sa.Column("text", TEXT(), nullable=False),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_edit")),
    )

    op.create_table(
        "llm_call",
        sa.Column("id", sa.Integer(), nullable=False),
        *interview_key("llm_call", nullable=True),
        sa.Column("purpose", TEXT(), nullable=False),
        sa.Column("model", TEXT(), nullable=False),
        sa.Column("host", TEXT(), nullable=False),
        sa.Column("mode", TEXT(), nullable=True),
        sa.Column("status", TEXT(), nullable=False),
        sa.Column("error", TEXT(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("request_json", TEXT(), nullable=True),
        sa.Column("response_json", TEXT(), nullable=True),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_llm_call")),
    )

    for table in CHILD_TABLES:
        op.create_index(op.f(f"ix_{table}_interview_id"), table, ["interview_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    for table in reversed(CHILD_TABLES):
        op.drop_index(op.f(f"ix_{table}_interview_id"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_interview_token_hash"), table_name="interview")
    op.drop_table("interview")
