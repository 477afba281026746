"""Every declared indicator on a hand-made history with known answers, fed through the
projections as the live subscribers apply it, then evaluated in IOM Rwanda's full view."""

from typing import Any

from reporting.service_layer.indicator_report import organisation_indicators
from reporting.service_layer.indicator_table import INDICATORS

from .indicator_stream import apply_history, programme_history

# id: (total, {disaggregation: {group: value}}) for what the history says, worked by hand.
EXPECTED: dict[str, tuple[Any, dict[str, dict[str, Any]]]] = {
    # P1 (F, BE, TVET), P2 (M, FR, TVET), P3 (F, DE, Health) deployed; P4's mission cancelled.
    "professionals-deployed": (
        3,
        {
            "track": {"TVET": 2, "HEALTH": 1},
            "sex": {"female": 2, "male": 1},
            "country": {"BE": 1, "FR": 1, "DE": 1},
            "institution": {"IPRC-KGL": 1, "IPRC-HYE": 1, "CHUK": 1},
        },
    ),
    "women-share-deployed": (66.67, {"track": {"TVET": 50.0, "HEALTH": 100.0}}),
    "person-days": (
        15,
        {"sex": {"female": 15, "male": 0}, "country": {"BE": 10, "DE": 5, "FR": 0}},
    ),
    "missions-completed-as-planned": (66.67, {"track": {"TVET": 100.0, "HEALTH": 50.0}}),
    "host-institutions-supported": (3, {"track": {"TVET": 2, "HEALTH": 1}}),
    "tot-sessions": (3, {"course": {"ICT": 2, "Energy": 1}}),
    # (2+3) + corrected (1+1), not the first try (1+0), + (0+2).
    "trainers-trained": (9, {"sex": {"female": 3, "male": 6}, "course": {"ICT": 7, "Energy": 2}}),
    "students-trained": (17, {"sex": {"female": 7, "male": 10}}),
    # (30 x 10 + 10 x 5) / 15 participants; 10 of 15 passed.
    "mean-assessment-gain": (23.33, {"institution": {"IPRC-KGL": 30.0, "CHUK": 10.0}}),
    "share-passing-after": (66.67, {"institution": {"IPRC-KGL": 80.0, "CHUK": 40.0}}),
    "health-services-delivered": (15, {"service_type": {"consultation": 12, "procedure": 3}}),
    "health-staff-trained": (6, {"cadre": {"nurse": 6}, "sex": {"female": 4, "male": 2}}),
    "pilot-projects-funded": (2, {"sector": {"energy": 1, "ICT": 1}}),
    "amount-committed": (1_500_000, {"project": {"PILOT-01": 1_000_000, "PILOT-02": 500_000}}),
    "amount-disbursed": (500_000, {"currency": {"RWF": 500_000}}),
    "tranches-on-time": (50.0, {"project": {"PILOT-01": 50.0, "PILOT-02": None}}),
    "mentoring-sessions": (3, {"project": {"PILOT-01": 2, "PILOT-02": 1}}),
    "mentoring-hours": (3.0, {"project": {"PILOT-01": 1.5, "PILOT-02": 1.5}}),
    "jobs-total-6m": (4, {}),
    "jobs-women-6m": (2, {}),
    "jobs-youth-6m": (3, {}),
    "jobs-total-12m": (8, {"project": {"PILOT-01": 6, "PILOT-02": 2}}),
    "jobs-women-12m": (3, {}),
    "jobs-youth-12m": (5, {}),
    "pilots-operating-12m": (1, {"sector": {"energy": 1, "ICT": 0}}),
    "host-satisfaction": (4.5, {"track": {"TVET": 4.0, "HEALTH": 5.0}}),
    "professional-satisfaction": (3.0, {}),
}
NOT_COMPUTABLE = {"trainers-certified", "tranche-conditions-met", "cost-per-mission"}
NOT_COMPUTABLE |= {"cost-per-trainee"}


async def test_every_indicator_has_its_known_answer(database_url: str) -> None:
    database = await apply_history(database_url, programme_history())
    try:
        async with database.session() as session:
            report = await organisation_indicators(session, "IOM-RW")
    finally:
        await database.dispose()

    values = {value.id: value for value in report.indicators}
    assert set(values) == {indicator.id for indicator in INDICATORS}
    assert set(values) == set(EXPECTED) | NOT_COMPUTABLE
    for id_, (total, groups) in EXPECTED.items():
        assert values[id_].value == total, id_
        for dimension, cells in groups.items():
            assert values[id_].by[dimension] == cells, (id_, dimension)
    for id_ in NOT_COMPUTABLE:
        assert (values[id_].computable, values[id_].value) == (False, None)
        assert values[id_].not_computable
    assert {value.domain_item for value in values.values()} == set(range(1, 10))
    assert report.small_cell_threshold is None
