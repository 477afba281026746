"""What partner systems read without a token: the AsyncAPI document of the public topics.

It is generated from the same contracts as the committed `shared/asyncapi/public.yaml` (CI
checks that the two agree), so the served document always describes the running code.
"""

from functools import cache

from fastapi import APIRouter, Response

from diaspora_shared.contracts.public.asyncapi_cli import asyncapi_yaml

ASYNCAPI_PATH = "/partners/asyncapi.yaml"

router = APIRouter(tags=["partners"])


@cache
def _document() -> str:
    return asyncapi_yaml()


@router.get(
    ASYNCAPI_PATH,
    summary="AsyncAPI 3.0 document of the public partner topics (no token needed)",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
)
async def partner_asyncapi() -> Response:
    return Response(_document(), media_type="application/yaml")
