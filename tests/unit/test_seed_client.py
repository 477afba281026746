"""The seeders' client waits as the gateway's 429 tells it and sends the request again, a
bounded number of times; any other answer comes back as it is."""

import fnmatch
import importlib
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "deploy" / "local"


def seed_client_module() -> Any:
    if str(SEEDS) not in sys.path:
        sys.path.insert(0, str(SEEDS))
    return importlib.import_module("seed_client")


def limited_then(answers: list[httpx.Response]) -> tuple[httpx.MockTransport, list[bytes]]:
    bodies: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return answers.pop(0)

    return httpx.MockTransport(answer), bodies


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds the client slept, in order; it never really sleeps."""
    slept: list[float] = []
    monkeypatch.setattr(seed_client_module().time, "sleep", slept.append)
    return slept


def test_a_limited_request_is_sent_again_after_the_wait_the_gateway_asked_for(
    waits: list[float],
) -> None:
    seed_client = seed_client_module()
    transport, bodies = limited_then(
        [
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(429, headers={"Retry-After": "1"}),
            httpx.Response(201, json={"id": "x"}),
        ]
    )
    with httpx.Client(transport=seed_client.WaitingWhenLimited(transport)) as client:
        response = client.post("http://gateway/api/grants/calls", json={"title": "t"})

    assert response.status_code == 201
    assert waits == [2.0, 1.0]
    assert bodies == [b'{"title":"t"}'] * 3


def test_the_waits_are_bounded_and_the_last_answer_is_returned(waits: list[float]) -> None:
    seed_client = seed_client_module()
    transport, bodies = limited_then(
        [httpx.Response(429, headers={"Retry-After": "600"}) for _ in range(4)]
    )
    limited = seed_client.WaitingWhenLimited(transport, max_waits=3)
    with httpx.Client(transport=limited) as client:
        response = client.get("http://gateway/api/reports/funnel")

    assert response.status_code == 429
    assert len(bodies) == 4
    assert waits == [seed_client.LONGEST_WAIT_SECONDS] * 3


def test_other_answers_are_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    seed_client = seed_client_module()
    monkeypatch.setattr(seed_client.time, "sleep", pytest.fail)
    transport, bodies = limited_then([httpx.Response(503, headers={"Retry-After": "1"})])
    with httpx.Client(transport=seed_client.WaitingWhenLimited(transport)) as client:
        assert client.get("http://gateway/health/ready").status_code == 503
    assert len(bodies) == 1


def test_the_image_carries_every_seed_module() -> None:
    """The compose stack's seed container runs seed_demo.py from the image, which imports the
    other seed modules: a module left out of the build context or of the image's COPY stops
    the image's build or the seed at import."""
    repo = SEEDS.parents[1]
    dockerfile = (repo / "deploy" / "docker" / "Dockerfile").read_text()
    admitted = [
        line[1:] for line in (repo / ".dockerignore").read_text().splitlines() if line[:1] == "!"
    ]
    for path in SEEDS.glob("seed_*.py"):
        relative = str(path.relative_to(repo))
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in admitted), relative
        assert relative in dockerfile, relative
