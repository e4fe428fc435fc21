"""An interview remembers its path through the guide: the short one or the full one.

Revision ID: 0004_guides
Revises: 0003
Create Date: 2026-12-02 06:30:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0004_guides'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Every interview started before this asked the full guide, so that is what existing rows get."""
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='full'))


def downgrade() -> None:
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_column('path')
