import numpy as np
import pytest

from sanxin.engines.matching.calibrate import (
    STD_FLOOR,
    calibrate,
    rank_normalise,
    squash,
    zscores,
)

pytestmark = pytest.mark.unit


def test_calibration_does_not_depend_on_where_the_band_lies():
    # e5 cosines of one query sit around 0.80, of another around 0.86: same shape, same signal
    low = np.array([0.78, 0.79, 0.80, 0.81, 0.84])
    high = low + 0.06
    assert np.allclose(calibrate(low), calibrate(high))
    assert list(np.argsort(calibrate(low))) == [0, 1, 2, 3, 4]


def test_a_clear_outlier_gets_nearly_one_and_the_typical_candidate_little():
    scores = np.array([0.80] * 50 + [0.81] * 50 + [0.90])
    signal = calibrate(scores)
    assert signal[-1] > 0.95
    assert signal[0] < 0.2


def test_std_floor_keeps_near_identical_scores_from_exploding():
    scores = np.array([0.8000, 0.8001, 0.8002])
    z = zscores(scores)
    assert np.allclose(z, (scores - scores.mean()) / STD_FLOOR)


def test_reference_distribution_is_used_when_given():
    reference = np.array([0.7, 0.8, 0.9])
    assert zscores(np.array([0.8]), reference)[0] == pytest.approx(0.0)


def test_squash_is_monotone_and_centred():
    z = np.array([-2.0, 0.0, 1.0, 2.0, 3.0])
    s = squash(z)
    assert np.all(np.diff(s) > 0)
    assert s[2] == pytest.approx(0.5)


def test_rank_normalise_with_ties():
    assert rank_normalise(np.array([0.1, 0.5, 0.5, 0.9])).tolist() == [0.0, 0.5, 0.5, 1.0]
    assert rank_normalise(np.array([0.3])).tolist() == [1.0]
