"""A candidate as the orals of some épreuves see them."""

from __future__ import annotations

from scheduler.domain.session import Candidate


def test_events_of_other_epreuves_are_left_out() -> None:
    cand = Candidate(
        "0210000001", "NOM", "Prénom", "Lycée", "Centre", orals=("E2", "E4", "E5", "E6"),
        languages=(("E2", "anglais"),), nv=frozenset({"E6"}), absent=frozenset({"E5"}), withdrawn=frozenset({"E4"}),
    )  # fmt: skip
    at_e2 = cand.seen_by(frozenset({"E2"}))
    assert (at_e2.absent, at_e2.withdrawn, at_e2.nv) == (frozenset(), frozenset(), frozenset())
    assert all(at_e2.sits(c) for c in ("E2", "E4", "E5", "E6"))
    # What the orals of these épreuves show is unchanged.
    for codes in ({"E4"}, {"E5"}, {"E6"}, {"E4", "E6", "ENG"}):
        seen = cand.seen_by(frozenset(codes))
        assert all(seen.excused(c) == cand.excused(c) for c in codes)


def test_registrations_read_by_code() -> None:
    cand = Candidate(
        "0210000001", "NOM", "Prénom", "Lycée", "Centre", orals=("E2", "E2F", "E6", "ENG"),
        languages=(("E2", "anglais"), ("E2F", "espagnol")), nv=frozenset({"E6", "ENG"}),
    )  # fmt: skip
    assert cand.requested_orals() == ["E2", "E2F", "E6", "ENG"]
    assert (cand.oral_language("E2"), cand.oral_language("E2F"), cand.oral_language("E6")) == (
        "anglais",
        "espagnol",
        None,
    )
    assert [cand.excused(c) for c in cand.orals] == [None, None, "NV", "NV"]
