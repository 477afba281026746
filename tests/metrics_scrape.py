"""Reads a `/metrics` answer (Prometheus text format) the way a scraper would."""

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample


async def scrape(client: httpx.AsyncClient, path: str = "/metrics") -> list[Sample]:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    families = text_string_to_metric_families(response.text)
    return [sample for family in families for sample in family.samples]


def value_of(samples: list[Sample], name: str, **labels: str) -> float | None:
    """The value of the one sample of `name` whose labels include `labels`, None if absent."""
    found = [s.value for s in samples if s.name == name and labels.items() <= s.labels.items()]
    assert len(found) <= 1, f"{name}{labels} matches {len(found)} samples"
    return found[0] if found else None


def label_values(samples: list[Sample], name: str, label: str) -> set[str]:
    return {s.labels[label] for s in samples if s.name == name and label in s.labels}
