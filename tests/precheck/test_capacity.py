"""Demand of each épreuve and the ``oraux verifier`` figures count only the
orals the candidates sit: not NV, absent or withdrawn ones."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.session import Candidate
from scheduler.precheck.capacity import Demand, demand
from scheduler.precheck.summary import expected_per_site, render, summarize
from tests.tiny_sessions import make_candidates, one_site_session

SESSION = one_site_session(("E6",))


def _candidates() -> list[Candidate]:
    """Five E6 + ENG candidates: one sits both, one is absent at both, one
    withdrew from ENG only, one withdrew from both, one has a NV dossier."""
    sits, absent, no_eng, gone, nv = make_candidates(5, orals=("E6",), engagement=True)
    return [
        sits,
        replace(absent, absent=frozenset({"E6", "ENG"})),
        replace(no_eng, withdrawn=frozenset({"ENG"})),
        replace(gone, withdrawn=frozenset({"E6", "ENG"})),
        replace(nv, nv=frozenset({"E6", "ENG"})),
    ]


def test_demand_counts_only_the_orals_sat() -> None:
    # E6 is 40 min, ENG 20 min right after it: 60 + 40 (ENG withdrawn).
    assert demand(SESSION, _candidates(), "E6") == Demand(
        "E6", candidates=2, nv=1, oral_minutes=100, preparation_minutes=0, absent=1, withdrawn=1
    )
    assert demand(SESSION, _candidates(), "ENG") == Demand(
        "ENG", candidates=1, nv=1, oral_minutes=20, preparation_minutes=0, absent=1, withdrawn=2
    )


def test_without_events_nothing_changes() -> None:
    plain = make_candidates(3, orals=("E6",), engagement=True)
    assert demand(SESSION, plain, "E6") == Demand("E6", 3, 0, 180, 0)


def test_summary_leaves_out_the_orals_not_sat() -> None:
    candidates = _candidates()
    assert expected_per_site(SESSION, candidates) == {"lycee": {"E6": 2, "ENG": 1}}
    summary = summarize(SESSION, candidates)
    (e6,) = summary.epreuves
    assert e6.family_minutes == 100
    text = render(summary)
    assert "2 candidat(s) à convoquer, 1 NV, 1 absent(s), 1 désisté(s)\n" in text
