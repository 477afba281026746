"""Gateway settings, read from ``GATEWAY_*`` environment variables.

The gateway is the only component that checks bearer tokens, so the token settings are
validated at start-up: a weak secret or a permissive algorithm list must stop the process,
not quietly weaken every request.
"""

import json
from typing import Annotated, Any, Final

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from diaspora_shared.runtime.tracing import TraceExporter

# HMAC-SHA2 algorithms and the smallest key each deserves: RFC 7518 section 3.2 asks for a
# key at least as long as the hash output. Asymmetric algorithms are left out on purpose:
# allowing them next to an HMAC secret opens the classic algorithm-confusion attack.
HMAC_KEY_BYTES: Final[dict[str, int]] = {"HS256": 32, "HS384": 48, "HS512": 64}
MIN_SECRET_BYTES: Final = HMAC_KEY_BYTES["HS256"]
_KEYGEN_ADVICE: Final = (
    "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
)


class UpstreamService(BaseModel):
    """A service behind the gateway: its public paths are ``public_prefix`` + its own paths."""

    name: str = Field(min_length=1, description="Service name; the audience of its assertions.")
    url: str = Field(min_length=1, description="Base URL on the internal network.")
    public_prefix: str = Field(default="/api", pattern=r"^(/[A-Za-z0-9._-]+)*$")


DEFAULT_UPSTREAMS: Final = [
    UpstreamService(name="recruitment", url="http://127.0.0.1:8001"),
    UpstreamService(name="reporting", url="http://127.0.0.1:8002"),
    UpstreamService(name="deployment", url="http://127.0.0.1:8003"),
    UpstreamService(name="grants", url="http://127.0.0.1:8004"),
]


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    trace_exporter: TraceExporter = Field(
        default="none",
        description="Where spans go: none (trace ids still travel upstream), console, or otlp "
        "(endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, whose presence alone turns otlp on).",
    )
    upstreams: list[UpstreamService] = Field(
        default_factory=lambda: list(DEFAULT_UPSTREAMS),
        min_length=1,
        description='JSON list of {"name", "url", "public_prefix"}; routes are learned from '
        "each one's /openapi.json.",
    )
    routes_refresh_seconds: float = Field(default=30.0, gt=0)
    routes_retry_seconds: float = Field(
        default=0.5, gt=0, description="Pause between attempts to read an upstream's routes."
    )
    internal_assertion_secret: SecretStr = Field(
        description="HMAC key for the assertions services verify; at least "
        f"{MIN_SECRET_BYTES} bytes, and not the token secret."
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    rate_limit_subject_per_second: float = Field(default=20.0, gt=0)
    rate_limit_subject_burst: int = Field(default=40, ge=1)
    rate_limit_client_per_second: float = Field(default=50.0, gt=0)
    rate_limit_client_burst: int = Field(default=100, ge=1)
    jwt_secret: SecretStr = Field(
        description=f"HMAC key signing and verifying tokens; at least {MIN_SECRET_BYTES} bytes."
    )
    jwt_issuer: str = Field(default="iom-diaspora-platform", min_length=1)
    jwt_audience: str = Field(default="iom-diaspora-gateway", min_length=1)
    # NoDecode lets the variable be written "HS256,HS384" as well as JSON; see the validator.
    jwt_algorithms: Annotated[list[str], NoDecode] = Field(
        default=["HS256"],
        description="Algorithms a token may be signed with; the first one signs new tokens.",
    )
    token_ttl_seconds: int = Field(default=8 * 3600, gt=0)
    jwks_url: str | None = Field(
        default=None,
        description="An OpenID Connect provider's JWKS URL; when set, RS256 tokens signed by "
        "its keys are accepted beside the gateway's own HMAC tokens.",
    )
    jwks_issuer: str | None = Field(
        default=None, description="Issuer of provider tokens (default: GATEWAY_JWT_ISSUER)."
    )
    jwks_audience: str | None = Field(
        default=None, description="Audience of provider tokens (default: GATEWAY_JWT_AUDIENCE)."
    )
    dev_sign_in: bool = Field(
        default=False,
        description="Development only: /auth/dev/* lists the demo users and hands out their "
        "tokens without a password. Never set in production.",
    )
    web_root: str | None = Field(
        default=None,
        description="Directory of the built web application, served at / when it exists.",
    )
    upstream_timeout_seconds: float = Field(default=10.0, gt=0)
    upstream_max_connections: int = Field(
        default=64, ge=1, description="Connections to each upstream service at most."
    )
    upstream_queue_seconds: float = Field(
        default=1.0,
        gt=0,
        description="How long a request may wait for a free upstream connection before the "
        "gateway answers 503: under overload it sheds load instead of queueing it.",
    )
    http_max_concurrency: int = Field(default=400, ge=1)

    @field_validator("jwt_secret", "internal_assertion_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr) -> SecretStr:
        length = len(value.get_secret_value().encode("utf-8"))
        if length < MIN_SECRET_BYTES:
            raise ValueError(
                f"GATEWAY_JWT_SECRET and GATEWAY_INTERNAL_ASSERTION_SECRET must be at least "
                f"{MIN_SECRET_BYTES} bytes, got {length}; "
                f"{_KEYGEN_ADVICE}"
            )
        return value

    @field_validator("jwt_algorithms", mode="before")
    @classmethod
    def _split_algorithm_list(cls, value: Any) -> Any:
        """Accept a JSON list or a comma-separated string from the environment."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            return json.loads(value)
        return [part.strip() for part in value.split(",") if part.strip()]

    @field_validator("jwt_algorithms")
    @classmethod
    def _only_hmac_sha2(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("GATEWAY_JWT_ALGORITHMS must name at least one algorithm")
        for algorithm in value:
            if algorithm.lower() == "none":
                raise ValueError(
                    "GATEWAY_JWT_ALGORITHMS must never contain 'none': it accepts unsigned tokens"
                )
            if algorithm not in HMAC_KEY_BYTES:
                raise ValueError(
                    f"GATEWAY_JWT_ALGORITHMS: {algorithm!r} is not allowed; "
                    f"use only {', '.join(HMAC_KEY_BYTES)}"
                )
        return list(dict.fromkeys(value))  # duplicates say nothing more; keep first-come order

    @model_validator(mode="after")
    def _distinct_secrets(self) -> "GatewaySettings":
        """A service holding the assertion key must not be able to mint public tokens."""
        if self.jwt_secret.get_secret_value() == self.internal_assertion_secret.get_secret_value():
            raise ValueError(
                "GATEWAY_INTERNAL_ASSERTION_SECRET must differ from GATEWAY_JWT_SECRET"
            )
        return self

    @model_validator(mode="after")
    def _secret_fits_algorithms(self) -> "GatewaySettings":
        """A 32-byte key is fine for HS256 but too short for HS384/HS512 (RFC 7518 3.2)."""
        needed = max(HMAC_KEY_BYTES[algorithm] for algorithm in self.jwt_algorithms)
        length = len(self.jwt_secret.get_secret_value().encode("utf-8"))
        if length < needed:
            raise ValueError(
                f"GATEWAY_JWT_SECRET must be at least {needed} bytes for "
                f"{', '.join(self.jwt_algorithms)}, got {length}; {_KEYGEN_ADVICE}"
            )
        return self
