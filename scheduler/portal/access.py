"""Personal links and the office's password.

A link carries an access id and its serial, signed with the portal's secret
key and stamped (itsdangerous): a changed character fails the signature, an
old stamp fails the age limit, a renewed or revoked access fails against the
database.  The chef de bureau's password is kept as an argon2id hash; after
:data:`MAX_FAILURES` wrong passwords in :data:`LOCK_MINUTES`, logging in is
refused for everybody until the oldest failure is that old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Connection

from scheduler.portal import store

#: Days a personal link stays valid, unless renewed.
LINK_DAYS = 60
MAX_FAILURES = 5
LOCK_MINUTES = 15
_SALT = "oraux-lien-personnel"

_hasher = PasswordHasher()


def _signer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def link_token(secret: str, access: store.Access) -> str:
    return _signer(secret).dumps({"a": access.access_id, "s": access.serial})


@dataclass(frozen=True)
class Refusal(Exception):
    """Why a link opens nothing (French, for the refusal page)."""

    reason: str


def check_token(db: Connection, secret: str, token: str, days: int = LINK_DAYS) -> store.Access:
    """The access a link opens, or :class:`Refusal`."""
    try:
        data = _signer(secret).loads(token, max_age=days * 86400)
    except SignatureExpired:
        raise Refusal("ce lien a expiré") from None
    except BadSignature:
        raise Refusal("ce lien n'est pas valide") from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("s"), int):
        raise Refusal("ce lien n'est pas valide")
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
