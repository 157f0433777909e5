"""What a countermeasure costs and what it costs per man kept at the front."""

import numpy as np
from typer.testing import CliRunner

from attrit.analysis.compare import compare
from attrit.analysis.costs import costs
from attrit.analysis.quota import window
from attrit.cli import app
from attrit.scenario import dump_yaml
from support.files import TOY


def priced(toy, lump=5_000.0, daily=2.0):
    return toy.set_many(
        {"interventions.bonus.cost_usd": lump, "interventions.bonus.cost_usd_per_man_day": daily}
    )


def test_the_cost_is_the_lump_sum_and_the_men_present_each_day_in_effect(toy):
    c = compare(priced(toy), ["bonus"], replicates=12, days=90, seed=3)
    win = window(c.baseline, None, 90)
    row = costs(c, win).set_index("variant").loc["bonus"]
    res = c.variants["bonus"]
    start = (res.scenario.interventions[0].start - res.scenario.calendar.start).days
    men = res.daily.strength.isel(day=slice(start, 90)).sum(("unit", "day")).values
    assert np.isclose(row.cost_usd, (5_000.0 + 2.0 * men).mean())
    front = [r.daily.front.sum("unit").mean("day").values for r in (c.baseline, res)]
    kept = (front[1] - front[0]).mean()
    assert np.isclose(row.men_kept_mean, kept)
    if kept > 0:
        assert np.isclose(row.usd_per_man_kept, row.cost_usd / kept)
    else:
        assert np.isnan(row.usd_per_man_kept)
    # a window that ends before the bonus starts costs nothing
    early = window(c.baseline, None, start)
    assert costs(c, early).set_index("variant").loc["bonus"].cost_usd == 0.0


def test_compare_prints_the_cost_per_man_kept_and_gives_it_as_json(tmp_path, toy):
    path = tmp_path / "priced.yaml"
    dump_yaml(priced(toy), path)
    args = ["compare", str(path), "-i", "bonus", "-n", "8", "--days", "60", "--no-store"]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0, shown.output
    assert "Cost per man kept at the front" in shown.output
    as_json = CliRunner().invoke(app, [*args, "--json"])
    import json

    rows = json.loads(as_json.stdout)["costs"]
    assert [r["variant"] for r in rows] == ["bonus"] and rows[0]["cost_usd"] > 5_000
    plain = CliRunner().invoke(app, ["compare", str(TOY), "-i", "bonus", "-n", "4",
                                     "--days", "30", "--no-store"])  # fmt: skip
    assert "Cost per man" not in plain.output
