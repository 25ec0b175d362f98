from sanxin.appraisals.models.appraisal import Appraisal, ImmutableError

__all__ = ["Appraisal", "ImmutableError"]
