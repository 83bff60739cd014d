"""Learner ids are stored only as a keyed hash (HMAC-SHA256 with a per-installation secret).

The secret is created on first use under ``private/`` (mode 0600, git-ignored). Without it the
stored keys cannot be linked back to an institution's ids, yet the same id always maps to the
same key in one installation, so distinct learners can still be counted. The HMAC runs inside
DuckDB so a million ids never cross into Python.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

BLOCK = 64  # SHA-256 block size in bytes


def installation_secret(path: Path) -> bytes:
    """Read the secret, creating it atomically on first use."""
    if path.exists():
        key = bytes.fromhex(path.read_text().strip())
        if len(key) < 32:
            raise ValueError(f"{path} holds a key shorter than 256 bits")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex())
    try:
        os.link(tmp, path)  # fails if another process won the race: use theirs
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return installation_secret(path)


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of RFC 2104, for HMAC computed in SQL."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


# HMAC-SHA256 of a VARCHAR column; $ipad and $opad are bound BLOB parameters.
HMAC_SQL = "sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode({expr}))))"


def learner_key(key: bytes, learner_id: str) -> str:
    """The same keyed hash in Python (tests, one-off lookups)."""
    return hmac.new(key, learner_id.encode("utf-8"), hashlib.sha256).hexdigest()
