"""Screening over HTTP on PostgreSQL: an application outside the call's rules is screened out
and every later step answers 409 naming the failed rules, with nothing awarded."""

from ..unit.grants_fakes import call_spec, rwf
from .test_grants_http import Client, award_terms, grants, officer, pilot, post, reviewer

__all__ = ["grants"]  # the fixture, imported for pytest


async def test_an_ineligible_application_is_refused_review_and_award_with_its_rules(
    grants: Client,
) -> None:
    client, _ = grants
    spec = call_spec().model_dump(mode="json")
    spec["rules"] = {"required_documents": ["business plan"]}
    call = await post(client, "/grants/calls", spec, officer())
    application = {
        "sector": "mechanical_engineering",
        "budget": [{"item": "lathe", "amount": rwf(2_000_000)}],
    }
    path = f"/grants/calls/{call['call_id']}/applications"
    grant_id = (await post(client, path, application, pilot("PP-50")))["application_id"]
    base = f"/grants/applications/{grant_id}"
    screened = await post(client, f"{base}/screening", {}, officer())
    scores = {"scores": {"impact": 4, "feasibility": 5}}
    review = await client.post(f"{base}/reviews", json=scores, headers=reviewer())
    award = await client.post(f"{base}/award", json=award_terms(2_000_000), headers=officer())

    failed = [rule["rule"] for rule in screened["screening"] if not rule["passed"]]
    assert failed == ["sector_in_call", "required_documents_present"]
    assert (screened["status"], screened["eligible"]) == ("rejected", False)
    for refused in (review, award):
        assert (refused.status_code, refused.json()["code"]) == (409, "application.ineligible")
        assert "sector_in_call, required_documents_present" in refused.json()["detail"]
    seen = await client.get(base, headers=pilot("PP-50"))
    assert seen.json()["screening"] == screened["screening"]


async def test_an_override_without_a_reason_is_refused_and_nothing_changes(grants: Client) -> None:
    client, _ = grants
    call = await post(client, "/grants/calls", call_spec().model_dump(mode="json"), officer())
    application = {"sector": "ict", "budget": [{"item": "kit", "amount": rwf(50_000_000)}]}
    path = f"/grants/calls/{call['call_id']}/applications"
    grant_id = (await post(client, path, application, pilot("PP-51")))["application_id"]
    base = f"/grants/applications/{grant_id}"
    bare = await client.post(f"{base}/screening", json={"eligible": True}, headers=officer())
    reason = {"eligible": True, "reason": "ceiling raised by the steering committee"}
    overridden = await post(client, f"{base}/screening", reason, officer())

    assert (bare.status_code, bare.json()["code"]) == (422, "screening.reason_required")
    assert overridden["status"] == "screened_in"
    assert overridden["screening_override"] == reason["reason"]
