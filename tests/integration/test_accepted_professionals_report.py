"""The accepted-professionals report says what each figure aggregates: every call keeps its own
women-share goal, and the track's goal is the calls' goals weighted by their targets (not the
highest of them). On SQLite and PostgreSQL, through the projection's own rules."""

from datetime import date
from uuid import uuid4

from diaspora_shared.contracts.events import CallOpened
from diaspora_shared.contracts.vocabulary import Track
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.entrypoints.app import MIGRATIONS
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.projection import apply_events
from reporting.service_layer.queries import accepted_professionals


def call(track: Track, target: int, goal: float, title: str) -> CallOpened:
    return CallOpened(
        call_id=uuid4(),
        track=track,
        title=title,
        target=target,
        women_share_goal=goal,
        opens_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 31),
    )


async def test_each_call_keeps_its_goal_and_the_track_goal_is_weighted_by_target(
    database_url: str,
) -> None:
    small = call(Track.TVET, 10, 0.4, "IPRC trainers")
    large = call(Track.TVET, 30, 0.6, "Pilot-project mentors")
    health = call(Track.HEALTH, 20, 0.5, "Host hospitals")
    renamed = small.model_copy(update={"title": "IPRC trainers (extended)", "target": 20})
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    try:
        async with database.engine.begin() as connection:
            await apply_events(connection, ACCEPTED_PROFESSIONALS, [small, large, health, renamed])
        async with database.session() as session:
            report = await accepted_professionals(session)
    finally:
        await database.dispose()

    tvet, other = (
        next(p for p in report.tracks if p.track is t) for t in (Track.TVET, Track.HEALTH)
    )
    assert tvet.target == 50
    # 20 x 0.4 + 30 x 0.6 = 26 women aimed at among 50 places; the highest goal would say 0.6.
    assert tvet.women_share_goal == 0.52
    goals = {(c.call_id, c.title, c.target, c.women_share_goal) for c in tvet.calls}
    assert goals == {
        (str(small.call_id), "IPRC trainers (extended)", 20, 0.4),
        (str(large.call_id), "Pilot-project mentors", 30, 0.6),
    }
    assert (other.target, other.women_share_goal, len(other.calls)) == (20, 0.5, 1)
    assert "weighted" in (type(tvet).model_fields["women_share_goal"].description or "")
