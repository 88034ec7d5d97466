"""Comparing établissement names for conflicts of interest."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain.schools import same_school, school_key


@pytest.mark.parametrize(
    "names",
    [
        ["Lycée Pierre d'Aragon", "LYCEE PIERRE D ARAGON", "lycée pierre-d'aragon", "Pierre d'Aragon"],
        [
            "Lycée Pierre d’Aragon",
            "Lyc. Pierre d'Aragon",
            "  lycee   Pierre  D'Aragon  ",
            "LGT Pierre d'Aragon",
        ],
        ["Lycée de la Borde Basse", "Lycée Borde-Basse", "LYCÉE BORDE BASSE"],
        ["Lycée ISSEC Pigier", "ISSEC Pigier"],
        ["Pradeau La Sède", "Lycée Pradeau La Sède", "LP Pradeau-la-Sède"],
        ["Lycée Jeanne d'Arc", "Jeanne d Arc", "LYCÉE JEANNE-D'ARC"],
        [
            "Lycée général et technologique Berthelot",
            "Lycée Berthelot",
            "LEGT Berthelot",
            "Lycée polyvalent Berthelot",
        ],
        ["Lycée professionnel Bellevue", "LP Bellevue", "Lycée des métiers Bellevue", "LPO Bellevue"],
        ["Lycée Saint-Exupéry", "Lycée St Exupéry", "LYCEE ST-EXUPERY", "Saint Exupéry"],
        ["Lycée Sainte-Marie", "Lycée Ste Marie", "Ste-Marie"],
        ["CFA Commerce & Services", "CFA Commerce et Services"],
        ["Lycée Jean de Prades", "Lycée Jean-de-Prades", "Jean De Prades"],
    ],
)
def test_same_school_spellings(names: list[str]) -> None:
    first, *others = names
    for other in others:
        assert same_school(first, other), (first, other, school_key(first), school_key(other))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lycée Berthelot", "Lycée Bellevue"),
        ("CCI Albi", "CCI de Rodez"),
        ("Lycée Jean de Prades", "Lycée Jean Durroux"),
        ("EAD 31", "EAD 81"),
        ("Lycée Jeanne d'Arc", "Lycée Jean Durroux"),
        ("ISSEC Pigier", "Ecole Vidal"),
    ],
)
def test_different_schools(a: str, b: str) -> None:
    assert not same_school(a, b)


def test_empty_names_never_match() -> None:
    assert not same_school("", "")
    assert not same_school("Lycée Berthelot", "")
    assert not same_school("", "Lycée Berthelot")
    assert not same_school("  ", " - ")


def test_generic_only_names_are_not_empty() -> None:
    # « Lycée » alone still names something: it must not look like "no school".
    assert school_key("Lycée") == "lycee"
    assert school_key("Lycée polyvalent") == "lycee polyvalent"
    assert school_key("de la") == "de la"
    assert same_school("Lycée", "LYCEE")


def test_keys() -> None:
    assert school_key("Lycée Pierre d'Aragon") == "pierre aragon"
    assert school_key("CCI de Rodez") == "cci rodez"
    assert school_key("Lyc. Ste-Thérèse") == "saint therese"


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Latin script with its accents, digits, punctuation and the words the key
# treats specially, so that prefixes and articles are exercised.
_WORDS = st.sampled_from(
    [
        "Lycée",
        "LYC.",
        "LGT",
        "lp",
        "polyvalent",
        "général",
        "et",
        "de",
        "la",
        "d'",
        "Saint",
        "St",
        "Ste",
        "-",
        "&",
    ]
)
_TEXT = st.text(st.characters(max_codepoint=0x24F, exclude_categories=["Cs"]), max_size=12)
_NAMES = st.lists(st.one_of(_WORDS, _TEXT), max_size=6).map(" ".join)


@given(_NAMES)
def test_key_is_idempotent(name: str) -> None:
    key = school_key(name)
    assert school_key(key) == key


@given(_NAMES)
def test_key_ignores_case_and_accents(name: str) -> None:
    key = school_key(name)
    assert school_key(name.upper()) == key
    assert school_key(name.lower()) == key
    assert school_key(name.swapcase()) == key
    assert school_key(_strip_accents(name)) == key
