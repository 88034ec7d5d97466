"""What the charts read from a plan's rows: the span of a site's day, the
preparation of an oral, the order of the épreuves."""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.domain.session import Session, code_rank
from scheduler.export.context import Row


def time_span(session: Session, rows: Sequence[Row]) -> tuple[int, int]:
    """The day's opening hours, widened to every activity, on half hours."""
    starts = [r.oral.busy_from for r in rows if r.oral.busy_from is not None]
    ends = [r.oral.end for r in rows if r.oral.end is not None]
    first = min([session.hours.start, *starts])
    last = max([session.hours.end, *ends])
    return first // 30 * 30, -(-last // 30) * 30


def preparation(r: Row) -> tuple[int, int] | None:
    """The minutes the candidate prepares in the loge before this oral, if any."""
    o = r.oral
    if o.preparation_start is None or o.start is None or o.preparation_start >= o.start:
        return None
    return (o.preparation_start, o.start)


def code_order(code: str) -> tuple[int, str]:
    """Sort key of épreuve codes: the session's order of orals, others after."""
    return (code_rank(code), code)
