"""The column shapes the revisions share, so that each revision shows only what it changes.

Revisions are history: a helper here may gain a parameter, but what it builds for a revision
already written must not change (`tests/storage/test_migrations.py` compares the migrated
schema with `api/storage/tables.py`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

TIMESTAMP = sa.DateTime(timezone=True)


def required(name: str, kind: Any, **options: Any) -> sa.Column[Any]:
    """A column that is never null."""
    return sa.Column(name, kind, nullable=False, **options)


def reference(name: str, kind: Any, target: str, ondelete: str, **options: Any) -> sa.Column[Any]:
    """A column holding another table's key (`target` is "table.column")."""
    return sa.Column(name, kind, sa.ForeignKey(target, ondelete=ondelete), **options)


def document_id() -> sa.Column[Any]:
    """The document a row belongs to; the row goes when the document does."""
    return reference("document_id", sa.String(32), "documents.id", "CASCADE", nullable=False)


def created_at() -> sa.Column[Any]:
    return required("created_at", TIMESTAMP)
