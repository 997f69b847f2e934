"""The verification code's version on each extraction: part of the cache key since 0004, so
a fix to verification yields new extractions (the old ones stay readable until they finish)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.storage.migrations.columns import required

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.add_column(required("verifier_version", sa.String(32), server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.drop_column("verifier_version")
