"""Random numbers as a function of (stream, replicate, day, index): common random numbers.

Every random decision has a stable name. Its 64-bit key comes from
``numpy.random.SeedSequence`` fed with the run seed and the name, so a stream does not depend
on which other streams exist. A draw is a counter-based hash (the SplitMix64 finaliser,
Steele et al. 2014) of the key, the replicate, the day and the person's (or unit's) index:

- two scenarios run with one seed give person *i* on day *t* the same draw for the same
  decision, however else they differ (common random numbers);
- replicate *r* is the same alone, in a batch, or on any worker.
"""

from __future__ import annotations

import zlib

import numpy as np
from numba import njit

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


def stream_key(seed: int, name: str) -> np.uint64:
    """The 64-bit key of the stream ``name`` under run ``seed``."""
    tag = zlib.crc32(name.encode("utf-8"))
    return np.random.SeedSequence(entropy=seed, spawn_key=(tag,)).generate_state(1, np.uint64)[0]


def stream_keys(seed: int, names: tuple[str, ...]) -> np.ndarray:
    """Keys of the streams ``names`` under run ``seed``, in order."""
    return np.array([stream_key(seed, name) for name in names], dtype=np.uint64)


@njit(cache=True)
def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def day_base(key, replicate, day):
    """The base of one stream's draws for one replicate and day."""
    mixed = _mix(np.uint64(replicate) * _GOLDEN + np.uint64(day))
    return _mix(np.uint64(key) ^ mixed)


@njit(cache=True)
def uniform(base, index):
    """A uniform draw in [0, 1) for ``index`` (a person or unit) from a day's base."""
    # casts matter: numba turns int64 + uint64 into float64
    return (_mix(np.uint64(base) + np.uint64(index) * _GOLDEN) >> np.uint64(11)) * _TO_UNIT


@njit(cache=True)
def normal(base1, base2, index):
    """A standard normal draw (Box-Muller) from two streams' bases."""
    u1 = 1.0 - uniform(base1, index)  # in (0, 1]
    u2 = uniform(base2, index)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@njit(cache=True)
def poisson(base1, base2, index, mean):
    """A Poisson draw: exact inversion below a mean of 50, else the rounded normal approximation.

    Above 50 the normal's error in any tail probability is below 0.06 (the skewness is
    ``1/sqrt(mean)``); inversion there would cost a loop of ``mean`` steps per draw.
    """
    if mean <= 0.0:
        return 0.0
    if mean < 50.0:
        u = uniform(base1, index)
        k = 0
        p = np.exp(-mean)
        c = p
        while u >= c and k < 1000:
            k += 1
            p *= mean / k
            c += p
        return float(k)
    return max(0.0, np.floor(mean + np.sqrt(mean) * normal(base1, base2, index) + 0.5))


@njit(cache=True)
def bases(keys, replicate, day):
    """Bases of every stream for one replicate and day."""
    out = np.empty(keys.shape[0], dtype=np.uint64)
    for s in range(keys.shape[0]):
        out[s] = day_base(keys[s], replicate, day)
    return out
