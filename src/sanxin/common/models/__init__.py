from sanxin.common.models.audit import AuditEntry
from sanxin.common.models.tokens import ApiToken

__all__ = ["ApiToken", "AuditEntry"]
