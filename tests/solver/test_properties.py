"""Properties of the planners on random small sessions (hypothesis).

Whatever the session — 1 to 3 calendar days (weekends and a holiday
included), one or two sites with 1–3 rooms, 1–4 loge seats and 0–2 computers,
each épreuve at some of the sites over part of the days, up to 12 candidates
with any orals, two languages, tiers-temps and NV dossiers — a plan is either:

* complete: the validator finds nothing, there are no diagnostics, and no pool
  uses fewer commission-days than its lower bound; or
* incomplete: the only violations are the unplaced orals, and the diagnostics
  name each pool (épreuve, language) with unplaced orals and its candidates.

Examples are derandomized, so a run repeats exactly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain.commission import pool_of
from scheduler.domain.plan import UNPLACED, Plan
from scheduler.domain.session import Candidate, Session
from scheduler.solver.bounds import pool_lower_bounds
from scheduler.solver.pipeline import first_fit_plan, plan_session
from scheduler.solver.tasks import build_tasks, language_code
from scheduler.validate.hard_rules import validate
from tests.tiny_sessions import FAST, day, make_candidates, make_epreuve, make_session, make_site, with_fast

#: Shorter than FAST: many sessions, each small.
OPTIONS = with_fast(deterministic_limit=1.0, time_limit=min(FAST.time_limit, 10))

LANGUAGES = ("anglais", "espagnol")
SITE_KEYS = ("lycee", "annexe")


@st.composite
def sessions(draw: st.DrawFn) -> tuple[Session, list[Candidate]]:
    # Monday, Wednesday or Friday: three days from Friday run into the weekend.
    start = draw(st.sampled_from([0, 2, 4]))
    calendar = [day(start + i) for i in range(draw(st.integers(1, 3)))]
    weekdays = [d for d in calendar if d.weekday() < 5]
    holidays: list[date] = []
    if len(weekdays) > 1 and draw(st.booleans()):
        holidays = [draw(st.sampled_from(weekdays))]
    # Windows begin and end on a working day (a window without one is a known
    # crash, pinned in test_solver_rules).
    working = [d for d in weekdays if d not in holidays]
    sites = [
        make_site(
            key,
            rooms=draw(st.integers(1, 3)),
            loge=draw(st.integers(1, 4)),
            stations=draw(st.integers(0, 2)),
        )
        for key in SITE_KEYS[: draw(st.integers(1, 2))]
    ]
    epreuves = []
    for code in ("E2", "E4", "E5", "E6"):
        first = draw(st.integers(0, len(working) - 1))
        last = draw(st.integers(first, len(working) - 1))
        at = draw(st.sets(st.sampled_from([s.key for s in sites]), min_size=1))
        epreuves.append(
            make_epreuve(code, sites=tuple(sorted(at)), first_day=working[first], last_day=working[last])
        )
    session = make_session(epreuves, sites, holidays=holidays)
    candidates: list[Candidate] = []
    for i in range(draw(st.integers(1, 12))):
        orals = draw(st.sets(st.sampled_from(["E2", "E4", "E5", "E6"])))
        language = draw(st.sampled_from(LANGUAGES))
        other = LANGUAGES[1 - LANGUAGES.index(language)]
        candidates += make_candidates(
            1,
            first=i + 1,
            orals=orals,
            language=language,
            optional_language=other if "E2" in orals and draw(st.booleans()) else None,
            engagement=draw(st.booleans()),
            extra_time=draw(st.sampled_from([Fraction(0), Fraction(0), Fraction(1, 3)])),
            e4_nv=draw(st.integers(0, 9)) == 0,
            e6_nv=draw(st.integers(0, 9)) == 0,
            etablissement=draw(st.sampled_from(["Lycée A", "Lycée B"])),
        )
    return session, candidates


def pool_label(session: Session, code: str, language: str | None) -> str:
    """How the diagnostics name a pool: « E2 anglais » for E2F in anglais, « E6 » for ENG."""
    ep = session.epreuves[code]
    family = ep.family
    return f"{family} {language}" if ep.by_language and language else family


def commission_days_by_pool(plan: Plan) -> Counter[str]:
    pairs = {(pool_of(o.commission), o.commission, o.day) for o in plan.placed() if o.commission}
    return Counter(pool for pool, _, _ in pairs)


def check_outcome(
    session: Session, candidates: list[Candidate], plan: Plan, complete_status: set[str]
) -> None:
    violations = validate(session, candidates, plan)
    unplaced = [o for o in plan.orals if o.status == UNPLACED]
    if not unplaced:
        assert violations == [], "\n".join(v.message for v in violations)
        assert plan.diagnostics == []
        assert plan.solver.status in complete_status
        bounds = pool_lower_bounds(session, build_tasks(session, candidates))
        used = commission_days_by_pool(plan)
        assert all(used[pool] >= b for pool, b in bounds.items()), (bounds, used)
        return
    assert plan.solver.status == "incomplet"
    assert {v.rule for v in violations} == {"check_unplaced"}, "\n".join(v.message for v in violations)
    assert len(violations) == len(unplaced)
    by_label: dict[str, set[str]] = {}
    for o in unplaced:
        by_label.setdefault(pool_label(session, o.epreuve, o.language), set()).add(o.candidate)
    assert len(plan.diagnostics) == len(by_label)
    for label, who in by_label.items():
        (sentence,) = [s for s in plan.diagnostics if s.startswith(f"{label} : ")]
        assert f"{len(who)} candidat(s) sans créneau" in sentence
        if len(who) <= 8:  # longer lists end with « … »
            assert all(number in sentence for number in who), (sentence, who)


@settings(
    derandomize=True,
    database=None,
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sessions())
def test_plan_session_is_valid_or_diagnosed(case: tuple[Session, list[Candidate]]) -> None:
    session, candidates = case
    plan = plan_session(session, candidates, OPTIONS)
    check_outcome(session, candidates, plan, {"optimal", "réalisable"})
    # Language commissions examine their language only.
    for o in plan.placed():
        if o.language and o.commission:
            assert o.commission.startswith(f"E2-{language_code(o.language)}-C")


@settings(
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sessions())
def test_first_fit_is_valid_or_diagnosed(case: tuple[Session, list[Candidate]]) -> None:
    session, candidates = case
    plan = first_fit_plan(session, candidates)
    check_outcome(session, candidates, plan, {"premier ajustement"})
