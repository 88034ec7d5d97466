"""Nearest sites, extra minutes and the sentence on candidates sent farther, by hand."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain.plan import Plan, SolverInfo
from scheduler.domain.travel import TRAVEL_STAGE, FartherTrip, farther_sentence, travel_proven
from tests.domain.test_comfort import CENTRE, far_session


def test_nearest_site_and_extra_minutes() -> None:
    session = far_session()  # 80 minutes to the lycée, 110 to the annexe
    sites = ("lycee", "annexe")
    assert session.nearest_site(CENTRE, sites) == "lycee"
    assert session.extra_minutes(CENTRE, sites, "annexe") == 30
    assert session.extra_minutes(CENTRE, sites, "lycee") == 0
    assert session.extra_minutes(CENTRE, ("annexe",), "annexe") == 0


def test_a_missing_travel_time_prefers_no_site() -> None:
    # Unknown, not zero: the annexe would otherwise look nearest to everyone.
    session = replace(far_session(), travel_minutes={"Loin": {"lycee": 80}})
    assert session.nearest_site(CENTRE, ("lycee", "annexe")) is None
    assert session.extra_minutes(CENTRE, ("lycee", "annexe"), "lycee") == 0
    assert session.extra_travel(CENTRE, ("lycee", "annexe"), "lycee") == 0


def _trip(number: str, full: bool) -> FartherTrip:
    return FartherTrip(number, "E5", far_session().epreuves["E2"].first_day, "annexe", "lycee", 30, full)


def test_the_sentence_says_how_many_how_far_and_why() -> None:
    trips = [_trip("1", True), _trip("2", False), _trip("3", False)]
    proven = farther_sentence(trips, proven=True)
    assert proven.startswith("3 candidat(s) envoyé(s) sur un site plus éloigné")
    assert "(E5 : 3)" in proven and "90 min de trajet en plus" in proven
    assert "pour 1, le site le plus proche était complet" in proven
    assert "pour les 2 autres, les garder au plus proche aurait demandé une journée-commission de plus (prouvé)" in proven
    unproven = farther_sentence(trips[1:], proven=False)
    assert "pour 2, le calcul n'a pas trouvé" in unproven and "prouvé" not in unproven


def _stages(*rows: tuple[str, str]) -> Plan:
    return Plan("test", [], SolverInfo("optimal", stages=[{"etape": e, "statut": s} for e, s in rows]))


def test_travel_is_proven_only_when_every_block_proved_it() -> None:
    travel = f" : {TRAVEL_STAGE}"
    both = [("E2+E5 : journées-commission", "optimal"), ("E2+E5" + travel, "optimal")]
    e6 = [("E6 : journées-commission", "optimal"), ("E6" + travel, "optimal")]
    assert travel_proven(_stages(*both, *e6))
    # A block whose search found nothing in its time keeps its start plan: no proof.
    assert not travel_proven(_stages(("E2+E5 : journées-commission", "inconnu"), *e6))
    assert not travel_proven(_stages(("E2+E5 : journées-commission", "optimal"), ("E2+E5" + travel, "réalisable"), *e6))
    # A block solved in parts proves each part with the rest fixed, not the whole.
    assert not travel_proven(_stages(("E5 (E5, 25/05–27/05) : journées-commission", "optimal"), *e6))
    assert not travel_proven(_stages())
