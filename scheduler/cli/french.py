"""Click's own words (help pages, usage errors) in French.

Click marks its messages for :mod:`gettext` but ships no French catalogue;
each of its modules calls the ``_`` / ``ngettext`` it imported.  Pointing
those names at :func:`french` translates what the office sees: « Option
manquante », « Affiche cette aide et quitte », « par défaut : 60.0 ».  A
message this table does not know stays in English, so a Click upgrade can
only make a message English again, never break the command.
"""

from __future__ import annotations

import importlib

#: Click's English messages (its gettext message ids) and their French.
FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "required": "obligatoire",
    "default: {default}": "par défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "(dynamic)": "(dynamique)",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Option {name!r} requires an argument.": "L'option {name!r} demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} demande {nargs} valeurs.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'un de : {possibilities} ?)",
    "Got unexpected extra argument ({args})": "Argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop : {args}",
    "Aborted!": "Interrompu.",
    "unknown error": "erreur inconnue",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "integer": "nombre entier",
    "float": "nombre décimal",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} ne fait pas partie de : {choices}.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable (droits).",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir {filename!r} : {message}",
}

#: Click modules that translate their messages through ``_`` / ``ngettext``.
_MODULES = ("core", "exceptions", "formatting", "types", "decorators", "parser", "utils", "termui")


def french(message: str) -> str:
    """``message`` in French when known, else as is."""
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    return french(singular if n == 1 else plural)


def install() -> None:
    """Make Click speak French (idempotent)."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module Click no longer has
            continue
        if hasattr(module, "_"):
            module._ = french  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = french_plural  # type: ignore[attr-defined]
    # Type names appear in messages (« n'est pas un nombre entier valide »).
    types = importlib.import_module("click.types")
    for cls, name in (
        ("IntParamType", "nombre entier"),
        ("IntRange", "nombre entier"),
        ("FloatParamType", "nombre décimal"),
        ("FloatRange", "nombre décimal"),
    ):
        if hasattr(types, cls):
            getattr(types, cls).name = name
