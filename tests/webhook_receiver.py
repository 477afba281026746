"""A partner's webhook endpoint on loopback for tests: records what it receives and answers
with a scripted series of statuses per path; one path can hang until released."""

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request, Response

from .kafka_helpers import eventually
from .processes import free_port


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    base_url: str = ""
    received: list[Received] = field(default_factory=list)
    scripts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    event_scripts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    hanging: set[str] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    arrivals: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"

    def answer(self, path: str, *statuses: int) -> None:
        """The next requests to `path` get these statuses, then 200."""
        self.scripts[path].extend(statuses)

    def answer_event(self, event_id: str, *statuses: int) -> None:
        """The next deliveries of the CloudEvent `event_id` get these statuses, then 200."""
        self.event_scripts[event_id].extend(statuses)

    def delivered_to(self, path: str) -> list[Received]:
        """Requests `path` acknowledged with a 2xx."""
        return [r for r in self.received if r.path == path]

    async def handle(self, path: str, request: Request) -> Response:
        self.arrivals[path] += 1
        body = await request.body()
        if path in self.hanging:
            await self.release.wait()
            return Response(status_code=200)
        event_script = self.event_scripts[str(json.loads(body).get("id"))]
        script = event_script if event_script else self.scripts[path]
        status = script.pop(0) if script else 200
        if 200 <= status < 300:
            self.received.append(Received(path, dict(request.headers), body))
        return Response(status_code=status)


@asynccontextmanager
async def running_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = FastAPI()

    @app.post("/{path}")
    async def hook(path: str, request: Request) -> Response:
        return await receiver.handle(path, request)

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    receiver.base_url = f"http://127.0.0.1:{port}"

    async def started() -> bool:
        return server.started

    try:
        assert await eventually(started, timeout=20), "the test receiver did not start"
        yield receiver
    finally:
        receiver.release.set()
        server.should_exit = True
        await serving
