"""What the gateway serves itself for the web application: its built files, and in
development a sign-in that hands out the demo users' tokens.

Both are added before the catch-all proxy route, so the public API keeps its paths: the
application lives under ``/`` and ``/assets``, which no service's prefix uses.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .auth import mint_token
from .problems import GatewayProblem
from .settings import GatewaySettings
from .tokens_cli import DEMO_USERS


class DemoUser(BaseModel):
    subject: str = Field(description="Who the token speaks for.")
    role: str = Field(description="Role the token grants.")
    org: str | None = Field(description="Organisation the token speaks for, if any.")


class SignInRequest(BaseModel):
    subject: str = Field(min_length=1, max_length=128, description="A demo user's subject.")


class SignInAnswer(BaseModel):
    token: str
    role: str
    org: str | None


def install_web(app: FastAPI, settings: GatewaySettings) -> None:
    if settings.dev_sign_in:
        _install_dev_sign_in(app, settings)
    root = Path(settings.web_root) if settings.web_root else None
    if root is not None and (root / "index.html").is_file():
        _install_static(app, root)


def _install_dev_sign_in(app: FastAPI, settings: GatewaySettings) -> None:
    users = {subject: (role, org) for role, subject, org in DEMO_USERS}

    @app.get("/auth/dev/users", tags=["development sign-in"])
    async def demo_users() -> list[DemoUser]:
        return [
            DemoUser(subject=subject, role=role.value, org=org)
            for subject, (role, org) in users.items()
        ]

    @app.post("/auth/dev/sign-in", tags=["development sign-in"])
    async def sign_in(request: SignInRequest) -> SignInAnswer:
        if request.subject not in users:
            raise GatewayProblem(404, "auth.unknown_demo_user", "no such demo user")
        role, org = users[request.subject]
        token = mint_token(settings, request.subject, role, org=org)
        return SignInAnswer(token=token, role=role.value, org=org)


def _install_static(app: FastAPI, root: Path) -> None:
    index = root / "index.html"

    @app.get("/", include_in_schema=False)
    async def web_index() -> FileResponse:
        return FileResponse(index)

    if (root / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=root / "assets"), name="web-assets")
