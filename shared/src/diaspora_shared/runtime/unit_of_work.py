"""A unit of work: one database transaction holding a state change and the events it caused."""

from collections.abc import Callable
from types import TracebackType

from sqlmodel.ext.asyncio.session import AsyncSession

from ..contracts.events import IntegrationEvent
from .database import Database
from .idempotency_store import effect_marker
from .outbox import outbox_message_for


class UnitOfWork:
    def __init__(
        self,
        database: Database,
        *,
        event_source: str,
        on_events_committed: Callable[[], None] = lambda: None,
        correlation_id: str | None = None,
    ) -> None:
        self._database = database
        self._event_source = event_source
        self._on_events_committed = on_events_committed
        self.correlation_id = correlation_id
        self._recorded = 0
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._session

    async def __aenter__(self) -> "UnitOfWork":
        self._session = self._database.session()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.session.rollback()
        await self.session.close()
        self._session = None

    def record(self, event: IntegrationEvent) -> None:
        """Stage an event; it is written with the state change and published after commit."""
        self.session.add(
            outbox_message_for(event, source=self._event_source, correlation_id=self.correlation_id)
        )
        self._recorded += 1

    async def commit(self) -> None:
        # Under an Idempotency-Key, the key is marked done in the effect's own transaction.
        marker = effect_marker()
        if marker is not None:
            await self.session.exec(marker)
        await self.session.commit()
        if self._recorded:
            self._recorded = 0
            self._on_events_committed()
