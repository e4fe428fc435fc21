"""Settings: one pydantic-settings class read from ELICIT_* environment variables and `.env`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'data' / 'elicit.db'}"
OPENAI_URL = "https://api.openai.com/v1"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ELICIT_", env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_DATABASE_URL, description="any SQLAlchemy URL; SQLite in data/ by default")
    max_follow_ups_per_question: int = Field(3, ge=0, le=10, description="follow-ups asked on one question")
    max_follow_ups_per_interview: int | None = Field(None, ge=0, le=200, description="follow-ups asked in one "
                                                     "interview; unset, one for each question on its path")
    max_answer_chars: int = Field(20_000, ge=100, description="the longest answer accepted, in characters")
    user: str | None = Field(None, description="the CLI's account (email) once a team exists")
    password: SecretStr | None = Field(None, description="that account's password")
    llm_base_url: str | None = Field(None, description="an OpenAI-compatible server; unset means offline",
                                     validation_alias=AliasChoices("ELICIT_LLM_BASE_URL", "OPENAI_BASE_URL"))
    llm_api_key: SecretStr | None = Field(None, description="the key for that server",
                                          validation_alias=AliasChoices("ELICIT_LLM_API_KEY", "OPENAI_API_KEY"))
    llm_model: str | None = Field(None, description="the model to ask")
    llm_timeout: float = Field(30.0, gt=0, description="seconds before an LLM call is given up")
    llm_retries: int = Field(2, ge=0, le=10, description="retries of a failed LLM call")
    llm_transcription_model: str = Field("whisper-1", description="the server's speech-to-text model")
    max_instructions_chars: int = Field(8_000, ge=100, description="longest plain-text prompt before the exports "
                                        "warn it is over a custom assistant's instructions limit")
    bind_address: str = Field("127.0.0.1", description="the address `make run` listens on; 0.0.0.0 for every one")
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, description="other origins (scheme://host:port) "
                                       "the app is reached at, e.g. through a proxy; comma-separated")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list, description="addresses of proxies whose "
                                       "X-Forwarded-For and X-Forwarded-Proto are believed; comma-separated")
    secure_cookies: bool = Field(False, description="mark cookies Secure (HTTPS only) even without a trusted proxy")
    setup_code: SecretStr | None = Field(None, description="the first-start code; unset, one is printed at start")
    setup_code_file: Path = Field(PROJECT_DIR / "data" / "setup-code.txt", description="where the first-start "
                                  "code is kept when ELICIT_SETUP_CODE is unset; `elicit setup-code` writes a fresh one")
    idle_minutes: int = Field(120, ge=1, description="minutes without activity after which a sign-in ends")
    max_sessions_per_client: int = Field(30, ge=1, description="open browser sessions one client address may hold")
    max_runs_per_client: float = Field(10.0, gt=0, description="page runs a second one client address may ask for, "
                                       "over a burst of twice that; more wait their turn")

    @field_validator("allowed_origins", "trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`a,b` in the environment as well as a JSON list."""
        if isinstance(value, str):
            value = json.loads(value) if value.strip().startswith("[") else value.split(",")
        return [str(part).strip().rstrip("/") for part in value if str(part).strip()]

    @property
    def llm_url(self) -> str | None:
        """The server to call: the configured base URL, or OpenAI's when only a key is given."""
        if self.llm_base_url:
            return self.llm_base_url.rstrip("/")
        return OPENAI_URL if self.llm_api_key else None

    @property
    def llm_configured(self) -> bool:
        """An LLM is used when a model and a server (or an OpenAI key) are set."""
        return bool(self.llm_model and self.llm_url)


@cache
def get_settings() -> Settings:
    """The settings, read once per process; tests call `get_settings.cache_clear()` after changing env."""
    return Settings()
