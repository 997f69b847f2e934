"""The first schema: documents, extractions, facts and model calls."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.storage.migrations.columns import (
    TIMESTAMP,
    created_at,
    document_id,
    reference,
    required,
)

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        required("text_sha256", sa.String(64), unique=True),
        required("text", sa.Text()),
        sa.Column("url", sa.String(2048)),
        sa.Column("title", sa.String(1000)),
        sa.Column("published_at", sa.Date()),
        sa.Column("language", sa.String(16)),
        required("source_format", sa.String(8)),
        created_at(),
    )
    op.create_index("ix_documents_created_at", "documents", ["created_at"])
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        document_id(),
        required("cache_key", sa.String(64)),
        required("prompt_version", sa.String(32)),
        required("schema_version", sa.String(32)),
        required("model", sa.String(200)),
        required("generation", sa.JSON()),
        required("status", sa.String(16)),
        sa.Column("error", sa.Text()),
        required("attempts", sa.Integer()),
        sa.Column("result", sa.JSON()),
        created_at(),
        sa.Column("finished_at", TIMESTAMP),
        sa.UniqueConstraint("document_id", "cache_key"),
    )
    op.create_index("ix_extractions_cache_key", "extractions", ["cache_key"])
    op.create_index("ix_extractions_status", "extractions", ["status"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        document_id(),
        reference("extraction_id", sa.Integer(), "extractions.id", "CASCADE", nullable=False),
        required("type", sa.String(16)),
        required("place_keys", sa.Text()),
        required("name_key", sa.Text()),
        sa.Column("date_start", sa.String(16)),
        sa.Column("date_end", sa.String(16)),
        required("payload", sa.JSON()),
    )
    op.create_index("ix_facts_document_id", "facts", ["document_id"])
    op.create_index("ix_facts_type", "facts", ["type"])
    op.create_table(
        "model_calls",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        reference("extraction_id", sa.Integer(), "extractions.id", "SET NULL"),
        required("task", sa.String(32)),
        required("model", sa.String(200)),
        required("prompt_version", sa.String(32)),
        required("prompt_tokens", sa.Integer()),
        required("completion_tokens", sa.Integer()),
        required("duration_ms", sa.Integer()),
        required("outcome", sa.String(32)),
        sa.Column("error", sa.Text()),
        created_at(),
    )
    op.create_index("ix_model_calls_extraction_id", "model_calls", ["extraction_id"])


def downgrade() -> None:
    for table in ("model_calls", "facts", "extractions", "documents"):
        op.drop_table(table)
