"""Comparing établissement names, for conflicts of interest.

An examiner must not examine candidates of the établissement where they teach
or work.  The two names come from different files typed by different people
(« Lycée Pierre d'Aragon », « LYCEE PIERRE D ARAGON », « Pierre d'Aragon »),
so they are compared through :func:`school_key`, which keeps only the words
that tell one school from another.

Erring towards "same school" is the safe side here: a false match only keeps
an examiner away from a few candidates, a missed one is a conflict of interest.
"""

from __future__ import annotations

import functools
import re

from scheduler.text import strip_accents

#: Letters that neither NFKD nor case folding turn into ASCII; without them
#: "ı" (dotless i) and its capital "I" would give different keys.
_TRANSLITERATION = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ł": "l",
        "ŧ": "t",
        "þ": "th",
        "ŋ": "n",
        "ĸ": "k",
        "°": "o",
        "º": "o",
    }
)

#: Little words dropped everywhere, so that « Lycée de la Borde Basse » and
#: « Lycée Borde-Basse » meet, and « & » (punctuation) matches « et ».
_ARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en"})

#: Words that start a name only to say it is a lycée (« Lyc. », « LGT », « LP »…).
_LYCEE_WORDS = frozenset({"lycee", "lyc", "lgt", "legt", "lpo", "lp", "lt", "lg", "lep", "lpa", "lycees"})

#: Words that may follow the lycée word as part of the generic prefix:
#: « Lycée général et technologique », « Lycée polyvalent », « Lycée des métiers »…
_LYCEE_QUALIFIERS = frozenset(
    {
        "general",
        "generale",
        "technologique",
        "technique",
        "professionnel",
        "professionnelle",
        "polyvalent",
        "polyvalente",
        "agricole",
        "prive",
        "privee",
        "public",
        "publique",
        "metiers",
        "enseignement",
        "superieur",
    }
)

#: « St », « Ste » and « Sainte » all become « saint »: a missed abbreviation
#: would hide a conflict, a merged Saint/Sainte pair costs next to nothing.
_SAINT = {"st": "saint", "ste": "saint", "sainte": "saint", "saints": "saint", "saintes": "saint"}


def _words(name: str) -> list[str]:
    # Accents go before case folding (which turns some combining marks into
    # letters) and again after it ("ǰ" folds to "j" plus a combining caron).
    text = strip_accents(strip_accents(name).casefold()).translate(_TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", " ", text).split()



def _strip_generic_prefix(words: list[str]) -> list[str]:
    rest = words
    while rest and rest[0] in _LYCEE_WORDS:
        rest = rest[1:]
        while rest and rest[0] in _LYCEE_QUALIFIERS:
            rest = rest[1:]
    return rest


@functools.lru_cache(maxsize=4096)
def school_key(name: str) -> str:
    """The words of ``name`` that identify the school, lower-case ASCII, space-separated.

    Case, accents, punctuation, hyphens and extra spaces are ignored; so are
    articles (« de la », « du », « d' »…) and a generic « Lycée… » prefix;
    « St », « Ste » and « Sainte » read « saint ».  A name made only of such
    words keeps them (« Lycée » stays « lycee »), so that it is not mistaken
    for an empty one.  ``school_key(school_key(x)) == school_key(x)``.
    Remembered per name: a session has a few dozen schools, compared
    millions of times when examiners are chosen.
    """
    words = [_SAINT.get(w, w) for w in _words(name)]
    meaningful = [w for w in words if w not in _ARTICLES] or words
    return " ".join(_strip_generic_prefix(meaningful) or meaningful)


def same_school(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name the same établissement; False if either is empty."""
    key_a, key_b = school_key(a), school_key(b)
    return bool(key_a) and key_a == key_b


#: A UAI code (formerly RNE), the national identifier of an établissement:
#: seven digits and a letter (« 0311234A »).  Where both sides give one, it
#: says which établissement is meant better than any spelling of its name.
UAI = re.compile(r"\d{7}[A-Z]")


def uai_code(text: str) -> str:
    """``text`` as a UAI code (spaces dropped, upper case), "" when it is none."""
    code = re.sub(r"\s+", "", text).upper()
    return code if UAI.fullmatch(code) else ""
