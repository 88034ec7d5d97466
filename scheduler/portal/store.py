"""What the portal keeps, in SQLite or PostgreSQL through SQLAlchemy Core.

Nothing is ever overwritten or deleted: a version, its documents and their
bytes are inserted once; an access is revoked or renewed by setting a date
or a new serial on its row; every download and visit is a new row.  Only a
recipient's e-mail address, a contact detail rather than a published
document, follows the newest publication.  The
documents' bytes are stored once per content (``blobs``, by SHA-256), so a
re-run that keeps most files costs little.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

T = TypeVar("T")

metadata = MetaData()

#: One published plan version of a session.
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session", String(100), nullable=False),
    Column("number", Integer, nullable=False),
    Column("parent", Integer, nullable=True),
    Column("created", String(40), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session", "number"),
)
#: File contents, once per content.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
#: The files of a version, by path in its folder.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", ForeignKey("versions.id"), nullable=False),
    Column("path", String(500), nullable=False),
    Column("sha256", ForeignKey("blobs.sha256"), nullable=False),
    UniqueConstraint("version_id", "path"),
)
#: A person outside the office (or the chef de bureau) of a session.
recipients = Table(
    "recipients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session", String(100), nullable=False),
    Column("role", String(40), nullable=False),
    Column("key", String(500), nullable=False),
    Column("name", String(500), nullable=False),
    Column("email", String(320), nullable=False, default=""),
    UniqueConstraint("session", "role", "key"),
)
#: Which document of which version each recipient may fetch.
grants = Table(
    "grants",
    metadata,
    Column("recipient_id", ForeignKey("recipients.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)
#: A recipient's personal link: ``serial`` changes when it is renewed (the
#: old link then fails), ``revoked_at`` is set when it is revoked.
accesses = Table(
    "accesses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient_id", ForeignKey("recipients.id"), nullable=False, unique=True),
    Column("serial", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)
downloads = Table(
    "downloads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient_id", ForeignKey("recipients.id"), nullable=False),
    Column("document_id", ForeignKey("documents.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
#: A recipient's page seen for a version: the change notices start after the last one.
visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient_id", ForeignKey("recipients.id"), nullable=False),
    Column("version_id", ForeignKey("versions.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
#: Change notices of a version for a recipient (« 3 candidats déplacés… »).
notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", ForeignKey("versions.id"), nullable=False),
    Column("recipient_id", ForeignKey("recipients.id"), nullable=False),
    Column("text", Text, nullable=False),
)
#: The portal's secret key and the office's password hash.
settings = Table(
    "settings",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
#: Failed logins, to slow guessing down.
failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

SECRET = "cle_secrete"
PASSWORD = "mot_de_passe"


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite gives back dates without their zone: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def sqlite_url(folder: Path) -> str:
    """The embedded database of a session folder."""
    return f"sqlite:///{(folder / 'portail.sqlite').resolve()}"


def open_store(url: str, connections: int = 5) -> Engine:
    """The database at ``url``, its tables created where missing, with up to
    ``connections`` connections at once (one per server thread: a request
    never waits for another's connection)."""
    engine = create_engine(url, pool_pre_ping=True, pool_size=connections, max_overflow=0)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    # Two commands opening a new database at once: the second finds the
    # first's tables (or its secret key) and goes on with them.
    retrying(engine, lambda db: metadata.create_all(db))
    retrying(engine, _keep_secret)
    return engine


def _keep_secret(db: Connection) -> None:
    if db.execute(select(settings.c.value).where(settings.c.name == SECRET)).first() is None:
        db.execute(insert(settings).values(name=SECRET, value=secrets.token_urlsafe(48)))


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    # Readers never wait for the writer; several server threads share the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as db:
        yield db


def retrying(engine: Engine, work: Callable[[Connection], T], attempts: int = 5) -> T:
    """``work`` in a transaction, run again when another process wrote the
    same rows first (a unique key taken, or SQLite's snapshot gone stale):
    the next attempt finds them.  Only for work that reads before it inserts."""
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as db:
                return work(db)
        except (IntegrityError, OperationalError) as error:
            message = str(error.orig)
            stale = isinstance(error, OperationalError) and ("locked" in message or "already exists" in message)
            if attempt == attempts or not (isinstance(error, IntegrityError) or stale):
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def setting(db: Connection, name: str) -> str | None:
    row = db.execute(select(settings.c.value).where(settings.c.name == name)).first()
    return None if row is None else str(row[0])


def set_setting(db: Connection, name: str, value: str) -> None:
    if setting(db, name) is None:
        db.execute(insert(settings).values(name=name, value=value))
    else:
        db.execute(update(settings).where(settings.c.name == name).values(value=value))


def store_blob(db: Connection, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if db.execute(select(blobs.c.sha256).where(blobs.c.sha256 == digest)).first() is None:
        db.execute(insert(blobs).values(sha256=digest, size=len(data), data=data))
    return digest


@dataclass(frozen=True)
class Access:
    """A recipient's personal access, as the pages need it."""

    access_id: int
    recipient_id: int
    serial: int
    session: str
    role: str
    key: str
    name: str
    email: str
    expires_at: datetime
    revoked_at: datetime | None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None and aware(self.expires_at) > now()


def _access_query():  # type: ignore[no-untyped-def]
    return select(
        accesses.c.id,
        recipients.c.id,
        accesses.c.serial,
        recipients.c.session,
        recipients.c.role,
        recipients.c.key,
        recipients.c.name,
        recipients.c.email,
        accesses.c.expires_at,
        accesses.c.revoked_at,
    ).join(recipients, recipients.c.id == accesses.c.recipient_id)


def access_by_id(db: Connection, access_id: int) -> Access | None:
    row = db.execute(_access_query().where(accesses.c.id == access_id)).first()
    return None if row is None else Access(*row)


def accesses_of(db: Connection, session: str) -> list[Access]:
    rows = db.execute(_access_query().where(recipients.c.session == session).order_by(recipients.c.id))
    return [Access(*row) for row in rows]


def keep_recipient(db: Connection, session: str, role: str, key: str, name: str, email: str = "") -> int:
    """The recipient's id, created if new (its name kept as first given; its
    e-mail too, unless :func:`set_email` changes it)."""
    found = db.execute(
        select(recipients.c.id).where(
            recipients.c.session == session, recipients.c.role == role, recipients.c.key == key
        )
    ).first()
    if found is not None:
        return int(found[0])
    result = db.execute(
        insert(recipients).values(session=session, role=role, key=key, name=name, email=email)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def set_email(db: Connection, recipient_id: int, email: str) -> None:
    """Give the recipient a new e-mail address (nothing written when it is the same)."""
    db.execute(
        update(recipients)
        .where(recipients.c.id == recipient_id, recipients.c.email != email)
        .values(email=email)
    )


def keep_access(db: Connection, recipient_id: int, days: int) -> int:
    """The recipient's access, created if there is none."""
    found = db.execute(select(accesses.c.id).where(accesses.c.recipient_id == recipient_id)).first()
    if found is not None:
        return int(found[0])
    moment = now()
    result = db.execute(
        insert(accesses).values(
            recipient_id=recipient_id,
            serial=1,
            created_at=moment,
            expires_at=moment + timedelta(days=days),
            revoked_at=None,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def revoke(db: Connection, access_id: int) -> None:
    db.execute(update(accesses).where(accesses.c.id == access_id).values(revoked_at=now()))


def renew(db: Connection, access_id: int, days: int) -> None:
    """A new link: the old one fails from now on."""
    db.execute(
        update(accesses)
        .where(accesses.c.id == access_id)
        .values(serial=accesses.c.serial + 1, revoked_at=None, expires_at=now() + timedelta(days=days))
    )


@dataclass(frozen=True)
class Version:
    id: int
    session: str
    number: int
    parent: int | None
    created: str
    published_at: datetime

    @property
    def name(self) -> str:
        return f"plan-v{self.number}"


def session_versions(db: Connection, session: str) -> list[Version]:
    """The published versions of a session, newest first."""
    rows = db.execute(
        select(versions).where(versions.c.session == session).order_by(versions.c.number.desc())
    )
    return [Version(*row) for row in rows]


def sessions(db: Connection) -> list[str]:
    return [str(r[0]) for r in db.execute(select(versions.c.session).distinct().order_by(versions.c.session))]


@dataclass(frozen=True)
class Document:
    id: int
    version_id: int
    path: str
    size: int


def version_documents(db: Connection, version_id: int, recipient_id: int | None = None) -> list[Document]:
    """The documents of a version, or those granted to a recipient."""
    query = (
        select(documents.c.id, documents.c.version_id, documents.c.path, blobs.c.size)
        .join(blobs, blobs.c.sha256 == documents.c.sha256)
        .where(documents.c.version_id == version_id)
        .order_by(documents.c.path)
    )
    if recipient_id is not None:
        query = query.join(grants, grants.c.document_id == documents.c.id).where(
            grants.c.recipient_id == recipient_id
        )
    return [Document(*row) for row in db.execute(query)]


def document_bytes(
    db: Connection, version_id: int, path: str, recipient_id: int | None
) -> tuple[int, bytes] | None:
    """The document's id and bytes, if it exists and (given a recipient) is theirs."""
    query = (
        select(documents.c.id, blobs.c.data)
        .join(blobs, blobs.c.sha256 == documents.c.sha256)
        .where(documents.c.version_id == version_id, documents.c.path == path)
    )
    if recipient_id is not None:
        query = query.join(grants, grants.c.document_id == documents.c.id).where(
            grants.c.recipient_id == recipient_id
        )
    row = db.execute(query).first()
    return None if row is None else (int(row[0]), bytes(row[1]))


def log_download(db: Connection, recipient_id: int, document_id: int) -> None:
    db.execute(insert(downloads).values(recipient_id=recipient_id, document_id=document_id, at=now()))


def log_visit(db: Connection, recipient_id: int, version_id: int) -> None:
    db.execute(insert(visits).values(recipient_id=recipient_id, version_id=version_id, at=now()))


def last_visited_version(db: Connection, recipient_id: int) -> int | None:
    """The highest version number the recipient has seen their page of."""
    row = db.execute(
        select(func.max(versions.c.number))
        .join(visits, visits.c.version_id == versions.c.id)
        .where(visits.c.recipient_id == recipient_id)
    ).first()
    return None if row is None or row[0] is None else int(row[0])


def last_downloads(db: Connection, version_id: int) -> dict[int, datetime]:
    """Each recipient's last download of a document of the version."""
    rows = db.execute(
        select(downloads.c.recipient_id, func.max(downloads.c.at))
        .join(documents, documents.c.id == downloads.c.document_id)
        .where(documents.c.version_id == version_id)
        .group_by(downloads.c.recipient_id)
    )
    return {int(r[0]): aware(r[1]) for r in rows}


def version_notices(
    db: Connection, recipient_id: int, after: int | None, session: str
) -> list[tuple[int, str]]:
    """The notices of the versions published after version ``after``: (number, text)."""
    query = (
        select(versions.c.number, notices.c.text)
        .join(versions, versions.c.id == notices.c.version_id)
        .where(notices.c.recipient_id == recipient_id, versions.c.session == session)
        .order_by(versions.c.number, notices.c.id)
    )
    if after is not None:
        query = query.where(versions.c.number > after)
    return [(int(n), str(t)) for n, t in db.execute(query)]


def count_failures(db: Connection, since: datetime) -> int:
    return int(
        db.execute(select(func.count()).select_from(failures).where(failures.c.at >= since)).scalar_one()
    )


def log_failure(db: Connection) -> None:
    db.execute(insert(failures).values(at=now()))


def insert_version(
    db: Connection,
    session: str,
    number: int,
    parent: int | None,
    created: str,
    files: Iterable[tuple[str, bytes]],
) -> tuple[int, dict[str, int]]:
    """A new version and its documents: its id and the documents' ids by path."""
    result = db.execute(
        insert(versions).values(
            session=session, number=number, parent=parent, created=created, published_at=now()
        )
    )
    version_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    ids: dict[str, int] = {}
    for path, data in files:
        digest = store_blob(db, data)
        row = db.execute(insert(documents).values(version_id=version_id, path=path, sha256=digest))
        ids[path] = int(row.inserted_primary_key[0])  # type: ignore[index]
    return version_id, ids


def grant(db: Connection, recipient_id: int, document_ids: Iterable[int]) -> None:
    rows = [{"recipient_id": recipient_id, "document_id": d} for d in document_ids]
    if rows:
        db.execute(insert(grants), rows)


def add_notices(db: Connection, version_id: int, recipient_id: int, texts: Iterable[str]) -> None:
    rows = [{"version_id": version_id, "recipient_id": recipient_id, "text": t} for t in texts]
    if rows:
        db.execute(insert(notices), rows)


def version_by_number(db: Connection, session: str, number: int) -> Version | None:
    row = db.execute(
        select(versions).where(versions.c.session == session, versions.c.number == number)
    ).first()
    return None if row is None else Version(*row)
