"""``agenda-<id>.ics`` parsed back with icalendar and checked against the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from scheduler.domain.session import code_rank
from scheduler.export.calendars import (
    PRODID,
    TZID,
    examiner_calendars,
    file_names,
    paris_timezone,
)
from scheduler.export.common import clock
from scheduler.export.context import PlanContext
from tests.export.test_examiners import IDLE, expected, staffed_context

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def staffed(export_context: PlanContext) -> PlanContext:
    return staffed_context(export_context)


@pytest.fixture(scope="module")
def files(staffed: PlanContext) -> dict[str, bytes]:
    return examiner_calendars(staffed)


def _events(raw: bytes) -> list[Event]:
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert all(isinstance(e, Event) for e in events)
    return [e for e in events if isinstance(e, Event)]


def test_one_file_per_examiner_with_a_day(staffed: PlanContext, files: dict[str, bytes]) -> None:
    working = [i for i, w in expected(staffed).items() if w.days]
    assert IDLE not in working
    assert sorted(files) == sorted(f"agenda-{i}.ics" for i in working)


def test_one_event_per_commission_day_at_the_plans_times(
    staffed: PlanContext, files: dict[str, bytes]
) -> None:
    for examiner, want in expected(staffed).items():
        if not want.days:
            continue
        events = _events(files[f"agenda-{examiner}.ics"])
        assert len(events) == len(want.days), examiner
        for event, key in zip(events, want.days, strict=True):
            day, commission = key
            orals = want.orals[key]
            start = min(o.start for o in orals if o.start is not None)
            end = max(o.end for o in orals if o.end is not None)
            dtstart, dtend = event.decoded("DTSTART"), event.decoded("DTEND")
            # The plan's wall-clock times on the right date, in Paris time.
            assert dtstart.replace(tzinfo=None) == datetime(day.year, day.month, day.day) + timedelta(
                minutes=start
            )
            assert dtend.replace(tzinfo=None) == datetime(day.year, day.month, day.day) + timedelta(
                minutes=end
            )
            assert event["DTSTART"].params["TZID"] == TZID and event["DTEND"].params["TZID"] == TZID
            # Summer: 08:40 in Paris is 06:40 UTC.
            assert dtstart.utcoffset() == timedelta(hours=2)
            assert dtstart.astimezone(UTC) == dtstart.replace(tzinfo=PARIS).astimezone(UTC)
            assert str(event["UID"]) == f"{examiner}-{day.isoformat()}@oraux"
            codes = " et ".join(sorted({o.epreuve for o in orals}, key=code_rank))
            assert str(event["SUMMARY"]) == f"BTS NDRC — {codes} — Commission {commission}"


def test_location_and_description(staffed: PlanContext, files: dict[str, bytes]) -> None:
    for examiner, want in expected(staffed).items():
        if not want.days:
            continue
        for event, key in zip(_events(files[f"agenda-{examiner}.ics"]), want.days, strict=True):
            first = want.orals[key][0]
            assert first.site is not None and first.room is not None
            location = str(event["LOCATION"])
            assert staffed.session.sites[first.site].full_address in location and first.room in location
            description = str(event["DESCRIPTION"])
            lines = description.split("\n")
            for o in want.orals[key]:
                c = staffed.by_number[o.candidate]
                line = f"{clock(o.start)} {o.epreuve} {c.number} {c.surname} {c.given_name}"
                assert line in lines, (examiner, key, line)
            for partner in want.partners[key]:
                e = staffed.examiner_by_id[partner]
                assert f"{e.surname} {e.given_name} ({partner})" in description


def test_rfc5545_basics(files: dict[str, bytes]) -> None:
    uids: set[str] = set()
    for name, raw in files.items():
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n"), name
        # CRLF everywhere, no content line longer than 75 octets (folded).
        assert b"\n" not in raw.replace(b"\r\n", b""), name
        physical = raw.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in physical), name
        assert b"VERSION:2.0\r\n" in raw and f"PRODID:{PRODID}\r\n".encode() in raw
        raw.decode("utf-8")
        cal = Calendar.from_ical(raw)
        assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == PRODID
        for event in cal.walk("VEVENT"):
            assert "UID" in event and "DTSTAMP" in event, name
            # A saved plan rendered again: a fixed stamp, the same bytes.
            assert event.decoded("DTSTAMP") == datetime(2000, 1, 1, tzinfo=UTC)
            assert int(event["SEQUENCE"]) == 0, name
            assert str(event["UID"]) not in uids
            uids.add(str(event["UID"]))
        # Every TZID used is defined in the file (Outlook refuses it otherwise).
        defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        used = {
            str(prop.params["TZID"])
            for event in cal.walk("VEVENT")
            for prop in (event["DTSTART"], event["DTEND"])
            if "TZID" in prop.params
        }
        assert used and used <= defined == {TZID}


def test_timezone_rules_agree_with_the_tz_database(staffed: PlanContext) -> None:
    # Read as the rules it states, not looked up by name.
    rules = paris_timezone().to_tz(lookup_tzid=False)
    moments = [
        datetime(o.day.year, o.day.month, o.day.day) + timedelta(minutes=o.start)
        for o in staffed.plan.placed()
        if o.day is not None and o.start is not None
    ]
    day = date(1997, 1, 1)
    while day < date(2037, 12, 31):
        # 08:00 and 18:00, clear of the 02:00–03:00 hour that does not exist in March.
        moments += [datetime(day.year, day.month, day.day, 8), datetime(day.year, day.month, day.day, 18)]
        day += timedelta(days=3)
    for moment in moments:
        assert moment.replace(tzinfo=rules).utcoffset() == moment.replace(tzinfo=PARIS).utcoffset(), moment


def test_same_plan_same_bytes(staffed: PlanContext, files: dict[str, bytes]) -> None:
    assert examiner_calendars(staffed) == files


def test_no_named_examiner_no_calendar(export_context: PlanContext) -> None:
    assert examiner_calendars(export_context) == {}


def test_file_names_are_safe_and_unique() -> None:
    names = file_names(["EX001", "Éric/02", "éric 02", "ERIC-02", "../..", ""])
    assert names["EX001"] == "agenda-EX001.ics"
    assert names["Éric/02"] == "agenda-Eric-02.ics"
    # Unique even where the file system ignores case.
    assert len({n.lower() for n in names.values()}) == len(names)
    for name in names.values():
        stem = name.removeprefix("agenda-").removesuffix(".ics")
        assert stem and all(c.isascii() and (c.isalnum() or c in "_-") for c in stem), name


def test_after_a_rerun_events_update_and_lost_days_are_cancelled(staffed: PlanContext) -> None:
    from dataclasses import replace

    # The re-run gives the first commission-day of one examiner to IDLE instead.
    first = next(o for o in staffed.plan.placed() if o.examiners)
    leaving = first.examiners[0]
    key = (first.commission, first.day)
    orals = [
        replace(o, examiners=tuple(IDLE if i == leaving else i for i in o.examiners))
        if (o.commission, o.day) == key
        else o
        for o in staffed.plan.orals
    ]
    after = PlanContext(
        replace(staffed.plan, orals=orals), staffed.session, staffed.candidates, staffed.examiners
    )
    files = examiner_calendars(after, staffed, revision=2)
    assert first.day is not None
    uid = f"{leaving}-{first.day.isoformat()}@oraux"
    # The examiner who left that day: the same UID, cancelled, a higher sequence.
    events = {str(e["UID"]): e for e in _events(files[f"agenda-{leaving}.ics"])}
    assert str(events[uid]["STATUS"]) == "CANCELLED" and int(events[uid]["SEQUENCE"]) == 2
    assert all(str(e["STATUS"]) == "CONFIRMED" for u, e in events.items() if u != uid)
    # The one who took the seat gets a confirmed event under their own UID.
    newcomer = {str(e["UID"]): e for e in _events(files[f"agenda-{IDLE}.ics"])}
    assert str(newcomer[f"{IDLE}-{first.day.isoformat()}@oraux"]["STATUS"]) == "CONFIRMED"
    # Nobody else is cancelled anything.
    for name, raw in files.items():
        if name not in (f"agenda-{leaving}.ics", f"agenda-{IDLE}.ics"):
            assert all(str(e["STATUS"]) == "CONFIRMED" for e in _events(raw)), name


def test_a_published_plan_stamps_when_it_was_computed(staffed: PlanContext) -> None:
    stamp = datetime(2021, 5, 10, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    files = examiner_calendars(replace(staffed, stamp=stamp))
    for raw in files.values():
        for event in Calendar.from_ical(raw).walk("VEVENT"):
            assert event.decoded("DTSTAMP") == datetime(2021, 5, 10, 7, 30, tzinfo=UTC)
            assert raw.count(b"DTSTAMP:20210510T073000Z") >= 1
