"""Which indicators, rows and disaggregations each organisation sees, decided here from the
verified actor's role and organisation (never from anything the caller asks for).

A view keeps only records whose scoped fields hold one of its values; a record without such a
field is left out, so a view scoped to one institution never picks up rows that name none.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from diaspora_shared.contracts.reference import ORGANISATIONS, Organisation
from diaspora_shared.contracts.vocabulary import OrganisationKind, Role, Track

from .indicator_sources import Record

IOM_RWANDA = "IOM-RW"
ALL_ITEMS = frozenset(range(1, 10))
HOST_DIMENSIONS = frozenset({"course", "sex", "cadre", "service_type", "role"})
ORGANISATIONS_BY_CODE = {organisation.code: organisation for organisation in ORGANISATIONS}


class UnknownOrganisation(LookupError):
    """No organisation of the programme has this code."""


class ViewNotAllowed(PermissionError):
    """The actor's role does not speak for this organisation's view."""


@dataclass(frozen=True)
class View:
    organisation: str
    items: frozenset[int]
    """Numbers of the programme's indicators shown (1 to 9)."""
    scope: Mapping[str, frozenset[str]] = field(default_factory=dict)
    dimensions: frozenset[str] | None = None
    """Disaggregations shown; None shows every declared one."""
    suppress_small_cells: bool = True

    def keeps(self, record: Record) -> bool:
        return all(str(record.get(name)) in allowed for name, allowed in self.scope.items())


TVET, HEALTH = frozenset({Track.TVET.value}), frozenset({Track.HEALTH.value})
PARTNER_VIEWS: dict[str, View] = {
    "IOM-RW": View("IOM-RW", ALL_ITEMS, suppress_small_cells=False),
    "IOM-BE": View(
        "IOM-BE",
        ALL_ITEMS,
        dimensions=frozenset({"sex", "track", "currency", "project", "sector", "country"}),
        suppress_small_cells=False,
    ),
    "MINAFFET": View(
        "MINAFFET", frozenset({1, 2}), dimensions=frozenset({"country", "track", "course", "sex"})
    ),
    "MINEDUC": View(
        "MINEDUC",
        frozenset({1, 2, 3, 4, 6, 7, 8, 9}),
        {"track": TVET},
        frozenset({"institution", "district", "course", "sex", "role", "project", "sector"}),
    ),
    "MOH": View(
        "MOH",
        frozenset({1, 2, 4, 5, 9}),
        {"track": HEALTH},
        frozenset({"institution", "district", "cadre", "service_type", "sex", "course"}),
    ),
}
# Rwanda Polytechnic runs the IPRCs: it follows them as the Ministry of Education does.
PARTNER_VIEWS["RP"] = replace(PARTNER_VIEWS["MINEDUC"], organisation="RP")
ROLE_KINDS: dict[Role, frozenset[OrganisationKind]] = {
    Role.IOM_OFFICER: frozenset({OrganisationKind.IOM}),
    Role.MINISTRY_VIEWER: frozenset({OrganisationKind.MINISTRY, OrganisationKind.AGENCY}),
    Role.HOST_INSTITUTION: frozenset({OrganisationKind.IPRC, OrganisationKind.HOSPITAL}),
    Role.PILOT_PROJECT: frozenset({OrganisationKind.PILOT_PROJECT}),
}


def organisation(code: str) -> Organisation:
    found = ORGANISATIONS_BY_CODE.get(code)
    if found is None:
        raise UnknownOrganisation(f"unknown organisation {code[:40]!r}")
    return found


def own_view(role: Role, org: str | None) -> View:
    """The view an actor gets for themselves; an IOM officer without one gets IOM Rwanda's."""
    if role == Role.IOM_OFFICER and org is None:
        org = IOM_RWANDA
    if org is None:
        raise ViewNotAllowed("this role's reports need the organisation it speaks for")
    found = organisation(org)
    if found.kind not in ROLE_KINDS.get(role, frozenset()):
        raise ViewNotAllowed(f"the {role.value} role does not speak for {found.code}")
    return view_of(found)


def view_for(role: Role, org: str | None, requested: str) -> View:
    """Another organisation's view: IOM sees any (to check what a partner sees), others only
    their own."""
    wanted = organisation(requested)
    mine = own_view(role, org)
    if mine.organisation != wanted.code and role != Role.IOM_OFFICER:
        raise ViewNotAllowed("an organisation sees its own view only")
    return view_of(wanted)


def view_of(found: Organisation) -> View:
    if found.code in PARTNER_VIEWS:
        return PARTNER_VIEWS[found.code]
    own = frozenset({found.code})
    if found.kind == OrganisationKind.PILOT_PROJECT:
        return View(found.code, frozenset({6, 7, 8}), {"project": own}, frozenset())
    items = frozenset({1, 3, 4, 9} if found.kind == OrganisationKind.IPRC else {1, 4, 5, 9})
    return View(found.code, items, {"institution": own}, HOST_DIMENSIONS)
