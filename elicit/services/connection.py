"""What the Settings page says about the language model: which prober is active, what is missing, the test."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from elicit.adapters import llm, store
from elicit.adapters.config import Settings
from elicit.services import usage
from elicit.core.errors import LLMError
from elicit.adapters.store import Db


def active_prober(settings: Settings) -> str:
    """One line naming the prober in use: offline, or the model and its host (never a key)."""
    if not settings.llm_configured:
        return "Offline: the built-in prober asks the follow-ups and the assembler writes the prompt."
    return f"LLM: the model {settings.llm_model} at {llm.host_of(settings.llm_url)}, with the offline prober as fallback."


def configuration_problem(settings: Settings) -> str | None:
    """What is half-configured and how to finish it; None when the setup is complete or deliberately offline."""
    if settings.llm_url and not settings.llm_model:
        return ("A server or key is set but no model, so the product stays offline. "
                "Set ELICIT_LLM_MODEL to the model's name (for example gpt-4o-mini or llama3.1).")
    if settings.llm_model and not settings.llm_url:
        return ("A model is set but no server, so the product stays offline. Set ELICIT_LLM_BASE_URL "
                "(for example http://localhost:11434/v1 for Ollama), or OPENAI_API_KEY for OpenAI.")
    return None


def safe_url(url: str | None) -> str | None:
    """A base URL without any user, password or query in it (some people put a key there)."""
    if not url:
        return None
    parts = urlsplit(url)
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else parts.netloc
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def details(settings: Settings) -> list[tuple[str, str]]:
    """The settings a person may check, as (label, value) rows; the key only as set or not set."""
    return [("Server", safe_url(settings.llm_url) or "not set"), ("Model", settings.llm_model or "not set"),
            ("Key", "set (hidden)" if settings.llm_api_key else "not set"),
            ("Timeout", f"{settings.llm_timeout:g} s"), ("Retries", str(settings.llm_retries)),
            ("Speech-to-text model", settings.llm_transcription_model)]


def check_connection(*, db: Db, settings: Settings) -> tuple[bool, str]:
    """Ask the server for its models; (worked, a plain message). The call is logged like any other."""
    problem = configuration_problem(settings)
    if not settings.llm_configured:
        return False, problem or "No language model is configured; the product works offline."
    client = llm.LLMClient(settings)
    try:
        return True, client.check_connection()
    except LLMError as exc:
        return False, f"The connection failed: {exc}."
    finally:
        usage.record_llm_calls(db, client, None)


MODE_LABELS = {"json_schema": "strict JSON schema", "json_object": "JSON mode, with the schema in the instructions",
               "text": "plain text, with the JSON repaired"}


def structured_mode(*, db: Db, settings: Settings) -> str:
    """How structured output is asked of this server and model: the mode that worked last, if known."""
    if not settings.llm_configured:
        return "not used offline"
    host = llm.host_of(settings.llm_url)
    mode = llm.known_mode(host, settings.llm_model) or store.last_llm_mode(db=db, host=host, model=settings.llm_model)
    return MODE_LABELS.get(mode, "not known yet: found on the first call")
