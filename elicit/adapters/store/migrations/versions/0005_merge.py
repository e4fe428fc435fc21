"""Join the four schema changes made side by side on 0003: interview paths, nothing lost, soft delete and
welcome links, sign-in hardening.

Revision ID: 0005
Revises: 0004_guides, 0004_lost, 0004_roles, 0004_security
"""

from typing import Sequence, Union

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = ("0004_guides", "0004_lost", "0004_roles", "0004_security")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing to change: the four revisions it joins touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
