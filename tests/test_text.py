"""French text written once: dates, times, slugs and name keys."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from scheduler.text import (
    SLUG_LENGTH,
    ascii_slug,
    french_date,
    hhmm,
    loose_key,
    moment,
    name_key,
    numeric_date,
    short_day,
    strip_accents,
)


def test_dates_as_the_office_writes_them() -> None:
    """Long, numeric and short forms of the same Monday of the 2021 session."""
    day = date(2021, 6, 7)
    assert french_date(day) == "lundi 7 juin 2021"
    assert numeric_date(day) == "07/06/2021"
    assert short_day(day) == "lun. 07/06"
    assert french_date(date(2021, 8, 15)) == "dimanche 15 août 2021"


def test_times_are_two_digit_hours_and_minutes() -> None:
    """Minutes since midnight become HH:MM, a moment adds the date."""
    assert hhmm(8 * 60 + 40) == "08:40"
    assert hhmm(0) == "00:00"
    assert moment(datetime(2021, 6, 4, 18, 5)) == "04/06/2021 à 18:05"


def test_keys_ignore_case_accents_and_punctuation() -> None:
    """Spellings of one name share their keys; slugs are ASCII file names."""
    assert strip_accents("Ferrières-sur-Ariège") == "Ferrieres-sur-Ariege"
    assert name_key("ÉTIENNE") == name_key("etienne")
    assert loose_key("Lycée  d'Arsonval") == loose_key("lycee d arsonval") == "lycee d arsonval"
    assert loose_key("N° candidat") == "no candidat"
    assert ascii_slug("Saint-Gaudens (lycée)") == "saint-gaudens-lycee"
    # A 500-character name still makes a file name a file system takes.
    assert ascii_slug("Lycée " + "x" * 500 + " Toulouse") == "lycee-" + "x" * (SLUG_LENGTH - 6)


@given(st.text())
def test_keys_are_idempotent(text: str) -> None:
    """A key of a key is the key: comparing keys never depends on how often they were made."""
    assert loose_key(loose_key(text)) == loose_key(text)
    assert ascii_slug(ascii_slug(text)) == ascii_slug(text)
    assert set(ascii_slug(text)) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert len(ascii_slug(text)) <= SLUG_LENGTH
