"""Personal links and the office's password.

A link carries an access id, its serial and its expiry, signed with the
portal's secret key (itsdangerous): a changed character fails the signature,
a past expiry fails at once, a renewed or revoked access fails against the
database.  The same access always gives the same link, so that publishing a
new version leaves ``liens.csv`` and the links already mailed unchanged.  The chef de bureau's password is kept as an argon2id hash; after
:data:`MAX_FAILURES` wrong passwords in :data:`LOCK_MINUTES`, logging in is
refused for everybody until the oldest failure is that old.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.engine import Connection

from scheduler.portal import store

#: Days a personal link stays valid, unless renewed.
LINK_DAYS = 60
MAX_FAILURES = 5
LOCK_MINUTES = 15
_SALT = "oraux-lien-personnel"

_hasher = PasswordHasher()


def _signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT)


def link_token(secret: str, access: store.Access) -> str:
    expires = int(store.aware(access.expires_at).timestamp())
    return str(_signer(secret).dumps({"a": access.access_id, "s": access.serial, "e": expires}))


@dataclass(frozen=True)
class Refusal(Exception):
    """Why a link opens nothing (French, for the refusal page)."""

    reason: str


def check_token(db: Connection, secret: str, token: str) -> store.Access:
    """The access a link opens, or :class:`Refusal`."""
    try:
        data = _signer(secret).loads(token)
    except BadSignature:
        raise Refusal("ce lien n'est pas valide") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "ase"):
        raise Refusal("ce lien n'est pas valide")
    if data["e"] <= time.time():
        raise Refusal("ce lien a expiré")
    return check_access(db, data["a"], data["s"])


def check_access(db: Connection, access_id: int, serial: int) -> store.Access:
    """The access if it still opens with this serial, or :class:`Refusal`."""
    access = store.access_by_id(db, access_id)
    if access is None or access.serial != serial:
        raise Refusal("ce lien a été remplacé par un nouveau lien")
    if access.revoked_at is not None:
        raise Refusal("ce lien a été révoqué par le bureau des examens")
    if not access.valid:
        raise Refusal("ce lien a expiré")
    return access


def set_password(db: Connection, password: str) -> None:
    store.set_setting(db, store.PASSWORD, _hasher.hash(password))


def has_password(db: Connection) -> bool:
    return store.setting(db, store.PASSWORD) is not None


def locked_minutes(db: Connection) -> int:
    """Minutes before logging in is allowed again (0: allowed)."""
    since = store.now() - timedelta(minutes=LOCK_MINUTES)
    if store.count_failures(db, since) < MAX_FAILURES:
        return 0
    return LOCK_MINUTES


def check_password(db: Connection, password: str) -> bool:
    """Whether ``password`` is the office's; a wrong one is counted."""
    stored = store.setting(db, store.PASSWORD)
    try:
        ok = stored is not None and _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        store.log_failure(db)
    return ok
