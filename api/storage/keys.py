"""API keys: created and revoked from the command line; only the sha256 of a secret is stored.

A secret is 32 random bytes, so a fast hash is enough (slow hashes protect guessable
passwords) and lets a request find its key by an indexed lookup. The secret is shown once,
when the key is created: `cl_<key id>_<random>`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from api.errors import InvalidInput, NotFound
from api.storage.repository import Repository
from api.storage.tables import ApiKeyRow, utcnow

# read: documents, facts, questions. ingest: submit and retry extractions. admin: jobs,
# deletion and metrics. Scopes do not imply each other: give a key each one it needs.
SCOPES = ("read", "ingest", "admin")


@dataclass(frozen=True)
class Caller:
    """Who sent a request: an API key, or the keyless local user."""

    key_id: str | None
    name: str
    scopes: frozenset[str]

    @property
    def identity(self) -> str:
        return self.key_id or "local"


LOCAL_CALLER = Caller(key_id=None, name="local", scopes=frozenset(SCOPES))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(scopes: list[str]) -> str:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise InvalidInput(f"scopes must be some of {', '.join(SCOPES)}; got {scopes}")
    return " ".join(scope for scope in SCOPES if scope in scopes)


class ApiKeys(Repository[ApiKeyRow]):
    table = ApiKeyRow
    noun = "API key"

    async def find(self, secret_sha256: str) -> ApiKeyRow | None:
        async with self.sessions() as session:
            found: ApiKeyRow | None = await session.scalar(
                select(ApiKeyRow).where(ApiKeyRow.secret_sha256 == secret_sha256)
            )
            return found

    async def all(self) -> Sequence[ApiKeyRow]:
        async with self.sessions() as session:
            rows = await session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))
            return rows.all()

    async def revoke(self, key_id: str) -> None:
        async with self.sessions.begin() as session:
            row = await session.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"no API key {key_id!r}")
            row.revoked_at = row.revoked_at or utcnow()


class KeyService:
    def __init__(self, keys: ApiKeys) -> None:
        self.keys = keys

    async def create(self, name: str, scopes: list[str]) -> tuple[ApiKeyRow, str]:
        """The new key and its secret (shown once; only its hash is stored)."""
        key_id = secrets.token_hex(6)
        secret = f"cl_{key_id}_{secrets.token_urlsafe(32)}"
        row = ApiKeyRow(
            id=key_id, name=name, secret_sha256=hash_secret(secret), scopes=parse_scopes(scopes)
        )
        return await self.keys.insert(row), secret

    async def authenticate(self, secret: str) -> Caller | None:
        """The caller holding this secret, or None if it is unknown or revoked."""
        if not secret.startswith("cl_") or len(secret) > 200:
            return None
        row = await self.keys.find(hash_secret(secret))
        if row is None or row.revoked_at is not None:
            return None
        return Caller(key_id=row.id, name=row.name, scopes=frozenset(row.scopes.split()))
