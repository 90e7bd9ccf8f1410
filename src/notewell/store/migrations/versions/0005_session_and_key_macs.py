"""Sessions and authors' key rows carry an HMAC under the audit key (kept outside the
database), so a row inserted or edited with database access alone (a forged session,
a planted key, a raised idle limit) is refused.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing sessions have no MAC and end (their users sign in again); existing key
    # rows get theirs at their author's next sign-in, once the password opened them.
    with op.batch_alter_table("auth_sessions") as batch:
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=True))
    op.execute("DELETE FROM auth_sessions")  # unauthenticated rows: their users sign in again
    with op.batch_alter_table("author_keys") as batch:
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("author_keys") as batch:
        batch.drop_column("mac")
    with op.batch_alter_table("auth_sessions") as batch:
        batch.drop_column("mac")
