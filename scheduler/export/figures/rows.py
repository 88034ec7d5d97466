"""What the charts read from a plan's rows: the span of a site's day, the
preparation of an oral, the order of the épreuves, the commission-days of
each épreuve family."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.domain.commission import family_of
from scheduler.domain.session import CodeRank, Session, code_rank
from scheduler.export.context import PlanContext, Row


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


def code_order(code: str) -> tuple[CodeRank, str]:
    """Sort key of épreuve codes: the session's order of orals, others after."""
    return (code_rank(code), code)


@dataclass(frozen=True)
class Bar:
    """What the per-épreuve charts draw of one commission-day."""

    commission: str
    site: str
    day: date
    #: Language (épreuves by language) or site key: the colour in the charts.
    group: str
    candidates: int


def family_commission_days(ctx: PlanContext) -> dict[str, list[Bar]]:
    """Commission-days by épreuve family (E2F with E2, ENG with E6), in order."""
    session = ctx.session
    out: dict[str, list[Bar]] = {}
    for (commission, day), rows in ctx.by_commission_day().items():
        codes = [r.oral.epreuve for r in rows]
        family = next(
            (session.epreuves[c].family for c in codes if c in session.epreuves), family_of(commission)
        )
        ep = session.epreuves.get(family)
        site = Counter(r.oral.site or "" for r in rows).most_common(1)[0][0]
        group = site
        if ep is not None and ep.by_language:
            own = [r.oral.language or "?" for r in rows if r.oral.epreuve == family]
            group = Counter(own or [r.oral.language or "?" for r in rows]).most_common(1)[0][0]
        out.setdefault(family, []).append(
            Bar(commission, site, day, group, len({r.oral.candidate for r in rows}))
        )
    return dict(sorted(out.items(), key=lambda kv: code_order(kv[0])))


def family_codes(ctx: PlanContext) -> list[str]:
    """The épreuve families with commissions, in order: two charts each."""
    return list(family_commission_days(ctx))
