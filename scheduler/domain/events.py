"""What happened since a plan was published, for re-running it (``oraux replanifier``).

Domain objects only: :mod:`scheduler.io.events` reads and checks the events
files against the session, the candidate list and the examiner list, and
hands back these validated, immutable events.

The six kinds, and what ``target`` holds for each:

* ``candidat_absent`` / ``candidat_desiste`` — a candidate number of the
  candidate list; ``epreuve`` is the one oral concerned, or ``None`` for all
  of the candidate's orals.
* ``dossier_non_conforme`` — a candidate number; ``epreuve`` is E4 or E6.
* ``examinateur_indisponible`` — an examiner id of the examiner list, or an
  anonymous commission id (``E4-C03``, ``E2-ANG-C01``); from ``first_day`` to
  ``last_day`` included.
* ``salle_indisponible`` — a site key, ``room`` being « Salle N »; from
  ``first_day`` to ``last_day`` included.
* ``candidat_ajoute`` — a late registration: a number that is *not* in the
  candidate list.  The event only announces the number; the candidate's row
  (name, établissement, épreuves…) comes from the separate candidate file
  given to the command, which is loaded like any candidate list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

EventKind = Literal[
    "candidat_absent",
    "candidat_desiste",
    "dossier_non_conforme",
    "examinateur_indisponible",
    "salle_indisponible",
    "candidat_ajoute",
]

#: Every event kind, in the order the documentation lists them.
EVENT_KINDS: tuple[EventKind, ...] = (
    "candidat_absent",
    "candidat_desiste",
    "dossier_non_conforme",
    "examinateur_indisponible",
    "salle_indisponible",
    "candidat_ajoute",
)

#: Kinds whose target is a candidate of the candidate list.
CANDIDATE_KINDS: frozenset[EventKind] = frozenset(
    {"candidat_absent", "candidat_desiste", "dossier_non_conforme"}
)
#: Kinds that last from ``first_day`` to ``last_day``.
DATED_KINDS: frozenset[EventKind] = frozenset({"examinateur_indisponible", "salle_indisponible"})


@dataclass(frozen=True)
class Event:
    """One checked line of an events file.

    ``first_day`` and ``last_day`` are set (``last_day >= first_day``) for
    the dated kinds only; ``room`` for ``salle_indisponible`` only.
    ``source`` is ``(file name, line)`` for messages.
    """

    kind: EventKind
    target: str
    epreuve: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    room: str | None = None
    comment: str = ""
    source: tuple[str, int] = ("", 0)

    def covers(self, day: date) -> bool:
        """True when a dated event includes ``day``; undated events cover no day."""
        if self.first_day is None or self.last_day is None:
            return False
        return self.first_day <= day <= self.last_day
