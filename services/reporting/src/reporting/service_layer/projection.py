"""A projection, declared once, applied the same way live and during a rebuild.

A projection names its consumer group, the event types it reads and, per event type, a `Rule`:
the read-model table the event changes, the primary keys of the rows it may touch, and a plain
function that changes those rows in memory. `apply_events` is the only code that runs rules:

1. it loads, in one query per table, every row the events' keys name;
2. it runs each event's rule in order on those in-memory rows;
3. it writes what changed (deletes, then upserts) on the caller's connection.

The live subscriber calls it with one event inside the consumer's transaction, which also
records the event id; the rebuild calls it with a batch of events inside the transaction that
also stores the batch's offsets. The same rules, the same result; only the rows a rebuild
creates go to the database in bulk (`adapters.bulk_insert`).

Every read-model table has a single string primary key, so rows are plain dicts keyed by it.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.consumer import EventHandler
from diaspora_shared.runtime.key_lists import matching_keys

from ..adapters.bulk_insert import insert_new_rows

Row = dict[str, Any]
E = TypeVar("E", bound=IntegrationEvent)


class TableRows:
    """The rows of one table that a set of events may touch, loaded once and changed in memory."""

    def __init__(self, table: Table, loaded: Mapping[str, Row]) -> None:
        self.table = table
        self.key_column: str = table.primary_key.columns.values()[0].name
        self._rows: dict[str, Row] = dict(loaded)
        self.stored: set[str] = set(loaded)
        """Keys that have a row in the database; the others are inserted, never upserted."""
        self.changed: set[str] = set()
        self.deleted: set[str] = set()

    def add_known(self, rows: Mapping[str, Row | None]) -> None:
        # Copies, so a rule changing a row never changes the cached one before it is stored.
        known = {key: dict(row) for key, row in rows.items() if row is not None}
        self._rows.update(known)
        self.stored.update(known)

    def get(self, key: str) -> Row | None:
        return self._rows.get(key)

    def put(self, row: Row) -> None:
        key = row[self.key_column]
        self._rows[key] = row
        self.changed.add(key)
        if self.deleted:
            self.deleted.discard(key)

    def delete(self, key: str) -> None:
        if self._rows.pop(key, None) is not None:
            self.deleted.add(key)
        self.changed.discard(key)

    def changed_rows(self) -> list[Row]:
        return [self._rows[key] for key in sorted(self.changed)]


@dataclass(frozen=True)
class Rule(Generic[E]):
    """How one event type changes one table: `keys` names every row `apply` may read or write
    (and is handed to it, so it is computed once per event)."""

    table: Table
    keys: Callable[[E], Sequence[str]]
    apply: Callable[[TableRows, E, Sequence[str]], None]


@dataclass(frozen=True)
class Projection:
    name: str
    group: str
    rules: Mapping[type[IntegrationEvent], Rule[Any]]

    @property
    def tables(self) -> list[Table]:
        return sorted({rule.table for rule in self.rules.values()}, key=lambda t: t.name)

    @property
    def topics(self) -> list[str]:
        return sorted({event_type.topic for event_type in self.rules})

    def live_handlers(self) -> dict[type[IntegrationEvent], EventHandler]:
        """One handler per event type for `ServiceRuntime.consume`: the event applied alone,
        inside the consumer's transaction."""
        return {event_type: self._live_handler for event_type in self.rules}

    async def _live_handler(
        self, session: AsyncSession, event: IntegrationEvent, _envelope: Envelope
    ) -> None:
        await apply_events(await session.connection(), self, [event])


class RowCache:
    """For the only writer of a read model (a rebuild): every row it loaded or wrote, so it
    looks each key up at most once. `complete` says the tables were empty when it started:
    then a key it never wrote has no row and is not looked up at all. Costs one dict per row."""

    def __init__(self, *, complete: bool) -> None:
        self.complete = complete
        self._rows: dict[str, dict[str, Row | None]] = {}

    def of(self, table: Table) -> dict[str, Row | None]:
        return self._rows.setdefault(table.name, {})

    def remember(self, rows: "TableRows", looked_up: Iterable[str]) -> None:
        cached = self.of(rows.table)
        cached.update({key: rows.get(key) for key in looked_up})
        cached.update({key: rows.get(key) for key in rows.changed | rows.deleted})


async def apply_events(
    connection: AsyncConnection,
    projection: Projection,
    events: Sequence[IntegrationEvent],
    cache: RowCache | None = None,
) -> None:
    """Apply the events in order to the projection's read model, on the caller's transaction."""
    wanted: dict[Table, set[str]] = {}
    planned: list[tuple[Rule[Any], IntegrationEvent, Sequence[str]]] = []
    rules = projection.rules
    for event in events:  # once per event of a rebuild: kept to lookups and appends
        rule = rules[type(event)]
        keys = rule.keys(event)
        planned.append((rule, event, keys))
        needed = wanted.get(rule.table)
        if needed is None:
            needed = wanted[rule.table] = set()
        needed.update(keys)
    rows: dict[str, TableRows] = {}
    looked_up: dict[str, set[str]] = {}
    for table, needed in wanted.items():
        known = {} if cache is None else cache.of(table)
        unknown = set() if cache is not None and cache.complete else needed - known.keys()
        rows[table.name] = await _load(connection, table, unknown)
        rows[table.name].add_known({key: known[key] for key in needed & known.keys()})
        looked_up[table.name] = unknown
    for rule, event, keys in planned:
        rule.apply(rows[rule.table.name], event, keys)
    for name, table_rows in rows.items():
        await _store(connection, table_rows, bulk=cache is not None)
        if cache is not None:
            cache.remember(table_rows, looked_up[name])


async def _load(connection: AsyncConnection, table: Table, keys: set[str]) -> TableRows:
    key_column = table.primary_key.columns.values()[0]
    loaded: dict[str, Row] = {}
    if not keys:
        return TableRows(table, loaded)
    for matching in matching_keys(connection, key_column, sorted(keys)):
        query = select(table).where(matching)
        if connection.dialect.name == "postgresql":
            # Replicas of the live subscriber may change the same row (a counter) at once:
            # the lock makes the second wait for the first's commit, so no update is lost.
            query = query.with_for_update()
        result = await connection.execute(query)
        for row in result.mappings():
            loaded[row[key_column.name]] = dict(row)
    return TableRows(table, loaded)


async def _store(connection: AsyncConnection, rows: TableRows, *, bulk: bool) -> None:
    """Deletes, inserts, upserts. `bulk` is for a rebuild, the only writer of its database (the
    only caller with a row cache): its new rows go in by the thousand."""
    key_column = rows.table.primary_key.columns.values()[0]
    if rows.deleted:
        for matching in matching_keys(connection, key_column, sorted(rows.deleted)):
            await connection.execute(delete(rows.table).where(matching))
    changed = rows.changed_rows()
    new = [row for row in changed if row[key_column.name] not in rows.stored]
    if new and bulk:
        await insert_new_rows(connection, rows.table, new)
    elif new:
        # A plain insert: should another replica have created the row meanwhile, this fails on
        # the key and the consumer retries, finding (and locking) that row; an upsert would
        # silently overwrite it.
        await connection.execute(insert(rows.table), new)
    existing = [row for row in changed if row[key_column.name] in rows.stored]
    if not existing:
        return
    upsert = sqlite.insert if connection.dialect.name == "sqlite" else postgresql.insert
    statement = upsert(rows.table)
    others = [column.name for column in rows.table.columns if column.name != key_column.name]
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[key_column.name],
            set_={name: statement.excluded[name] for name in others},
        ),
        existing,
    )
