"""A simulation budget that ABC-SMC keeps to within one generation's population.

pyabc checks ``max_total_nr_simulations`` only between generations, so a generation begun
just under the budget runs as long as it needs: on the Ukraine example a 12,000 budget ran
14,020 simulations, the last generation alone 2,160. Here, before each generation, its cost
is forecast from the last two (the last one's, times its growth over the one before: costs
grow as epsilon shrinks); if that would end more than a population past the budget, the fit
stops; otherwise the generation is capped at the budget plus one population
(pyabc's ``max_eval``, which it derives from the minimum acceptance rate), and a generation
that reaches the cap is dropped whole (pyabc keeps no partial generation; its simulations are
counted in the fit's total, and a resumed fit's budget is reduced by them). So a fit runs at
most ``budget + population`` simulations on one core, and at most one more per extra process
on local processes (their check of the count is not locked); pyabc's Dask and futures
samplers ignore the cap, so with them only the forecast holds it.

Imported only inside a fit (pyabc is an optional dependency).
"""

from __future__ import annotations

import math
from typing import Any

import pyabc


class BudgetedSMC(pyabc.ABCSMC):
    """``pyabc.ABCSMC`` whose budget holds to within one generation's population.

    ``budget`` is what is left for this run: the fit's budget less the simulations of
    generations an earlier run dropped (which pyabc's history does not count). ``dropped``
    counts the simulations of a generation this run dropped.
    """

    def __init__(self, *args: Any, budget: float = math.inf, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.ended_by_budget: str | None = None
        """Why the budget ended the fit before pyabc's own check: None, 'forecast' or 'cut'."""
        self.dropped = 0

    def run_generation(self, t: int) -> dict:
        """Generation ``t``, if the budget has room for it, capped at budget + population."""
        wanted = self.min_acceptance_rate  # the user's; check_terminate reads it afterwards
        population = int(self.population_size(t))
        room = self.budget - (self.history.total_nr_simulations or 0)
        if room <= 0 or forecast_cost(self.history) > room + population:
            self.ended_by_budget = "forecast"
            return {"successful": False}
        # the cap is the budget's alone: the user's minimum acceptance still acts only once a
        # generation is complete (check_terminate), as pyabc's samplers do by default
        self.min_acceptance_rate = cap_rate(population, room + population)
        try:
            done = super().run_generation(t)
        finally:
            self.min_acceptance_rate = wanted
        if not done["successful"]:
            self.ended_by_budget = "cut"
            self.dropped += int(getattr(self.sampler, "nr_evaluations_", 0) or 0)
        return done


def cap_rate(population: int, most: float) -> float:
    """The acceptance rate whose ``population / rate`` (pyabc's max_eval) is at most ``most``."""
    if not math.isfinite(most):
        return 0.0  # no cap: pyabc samples until the population is full
    rate = population / most
    while population / rate > most:  # floating point may round the quotient up
        rate = math.nextafter(rate, math.inf)
    return rate


def forecast_cost(history: Any) -> float:
    """The next generation's simulations: the last one's times its growth (0 before the first).

    The growth is the last generation's cost over the one before, at least 1; pyabc's prior
    sample (generation -1) is not a generation's cost and is left out.
    """
    if history.max_t is None or history.max_t < 0:
        return 0.0
    pops = history.get_all_populations()
    costs = pops.loc[pops["t"] >= 0].sort_values("t")["samples"].to_numpy(dtype=float)
    growth = max(1.0, costs[-1] / costs[-2]) if costs.size >= 2 else 1.0
    return float(costs[-1] * growth)
