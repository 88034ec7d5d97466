"""The benchmark instances, built in memory from the bundled session.

``toulouse-2021`` is the session folder as it is.  ``toulouse-2021-tous-ponctuels``
keeps its 536 candidates but makes every one of them take every oral in the
ponctuel form (E2, E4, E5, E6): the stress case of a session without CCF.
Both carry the folder's examiner list; only ``toulouse-2021`` is also planned
with it (the list is sized for the real session, see :data:`STAFFED`).
Nothing is written to ``data/``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from scheduler.domain.session import Candidate, Examiner, Session
from scheduler.io.inputs import load_inputs

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "toulouse-2021"

BUNDLED = "toulouse-2021"
ALL_PONCTUEL = "toulouse-2021-tous-ponctuels"
INSTANCE_NAMES: tuple[str, ...] = (BUNDLED, ALL_PONCTUEL)
#: Instances also planned with the bundled examiner list (as ``oraux planifier``
#: does by default).  The all-ponctuel variant is not: the list is the real
#: session's, too small for every candidate taking every oral (the report
#: shows the examiner capacity against the lower bounds).
STAFFED: tuple[str, ...] = (BUNDLED,)

#: Seed of the language draw for candidates without an E2 language.
LANGUAGE_SEED = 2021
#: Language given when the session has no language mix to draw from.
FALLBACK_LANGUAGE = "anglais"


@dataclass(frozen=True)
class Instance:
    """A session and its candidates, with a French description for the report."""

    name: str
    description: str
    session: Session
    candidates: list[Candidate]
    #: Facts about how the instance was built (stored in the results file).
    details: dict[str, object] = field(default_factory=dict)
    #: The session folder's examiner list (empty when it has none).
    examiners: list[Examiner] = field(default_factory=list)
    #: Its file(s), relative to the repository.
    examiner_files: list[str] = field(default_factory=list)
    #: Whether the benchmark also plans the instance with ``examiners``.
    staffed: bool = False


def all_ponctuel(
    session: Session, candidates: list[Candidate], seed: int = LANGUAGE_SEED
) -> tuple[list[Candidate], Counter[str]]:
    """Every candidate takes every épreuve that is not optional in the ponctuel form.

    A candidate without a language for such an épreuve taken in a language
    (CCF in E2) gets one drawn from the languages of the candidates who have
    one, in the same proportions, with a fixed seed; never one of their other
    languages (the loader forbids two orals in one language).  Optional
    épreuves (E2F, engagement), NV dossiers and extra time are kept (the
    engagement stays valid: every candidate now takes E6).  Returns the new
    candidates and the languages drawn.
    """
    rng = random.Random(f"{seed}/tous-ponctuels")
    drawn: Counter[str] = Counter()
    out: list[Candidate] = []
    compulsory = [ep for ep in session.epreuves.values() if not ep.optional]
    mixes = {
        ep.code: Counter(lang for c in candidates if (lang := c.oral_language(ep.code)))
        for ep in compulsory
        if ep.by_language
    }
    for cand in candidates:
        languages = dict(cand.languages)
        for code, mix in mixes.items():
            if code in languages:
                continue
            choices = [lang for lang in sorted(mix) if lang not in languages.values()]
            language = rng.choices(choices, weights=[mix[x] for x in choices])[0] if choices else FALLBACK_LANGUAGE
            languages[code] = language
            drawn[language] += 1
        taken = set(cand.orals) | {ep.code for ep in compulsory}
        orals = tuple(code for code in session.epreuves if code in taken)
        languages_in_order = tuple((code, languages[code]) for code in orals if code in languages)
        out.append(replace(cand, orals=orals, languages=languages_in_order))
    return out, drawn


def _count(candidates: list[Candidate]) -> dict[str, int]:
    orals: Counter[str] = Counter()
    for cand in candidates:
        for code in cand.requested_orals():
            orals[code] += 1
    return {"candidats": len(candidates), **{f"oraux {code}": n for code, n in sorted(orals.items())}}


def load_instances(names: list[str], data_dir: Path = DATA_DIR) -> list[Instance]:
    """The named instances, in the given order (names from :data:`INSTANCE_NAMES`)."""
    unknown = [n for n in names if n not in INSTANCE_NAMES]
    if unknown:
        raise ValueError(
            f"instance(s) inconnue(s) : {', '.join(unknown)} ; connues : {', '.join(INSTANCE_NAMES)}"
        )
    inputs = load_inputs(data_dir, with_examiners=True)
    session, candidates = inputs.session, inputs.candidates
    examiners = inputs.examiners
    examiner_files = [_relative(f) for f in inputs.examiner_files]
    out: list[Instance] = []
    for name in names:
        if name == BUNDLED:
            out.append(
                Instance(
                    name,
                    f"la session fournie telle quelle ({len(candidates)} candidats, `{_relative(data_dir)}`)",
                    session,
                    candidates,
                    {"source": _relative(data_dir), **_count(candidates)},
                    examiners,
                    examiner_files,
                    staffed=name in STAFFED,
                )
            )
        else:
            everyone, drawn = all_ponctuel(session, candidates)
            shown = ", ".join(f"{lang} {n}" for lang, n in drawn.most_common())
            out.append(
                Instance(
                    name,
                    f"les mêmes {len(everyone)} candidats, chacun passant E2, E4, E5 et E6 en ponctuel ; "
                    f"langue d'E2 tirée (graine {LANGUAGE_SEED}) dans la répartition des candidats qui en ont "
                    f"une pour les {sum(drawn.values())} qui n'en avaient pas ({shown}) ; langue facultative, "
                    "engagement, dossiers NV et aménagements inchangés",
                    session,
                    everyone,
                    {
                        "source": _relative(data_dir),
                        "graine_langues": LANGUAGE_SEED,
                        "langues_tirees": dict(drawn.most_common()),
                        **_count(everyone),
                    },
                    examiners,
                    examiner_files,
                    staffed=name in STAFFED,
                )
            )
    return out


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
