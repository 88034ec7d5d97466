"""The figures ``oraux verifier`` prints, computed on the bundled session."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scheduler.io.inputs import load_inputs
from scheduler.precheck.summary import render, summarize

SESSION = Path(__file__).resolve().parents[2] / "data" / "toulouse-2021"


def test_counts_per_epreuve_site_and_gaps() -> None:
    inputs = load_inputs(SESSION)
    summary = summarize(inputs.session, inputs.candidates)
    assert summary.total == 536
    by_code = {e.code: e for e in summary.epreuves}
    registered = {
        code: sum(1 for c in inputs.candidates if code in c.requested_orals() and not c.is_nv(code))
        for code in ("E2", "E2F", "E4", "E5", "E6", "ENG")
    }
    assert by_code["E4"].demand.candidates == registered["E4"]
    assert by_code["E4"].demand.nv == sum(1 for c in inputs.candidates if "E4" in c.orals and c.is_nv("E4"))
    # Every expected oral is counted at exactly one site.
    per_code: dict[str, int] = {}
    for counts in summary.per_site.values():
        for code, n in counts.items():
            per_code[code] = per_code.get(code, 0) + n
    assert per_code == {code: n for code, n in registered.items() if n}
    assert set(summary.per_site["tarbes"]) == {"E2", "E2F"}
    # E5 is counted at the nearer of Toulouse and Muret.
    session = inputs.session
    near_muret = sum(
        1
        for c in inputs.candidates
        if "E5" in c.orals and (session.travel(c.centre, "muret") or 0) < (session.travel(c.centre, "toulouse") or 0)
    )
    assert summary.per_site["muret"]["E5"] == near_muret
    assert [(g.label, g.announced, g.listed) for g in summary.circular_gaps] == [
        ("CFA Commerce & Services (Blagnac)", 107, 108)
    ]
    assert not summary.centre_gaps  # the sample list has every centre's announced count
    assert len(summary.nv) == 5 and len(summary.extra_time) == 6
    assert by_code["E4"].lower_bound == 46 and by_code["E2F"].examined_with == "E2"


def test_missing_travel_times_are_named_town_and_site() -> None:
    """Issue #12: a town missing from [trajets_minutes] is reported per site with its candidates, never silently 0."""
    inputs = load_inputs(SESSION)
    assert summarize(inputs.session, inputs.candidates).travel_gaps == []
    travel = {town: row for town, row in inputs.session.travel_minutes.items() if town != "Rodez"}
    session = replace(inputs.session, travel_minutes=travel)
    summary = summarize(session, inputs.candidates)
    rodez = [c for c in inputs.candidates if session.centre_of(c.centre).town == "Rodez"]  # type: ignore[union-attr]
    castres = sum(1 for c in rodez if "E4" in c.requested_orals())
    assert {g.town for g in summary.travel_gaps} == {"Rodez"}
    assert next(g.candidates for g in summary.travel_gaps if g.site == "castres") == castres > 0
    text = render(summary)
    assert f"  Rodez → Castres (castres) : {castres} candidat(s)" in text.splitlines()
    assert "ne sait ni quel site est le plus proche ni si le candidat vient de loin" in text
