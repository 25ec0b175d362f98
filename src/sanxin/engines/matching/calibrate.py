"""Calibration of raw similarity scores into comparable signals in [0, 1].

Cosines of e5 embeddings sit in a narrow band (roughly 0.75–0.90 for any two texts of the
domain), and where the band lies depends on the query: a long Chinese text is "close" to every
Chinese text. So a raw cosine means nothing on its own and no fixed cut-off is used. Each
query's cosines are turned into z-scores against the distribution of that query's cosines to
the whole corpus (how many standard deviations a candidate stands above the typical one), then
squashed with a logistic so that a typical candidate gets little and a clear outlier nearly 1.
"""

from __future__ import annotations

import numpy as np

STD_FLOOR = 0.015
"""The smallest spread assumed for a query's cosines (small corpora, near-identical texts)."""
Z_CENTRE = 1.0
"""The z-score that maps to 0.5: one standard deviation above the typical candidate."""
Z_SLOPE = 1.7
"""Steepness of the logistic: z = 2 → 0.85, z = 3 → 0.97, z = 0 → 0.15."""


def zscores(scores: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """``(scores - mean) / std`` with mean and std from ``reference`` (default: ``scores``),
    the std never below :data:`STD_FLOOR`."""
    ref = scores if reference is None else reference
    if ref.size == 0:
        return np.zeros_like(scores, dtype=np.float64)
    mean = float(np.mean(ref))
    std = max(float(np.std(ref)), STD_FLOOR)
    return (scores.astype(np.float64) - mean) / std


def squash(z: np.ndarray, centre: float = Z_CENTRE, slope: float = Z_SLOPE) -> np.ndarray:
    """The logistic map of z-scores into (0, 1)."""
    return 1.0 / (1.0 + np.exp(-slope * (np.asarray(z, dtype=np.float64) - centre)))


def calibrate(scores: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """Per-query calibration: :func:`squash` of :func:`zscores`."""
    return squash(zscores(scores, reference))


def rank_normalise(scores: np.ndarray) -> np.ndarray:
    """Ranks mapped to [0, 1] (the best 1, the worst 0; ties share their mean rank): a
    distribution-free alternative, measured against z-scores in ``bench/matching.py``."""
    n = scores.shape[0]
    if n <= 1:
        return np.ones(n)
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(n, dtype=np.float64)
    # average the ranks of ties
    uniq, inverse = np.unique(scores, return_inverse=True)
    if uniq.shape[0] < n:
        sums = np.bincount(inverse, weights=ranks)
        counts = np.bincount(inverse)
        ranks = (sums / counts)[inverse]
    return ranks / (n - 1)
