"""Shared vocabulary of the programmes: the words every service and partner agrees on."""

from enum import StrEnum


class Track(StrEnum):
    """The two programme tracks."""

    TVET = "TVET"
    HEALTH = "HEALTH"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Language(StrEnum):
    """Working languages the programmes use."""

    ENGLISH = "en"
    FRENCH = "fr"
    KINYARWANDA = "rw"


class Role(StrEnum):
    """Roles people act in; the gateway authenticates them, each service checks objects."""

    IOM_OFFICER = "iom_officer"
    MINISTRY_VIEWER = "ministry_viewer"
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
