"""Hard rules on when an oral is held: a working day of its épreuve's window,
inside the opening hours and not across the lunch break."""

from __future__ import annotations

from scheduler.domain.plan import Plan
from scheduler.domain.session import Candidate, Session
from scheduler.text import WEEKDAYS
from scheduler.validate.placed import placed_orals
from scheduler.validate.violation import Violation, heading, iso_day, time_span


def check_day(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """An oral takes place on a working day of its épreuve's window: no weekend, no holiday."""
    rule = check_day.__name__
    out: list[Violation] = []
    for p in placed_orals(session, plan):
        if p.day in session.working_days(p.ep):
            continue
        window = session.epreuves[p.ep.follows] if p.ep.follows else p.ep
        if p.day.weekday() >= 5:
            why = f"{WEEKDAYS[p.day.weekday()]}, jour non ouvré"
        elif p.day in session.holidays:
            why = "jour férié"
        else:
            why = f"hors de la période de l'épreuve (du {iso_day(window.first_day)} au {iso_day(window.last_day)})"
        out.append(Violation(rule, f"{heading(p.candidate, p.code, p.day)} : {why}", p.candidate, p.code))
    return out


def check_daily_hours(session: Session, candidates: list[Candidate], plan: Plan) -> list[Violation]:
    """From the start of its preparation to its end, an oral lies inside one half-day.

    Never before opening, after closing, or across the lunch break.
    """
    rule = check_daily_hours.__name__
    out: list[Violation] = []
    half_days = session.hours.half_days()
    for p in placed_orals(session, plan):
        # min() so that a preparation wrongly placed after the start (reported by
        # check_durations) does not hide the oral itself leaving the hours.
        lo, hi = min(p.busy_from, p.start), p.end
        if any(a <= lo and hi <= b for a, b in half_days):
            continue
        (m0, m1), (a0, a1) = half_days
        out.append(
            Violation(
                rule,
                f"{heading(p.candidate, p.code, p.day)} : {time_span(lo, hi)} déborde des horaires "
                f"(matin {time_span(m0, m1)}, après-midi {time_span(a0, a1)})",
                p.candidate,
                p.code,
            )
        )
    return out
