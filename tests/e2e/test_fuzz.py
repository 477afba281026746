"""A bounded property-based fuzz of the gateway's OpenAPI against the running platform: with
every role's token, valid and invalid input alike, no answer is a 5xx and every answer
matches the documented statuses, media types and schemas."""

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from diaspora_shared.contracts.vocabulary import Role

from .conftest import Platform

AnyOperation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Any]
# Few examples per operation keep the suite bounded; set FUZZ_EXAMPLES for a deeper run.
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


async def test_the_gateway_answers_every_generated_request_as_documented(
    platform: Platform,
) -> None:
    schema = schemathesis.openapi.from_url(f"{platform.gateway_url}/openapi.json")
    tokens = [platform.token(role, f"fuzz-{role.value}") for role in Role]
    failures: list[str] = []
    operations = [operation_of(result) for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += fuzz(operation, mode, platform.gateway_url, tokens)

    assert not failures, "\n".join(failures[:30])


def operation_of(result: Ok[AnyOperation] | Err[InvalidSchema]) -> AnyOperation:
    assert isinstance(result, Ok), f"the gateway's OpenAPI is invalid: {result.err()}"
    return result.ok()


def fuzz(
    operation: AnyOperation, mode: GenerationMode, base_url: str, tokens: list[dict[str, str]]
) -> list[str]:
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: AnyCase) -> None:
        for token in tokens:
            failure = call_and_check(case, base_url, token)
            if failure:
                failures.append(failure)

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid: the operation takes no parameters and no body.
        assert mode is GenerationMode.NEGATIVE
    return failures


def call_and_check(case: AnyCase, base_url: str, token: dict[str, str]) -> str | None:
    response = case.call(base_url=base_url, headers=token, timeout=10)
    try:
        case.validate_response(response, checks=CHECKS, headers=token)
    except (Exception, BaseExceptionGroup) as error:
        return describe(case, response.status_code, error)
    return None


def describe(case: AnyCase, status: int, error: BaseException) -> str:
    found = getattr(error, "exceptions", None) or (error,)
    reasons = "; ".join(
        f"{getattr(item, 'title', type(item).__name__)}: {str(getattr(item, 'message', ''))[:200]}"
        for item in found
    )
    return f"{case.method} {case.formatted_path} -> {status}: {reasons}"
