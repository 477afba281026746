"""Review, selection and offer routes: role checks here, object checks in recruitment."""

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from diaspora_shared.runtime.http_problems import problems
from recruitment.api import ApplicationView
from recruitment.api_selection import (
    AssignmentView,
    ConflictDeclaration,
    OfferAnswer,
    ProposalView,
    ReviewerAssignment,
    ReviewScores,
    ReviewSummary,
    ReviewView,
    SelectionConfirmation,
)

from .dependencies import Applicant, Officer, OfficerOrReviewer, Reviewer, UpstreamsDep

router = APIRouter(prefix="/api/recruitment", tags=["reviews and selection"])
RECRUITMENT = "recruitment"


@router.post(
    "/applications/{application_id}/reviewers",
    responses=problems(404, 409),
    status_code=201,
    response_model=ReviewSummary,
    summary="Assign a reviewer (officer)",
)
async def assign_reviewer(
    application_id: UUID,
    body: ReviewerAssignment,
    request: Request,
    actor: Officer,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/reviewers"
    return await upstreams.forward(request, actor, RECRUITMENT, path, body.model_dump())


@router.get(
    "/reviews/mine",
    response_model=list[AssignmentView],
    summary="Applications assigned to me, without contact details (reviewer)",
)
async def my_assignments(
    request: Request, actor: Reviewer, upstreams: UpstreamsDep
) -> JSONResponse:
    return await upstreams.forward(request, actor, RECRUITMENT, "/recruitment/reviews/mine")


@router.get(
    "/applications/{application_id}/reviews",
    responses=problems(404),
    response_model=ReviewSummary,
    summary="Reviews of an application (officer; assigned reviewer after scoring)",
)
async def review_summary(
    application_id: UUID, request: Request, actor: OfficerOrReviewer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/reviews"
    return await upstreams.forward(request, actor, RECRUITMENT, path)


@router.post(
    "/applications/{application_id}/reviews/conflict",
    responses=problems(404, 409),
    response_model=ReviewView,
    summary="Declare a conflict of interest (assigned reviewer)",
)
async def declare_conflict(
    application_id: UUID,
    body: ConflictDeclaration,
    request: Request,
    actor: Reviewer,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/reviews/conflict"
    return await upstreams.forward(request, actor, RECRUITMENT, path, body.model_dump())


@router.post(
    "/applications/{application_id}/reviews",
    responses=problems(404, 409),
    status_code=201,
    response_model=ReviewSummary,
    summary="Score the call's criteria 0-5 (assigned reviewer)",
)
async def submit_review(
    application_id: UUID,
    body: ReviewScores,
    request: Request,
    actor: Reviewer,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/reviews"
    return await upstreams.forward(request, actor, RECRUITMENT, path, body.model_dump())


@router.get(
    "/calls/{call_id}/selection",
    responses=problems(404),
    response_model=ProposalView,
    summary="Ranking and selection proposal, with the reason for every place (officer)",
)
async def selection_proposal(
    call_id: UUID, request: Request, actor: Officer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = f"/recruitment/calls/{call_id}/selection"
    return await upstreams.forward(request, actor, RECRUITMENT, path)


@router.post(
    "/calls/{call_id}/selection/confirm",
    responses=problems(404, 409),
    response_model=ProposalView,
    summary="Confirm the proposal and send offers (officer)",
)
async def confirm_selection(
    call_id: UUID,
    body: SelectionConfirmation,
    request: Request,
    actor: Officer,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/calls/{call_id}/selection/confirm"
    return await upstreams.forward(request, actor, RECRUITMENT, path, body.model_dump())


@router.post(
    "/applications/{application_id}/offer",
    responses=problems(404, 409),
    response_model=ApplicationView,
    summary="Accept or decline your offer (applicant)",
)
async def answer_offer(
    application_id: UUID,
    body: OfferAnswer,
    request: Request,
    actor: Applicant,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/offer"
    return await upstreams.forward(request, actor, RECRUITMENT, path, body.model_dump())


@router.post("/offers/expire", summary="Lapse offers past their deadline (officer)")
async def expire_offers(request: Request, actor: Officer, upstreams: UpstreamsDep) -> JSONResponse:
    return await upstreams.forward(request, actor, RECRUITMENT, "/recruitment/offers/expire")
