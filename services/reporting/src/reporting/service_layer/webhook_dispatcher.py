"""The bridge's delivery worker, run inside the reporting service beside the outbox relay.

Each pass looks for subscriptions with deliveries due and gives each its own task, with its
own HTTP client: a subscription's deliveries go one after another, each POST bounded by a
timeout, and a hanging or failing endpoint only ever occupies its own task, so every other
partner keeps receiving at once.
"""

import asyncio
import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta

import httpx

from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.logging import get_logger
from diaspora_shared.runtime.periodic import PeriodicJob

from .webhook_claims import Backoff, Claimed, claim_next, due_subscriptions, settle
from .webhook_endpoints import RefusedEndpoint, check_endpoint
from .webhook_signatures import SIGNATURE_HEADER, signature_header

DELIVERY_ID_HEADER = "Webhook-Id"
EVENT_TYPE_HEADER = "Webhook-Event-Type"
CONTENT_TYPE = "application/cloudevents+json"


@dataclass(frozen=True)
class DeliveryPolicy:
    timeout_seconds: float
    backoff: Backoff
    allow_loopback: bool
    poll_interval_seconds: float

    @property
    def lease(self) -> timedelta:
        # Longer than any attempt can take, so no replica retakes a delivery still under way.
        return timedelta(seconds=self.timeout_seconds * 2 + 30)


class WebhookDispatcher(PeriodicJob):
    def __init__(self, database: Database, policy: DeliveryPolicy) -> None:
        super().__init__("webhook-deliveries", policy.poll_interval_seconds, self.run_pass)
        self._database = database
        self._policy = policy
        self._draining: dict[str, asyncio.Task[None]] = {}
        self._log = get_logger(component="webhook-dispatcher")

    async def run_pass(self) -> None:
        for subscription_id in await due_subscriptions(self._database):
            running = self._draining.get(subscription_id)
            if running is None or running.done():
                self._draining[subscription_id] = asyncio.create_task(
                    self._drain(subscription_id), name=f"webhooks-{subscription_id}"
                )

    async def stop(self) -> None:
        await super().stop()
        tasks = list(self._draining.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._draining.clear()

    async def _drain(self, subscription_id: str) -> None:
        policy = self._policy
        timeout = httpx.Timeout(policy.timeout_seconds)
        try:
            async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
                while claimed := await claim_next(self._database, subscription_id, policy.lease):
                    failure = await self._attempt(client, claimed)
                    status = await settle(self._database, claimed, failure, policy.backoff)
                    self._log.info(
                        "webhook attempt",
                        delivery_id=claimed.delivery.delivery_id,
                        attempt=claimed.delivery.attempts,
                        status=status,
                        outcome=failure or "delivered",
                    )
        except Exception as error:  # the next pass retries; one subscription never stops others
            self._log.error("webhook deliveries interrupted", error=type(error).__name__)

    async def _attempt(self, client: httpx.AsyncClient, claimed: Claimed) -> str | None:
        """None when the endpoint acknowledged the delivery, else why not."""
        try:
            await check_endpoint(claimed.url, allow_loopback=self._policy.allow_loopback)
            response = await asyncio.wait_for(
                _post(client, claimed), timeout=self._policy.timeout_seconds
            )
        except RefusedEndpoint as refused:
            return f"refused: {refused}"
        except (TimeoutError, httpx.TimeoutException):
            return "timed out"
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return f"unreachable: {type(error).__name__}"
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}"


async def _post(client: httpx.AsyncClient, claimed: Claimed) -> httpx.Response:
    delivery = claimed.delivery
    body = delivery.body.encode()
    headers = {
        "Content-Type": CONTENT_TYPE,
        DELIVERY_ID_HEADER: delivery.delivery_id,
        EVENT_TYPE_HEADER: delivery.event_type,
        SIGNATURE_HEADER: signature_header(claimed.secret, body, int(time.time())),
    }
    return await client.post(claimed.url, content=body, headers=headers)
