"""Batch jobs, worker leases on extractions, and a portable sentence search index.

The search index moves from SQLite's FTS5 to two plain tables (sentences and their term
postings) so that SQLite and PostgreSQL rank passages with the same BM25, computed in Python.
Documents are indexed again at start-up.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.storage.migrations.columns import TIMESTAMP, created_at, reference, required

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("extractions") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64)))
        batch.add_column(sa.Column("heartbeat_at", TIMESTAMP))
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        required("selection", sa.JSON()),
        required("force", sa.Boolean()),
        required("state", sa.String(16)),
        required("cache_key_parts", sa.JSON()),
        sa.Column("error", sa.Text()),
        created_at(),
        sa.Column("started_at", TIMESTAMP),
        sa.Column("finished_at", TIMESTAMP),
    )
    op.create_index("ix_jobs_state", "jobs", ["state"])
    op.create_table(
        "job_items",
        reference("job_id", sa.String(32), "jobs.id", "CASCADE", primary_key=True),
        sa.Column("document_id", sa.String(32), primary_key=True),
        reference("extraction_id", sa.Integer(), "extractions.id", "SET NULL"),
        required("state", sa.String(16)),
        sa.Column("error", sa.Text()),
        sa.Column("finished_at", TIMESTAMP),
    )
    op.create_index("ix_job_items_extraction_id", "job_items", ["extraction_id"])
    op.create_table(
        "search_sentences",
        sa.Column("document_id", sa.String(32), primary_key=True),
        sa.Column("sentence", sa.Integer(), primary_key=True),
        required("start", sa.Integer()),
        required("end", sa.Integer()),
        required("length", sa.Integer()),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(200), primary_key=True),
        sa.Column("document_id", sa.String(32), primary_key=True),
        sa.Column("sentence", sa.Integer(), primary_key=True),
        required("count", sa.Integer()),
        sa.ForeignKeyConstraint(
            ["document_id", "sentence"],
            ["search_sentences.document_id", "search_sentences.sentence"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_search_terms_document", "search_terms", ["document_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS sentence_index")  # the FTS5 index it replaces


def downgrade() -> None:
    for name in ("search_terms", "search_sentences", "job_items", "jobs"):
        op.drop_table(name)
    with op.batch_alter_table("extractions") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("claimed_by")
