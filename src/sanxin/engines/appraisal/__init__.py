"""Project appraisal engine: energy, cash flow, financing and carbon.

Pure Python + numpy/scipy; imports nothing from Django or the apps. Entry points:
:func:`appraise` for one project, :mod:`.sensitivity` for tornados and vectorised sweeps,
:mod:`.storage` for LP dispatch, :mod:`.cli` for ``sanxin appraise``.
"""

from sanxin.engines.appraisal.engine import ENGINE_VERSION, AppraisalResult, appraise
from sanxin.engines.appraisal.inputs import AppraisalInput, InputError, TaxHoliday, parse_input

__all__ = [
    "ENGINE_VERSION",
    "AppraisalInput",
    "AppraisalResult",
    "InputError",
    "TaxHoliday",
    "appraise",
    "parse_input",
]
