"""The two bundled specialties, BTS NDRC and BTS MCO of Toulouse 2021,
planned together end to end: their language orals share the Tarbes lycée
the same week (a file of its own, so that the test runner gives it a worker
of its own)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.domain.commission import commission_days, family_of, pool_of
from scheduler.publish.together import compute_together, load_together
from scheduler.solver.options import SolveOptions
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.shared_sites import validate_shared_sites
from tests.tiny_sessions import rooms_by_place_day

ROOT = Path(__file__).resolve().parents[2]
NDRC = ROOT / "data" / "toulouse-2021"
MCO = ROOT / "data" / "toulouse-2021-mco"


@pytest.mark.slow
def test_the_two_bundled_specialties_share_tarbes() -> None:
    """BTS NDRC and BTS MCO, Toulouse 2021: their language orals share the
    Tarbes lycée the same week.  Both are planned with their examiners named
    (the documents are left to the other tests: this one is about the
    plans), each plan passes its rules, none of Tarbes's rooms or loge seats
    is taken twice, and the commission-days are never under the proven
    bounds."""
    dirs = [NDRC, MCO]
    loaded = load_together(dirs)
    options = SolveOptions(time_limit=300, workers=1, seed=3, deterministic_limit=0.5)
    computed = compute_together(dirs, loaded, replace(options, deadline=time.monotonic() + 300))
    assert [c.plan.session for c in computed] == ["toulouse-2021", "toulouse-2021-mco"]
    for c in computed:
        inputs = c.inputs  # the MCO session holds what the NDRC plan takes at Tarbes
        assert validate(inputs.session, inputs.candidates, c.plan) == []
        assert validate_examiners(inputs.session, inputs.candidates, c.plan, inputs.examiners) == []
        assert all(o.examiners for o in c.plan.placed())
        days = Counter(family_of(pool_of(commission)) for commission, _ in commission_days(c.plan))
        bounds: Counter[str] = Counter()
        for pool, bound in c.bounds.items():
            bounds[family_of(pool)] += bound
        assert days and all(n >= bounds[family] for family, n in days.items())
    ndrc, mco = (c.plan for c in computed)
    assert {o.epreuve for o in mco.placed()} == {"E22", "EF1", "E41", "E42"}
    sessions = [inputs.session for inputs in loaded]
    assert validate_shared_sites([(sessions[0], ndrc), (sessions[1], mco)]) == []
    tarbes_ndrc = rooms_by_place_day(sessions[0], ndrc)
    tarbes_mco = rooms_by_place_day(sessions[1], mco)
    met = [key for key in set(tarbes_ndrc) & set(tarbes_mco) if key[0] == "Lycée Pradeau La Sède"]
    assert met and all(not tarbes_ndrc[key] & tarbes_mco[key] for key in met)
