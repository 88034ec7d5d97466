"""Where the pictures go and what their files are called: lower-case ASCII
names of sites and épreuves, the same as in the room workbooks."""

from __future__ import annotations

from datetime import date

from scheduler.domain.session import Session
from scheduler.text import ascii_slug

#: Folder of the pictures among the output files.
FOLDER = "figures"
#: The pictures of a site's day, and of an épreuve family, in the order they are listed.
SITE_DAY_KINDS = ("gantt", "occupation")
FAMILY_KINDS = ("commissions", "charge")
#: Each picture is written twice: PNG (e-mail, print) and SVG (zoom).
EXTENSIONS = ("png", "svg")


def site_slugs(session: Session) -> dict[str, str]:
    """Name of every site in file names: its town in lower-case ASCII
    (``castres``), with the site key when two sites share a town — as in
    ``salles-<site>.xlsx``."""
    towns = {key: ascii_slug(site.town) for key, site in session.sites.items()}
    out: dict[str, str] = {}
    for key, town in towns.items():
        shared = sum(1 for t in towns.values() if t == town) > 1
        out[key] = (f"{town}-{ascii_slug(key)}" if shared else town) or ascii_slug(key)
    return out


def site_day_stem(slug: str, day: date) -> str:
    """``castres-2021-06-07``: the site's day in the names of its pictures."""
    return f"{slug}-{day.isoformat()}"


def family_name(code: str) -> str:
    """``e4``: the épreuve family in the names of its pictures."""
    return ascii_slug(code)


def path(name: str, ext: str) -> str:
    """``figures/<name>.<ext>``: a picture's path among the output files."""
    return f"{FOLDER}/{name}.{ext}"
