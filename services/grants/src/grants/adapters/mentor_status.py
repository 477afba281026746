"""Whether a professional may mentor, as recruitment's events tell grants."""

AVAILABLE, WITHDRAWN, ERASED = "available", "withdrawn", "erased"
