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
    """Roles people act in; a token names one, and an organisation where the role speaks for
    one (see ``reference.ORGANISATIONS``). Each route declares the roles it admits."""

    IOM_OFFICER = "iom_officer"
    MINISTRY_VIEWER = "ministry_viewer"
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    HOST_INSTITUTION = "host_institution"
    PILOT_PROJECT = "pilot_project"


class OrganisationKind(StrEnum):
    IOM = "iom"
    MINISTRY = "ministry"
    AGENCY = "agency"
    IPRC = "iprc"
    HOSPITAL = "hospital"
    PILOT_PROJECT = "pilot_project"
