"""Inserting many new read-model rows at once, for a rebuild.

A rebuild inserts tens of thousands of rows per batch. Through SQLAlchemy's `insert()` every row
is turned into a parameter dictionary and processed column by column before the driver sees it,
which cost as much as everything else the rebuild does per event. Here the statement is built
once per table and dialect, each row becomes a tuple in column order (the column types' own bind
processors still run, so the values stored are the same), and the rows go to the driver in one
call: PostgreSQL's COPY through asyncpg, SQLite's `executemany`.

Only the rebuild uses this: it is the only writer of its database, so a key can never already
exist. The live subscriber keeps SQLAlchemy's insert, whose key violation its retry relies on.
"""

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

Row = dict[str, Any]


@dataclass(frozen=True)
class ColumnProcessor:
    index: int
    process: Callable[[Any], Any]
    passes_as_is: frozenset[type]
    """Value types both drivers take unchanged (Python's bools for a boolean column): when a
    column holds nothing else, its processor is not called once per value."""

    def needed(self, tuples: Sequence[tuple[Any, ...]]) -> bool:
        if not self.passes_as_is:
            return True
        # Every step runs in C: a set of the value types found in the column.
        return not set(map(type, map(operator.itemgetter(self.index), tuples))) <= (
            self.passes_as_is
        )


@dataclass(frozen=True)
class InsertPlan:
    columns: tuple[str, ...]
    statement: str
    row_values: Callable[[Row], tuple[Any, ...]]
    processors: tuple[ColumnProcessor, ...]

    def values(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        tuples = list(map(self.row_values, rows))
        if len(self.columns) == 1:  # itemgetter of one name returns the value, not a tuple
            tuples = [(value,) for value in tuples]
        needed = [processor for processor in self.processors if processor.needed(tuples)]
        if not needed:
            return tuples
        processed = []
        for values in tuples:
            listed = list(values)
            for processor in needed:
                listed[processor.index] = processor.process(listed[processor.index])
            processed.append(tuple(listed))
        return processed


_PLANS: dict[tuple[str, str], InsertPlan] = {}


def insert_plan(table: Table, dialect: Dialect) -> InsertPlan:
    key = (table.fullname, dialect.name)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _plan(table, dialect)
    return plan


def _plan(table: Table, dialect: Dialect) -> InsertPlan:
    columns = tuple(column.name for column in table.columns)
    quote = dialect.identifier_preparer.quote
    if dialect.paramstyle == "numeric_dollar":
        marks = [f"${number}" for number in range(1, len(columns) + 1)]
    else:
        marks = ["?"] * len(columns)
    # Names from the table's own metadata, quoted by the dialect: nothing here comes from input.
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "  # noqa: S608
        f"({', '.join(quote(name) for name in columns)}) VALUES ({', '.join(marks)})"
    )
    processors = tuple(
        ColumnProcessor(index, process, _BOOLS if isinstance(column.type, Boolean) else frozenset())
        for index, column in enumerate(table.columns)
        if (process := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return InsertPlan(columns, statement, operator.itemgetter(*columns), processors)


# Both drivers take Python's True and False as they are; the type's processor, which checks
# and converts each value, runs only when a column holds anything else (and refuses what is no
# bool).
_BOOLS: frozenset[type] = frozenset({bool, type(None)})


async def insert_new_rows(connection: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    """Insert rows whose keys are known to be new, on the caller's transaction."""
    dialect = connection.dialect
    if dialect.paramstyle not in ("numeric_dollar", "qmark"):
        raise NotImplementedError(f"no bulk insert for the {dialect.name} driver")
    plan = insert_plan(table, dialect)
    values = plan.values(rows)
    if dialect.name == "postgresql":
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        if not driver.is_in_transaction():
            # The driver adapter begins its transaction at the first statement it runs; COPY
            # goes around it, so one statement first, or the rows would commit on their own.
            await connection.exec_driver_sql("SELECT 1")
        assert driver.is_in_transaction()
        await driver.copy_records_to_table(
            table.name, records=values, columns=list(plan.columns), schema_name=table.schema
        )
    else:
        await connection.exec_driver_sql(plan.statement, values)
