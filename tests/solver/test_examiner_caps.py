"""How many commissions the examiners can form: each examiner counted once
(issue #12: an examiner of two languages was counted in both, and the plan
then lacked an examiner)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scheduler.solver.examiner_caps as caps_module
from scheduler.domain.session import Examiner, Session
from scheduler.solver.examiner_caps import examiner_caps
from scheduler.solver.pipeline import plan_session
from scheduler.solver.staffing import staff, with_examiners
from scheduler.solver.tasks import Pool
from scheduler.validate.examiners import validate_examiners
from tests.tiny_sessions import FAST, MONDAY, assert_valid, make_candidates, one_site_session

ESP, POR, ANG = Pool("E2", "espagnol"), Pool("E2", "portugais"), Pool("E2", "anglais")
E4, E5 = Pool("E4"), Pool("E5")


def _session(days: int = 1) -> Session:
    session = one_site_session(("E2", "E4", "E5"), days=days, rooms=3, loge=6, stations=3)
    session = replace(session, languages=("anglais", "espagnol", "portugais"))
    mixed = {c: replace(ep, mixed_commission=c == "E4") for c, ep in session.epreuves.items()}
    return replace(session, epreuves=mixed)


def _examiner(i: int, epreuves: str, languages: str = "", quality: str = "enseignant") -> Examiner:
    return Examiner(
        id=f"EX{i:03d}",
        surname=f"EXAM{i}",
        given_name="Prénom",
        etablissement="",
        quality=quality,  # type: ignore[arg-type]
        epreuves=frozenset(epreuves.split()),
        languages=frozenset(languages.split()),
    )


def test_an_examiner_of_two_languages_counts_once() -> None:
    """Spanish and Portuguese share their only examiner: one commission of the two, not one each."""
    examiners = [
        _examiner(1, "E2", "espagnol portugais"),
        _examiner(2, "E2", "anglais"),
        _examiner(3, "E2", "anglais"),
    ]
    caps = examiner_caps(_session(), examiners, [ESP, POR, ANG], [MONDAY])
    assert caps.pool_cap(ESP.key, MONDAY) == caps.pool_cap(POR.key, MONDAY) == 1
    assert caps.allows(MONDAY, {ESP.key: 1, ANG.key: 2})
    # Three E2 examiners for three commissions, yet Spanish and Portuguese need two of one person.
    assert not caps.allows(MONDAY, {ESP.key: 1, POR.key: 1, ANG.key: 1})


def test_an_examiner_of_two_epreuves_counts_once() -> None:
    """E2 and E5 share a day: an examiner of both sits in one commission of either."""
    examiners = [_examiner(1, "E2 E5", "anglais")]
    caps = examiner_caps(_session(), examiners, [ANG, E5], [MONDAY])
    assert caps.allows(MONDAY, {ANG.key: 1}) and caps.allows(MONDAY, {E5.key: 1})
    assert not caps.allows(MONDAY, {ANG.key: 1, E5.key: 1})


def test_a_mixed_commission_needs_its_teacher() -> None:
    """Four E4 examiners but one teacher: one mixed commission, not two."""
    examiners = [_examiner(1, "E4")] + [_examiner(i, "E4", quality="professionnel") for i in (2, 3, 4)]
    caps = examiner_caps(_session(), examiners, [E4], [MONDAY])
    assert caps.pool_cap(E4.key, MONDAY) == 1
    assert not caps.allows(MONDAY, {E4.key: 2})


def _staffable(
    session: Session, examiners: list[Examiner], pools: list[Pool], counts: dict[str, int]
) -> bool:
    """Brute force: seats of every commission matched to distinct examiners (augmenting paths)."""
    seats: list[set[str]] = []
    for pool in pools:
        ep = session.epreuves[pool.family]
        able = {
            e.id
            for e in examiners
            if pool.family in e.epreuves and (pool.language is None or pool.language in e.languages)
        }
        teachers = {e.id for e in examiners if e.id in able and e.quality == "enseignant"}
        for _ in range(counts.get(pool.key, 0)):
            mixed = ep.mixed_commission and ep.commission_size >= 2
            seats += [teachers] if mixed else []
            seats += [able] * (ep.commission_size - (1 if mixed else 0))
    taken: dict[str, int] = {}

    def place(i: int, seen: set[str]) -> bool:
        for e in sorted(seats[i]):
            if e in seen:
                continue
            seen.add(e)
            if e not in taken or place(taken[e], seen):
                taken[e] = i
                return True
        return False

    return all(place(i, set()) for i in range(len(seats)))


EXAMINER_KINDS = [
    ("E2", "espagnol"),
    ("E2", "portugais"),
    ("E2", "espagnol portugais"),
    ("E2", "anglais espagnol"),
    ("E2 E5", "anglais"),
    ("E5", ""),
    ("E4", ""),
    ("E4 E5", ""),
]


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.sampled_from(EXAMINER_KINDS), st.booleans()), max_size=7),
    st.fixed_dictionaries({p.key: st.integers(0, 3) for p in (ESP, POR, ANG, E4, E5)}),
)
def test_the_limits_allow_exactly_what_examiners_can_staff(
    kinds: list[tuple[tuple[str, str], bool]], counts: dict[str, int]
) -> None:
    """Whatever the examiners and the commissions of a day, the limits allow them iff seats can be matched."""
    session = _session()
    examiners = [
        _examiner(i, ep, langs, "enseignant" if teacher else "professionnel")
        for i, ((ep, langs), teacher) in enumerate(kinds, start=1)
    ]
    pools = [ESP, POR, ANG, E4, E5]
    caps = examiner_caps(session, examiners, pools, [MONDAY])
    assert caps.allows(MONDAY, counts) == _staffable(session, examiners, pools, counts)


def test_a_plan_never_needs_the_same_examiner_twice_a_day() -> None:
    """Spanish and Portuguese orals with one examiner of both: the plan puts them on two days, and staffing fills every seat."""
    session = _session(days=2)
    candidates = make_candidates(2, orals=("E2",), language="espagnol") + make_candidates(
        2, first=3, orals=("E2",), language="portugais"
    )
    examiners = [_examiner(1, "E2", "espagnol portugais")]
    plan = plan_session(session, candidates, FAST, examiners=examiners)
    assert_valid(session, candidates, plan)
    days: dict[str, set[date]] = {}
    for o in plan.placed():
        assert o.day is not None and o.language is not None
        days.setdefault(o.language, set()).add(o.day)
    assert days["espagnol"].isdisjoint(days["portugais"])
    staffing = staff(session, candidates, plan, examiners, FAST, 10)
    assert staffing.missing == {}
    assert validate_examiners(session, candidates, with_examiners(plan, staffing), examiners) == []


def test_past_too_many_choices_each_group_sharing_examiners_is_still_limited(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond MAX_CHOICES, the limits are necessary conditions: what can be staffed stays allowed, and
    Spanish and Portuguese sharing their only examiner still get one commission between them."""
    examiners = [
        _examiner(1, "E2", "espagnol portugais"),
        _examiner(2, "E2", "anglais"),
        _examiner(3, "E2 E5", "anglais"),
    ]
    pools = [ESP, POR, ANG, E5]
    exact = examiner_caps(_session(), examiners, pools, [MONDAY])
    monkeypatch.setattr(caps_module, "MAX_CHOICES", 1)
    loose = examiner_caps(_session(), examiners, pools, [MONDAY])
    assert not loose.allows(MONDAY, {ESP.key: 1, POR.key: 1})
    for esp in range(3):
        for ang in range(3):
            for e5 in range(3):
                counts = {ESP.key: esp, ANG.key: ang, E5.key: e5}
                if exact.allows(MONDAY, counts):
                    assert loose.allows(MONDAY, counts)
