"""A fit as an object: its record, its tables, its diagnostics and its posterior for ArviZ.

:func:`attrit.calibrate.fit` returns a :class:`Fit`. It reads like the stored record (a
mapping: ``fit["posterior"]``, ``fit["checks"]``), and adds what an analyst asks of a
posterior: tables as pandas frames, the prior-to-posterior contraction per parameter, the
effective sample size of each generation, equal-weight draws and an ArviZ ``InferenceData``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from attrit.scenario.calibration import Prior


class Fit(Mapping[str, Any]):
    """One calibration: the record :func:`attrit.calibrate.fit` stored, with its analyses."""

    def __init__(self, record: Mapping[str, Any]):
        self.record = dict(record)

    @classmethod
    def load(cls, store: Any, fit_id: str) -> Fit:
        """The fit ``fit_id`` from a run store (:class:`attrit.store.Store`)."""
        return cls(store.fit(fit_id))

    def __getitem__(self, key: str) -> Any:
        return self.record[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.record)

    def __len__(self) -> int:
        return len(self.record)

    def __repr__(self) -> str:
        return (
            f"Fit({self.fit_id!r}, {self.record.get('status')}, "
            f"{self.record.get('generations')} generations, "
            f"{self.record.get('simulations')} simulations, ESS {self._ess_text()})"
        )

    @property
    def fit_id(self) -> str:
        """The fit's id in the store."""
        return str(self.record["fit_id"])

    @property
    def priors(self) -> dict[str, Prior]:
        """Each fitted parameter's prior, by path."""
        return {p["path"]: Prior.parse(p["prior"]) for p in self.record["spec"]["parameters"]}

    def require_posterior(self) -> None:
        """Raise :class:`FitError` unless the fit has a posterior (a stopped fit may not)."""
        if not self.record.get("particles") or not self.record.get("posterior"):
            from attrit.calibrate.problem import FitError

            raise FitError(
                f"fit {self.fit_id} is {self.record.get('status')} and has no posterior yet; "
                f"continue it with attrit fit --resume {self.fit_id}"
            )

    def contraction(self) -> dict[str, float]:
        """Per parameter: 1 - posterior variance / prior variance, on the prior's own scale.

        1 means the evidence pinned the parameter, 0 that it taught nothing about it (a
        loguniform prior is compared on the log scale, where it is flat); below 0 the
        posterior is wider than the prior (piled at both ends). Weighted particles.
        """
        frame = self.particles_frame()
        w = frame["weight"].to_numpy()
        out = {}
        for path, prior in self.priors.items():
            x = frame[path].to_numpy(dtype=float)
            low, high = prior.low, prior.high
            if prior.family == "loguniform":
                x, low, high = np.log(x), math.log(low), math.log(high)
            mean = np.average(x, weights=w)
            var = np.average((x - mean) ** 2, weights=w)
            out[path] = float(1.0 - var / ((high - low) ** 2 / 12.0))
        return out

    def posterior_frame(self) -> pd.DataFrame:
        """The posterior summary by path: prior, median, 90% interval, contraction."""
        self.require_posterior()
        frame = pd.DataFrame(self.record["posterior"]).set_index("path")
        frame["contraction"] = pd.Series(self.contraction())
        return frame

    def checks_frame(self) -> pd.DataFrame:
        """The posterior predictive check, one row per evidence figure (by key)."""
        checks = self.record.get("checks") or []
        return pd.DataFrame(checks, columns=list(checks[0]) if checks else ["key"]).set_index("key")

    def particles_frame(self) -> pd.DataFrame:
        """The last generation's particles: one column per parameter, weight and distance."""
        self.require_posterior()
        rows = [
            {**p["theta"], "weight": p["weight"], "distance": p.get("distance", math.nan)}
            for p in self.record["particles"]
        ]
        return pd.DataFrame(rows)

    def generations_frame(self) -> pd.DataFrame:
        """Per generation: epsilon, simulations, acceptance rate and effective sample size.

        Read from the fit's pyabc history beside the store; the ESS is Kish's, of the
        generation's importance weights. Generation -1 is pyabc's sample from the prior that
        sets the first epsilon; with it the simulations add up to the fit's total.
        """
        import pyabc

        from attrit.calibrate.posterior import kish

        history = Path(self.record["history"])
        if not history.exists():
            raise FileNotFoundError(
                f"fit {self.fit_id}: its pyabc history {history} is not there (moved with "
                "its store, or the fit stopped before pyabc wrote it)"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            h = pyabc.History(f"sqlite:///{history}", _id=self.record["abc_id"])
            pops = h.get_all_populations()
            rows = []
            for t, samples, eps, n in pops[["t", "samples", "epsilon", "particles"]].itertuples(
                index=False
            ):
                w = h.get_weighted_distances(t=int(t))["w"].to_numpy()
                prior_sample = t < 0  # one placeholder particle: no acceptance, no ESS
                rows.append(
                    {
                        "generation": int(t),
                        "epsilon": float(eps),
                        "simulations": int(samples),
                        "acceptance": math.nan if prior_sample else float(n) / float(samples),
                        "ess": math.nan if prior_sample else kish(w),
                    }
                )
        return pd.DataFrame(rows).set_index("generation")

    def draws(self, n: int | None = None, seed: int = 0) -> pd.DataFrame:
        """``n`` equal-weight draws (default: as many as particles), by systematic resampling.

        Systematic resampling keeps each particle's share of the draws within one of its
        weight times ``n``, so the draws carry the weights with the least added noise.
        """
        frame = self.particles_frame()
        n = n or len(frame)
        w = frame["weight"].to_numpy()
        u = (np.random.default_rng(seed).random() + np.arange(n)) / n
        picks = np.minimum(np.searchsorted(np.cumsum(w / w.sum()), u), len(frame) - 1)
        return frame.iloc[picks].reset_index(drop=True)

    def to_arviz(self, n: int | None = None, seed: int = 0) -> Any:
        """The posterior as ArviZ ``InferenceData``.

        Groups: ``posterior`` (one chain of ``n`` equal-weight draws of the last
        generation, see :meth:`draws`), ``sample_stats`` (each draw's ABC distance),
        ``prior`` (as many draws from the priors) and ``observed_data`` (each evidence
        figure as reported). ABC particles are not a Markov chain: R-hat does not apply,
        and the ESS of the weighted particles is in the attributes and
        :meth:`generations_frame`.
        """
        az = arviz()
        draws = self.draws(n, seed)
        paths = list(self.priors)
        rng = np.random.default_rng([seed, 0x7072])
        prior = {p: _prior_draws(pr, len(draws), rng)[None, :] for p, pr in self.priors.items()}
        observed = {c["key"]: np.array([c["reported"]]) for c in self.record.get("checks") or []}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = az.from_dict(
                posterior={p: draws[p].to_numpy()[None, :] for p in paths},
                sample_stats={"distance": draws["distance"].to_numpy()[None, :]},
                prior=prior,
                observed_data=observed,
                attrs={
                    "fit_id": self.fit_id,
                    "inference_library": "pyabc (ABC-SMC)",
                    "scenario": str(self.record.get("scenario_name")),
                    "generations": int(self.record.get("generations") or 0),
                    "simulations": int(self.record.get("simulations") or 0),
                    "particles_ess": float(self.record.get("ess") or math.nan),
                    "resampling": "systematic, by the last generation's weights",
                },
            )
        return data

    def to_netcdf(self, path: str | Path, n: int | None = None, seed: int = 0) -> Path:
        """Write :meth:`to_arviz` to a netCDF file (atomically); return its path."""
        from attrit.files import atomic_path

        data = self.to_arviz(n, seed)
        with atomic_path(path) as tmp:
            data.to_netcdf(str(tmp))
        return Path(path)

    def _ess_text(self) -> str:
        ess = self.record.get("ess")
        return "-" if ess is None else f"{ess:.0f}"

    def _repr_html_(self) -> str:
        head = (
            f"<p><b>Fit {self.fit_id}</b> of {self.record.get('scenario_name')}: "
            f"{self.record.get('status')}, {self.record.get('generations')} generations, "
            f"{self.record.get('simulations')} simulations, ESS {self._ess_text()}</p>"
        )
        posterior = self.posterior_frame()[["prior", "median", "low", "high", "contraction"]]
        checks = self.checks_frame()
        keep = [c for c in ("reported", "q05", "q50", "q95", "quantile", "z", "flag")
                if c in checks]  # fmt: skip
        return (
            head
            + posterior.to_html(float_format="{:.4g}".format)
            + (checks[keep].to_html(float_format="{:.4g}".format) if keep else "")
        )


def _prior_draws(prior: Prior, n: int, rng: np.random.Generator) -> np.ndarray:
    if prior.family == "loguniform":
        return np.exp(rng.uniform(math.log(prior.low), math.log(prior.high), n))
    return rng.uniform(prior.low, prior.high, n)


def arviz() -> Any:
    """ArviZ, imported quietly (0.23 warns of its coming refactor on import)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            import arviz as az
    except ImportError:
        from attrit.calibrate.problem import FitError

        raise FitError("the ArviZ export needs arviz: pip install 'attrit[calibrate]'") from None
    return az
