"""French text, written once: dates, weekdays, times, slugs and the
accent-free keys that names are compared and sorted by.

Everything a user reads goes through here, so that a date looks the same in
the terminal, the workbooks, the figures and the calendars."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date) -> str:
    """``lundi 7 juin 2021``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def numeric_date(day: date) -> str:
    """``07/06/2021``."""
    return f"{day:%d/%m/%Y}"


def day_month(day: date) -> str:
    """``07/06``."""
    return f"{day:%d/%m}"


def short_day(day: date) -> str:
    """``lun. 07/06``."""
    return f"{WEEKDAYS[day.weekday()][:3]}. {day_month(day)}"


def hhmm(minutes: int) -> str:
    """Minutes since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def moment(when: datetime) -> str:
    """``04/06/2021 à 18:00``."""
    return f"{numeric_date(when.date())} à {hhmm(when.hour * 60 + when.minute)}"


def strip_accents(text: str) -> str:
    """The text without its combining marks (compatibility forms decomposed)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def loose_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free key that spellings of one name share.

    ``N°`` and ``Nº`` read as ``no``, ``œ`` as ``oe``; every run of other
    characters than ``a-z0-9`` becomes one space: « Lycée  d'Arsonval » and
    « lycee d arsonval » have the same key.
    """
    text = text.replace("°", "o").replace("º", "o").replace("œ", "oe").replace("Œ", "oe")
    return re.sub(r"[^a-z0-9]+", " ", strip_accents(text).lower()).strip()


def name_key(text: str) -> str:
    """Sort key reading names as a French list does: no case, no accents."""
    return strip_accents(text).casefold()


def ascii_only(text: str) -> str:
    """The text in ASCII: accents dropped, other characters left out (``Ødegård`` → ``degard``)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


#: Longest slug: a file name made of one (``etablissement-<slug>-2.pdf``,
#: ``gantt-<slug>-<date>.svg``) stays far below the 255 bytes a file system
#: allows.
SLUG_LENGTH = 60


def ascii_slug(text: str) -> str:
    """``Saint-Gaudens (lycée)`` → ``saint-gaudens-lycee``: for file names
    (at most :data:`SLUG_LENGTH` characters)."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only(text).lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-")


def unique_slugs(names: Sequence[str], fallback: str) -> dict[str, str]:
    """A slug per name (``Lycée Saliège`` → ``lycee-saliege``): ASCII ``a-z0-9-``,
    ``-2``, ``-3``… added where two names would share one."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = ascii_slug(name) or fallback
        slug, n = stem, 2
        while slug in taken:
            slug = f"{stem}-{n}"
            n += 1
        taken.add(slug)
        out[name] = slug
    return out
