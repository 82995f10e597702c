"""Sessions stored under a keyed hash of their key.

The cookie carries the session key; the database holds only
HMAC-SHA256(key derived from SECRET_KEY, session key), so a copy of the database
(or a backup) holds no value that works as a cookie. SECRET_KEY is read from the
environment or a file, never from the database.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.utils import timezone
from django.utils.crypto import salted_hmac

_SALT = "kua.accounts.sessions.stored-key"
_STORED_LENGTH = 40  # django_session.session_key is 40 characters: 160 bits of the HMAC


def stored_key(session_key: str) -> str:
    """What the database holds for a session key."""
    return salted_hmac(_SALT, session_key, algorithm="sha256").hexdigest()[:_STORED_LENGTH]


class SessionStore(DbSessionStore):
    """Django's database sessions, with the key hashed at every database touch."""

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        return self._from_db(self.session_key)

    def _from_db(self, session_key: str | None) -> AbstractBaseSession | None:
        if not session_key:
            self._session_key = None
            return None
        try:
            return self.model.objects.get(session_key=stored_key(session_key), expire_date__gt=timezone.now())
        except self.model.DoesNotExist:
            self._session_key = None
            return None

    async def _aget_session_from_db(self) -> AbstractBaseSession | None:
        return await sync_to_async(self._get_session_from_db)()

    def exists(self, session_key: str) -> bool:
        return bool(self.model.objects.filter(session_key=stored_key(session_key)).exists())

    async def aexists(self, session_key: str) -> bool:
        return bool(await self.model.objects.filter(session_key=stored_key(session_key)).aexists())

    def create_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    async def acreate_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        instance = await super().acreate_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            self.model.objects.filter(session_key=stored_key(key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            await self.model.objects.filter(session_key=stored_key(key)).adelete()
