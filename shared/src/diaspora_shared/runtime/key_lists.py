"""A column matched against many keys at once, in the form each database takes best.

PostgreSQL takes the keys as one array parameter (`column = ANY(:keys)`): an `IN` list of a
thousand keys costs SQLAlchemy a bound parameter each to render, more than the query itself.
SQLite has no arrays and takes at most 32,766 parameters in a statement, so its keys go in
`IN` lists of a few thousand, one statement each."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

KEYS_PER_STATEMENT = 5_000


def matching_keys(connection: AsyncConnection, column: Any, keys: Sequence[str]) -> list[Any]:
    """Conditions matching the keys, one per statement to run."""
    if connection.dialect.name == "postgresql":
        return [column == any_(bindparam("keys", list(keys), type_=ARRAY(String)))]
    return [
        column.in_(keys[at : at + KEYS_PER_STATEMENT])
        for at in range(0, len(keys), KEYS_PER_STATEMENT)
    ]
