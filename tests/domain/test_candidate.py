"""A candidate as the orals of some épreuves see them."""

from __future__ import annotations

from scheduler.domain.session import Candidate


def test_events_of_other_epreuves_are_left_out() -> None:
    cand = Candidate(
        "0210000001", "NOM", "Prénom", "Lycée", "Centre", language="anglais", e4=True, e5=True, e6=True,
        e6_nv=True, absent=frozenset({"E5"}), withdrawn=frozenset({"E4"}),
    )  # fmt: skip
    at_e2 = cand.seen_by(frozenset({"E2"}))
    assert (at_e2.absent, at_e2.withdrawn, at_e2.e4_nv, at_e2.e6_nv) == (frozenset(), frozenset(), False, False)
    assert all(at_e2.sits(c) for c in ("E2", "E4", "E5", "E6"))
    # What the orals of these épreuves show is unchanged.
    for codes in ({"E4"}, {"E5"}, {"E6"}, {"E4", "E6", "ENG"}):
        seen = cand.seen_by(frozenset(codes))
        assert all(seen.excused(c) == cand.excused(c) for c in codes)
