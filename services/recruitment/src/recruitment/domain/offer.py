"""The place offered to an application after selection."""

from dataclasses import dataclass
from datetime import datetime

from .model import OfferStatus


@dataclass
class Offer:
    """The place offered to an application, open until its deadline."""

    made_at: datetime
    deadline: datetime
    status: OfferStatus = OfferStatus.OFFERED
    answered_at: datetime | None = None
    from_waiting_list: bool = False
