"""The rebuild's bulk insert stores exactly what SQLAlchemy's insert stores, inside the caller's
transaction (a rollback leaves nothing, even where PostgreSQL's COPY does the writing), and still
refuses what the column type refuses."""

from typing import Any

import pytest
from sqlalchemy import insert, select

from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.adapters.bulk_insert import insert_new_rows
from reporting.adapters.funnel_tables import FunnelApplication
from reporting.adapters.indicator_tables import IndicatorFact
from reporting.entrypoints.app import MIGRATIONS

FUNNEL = FunnelApplication.__table__  # type: ignore[attr-defined]
FACTS = IndicatorFact.__table__  # type: ignore[attr-defined]


def funnel_row(number: int) -> dict[str, Any]:
    return {
        "application_id": f"application-{number:04}",
        "call_id": "call-1",
        "track": "TVET",
        "sex": "female" if number % 2 else "male",
        "country_of_residence": None if number % 3 else "BE",
        "eligible": None if number % 5 else bool(number % 2),
        "screened_at": None,
        "reviewed": True,
        "offered": bool(number % 2),
        "accepted": False,
        "withdrawn": False,
        "declined": number % 7 == 0,
        "expired": False,
    }


async def stored(database: Database, table: Any) -> list[dict[str, Any]]:
    key = table.primary_key.columns.values()[0]
    async with database.engine.connect() as connection:
        rows = (await connection.execute(select(table).order_by(key))).mappings()
        return [dict(row) for row in rows]


async def test_bulk_rows_equal_sqlalchemy_rows_and_roll_back_with_the_transaction(
    database_url: str,
) -> None:
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    rows = [funnel_row(number) for number in range(300)]
    facts = [{"fact_key": f"professional:{n}", "facts": '{"sex": "female"}'} for n in range(50)]
    try:
        async with database.engine.connect() as connection, connection.begin() as transaction:
            await insert_new_rows(connection, FUNNEL, rows)
            await transaction.rollback()
        assert await stored(database, FUNNEL) == []

        async with database.engine.begin() as connection:
            await insert_new_rows(connection, FUNNEL, rows[:150])
            await insert_new_rows(connection, FACTS, facts)
            await connection.execute(insert(FUNNEL), rows[150:])
        assert await stored(database, FUNNEL) == rows
        assert await stored(database, FACTS) == sorted(facts, key=lambda row: row["fact_key"])
    finally:
        await database.dispose()


async def test_a_value_the_column_type_refuses_is_refused_in_bulk(database_url: str) -> None:
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    try:
        with pytest.raises(TypeError, match="Not a boolean value"):
            async with database.engine.begin() as connection:
                await insert_new_rows(connection, FUNNEL, [funnel_row(1) | {"accepted": "yes"}])
        assert await stored(database, FUNNEL) == []
    finally:
        await database.dispose()
