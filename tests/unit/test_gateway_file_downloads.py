"""The gateway passes file downloads (reports' CSV, XLSX, XML; certificates' PDF) through with
their name, and
still refuses any other answer that is not JSON."""

import pytest
from multidict import CIMultiDict

from gateway.forwarding import _checked
from gateway.problems import GatewayProblem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    "media_type",
    ["text/csv; charset=utf-8", XLSX, "application/xml", "application/pdf", "application/json"],
)
def test_a_download_passes_through_with_its_name(media_type: str) -> None:
    body = b'{"period": "2026"}' if media_type == "application/json" else b"\x50\x4b\x03\x04"
    headers = CIMultiDict(
        {"Content-Type": media_type, "Content-Disposition": 'attachment; filename="a.csv"'}
    )
    answer = _checked(200, headers, body)
    assert answer.body == body
    assert answer.headers["content-disposition"] == 'attachment; filename="a.csv"'
    assert answer.headers["content-type"] == media_type


@pytest.mark.parametrize(
    ("status", "media_type"), [(200, "text/html"), (200, "text/plain"), (500, "text/csv")]
)
def test_other_answers_that_are_not_json_are_refused(status: int, media_type: str) -> None:
    headers = CIMultiDict({"Content-Type": media_type})
    with pytest.raises(GatewayProblem) as refused:
        _checked(status, headers, b"<p>x</p>")
    assert refused.value.status == 502
