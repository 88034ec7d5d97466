"""Cell formats that several lists share: empty cells, names, numbers, e-mail addresses."""

from __future__ import annotations

import re

from scheduler.io.rows import Invalid
from scheduler.io.tables import Column
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


#: The optional e-mail column of the examiner list and of etablissements.csv,
#: under the names exam offices give it.
EMAIL_COLUMN = Column(
    "courriel",
    (
        "e-mail",
        "email",
        "mail",
        "adresse électronique",
        "adresse mail",
        "adresse e-mail",
        "mél",
    ),
    required=False,
)
#: Longest address a mail server accepts (RFC 5321's path limit, brackets excluded).
MAX_EMAIL = 254
_EMAIL_HINT = "attendu une adresse de la forme nom@domaine.fr, ou une case vide"


def email_address(raw: str) -> str:
    """The address, trimmed; "" for a blank cell; :class:`Invalid` when it cannot be one.

    A plain syntax check, no more: one ``@``, something before it, a domain
    with a dot after it, no space, :data:`MAX_EMAIL` characters at most.
    Whether the mailbox exists is for the mail merge to find out.
    """
    text = raw.strip()
    if is_blank(text):
        return ""
    if len(text) > MAX_EMAIL:
        raise Invalid(f"adresse électronique trop longue : {len(text)} caractères, {MAX_EMAIL} au plus")
    if re.search(r"\s", text):
        reason = "espace dans l'adresse (une seule adresse par case)"
    elif text.count("@") == 0:
        reason = "il manque « @ »"
    elif text.count("@") > 1:
        reason = "plusieurs « @ » (une seule adresse par case)"
    else:
        local, _, domain = text.partition("@")
        if not local:
            reason = "rien avant « @ »"
        elif "." not in domain or not all(domain.split(".")):
            reason = "domaine incomplet après « @ »"
        else:
            return text
    raise Invalid(f"adresse électronique invalide : {reason} ; {_EMAIL_HINT}")
