"""API keys (hashed secrets with scopes) and which key asked for an extraction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", sa.String(100), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP),
    )
    with op.batch_alter_table("extractions") as batch:
        batch.add_column(sa.Column("requested_by", sa.String(16)))
        batch.create_index("ix_extractions_requested_by", ["requested_by"])


def downgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.drop_index("ix_extractions_requested_by")
        batch.drop_column("requested_by")
    op.drop_table("api_keys")
