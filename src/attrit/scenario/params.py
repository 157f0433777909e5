"""One helper that declares a model parameter: its default, unit, ranges and reason.

Every tunable number in a scenario is declared with :func:`param`, so that the
reference (``docs/parameters.md``), the default ranges of sensitivity analysis and
calibration priors, and validation all read the same declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field


@dataclass(frozen=True)
class ParamInfo:
    """What a parameter means: unit, plausible range and the reason for its default."""

    unit: str
    low: float
    high: float
    reason: str

    def as_extra(self) -> dict[str, Any]:
        """The info as the JSON-schema extra of a pydantic field."""
        return {
            "unit": self.unit,
            "plausible_low": self.low,
            "plausible_high": self.high,
            "reason": self.reason,
        }


def param(
    default: Any,
    *,
    unit: str,
    low: float,
    high: float,
    reason: str,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    lt: float | None = None,
) -> Any:
    """Declare a parameter field.

    Args:
        default: the value used when a scenario does not set it.
        unit: the unit, spelled out ("per day", "fraction", "USD per person per cycle").
        low: the low end of the plausible range (used for sensitivity and default priors).
        high: the high end of the plausible range.
        reason: why the default is what it is, in one or two sentences.
        ge: hard lower bound (validation), inclusive.
        le: hard upper bound (validation), inclusive.
        gt: hard lower bound, exclusive.
        lt: hard upper bound, exclusive.
    """
    info = ParamInfo(unit=unit, low=low, high=high, reason=reason)
    return Field(
        default,
        ge=ge,
        le=le,
        gt=gt,
        lt=lt,
        description=f"{reason} [{unit}]",
        json_schema_extra={"attrit_param": info.as_extra()},
    )


def param_info(field: Any) -> ParamInfo | None:
    """Return the :class:`ParamInfo` of a pydantic ``FieldInfo``, if it is a parameter."""
    extra = field.json_schema_extra
    if not isinstance(extra, dict) or "attrit_param" not in extra:
        return None
    meta = extra["attrit_param"]
    return ParamInfo(
        unit=meta["unit"],
        low=meta["plausible_low"],
        high=meta["plausible_high"],
        reason=meta["reason"],
    )
