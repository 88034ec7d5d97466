"""The per-épreuve charts: every day of the window, each language or site."""

from __future__ import annotations

from scheduler.export.figures.style import GROUP_COLOURS
from tests.export.figures.helpers import svg_text


def test_per_epreuve_charts_name_days_and_groups(files: dict[str, bytes]) -> None:
    """Commissions and load charts name each day, language or site, and the means."""
    e2 = svg_text(files["figures/commissions-e2.svg"])
    assert "E2 — Communication en langue vivante étrangère (obligatoire) (avec E2F)" in e2
    assert "lun. 31/05" in e2 and "ven. 04/06" in e2  # every day of the window, even without orals
    assert "commissions — anglais" in e2 and "salles ouvertes — Tarbes" in e2
    e5 = svg_text(files["figures/commissions-e5.svg"])
    assert "commissions — Toulouse" in e5 and "commissions — Muret" in e5
    load = svg_text(files["figures/charge-e4.svg"])
    assert "candidats par commission et par jour" in load
    assert "moyenne du jour" in load
    assert "lun. 07/06\n3 commissions" in load
    assert "mar. 08/06\naucune commission" in load


def test_twenty_groups_twenty_colours() -> None:
    # A session with many E2 languages: no two languages share a colour.
    assert len(set(GROUP_COLOURS)) == len(GROUP_COLOURS) >= 20
