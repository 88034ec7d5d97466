"""The figures ``oraux verifier`` prints, computed on the bundled session."""

from __future__ import annotations

from pathlib import Path

from scheduler.io.inputs import load_inputs
from scheduler.precheck.summary import summarize

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
    assert by_code["E4"].demand.nv == sum(1 for c in inputs.candidates if c.e4 and c.e4_nv)
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
        if c.e5 and (session.travel(c.centre, "muret") or 0) < (session.travel(c.centre, "toulouse") or 0)
    )
    assert summary.per_site["muret"]["E5"] == near_muret
    assert [(g.label, g.announced, g.listed) for g in summary.circular_gaps] == [
        ("CFA Commerce & Services (Blagnac)", 107, 108)
    ]
    assert not summary.centre_gaps  # the sample list has every centre's announced count
    assert len(summary.nv) == 5 and len(summary.extra_time) == 6
    assert by_code["E4"].lower_bound == 46 and by_code["E2F"].examined_with == "E2"
