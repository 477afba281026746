"""Public response models of recruitment's personal data API (export and erasure)."""

from .domain.personal_data import AuditRecord, ErasureReceipt, PersonalDataExport, ReviewRecord

__all__ = ["AuditRecord", "ErasureReceipt", "PersonalDataExport", "ReviewRecord"]
