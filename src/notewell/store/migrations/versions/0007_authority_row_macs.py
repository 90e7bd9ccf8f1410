"""Users, clients and credentials carry an HMAC under the audit key (kept outside the
database): a role raised, a client reassigned, a user or an enrolment code planted with
database access alone is refused, and `audit verify` names it. Rows from before get
their MAC from `notewell init` (which holds the key), as the store is at the upgrade.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("users", "clients", "user_credentials")


def upgrade() -> None:
    for table in TABLES:
        # A credential's MAC is prefixed by the seq of the audit entry of its change.
        length = 100 if table == "user_credentials" else 64
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("mac", sa.String(length=length), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("mac")
