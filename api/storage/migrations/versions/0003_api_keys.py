"""API keys (hashed secrets with scopes) and which key asked for an extraction."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.storage.migrations.columns import TIMESTAMP, created_at, required

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), primary_key=True),
        required("name", sa.String(200)),
        required("secret_sha256", sa.String(64), unique=True),
        required("scopes", sa.String(100)),
        created_at(),
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
