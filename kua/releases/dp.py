"""Differential privacy through OpenDP: the discrete Laplace mechanism over every cell of a
release at once, never hand-written noise.

Neighbouring data sets differ by one respondent. One respondent changes `respondents` by 1,
each violation count of a list by at most 1 (she may report every item), and each yes/no row
by at most 1 (she is yes, or no, or not asked): the L1 sensitivity of the whole vector is
1 + |police items| + |medical items| + |yes/no rows|. The scale is sensitivity / ε, and
OpenDP's own privacy map checks that the measurement spends no more than ε.

After the noise (post-processing, which costs no privacy): counts below 0 become 0.
`error` is OpenDP's accuracy of the scale at 95%, rounded down to a whole count: for
integers, the true count lies within ± that in at least 95% of cells (96% at small scales).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib.metadata import version
from types import ModuleType

CONFIDENCE = 0.95
MECHANISM = "discrete Laplace"
LIBRARY = f"OpenDP {version('opendp')}"


@dataclass(frozen=True)
class Noised:
    counts: list[int]
    half_width: int
    scale: float


@functools.cache
def _opendp() -> ModuleType:
    """OpenDP, imported when a DP release is made: it takes 75 ms, and every command that loads
    the releases app (its signal receivers) would pay it at start-up."""
    import opendp.prelude as dp

    dp.enable_features("contrib")  # OpenDP's name for its mechanisms outside its proof-checked core
    return dp


def half_width(scale: float) -> int:
    return math.floor(_opendp().discrete_laplacian_scale_to_accuracy(scale, 1 - CONFIDENCE))


def release_counts(exact: list[int], *, epsilon: float, sensitivity: int) -> Noised:
    """The noised counts (clamped at 0) of one measurement spending `epsilon`."""
    if not (epsilon > 0 and math.isfinite(epsilon)):
        raise ValueError("epsilon must be a positive number")
    scale = sensitivity / epsilon
    dp = _opendp()
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    measurement = dp.m.make_laplace(*space, scale=scale)
    if measurement.map(sensitivity) > epsilon * (1 + 1e-9):
        raise ValueError("the mechanism would spend more than epsilon")
    noised = [max(0, int(value)) for value in measurement(list(exact))]
    return Noised(noised, half_width(scale), scale)
