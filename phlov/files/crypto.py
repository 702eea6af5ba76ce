"""Encryption at rest for stored files (Fernet: AES-128-CBC with HMAC-SHA256).

The keys come from ``PHLOV_FILE_KEYS``; the first one encrypts and every one decrypts, so a
key can be rotated by putting the new key first and re-encrypting at leisure.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(data: bytes) -> bytes:
    return _fernet(tuple(settings.PHLOV_FILE_KEYS)).encrypt(data)


def decrypt(token: bytes) -> bytes:
    return _fernet(tuple(settings.PHLOV_FILE_KEYS)).decrypt(token)
