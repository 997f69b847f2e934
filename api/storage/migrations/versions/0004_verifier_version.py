"""The verification code's version on each extraction: part of the cache key since 0004, so
a fix to verification yields new extractions (the old ones stay readable until they finish).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.add_column(
            sa.Column("verifier_version", sa.String(32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.drop_column("verifier_version")
