"""Gateway settings, read from ``GATEWAY_*`` environment variables.

The gateway is the only component that checks bearer tokens, so the token settings are
validated at start-up: a weak secret or a permissive algorithm list must stop the process,
not quietly weaken every request.
"""

import json
from typing import Annotated, Any, Final

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# HMAC-SHA2 algorithms and the smallest key each deserves: RFC 7518 section 3.2 asks for a
# key at least as long as the hash output. Asymmetric algorithms are left out on purpose:
# allowing them next to an HMAC secret opens the classic algorithm-confusion attack.
HMAC_KEY_BYTES: Final[dict[str, int]] = {"HS256": 32, "HS384": 48, "HS512": 64}
MIN_SECRET_BYTES: Final = HMAC_KEY_BYTES["HS256"]
_KEYGEN_ADVICE: Final = (
    "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
)


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    recruitment_url: str = "http://127.0.0.1:8001"
    reporting_url: str = "http://127.0.0.1:8002"
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

    @field_validator("jwt_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr) -> SecretStr:
        length = len(value.get_secret_value().encode("utf-8"))
        if length < MIN_SECRET_BYTES:
            raise ValueError(
                f"GATEWAY_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes, got {length}; "
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
