"""Reference data every service agrees on: Rwanda Polytechnic's eight IPRCs, the TVET hosts."""

from pydantic import BaseModel, ConfigDict


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

TVET_PRIORITY_SECTORS = (
    "agriculture",
    "ICT",
    "mechanical engineering",
    "electrical engineering",
    "energy",
)
