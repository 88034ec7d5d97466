"""Re-runs on random small sessions and random events (hypothesis, issue #12).

Whatever the session and whatever happens — absences, withdrawals, NV
dossiers found late, a room or a commission lost for some days — as of any
moment of the session, a re-run either publishes a plan that every hard rule
and every re-run rule accepts, or says in French why the events cannot be
absorbed (exit 1).  Never a plan the validator rejects (exit 3).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduler.domain.events import Event
from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.publish.planning import PlanningFailed
from scheduler.publish.replanning import repair_and_staff
from scheduler.rerun.amend import amend
from scheduler.solver.pipeline import plan_session
from scheduler.validate.hard_rules import validate
from scheduler.validate.rerun import validate_rerun
from tests.solver.test_properties import OPTIONS, sessions

pytestmark = pytest.mark.slow


@st.composite
def events_of(draw: st.DrawFn, session: Session, candidates: list[Candidate], plan: Plan) -> list[Event]:
    """Up to four events about the plan's own candidates, commissions, rooms and days."""
    placed = plan.placed()
    days = sorted({o.day for o in placed if o.day is not None})
    out: list[Event] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "candidat_absent",
                    "candidat_desiste",
                    "dossier_non_conforme",
                    "salle_indisponible",
                    "examinateur_indisponible",
                ]
            )
        )
        oral = draw(st.sampled_from(placed))
        first = draw(st.sampled_from(days))
        last = draw(st.sampled_from([d for d in days if d >= first]))
        if kind == "candidat_absent":
            out.append(Event(kind, oral.candidate, epreuve=draw(st.sampled_from([None, oral.epreuve]))))
        elif kind == "candidat_desiste":
            out.append(Event(kind, oral.candidate))
        elif kind == "dossier_non_conforme":
            nv = [o for o in placed if o.epreuve in ("E4", "E6")]
            if nv:
                o = draw(st.sampled_from(nv))
                out.append(Event(kind, o.candidate, epreuve=o.epreuve))
        elif kind == "salle_indisponible" and oral.site and oral.room:
            out.append(Event(kind, oral.site, first_day=first, last_day=last, room=oral.room))
        elif kind == "examinateur_indisponible" and oral.commission:
            out.append(Event(kind, oral.commission, first_day=first, last_day=last))
    return out


@settings(
    # Each example plans and re-plans a session (about 2 s): ten keep make test
    # within its time now that the documents include the letters.
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(st.data())
def test_a_rerun_publishes_a_valid_plan_or_explains_why_not(data: st.DataObject) -> None:
    """Any events as of any moment: a valid plan for every hard and re-run rule, or French reasons — never exit 3."""
    session, candidates = data.draw(sessions())
    parent = plan_session(session, candidates, OPTIONS)
    assume(not parent.diagnostics and parent.placed())
    events = data.draw(events_of(session, candidates, parent))
    days = sorted({o.day for o in parent.placed() if o.day is not None})
    day: date = data.draw(st.sampled_from(days))
    now = datetime.combine(day, time(data.draw(st.sampled_from([7, 10, 14, 19]))))
    amended = amend(session, candidates, [], parent, events, now)
    try:
        plan, amended = repair_and_staff(amended, parent, OPTIONS)
    except PlanningFailed as failed:
        assert failed.reasons and all(isinstance(r, str) and r for r in failed.reasons)
        return
    violations = validate(amended.session, amended.candidates, plan) + validate_rerun(parent, plan, now)
    assert violations == [], "\n".join(v.message for v in violations)
