"""Pseudonyms for the rows of erased applications.

When an applicant's data is erased, reporting keeps their rows for the anonymous counts, but no
longer under the application's id: under a one-way digest of it. Nothing stored names the
application any more, yet an event that arrives after the erasure (a review recorded late, an
offer from the waiting list, a redelivery) still finds the row it belongs to, because its
handler can compute the same digest from the id it carries. Only someone who already holds the
application's id can find its row, as in recruitment, which keeps the anonymised application.
"""

import hashlib

_DOMAIN = b"diaspora-reporting/erased-application/v1:"


def pseudonym(application_id: str) -> str:
    """64 hex characters, never a valid application id (those are 36-character UUIDs)."""
    return hashlib.sha256(_DOMAIN + application_id.encode()).hexdigest()


def keys_of(application_id: str) -> tuple[str, str]:
    """The two keys an application's row may be stored under: its id, then its pseudonym."""
    return application_id, pseudonym(application_id)
