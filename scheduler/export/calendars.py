"""``agenda-<id>.ics``: each examiner's commission-days as an iCalendar file
(RFC 5545) to import into Outlook, Thunderbird, Google Calendar or a phone.

One event per commission-day, from the start of the first oral to the end of
the last one, in Paris local time; the place, the partner(s) and the candidates
are in the event.  DTSTAMP is when the plan was computed (a fixed stamp when
a saved plan is rendered again: the same plan gives the same bytes); UIDs
are built from the examiner and the date (an examiner sits in one commission
a day), so that a re-run's calendar updates the event already imported
instead of adding a second one.

``SEQUENCE`` is the revision number (0 for the first plan, then the number
of re-runs since it), so that a calendar application takes a re-run's event
over the one it holds; after a re-run (``previous`` given) and a day the examiner no longer works comes
as a cancelled event (``STATUS:CANCELLED``) with the same UID; an examiner
left with no day still gets a calendar, with only the cancellations.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from scheduler.export.common import FIXED_TIMESTAMP, clock
from scheduler.export.context import PlanContext
from scheduler.export.examiners import (
    ExaminerDay,
    examiner_days,
    examiner_name,
    site_address,
    site_town,
)
from scheduler.text import ascii_only

PRODID = "-//oraux//planification des oraux//FR"
TZID = "Europe/Paris"
PARIS = ZoneInfo(TZID)
#: Every event carries this stamp, so that the same plan gives the same bytes.
DTSTAMP = FIXED_TIMESTAMP.replace(tzinfo=UTC)
UID_DOMAIN = "oraux"


def examiner_calendars(
    ctx: PlanContext, previous: PlanContext | None = None, revision: int = 0
) -> dict[str, bytes]:
    """``agenda-<id>.ics`` → bytes, for every examiner with at least one day
    (or, after a re-run, a day cancelled since ``previous``)."""
    days, cancelled = _calendar_days(ctx, previous)
    ids = list(days) + [i for i in cancelled if i not in days]
    names = file_names(ids)
    return {names[i]: _calendar(ctx, i, days.get(i, []), cancelled.get(i, []), revision) for i in ids}


def calendar_owners(ctx: PlanContext, previous: PlanContext | None = None) -> dict[str, str]:
    """The examiner of each file :func:`examiner_calendars` writes."""
    days, cancelled = _calendar_days(ctx, previous)
    ids = list(days) + [i for i in cancelled if i not in days]
    return {name: i for i, name in file_names(ids).items()}


def _calendar_days(
    ctx: PlanContext, previous: PlanContext | None
) -> tuple[dict[str, list[ExaminerDay]], dict[str, list[ExaminerDay]]]:
    """Each examiner's days, and those cancelled since ``previous``."""
    days = {i: d for i, d in examiner_days(ctx).items() if d}
    cancelled: dict[str, list[ExaminerDay]] = {}
    if previous is not None:
        for i, before in examiner_days(previous).items():
            kept = {d.day for d in days.get(i, [])}
            gone = [d for d in before if d.day not in kept]
            if gone:
                cancelled[i] = gone
    return days, cancelled


def file_names(ids: list[str]) -> dict[str, str]:
    """``agenda-EX001.ics`` for each id: letters (accents dropped), digits,
    ``_`` and ``-`` only, unique even on a case-blind file system."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for examiner in ids:
        plain = ascii_only(examiner)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", plain).strip("-") or "examinateur"
        name, n = f"agenda-{stem}.ics", 2
        while name.lower() in taken:
            name = f"agenda-{stem}-{n}.ics"
            n += 1
        taken.add(name.lower())
        out[examiner] = name
    return out


def paris_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Paris as yearly rules (EU summer time since 1996).

    icalendar's ``add_missing_timezones`` writes the tz database's transitions
    as dated RDATE lists, which Outlook is known to misread (events shifted by
    an hour); the two RRULEs below are what Outlook, Google and libical
    themselves write, and the tests check them against the tz database.
    """
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def local_time(day: date, minutes: int) -> datetime:
    """A plan time (minutes since midnight on ``day``) in Paris local time."""
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=PARIS)


def event_uid(examiner: str, day: date) -> str:
    """Stable across re-runs: one event per examiner and day."""
    return f"{examiner}-{day.isoformat()}@{UID_DOMAIN}"


def _programme(ctx: PlanContext) -> str:
    # « BTS NDRC » out of « BTS NDRC — session 2021 — académie de Toulouse »:
    # a phone shows only the start of a title.
    return ctx.session.label.split(" — ")[0].strip() or ctx.session.code


def _calendar(
    ctx: PlanContext,
    examiner: str,
    days: list[ExaminerDay],
    cancelled: list[ExaminerDay],
    revision: int,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Names the calendar when it is subscribed to rather than imported.
    cal.add("x-wr-calname", f"Oraux {_programme(ctx)} — {examiner_name(ctx, examiner)}")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(paris_timezone())
    events = [(d.day, _event(ctx, d, revision)) for d in days]
    events += [(d.day, _cancelled(ctx, d, revision)) for d in cancelled]
    for _, event in sorted(events, key=lambda e: e[0]):
        cal.add_component(event)
    return cal.to_ical()


def _cancelled(ctx: PlanContext, d: ExaminerDay, revision: int) -> Event:
    """The event of a day no longer worked, cancelled (same UID)."""
    event = Event()
    event.add("uid", event_uid(d.examiner, d.day))
    event.add("dtstamp", _stamp(ctx))
    event.add("sequence", revision)
    event.add("dtstart", local_time(d.day, d.start))
    event.add("dtend", local_time(d.day, d.end))
    event.add("summary", f"ANNULÉ — {_programme(ctx)} — Commission {d.commission}")
    event.add(
        "description", f"{ctx.session.label}\nVous ne siégez plus ce jour-là : cette journée est annulée."
    )
    event.add("status", "CANCELLED")
    event.add("transp", "TRANSPARENT")
    return event


def _event(ctx: PlanContext, d: ExaminerDay, revision: int = 0) -> Event:
    event = Event()
    event.add("uid", event_uid(d.examiner, d.day))
    event.add("dtstamp", _stamp(ctx))
    event.add("sequence", revision)
    event.add("dtstart", local_time(d.day, d.start))
    event.add("dtend", local_time(d.day, d.end))
    codes = " et ".join(d.codes)
    event.add("summary", f"{_programme(ctx)} — {codes} — Commission {d.commission}")
    address = site_address(ctx, d.site)
    event.add("location", f"{address} — {d.room}" if d.room else address)
    event.add("description", _description(ctx, d))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _stamp(ctx: PlanContext) -> datetime:
    """When the plan was computed, in UTC (RFC 5545); the fixed stamp when
    the plan is rendered again, so that the same plan gives the same bytes."""
    return ctx.stamp.astimezone(UTC) if ctx.stamp is not None else DTSTAMP


def _description(ctx: PlanContext, d: ExaminerDay) -> str:
    partners = ", ".join(examiner_name(ctx, p) for p in d.partners)
    where = site_town(ctx, d.site) + (f", {d.room}" if d.room else "")
    lines = [
        ctx.session.label,
        "Épreuve : " + " ; ".join(ctx.epreuve_label(c) for c in d.codes),
        f"Commission {d.commission} — {where}",
        f"Avec : {partners}" if partners else "Seul(e) examinateur(trice) de la commission",
        "",
        f"Candidats ({d.candidates}) :",
    ]
    for r in d.rows:
        c = r.candidate
        lines.append(f"{clock(r.oral.start)} {r.oral.epreuve} {c.number} {c.surname} {c.given_name}")
    return "\n".join(lines)
