"""Host institutions: the eight IPRCs host TVET missions, the hospitals host Health missions.
Both lists are the platform's shared reference data."""

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS, HostInstitution
from diaspora_shared.contracts.vocabulary import Track

from .errors import UnknownInstitution

HOSTS_BY_TRACK: dict[Track, tuple[HostInstitution, ...]] = {
    Track.TVET: IPRCS,
    Track.HEALTH: HOSPITALS,
}


def track_of(institution_code: str) -> Track:
    for track, hosts in HOSTS_BY_TRACK.items():
        if any(host.code == institution_code for host in hosts):
            return track
    raise UnknownInstitution(f"no host institution has the code {institution_code!r}")


def name_of(institution_code: str) -> str:
    hosts = (host for hosts in HOSTS_BY_TRACK.values() for host in hosts)
    return next((host.name for host in hosts if host.code == institution_code), institution_code)
