from pydantic_settings import SettingsConfigDict

from diaspora_shared.runtime.settings import ServiceSettings


class RecruitmentSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECRUITMENT_", extra="ignore")

    service_name: str = "recruitment"
    http_port: int = 8001
    offer_expiry_interval_seconds: float = 60.0
