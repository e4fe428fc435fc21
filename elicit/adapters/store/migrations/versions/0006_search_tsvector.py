"""Search on PostgreSQL reads a stored tsvector: the GIN index was over an expression, so every row a common word
matched had its text parsed again to check it (870 ms for a word in most of 10,000 playbooks). A generated column
holds the parsed text once, written with the row, and the index is over it. SQLite's FTS5 table is unchanged.

Revision ID: 0006
Revises: 0005
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_document ADD COLUMN content_tsv tsvector "
               "GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED")
    op.execute("CREATE INDEX ix_search_document_tsv ON search_document USING gin (content_tsv)")
    op.execute("DROP INDEX IF EXISTS ix_search_document_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_search_document_fts ON search_document USING gin (to_tsvector('simple', content))")
    op.execute("DROP INDEX IF EXISTS ix_search_document_tsv")
    op.execute("ALTER TABLE search_document DROP COLUMN IF EXISTS content_tsv")
