"""A person reference: a keyed pseudonym of a login subject.

Recruitment knows who an applicant is; deployment and grants only know the accepted application's
id. To let a professional act on their own missions and mentoring, recruitment puts the person
reference of the applicant's login on `ApplicantAccepted`; the other services compute the same
reference from the caller's verified subject and compare. A keyed hash (HMAC-SHA256) rather than a
plain one, so nobody who reads a topic can test guessed subjects against it. The reference also
tells two acceptances of one person apart from two people (overlapping missions).
"""

import hashlib
import hmac

from pydantic import SecretStr

PERSON_REF_PREFIX = "p1_"
_DIGEST_CHARS = 40


def person_ref(key: SecretStr, subject: str) -> str:
    """The person reference of ``subject`` under ``key``; stable for one key, opaque without it."""
    digest = hmac.new(
        key.get_secret_value().encode(), subject.encode("utf-8", "surrogatepass"), hashlib.sha256
    )
    return PERSON_REF_PREFIX + digest.hexdigest()[:_DIGEST_CHARS]
