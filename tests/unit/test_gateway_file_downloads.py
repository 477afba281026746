"""The gateway passes file downloads (reports' CSV, XLSX, XML; certificates' PDF) through with
their name, and
still refuses any other answer that is not JSON."""

import httpx
import pytest

from gateway.forwarding import _checked
from gateway.problems import GatewayProblem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    "media_type",
    ["text/csv; charset=utf-8", XLSX, "application/xml", "application/pdf", "application/json"],
)
def test_a_download_passes_through_with_its_name(media_type: str) -> None:
    body = b'{"period": "2026"}' if media_type == "application/json" else b"\x50\x4b\x03\x04"
    headers = {"content-type": media_type, "content-disposition": 'attachment; filename="a.csv"'}
    answer = _checked(httpx.Response(200, headers=headers, content=body))
    assert answer.body == body
    assert answer.headers["content-disposition"] == 'attachment; filename="a.csv"'
    assert answer.headers["content-type"] == media_type


@pytest.mark.parametrize(
    ("status", "media_type"), [(200, "text/html"), (200, "text/plain"), (500, "text/csv")]
)
def test_other_answers_that_are_not_json_are_refused(status: int, media_type: str) -> None:
    response = httpx.Response(status, headers={"content-type": media_type}, content=b"<p>x</p>")
    with pytest.raises(GatewayProblem) as refused:
        _checked(response)
    assert refused.value.status == 502
