"""The hard rules of a plan, checked without any solver: :func:`validate`.

This is the executable specification of what a valid plan is: the CP-SAT
model must produce plans that pass it, and a plan edited by hand (or re-read
from disk) is checked by it too.  The rules only read the domain
(:mod:`scheduler.domain`), never the solver, so that they stay an independent
referee (and cheap to import).

Each hard rule is one ``check_*`` function whose docstring states the rule,
in a module per family:

- :mod:`~scheduler.validate.orals`: the orals of each candidate, their
  statuses (NV, absent, désisté, non placé) and languages;
- :mod:`~scheduler.validate.calendar`: working days of the épreuve's window,
  opening hours and lunch break;
- :mod:`~scheduler.validate.candidates`: durations and extra time,
  convocation, ENG right after E6, rest between orals, one site a day;
- :mod:`~scheduler.validate.commissions`: a commission's family, one
  candidate at a time, one site and room a day;
- :mod:`~scheduler.validate.sites`: the épreuve's sites, rooms open each day,
  loge seats, computer stations;
- :mod:`~scheduler.validate.subjects`: E5 subjects alternate.

:data:`RULES` lists them all and :func:`validate` runs them.  Messages are
French, for the exam office: candidate number, épreuve, day, times, site.

A rule reports only what it is about: an oral with a missing or inconsistent
field is reported once by :func:`~scheduler.validate.orals.check_orals_requested`
and skipped by the other rules (see :mod:`~scheduler.validate.placed`), so that
one mistake does not cascade into a dozen messages.
"""

from __future__ import annotations

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.validate.calendar import check_daily_hours, check_day
from scheduler.validate.candidates import (
    check_candidate_no_overlap_and_rest,
    check_convocation,
    check_durations,
    check_follow_on,
    check_one_site_per_day,
)
from scheduler.validate.commissions import (
    check_commission_family,
    check_commission_one_at_a_time,
    check_commission_site_and_room,
)
from scheduler.validate.orals import check_language, check_orals_requested, check_unplaced
from scheduler.validate.sites import (
    check_closures,
    check_computer_stations,
    check_loge_capacity,
    check_rooms,
    check_site,
)
from scheduler.validate.subjects import check_subjects
from scheduler.validate.violation import Rule, Violation

#: Every hard rule, in the order their violations are reported.
RULES: list[Rule] = [
    check_orals_requested,
    check_unplaced,
    check_site,
    check_day,
    check_daily_hours,
    check_durations,
    check_follow_on,
    check_language,
    check_commission_family,
    check_commission_one_at_a_time,
    check_commission_site_and_room,
    check_rooms,
    check_closures,
    check_loge_capacity,
    check_computer_stations,
    check_candidate_no_overlap_and_rest,
    check_one_site_per_day,
    check_subjects,
    check_convocation,
]


def validate(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """Every hard-rule violation of ``plan``; empty when the plan is valid."""
    out: list[Violation] = []
    for rule in RULES:
        out += rule(session, candidates, plan)
    return out
