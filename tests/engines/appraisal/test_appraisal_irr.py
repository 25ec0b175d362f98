"""Textbook checks of CRF, NPV and the robust IRR."""

import numpy as np
import pytest

from sanxin.engines.appraisal.irr import (
    IRR_MULTIPLE,
    IRR_NONE,
    IRR_UNIQUE,
    crf,
    irr,
    irr_batch,
    npv,
    sign_changes,
)

pytestmark = pytest.mark.unit


def test_crf_textbook_value():
    assert crf(0.06, 25) == pytest.approx(0.0782267182, abs=1e-10)


def test_crf_at_zero_rate_is_one_over_n():
    assert crf(0.0, 20) == 0.05


def test_npv_of_level_annuity_matches_closed_form():
    # PV of 110 a year for 25 years at 10 % = 110 * (1 - 1.1**-25) / 0.1
    expected = -1000 + 110 * (1 - 1.1**-25) / 0.1
    assert npv(0.10, [-1000] + [110] * 25) == pytest.approx(expected, rel=1e-12)


def test_irr_textbook_value():
    result = irr([-1000] + [110] * 25)
    assert result.status == IRR_UNIQUE
    assert result.value == pytest.approx(0.0998015, abs=5e-8)
    assert npv(result.value, [-1000] + [110] * 25) == pytest.approx(0.0, abs=1e-9)


def test_two_irrs_are_reported_not_guessed():
    # -100 + 230x - 132x^2 = 0 with x = 1/(1+r): x = 10/11 and 5/6, i.e. 10 % and 20 %.
    result = irr([-100, 230, -132])
    assert result.status == IRR_MULTIPLE
    assert result.value is None
    assert result.roots == pytest.approx((0.10, 0.20), abs=1e-12)


def test_flows_of_one_sign_have_no_irr():
    assert irr([100, 50, 20]) == irr([-5, -1])
    assert irr([100, 50, 20]).status == IRR_NONE


def test_two_sign_changes_without_a_real_root_have_no_irr():
    # -100 + 50x - 10x^2 has discriminant 2500 - 4000 < 0.
    result = irr([-100, 50, -10])
    assert result.status == IRR_NONE
    assert result.roots == ()


def test_all_zero_flows_have_no_irr():
    assert irr([0.0, 0.0, 0.0]).status == IRR_NONE


def test_leading_zeros_do_not_change_the_irr():
    # Two years of nothing, then -100, +121 two years later: 10 %.
    result = irr([0, 0, -100, 0, 121])
    assert result.value == pytest.approx(0.10, abs=1e-12)


def test_sign_changes_ignore_zeros():
    assert sign_changes([-1, 0, 0, 2, 0, -3]) == 2


def test_irr_batch_matches_single_and_flags_multiple_roots():
    rows = np.array(
        [
            [-1000] + [110] * 25,
            [-100, 230, -132] + [0] * 23,
            [-5] + [1] * 25,
            [10] + [1] * 25,
        ],
        dtype=float,
    )
    rates, status = irr_batch(rows)
    assert status.tolist() == [IRR_UNIQUE, IRR_MULTIPLE, IRR_UNIQUE, IRR_NONE]
    assert rates[0] == pytest.approx(0.0998015, abs=5e-8)
    assert rates[2] == pytest.approx(irr(rows[2]).value, abs=1e-12)
    assert np.isnan(rates[1])
    assert np.isnan(rates[3])


def test_irr_batch_finds_deeply_negative_rate():
    # -1000 now, +1 next year: 1 / 1000 - 1 = -99.9 %.
    rates, status = irr_batch(np.array([[-1000.0, 1.0, 0.0]]))
    assert status.tolist() == [IRR_UNIQUE]
    assert rates[0] == pytest.approx(-0.999, abs=1e-12)


def _reference_root(values):
    """Brent's method on the bracket the solver uses (the previous algorithm)."""
    from scipy.optimize import brentq

    from sanxin.engines.appraisal.irr import _horner

    descending = values[::-1].tolist()
    high = 1.0
    while np.sign(_horner(high, descending)) == np.sign(_horner(1e-12, descending)):
        high *= 2.0
    x = brentq(_horner, 1e-12, high, args=(descending,), xtol=1e-15, rtol=1e-15)
    return 1.0 / x - 1.0


def test_newton_solver_agrees_with_brent_on_random_flows():
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(600):
        years = int(rng.integers(2, 40))
        flows = np.concatenate([[-rng.uniform(1, 1000)], rng.uniform(0.0, 1.0, years) * 300])
        flows[1 : 1 + int(rng.integers(0, 3))] *= -1.0  # up to two more outlay years
        flows *= rng.choice([1e-3, 1.0, 1e9])
        if sign_changes(flows) != 1 or flows.sum() <= -0.99 * abs(flows[0]):
            continue
        result = irr(flows)
        assert result.status == IRR_UNIQUE
        assert result.value == pytest.approx(_reference_root(flows), abs=1e-13)
        checked += 1
    assert checked > 400


def test_newton_solver_falls_back_to_brent(monkeypatch):
    from sanxin.engines.appraisal import irr as module

    flows = [-1000] + [110] * 25
    monkeypatch.setattr(module, "_MAX_STEPS", 1)
    assert irr(flows).value == pytest.approx(0.0998015, abs=5e-8)
