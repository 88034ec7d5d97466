"""The two bundled specialties, BTS NDRC and BTS MCO of Toulouse 2021,
planned together end to end: their language orals share the Tarbes lycée
the same week (a file of its own, so that the test runner gives it a worker
of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.io.inputs import load_inputs
from scheduler.publish.together import plan_and_publish_together
from scheduler.solver.options import SolveOptions
from scheduler.validate.examiners import validate_examiners
from scheduler.validate.hard_rules import validate
from scheduler.validate.shared_sites import validate_shared_sites
from tests.tiny_sessions import rooms_by_place_day

ROOT = Path(__file__).resolve().parents[2]
NDRC = ROOT / "data" / "toulouse-2021"
MCO = ROOT / "data" / "toulouse-2021-mco"


@pytest.mark.slow
def test_the_two_bundled_specialties_share_tarbes(tmp_path: Path) -> None:
    """BTS NDRC and BTS MCO, Toulouse 2021: their language orals share the
    Tarbes lycée the same week.  Both are planned with their examiners named,
    each plan passes its rules, none of Tarbes's rooms or loge seats is taken
    twice, and the commission-days are never under the proven bounds."""
    results = plan_and_publish_together(
        [NDRC, MCO],
        output_root=tmp_path / "sorties",
        models_dir=tmp_path / "modeles",
        options=SolveOptions(time_limit=300, workers=1, seed=3, deterministic_limit=1.0),
    )
    assert [r.plan.session for r in results] == ["toulouse-2021", "toulouse-2021-mco"]
    ndrc, mco = results
    for r in results:
        inputs = r.inputs
        assert validate(inputs.session, inputs.candidates, r.plan) == []
        assert validate_examiners(inputs.session, inputs.candidates, r.plan, inputs.examiners) == []
        assert all(o.examiners for o in r.plan.placed())
        bounds = r.family_lower_bounds()
        assert all(n >= bounds[family] for family, n in r.commission_days().items())
        assert (r.output_dir / "planning.csv").is_file()
    assert set(mco.commission_days()) == {"E22", "E41", "E42"}
    sessions = [load_inputs(NDRC).session, load_inputs(MCO).session]
    assert validate_shared_sites([(sessions[0], ndrc.plan), (sessions[1], mco.plan)]) == []
    tarbes_ndrc = rooms_by_place_day(sessions[0], ndrc.plan)
    tarbes_mco = rooms_by_place_day(sessions[1], mco.plan)
    met = [key for key in set(tarbes_ndrc) & set(tarbes_mco) if key[0] == "Lycée Pradeau La Sède"]
    assert met and all(not tarbes_ndrc[key] & tarbes_mco[key] for key in met)
