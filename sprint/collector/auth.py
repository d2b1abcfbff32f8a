"""API keys: read from SPRINT_COLLECTOR_KEYS, compared in constant time, never logged."""

from __future__ import annotations

import hashlib
import hmac
import os

from sprint.errors import UserError

KEYS_ENV = "SPRINT_COLLECTOR_KEYS"


def keys_from_environment() -> tuple[bytes, ...]:
    """The accepted keys, hashed (comparing hashes keeps the time independent of key lengths)."""
    keys = [key.strip() for key in os.environ.get(KEYS_ENV, "").split(",") if key.strip()]
    if not keys:
        raise UserError(f"set {KEYS_ENV} to one or more comma-separated API keys; the collector does not start without")
    return tuple(_hash(key) for key in keys)


def authorized(header: str | None, keys: tuple[bytes, ...]) -> bool:
    """Whether an Authorization header carries one of `keys` as a Bearer token."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    candidate = _hash(token.strip())
    # Every key is compared, so the time taken does not tell which one matched.
    return any([hmac.compare_digest(candidate, key) for key in keys])


def _hash(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()
