"""Writing candidate lists as Cyclades « Liste simple » exports (fictitious
data), for the tests of :mod:`scheduler.io.cyclades`.

The format is the one the national application writes: UTF-8 with a BOM,
``;``, ``'`` around the class division, ``" -"`` in empty cells, eight lines
of preamble (year, « Listes simples », the établissement and its UAI, the
kind of edition, the date, the search, grouping and sort criteria), then a
header where « Division de classe » comes twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from scheduler.domain.session import Candidate

#: The columns Cyclades writes for a « Liste simple » of candidates.
CYCLADES_HEADER = [
    "Division de classe",
    "N° Candidat",
    "N° Inscription",
    "N° Océan",
    "Nom de famille",
    "Nom d'usage",
    "Prénom(s)",
    "Date de Naissance",
    "Division de classe",
    "INE",
    "Catégorie Candidat",
    "Code Spécialité",
    "Spécialité",
    "Etat",
    "Enseignements",
]
SPECIALTY = ("32034", "Négociation et digitalisation de la relation client")


def _yes(flag: bool) -> str:
    return "Oui" if flag else "Non"


#: Columns an office may add to its export, by header, with how a candidate fills them.
EXTRA_COLUMNS = {
    "Centre d'écrit": lambda c: c.centre,
    "LV1 (E2)": lambda c: c.oral_language("E2") or " -",
    "Langue facultative": lambda c: c.oral_language("E2F") or " -",
    "E4 ponctuel": lambda c: _yes("E4" in c.orals),
    "E5 ponctuel": lambda c: _yes("E5" in c.orals),
    "E6 ponctuel": lambda c: _yes("E6" in c.orals),
    "Engagement étudiant": lambda c: _yes("ENG" in c.orals),
    "Conformité E4": lambda c: "NV" if c.is_nv("E4") else " -",
    "Conformité E6": lambda c: "NV" if c.is_nv("E6") else " -",
    "Aménagement": lambda c: _extra_time(c.extra_time),
}


def _extra_time(extra: Fraction) -> str:
    if not extra:
        return " -"
    return "tiers-temps" if extra == Fraction(1, 3) else f"{float(extra * 100):g} %"


def export_text(
    etablissement: str,
    uai: str,
    candidates: Sequence[Candidate],
    *,
    extra: Sequence[str] = (),
    states: dict[str, str] | None = None,
) -> str:
    """A « Liste simple » of ``candidates`` for ``etablissement`` (its UAI in
    the preamble), with the ``extra`` columns of :data:`EXTRA_COLUMNS`;
    ``states`` gives the « Etat » of some candidate numbers (else « Inscrit »)."""
    header = CYCLADES_HEADER + list(extra)
    pad = ";" * (len(header) - 1)
    preamble = [
        "2021",
        "Listes simples",
        f"{etablissement.upper()}  ({uai})",
        "Type d'édition : Liste simple",
        "Edité le 12/04/2021 09:12",
        f"Critères de recherche : Spécialité Egal {SPECIALTY[1]} ({SPECIALTY[0]}) Etat N'est pas égal à Annulé",
        "Critères de regroupement : Division de classe",
        "Critères de tris : Nom et prénom, Date de naissance",
    ]
    lines = [p + pad for p in preamble] + [";".join(header)]
    for k, c in enumerate(candidates):
        division = "'BTS2 NDRC'"
        cells = [
            division,
            c.number,
            "001 Version 1",
            " -",
            c.surname,
            " -",
            c.given_name,
            f"{1 + k % 28:02d}/{1 + k % 12:02d}/2001",
            division,
            f"{123456789 + k:09d}AB",
            "SCOLAIRE BTS (312)",
            SPECIALTY[0],
            SPECIALTY[1],
            (states or {}).get(c.number, "Inscrit"),
            "Non renseigné",
        ]
        cells += [EXTRA_COLUMNS[name](c) for name in extra]
        lines.append(";".join(cells))
    return "\n".join(lines) + "\n"


def write_export(path: Path, *args: object, **kwargs: object) -> Path:
    """:func:`export_text` written as Cyclades writes it (UTF-8 with a BOM)."""
    path.write_text(export_text(*args, **kwargs), encoding="utf-8-sig")  # type: ignore[arg-type]
    return path
