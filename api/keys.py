"""API keys: created and revoked from the command line; only the sha256 of a secret is stored.

A secret is 32 random bytes, so a fast hash is enough (slow hashes protect guessable
passwords) and lets a request find its key by an indexed lookup. The secret is shown once,
when the key is created: `cl_<key id>_<random>`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from api.errors import InvalidInput
from api.storage import ApiKeyRow, Store

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


class KeyService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def create(self, name: str, scopes: list[str]) -> tuple[ApiKeyRow, str]:
        """The new key and its secret (shown once; only its hash is stored)."""
        key_id = secrets.token_hex(6)
        secret = f"cl_{key_id}_{secrets.token_urlsafe(32)}"
        row = ApiKeyRow(
            id=key_id, name=name, secret_sha256=hash_secret(secret), scopes=parse_scopes(scopes)
        )
        return await self.store.add_api_key(row), secret

    async def authenticate(self, secret: str) -> Caller | None:
        """The caller holding this secret, or None if it is unknown or revoked."""
        if not secret.startswith("cl_") or len(secret) > 200:
            return None
        row = await self.store.find_api_key(hash_secret(secret))
        if row is None or row.revoked_at is not None:
            return None
        return Caller(key_id=row.id, name=row.name, scopes=frozenset(row.scopes.split()))
