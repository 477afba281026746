"""Reference data every service agrees on: the IPRCs (TVET hosts), the host hospitals and
the organisations tokens may speak for."""

from pydantic import BaseModel, ConfigDict

from .vocabulary import OrganisationKind


class HostInstitution(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    district: str
    province: str


IPRCS: tuple[HostInstitution, ...] = tuple(
    HostInstitution(code=code, name=f"IPRC {town}", district=district, province=province)
    for code, town, district, province in (
        ("IPRC-KGL", "Kigali", "Kicukiro", "Kigali City"),
        ("IPRC-HYE", "Huye", "Huye", "Southern"),
        ("IPRC-MSZ", "Musanze", "Musanze", "Northern"),
        ("IPRC-TMB", "Tumba", "Rulindo", "Northern"),
        ("IPRC-KRG", "Karongi", "Karongi", "Western"),
        ("IPRC-NGM", "Ngoma", "Ngoma", "Eastern"),
        ("IPRC-KTB", "Kitabi", "Nyamagabe", "Southern"),
        ("IPRC-GSR", "Gishari", "Rwamagana", "Eastern"),
    )
)

# Host hospitals of the Health track: the two university teaching hospitals and district
# hospitals that asked for diaspora specialists.
HOSPITALS: tuple[HostInstitution, ...] = tuple(
    HostInstitution(code=code, name=name, district=district, province=province)
    for code, name, district, province in (
        ("CHUK", "University Teaching Hospital of Kigali", "Nyarugenge", "Kigali City"),
        ("CHUB", "University Teaching Hospital of Butare", "Huye", "Southern"),
        ("DH-KIBAGABAGA", "Kibagabaga District Hospital", "Gasabo", "Kigali City"),
        ("DH-RUHENGERI", "Ruhengeri Referral Hospital", "Musanze", "Northern"),
        ("DH-KABGAYI", "Kabgayi District Hospital", "Muhanga", "Southern"),
    )
)

TVET_PRIORITY_SECTORS = (
    "agriculture",
    "ICT",
    "mechanical engineering",
    "electrical engineering",
    "energy",
)


class Organisation(BaseModel):
    """An organisation a token may speak for; its ``code`` is the token's ``org`` claim."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    kind: OrganisationKind


_PARTNERS = (
    ("IOM-BE", "IOM Belgium and Luxembourg", OrganisationKind.IOM),
    ("IOM-RW", "IOM Rwanda", OrganisationKind.IOM),
    (
        "MINAFFET",
        "Ministry of Foreign Affairs and International Cooperation",
        OrganisationKind.MINISTRY,
    ),
    ("MINEDUC", "Ministry of Education", OrganisationKind.MINISTRY),
    ("MOH", "Ministry of Health", OrganisationKind.MINISTRY),
    ("RP", "Rwanda Polytechnic", OrganisationKind.AGENCY),
)
# The ten pilot projects are named when their grants are awarded; until then, numbered slots.
_PILOT_PROJECTS = tuple(
    (f"PILOT-{n:02d}", f"Pilot project {n}", OrganisationKind.PILOT_PROJECT) for n in range(1, 11)
)

ORGANISATIONS: tuple[Organisation, ...] = (
    *(Organisation(code=c, name=n, kind=OrganisationKind(k)) for c, n, k in _PARTNERS),
    *(Organisation(code=i.code, name=i.name, kind=OrganisationKind.IPRC) for i in IPRCS),
    *(Organisation(code=h.code, name=h.name, kind=OrganisationKind.HOSPITAL) for h in HOSPITALS),
    *(Organisation(code=c, name=n, kind=k) for c, n, k in _PILOT_PROJECTS),
)
ORGANISATION_CODES: frozenset[str] = frozenset(o.code for o in ORGANISATIONS)
