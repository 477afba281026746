"""A person's rights over the data recruitment holds about them: a complete export, and erasure.

Applicants act for themselves; an IOM officer may act for anyone (on the person's request), and
every such read or erasure is audited per application. Erasure anonymises in place (see
`domain.personal_data` for what is replaced and what is kept) and records one
`ApplicantDataErased` per application in the same transaction, so other services learn of it
exactly when it is durable.
"""

import json
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import ApplicantDataErased
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import ReviewAssignmentRow
from ..adapters.tables import ApplicationRow, AuditEntry
from ..domain.errors import ForbiddenError
from ..domain.model import ApplicantProfile, ApplicationStatus, ScreeningOverride
from ..domain.personal_data import (
    ERASED_SUBJECT_PREFIX,
    ERASED_TEXT,
    AuditRecord,
    ErasureReceipt,
    PersonalDataExport,
    ReviewRecord,
    anonymised_detail,
    anonymised_override,
    anonymised_profile,
    detail_for_applicant,
)
from .common import application_view, audit, find_call, now
from .unit_of_work import SqlRecruitmentUnitOfWork


def ensure_may_act_for(actor: Actor, subject: str) -> None:
    """Applicants only for themselves; officers for anyone; nobody else."""
    if actor.is_(Role.IOM_OFFICER):
        return
    if actor.is_(Role.APPLICANT) and actor.subject == subject:
        return
    raise ForbiddenError(f"role {actor.role.value} may not reach this person's data")


async def export_personal_data(
    session: AsyncSession, actor: Actor, subject: str
) -> PersonalDataExport:
    ensure_may_act_for(actor, subject)
    rows = await _applications_of(session, subject)
    ids = [row.application_id for row in rows]
    if actor.is_(Role.IOM_OFFICER) and rows:
        for application_id in ids:
            audit(session, actor, "export_personal_data", application_id)
        await session.commit()
    entries = (
        await session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.application_id).in_(ids))
            .order_by(col(AuditEntry.at), col(AuditEntry.id))
        )
    ).all()
    reviews = (
        await session.exec(
            select(ReviewAssignmentRow)
            .where(
                col(ReviewAssignmentRow.application_id).in_(ids),
                col(ReviewAssignmentRow.submitted_at).is_not(None),
            )
            .order_by(col(ReviewAssignmentRow.submitted_at))
        )
    ).all()
    return PersonalDataExport(
        subject=subject,
        generated_at=now(),
        applications=[application_view(row) for row in rows],
        reviews=[_review_record(review) for review in reviews],
        audit=[_audit_record(entry) for entry in entries],
    )


async def erase_personal_data(uow: UnitOfWork, actor: Actor, subject: str) -> ErasureReceipt:
    ensure_may_act_for(actor, subject)
    session = uow.session
    erased_at = now()
    # Calls first, then applications: the order every command locks in, so none deadlock.
    for call_id in sorted({row.call_id for row in await _applications_of(session, subject)}):
        await find_call(session, UUID(call_id), for_update=True)
    rows = await _applications_of(session, subject, for_update=True)
    await _leave_open_offers(SqlRecruitmentUnitOfWork(uow), rows, erased_at)
    pseudonyms: dict[str, str] = {}
    for row in rows:
        pseudonym = f"{ERASED_SUBJECT_PREFIX}{uuid4()}"
        pseudonyms[row.application_id] = pseudonym
        profile = ApplicantProfile.model_validate_json(row.profile)
        row.profile = anonymised_profile(profile, UUID(row.application_id)).model_dump_json()
        if row.screening_override:
            override = ScreeningOverride.model_validate_json(row.screening_override)
            row.screening_override = anonymised_override(override).model_dump_json()
        row.applicant_subject = pseudonym
        row.erased_at = erased_at
        session.add(row)
        await _anonymise_reviews(session, row.application_id)
    await _anonymise_audit(session, subject, pseudonyms)
    for row in rows:
        # An applicant's own request is audited under the new unlinkable value: their subject
        # must not survive the erasure in the audit log either.
        by = (
            actor
            if actor.is_(Role.IOM_OFFICER)
            else Actor(pseudonyms[row.application_id], actor.role)
        )
        audit(session, by, "erase_personal_data", row.application_id, requested_by=actor.role.value)
        uow.record(
            ApplicantDataErased(
                application_id=UUID(row.application_id),
                call_id=UUID(row.call_id),
                erased_at=erased_at,
            )
        )
    await uow.commit()
    return ErasureReceipt(
        erased_at=erased_at, applications=[UUID(row.application_id) for row in rows]
    )


async def _leave_open_offers(
    uow: SqlRecruitmentUnitOfWork, rows: list[ApplicationRow], at: datetime
) -> None:
    """An offer the person can no longer answer would hold its place until its deadline: it
    is withdrawn now and the place passes on, in the erasure's own transaction."""
    for row in rows:
        if row.status != ApplicationStatus.OFFERED:
            continue
        call = await uow.calls.get(UUID(row.call_id), for_update=True)
        application = await uow.applications.get(UUID(row.application_id), for_update=True)
        if application.withdraw(call, at):
            await uow.pass_place_on(call.call_id, application.application_id, at)
    # Written back before the rows are anonymised, so the anonymisation is what stays.
    uow.stage_changes()


async def _applications_of(
    session: AsyncSession, subject: str, for_update: bool = False
) -> list[ApplicationRow]:
    query = (
        select(ApplicationRow)
        .where(col(ApplicationRow.applicant_subject) == subject)
        .order_by(col(ApplicationRow.submitted_at), col(ApplicationRow.application_id))
    )
    if for_update:
        query = query.with_for_update()
    return list((await session.exec(query)).all())


async def _anonymise_reviews(session: AsyncSession, application_id: str) -> None:
    reviews = await session.exec(
        select(ReviewAssignmentRow).where(col(ReviewAssignmentRow.application_id) == application_id)
    )
    for review in reviews:
        # Placeholders, not None: a recorded conflict still keeps its reviewer from scoring.
        if review.comment is not None:
            review.comment = ERASED_TEXT
        if review.conflict_reason is not None:
            review.conflict_reason = ERASED_TEXT
        session.add(review)


async def _anonymise_audit(session: AsyncSession, subject: str, pseudonyms: dict[str, str]) -> None:
    """Staff free text about the erased applications goes; entries the person made themselves
    keep what happened but carry the application's unlinkable value instead of their subject."""
    about = col(AuditEntry.application_id).in_(list(pseudonyms))
    by_person = col(AuditEntry.actor_subject) == subject
    entries = await session.exec(select(AuditEntry).where(about | by_person))
    for entry in entries:
        entry.detail = json.dumps(anonymised_detail(json.loads(entry.detail)), default=str)
        if entry.actor_subject == subject:
            entry.actor_subject = pseudonyms.get(
                entry.application_id, f"{ERASED_SUBJECT_PREFIX}{uuid4()}"
            )
        session.add(entry)


def _audit_record(entry: AuditEntry) -> AuditRecord:
    detail: dict[str, Any] = json.loads(entry.detail)
    return AuditRecord(
        application_id=UUID(entry.application_id),
        at=entry.at,
        action=entry.action,
        actor_role=entry.actor_role,
        detail=detail_for_applicant(detail),
    )


def _review_record(review: ReviewAssignmentRow) -> ReviewRecord:
    return ReviewRecord(
        application_id=UUID(review.application_id),
        scores=json.loads(review.scores) if review.scores else None,
        comment=review.comment,
        weighted_score=review.weighted_score,
        submitted_at=review.submitted_at,
    )
