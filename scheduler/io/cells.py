"""Cell formats that several lists share: empty cells, names, numbers."""

from __future__ import annotations

import re

from scheduler.io.rows import Invalid
from scheduler.text import loose_key

#: Cells that plainly mean "nothing" (besides an empty cell).
DASHES = frozenset({"-", "–", "—"})
NONE_WORDS = frozenset({"aucun", "aucune", "neant", "sans", "non"})


def is_blank(raw: str) -> bool:
    """Whether the cell says "nothing": empty, a dash or a word such as « aucun »."""
    text = raw.strip()
    return not text or text in DASHES or loose_key(text) in NONE_WORDS


def required_text(raw: str) -> str:
    """The cell with its runs of spaces collapsed; :class:`Invalid` when empty."""
    # "DUPONT  Marie" and "DUPONT Marie" are one name.
    text = " ".join(raw.split())
    if not text:
        raise Invalid("valeur obligatoire manquante")
    return text


def unmangled_number(number: str) -> str:
    """``number`` unchanged, unless Excel turned it into « 2,1E+07 » (:class:`Invalid`)."""
    # Excel does so to long numbers when the column is not formatted as text.
    if re.fullmatch(r"\d+(?:[.,]\d+)?[eE]\+?\d+", number):
        raise Invalid(
            "numéro déformé par Excel (notation scientifique) : formatez la colonne en texte et réexportez"
        )
    return number
