"""A failing insert carrying personal data, on PostgreSQL: the failure is logged, by the
service's own logger and by the server's, with SQL logging switched on, and no line carries
the applicant's name, e-mail address or phone number."""

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.logging import configure_logging, get_logger
from recruitment.domain.model import ApplicantProfile
from recruitment.service_layer import applications
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..runtimes import migrate_recruitment, open_call, profile, recruitment_runtime

GIVEN_NAME = "Nadine"
FAMILY_NAME = "Uwamahoro"
EMAIL = "nadine.uwamahoro@example.org"
PHONE = "+32 470 12 34 56"


@pytest.fixture
def sql_logging_on() -> Iterator[None]:
    configure_logging("recruitment", "INFO")
    engine_logger = logging.getLogger("sqlalchemy.engine")
    engine_logger.setLevel(logging.INFO)
    yield
    engine_logger.setLevel(logging.WARNING)


def applicant_profile() -> ApplicantProfile:
    base = profile(index=7)
    contact = base.contact.model_copy(
        update={
            "given_name": GIVEN_NAME,
            "family_name": FAMILY_NAME,
            "email": EMAIL,
            "phone": PHONE,
        }
    )
    return base.model_copy(update={"contact": contact})


@pytest.mark.usefixtures("sql_logging_on")
async def test_a_failing_insert_leaves_no_personal_data_in_the_logs(
    kafka: str, topic_prefix: str, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    runtime = recruitment_runtime(kafka, topic_prefix, postgres_url)
    await migrate_recruitment(runtime)
    call_id = await open_call(runtime)
    # PostgreSQL refuses a NUL character in text: the application's insert fails with the
    # applicant's profile (name, e-mail, phone) among its bound parameters.
    applicant = Actor(subject="applicant-7\x00", role=Role.APPLICANT)
    try:
        with pytest.raises(DBAPIError) as failure:
            async with runtime.unit_of_work() as uow:
                await applications.submit_application(
                    SqlRecruitmentUnitOfWork(uow),
                    applicant,
                    call_id,
                    applicant_profile(),
                    datetime.now(UTC).date(),
                )
        # What the server logs for an unhandled error, and what a service logs for a failure.
        logging.getLogger("uvicorn.error").error(
            "Exception in ASGI application", exc_info=failure.value
        )
        get_logger().error("command failed", error=failure.value, exc_info=failure.value)
    finally:
        await runtime.database.dispose()

    logs = capsys.readouterr().out
    assert "INSERT INTO applications" in logs, "SQL logging was on"
    assert logs.count("DBAPIError") + logs.count("CharacterNotInRepertoire") >= 2
    assert "SQL parameters hidden" in logs
    for personal in (GIVEN_NAME, FAMILY_NAME, EMAIL, PHONE, "470 12 34 56"):
        assert personal not in logs, f"{personal!r} reached the logs"
