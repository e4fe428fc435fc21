"""The export formats: each one's file extension, media type, label and where it is used."""

from __future__ import annotations

from dataclasses import dataclass

from elicit.core.errors import ElicitError


@dataclass(frozen=True)
class Format:
    """One export: its file extension, media type and the label of its download."""

    extension: str
    mime: str
    label: str
    use: str
    """Where it is used, in one line (the README's Exports table says more)."""


FORMATS: dict[str, Format] = {
    "md": Format("md", "text/markdown", "Markdown", "the documented prompt with its appendix, for a wiki or a review"),
    "txt": Format("txt", "text/plain", "Plain text", "the prompt alone, pasted into ChatGPT or a custom GPT"),
    "txt-short": Format("short.txt", "text/plain", "Plain text, condensed",
                        "under 8,000 characters for a custom GPT: criteria, guardrails and questions whole, what "
                        "was left out listed at its end"),
    "json": Format("json", "application/json", "JSON", "the playbook as data; `elicit import` reads it back"),
    "openai": Format("openai.json", "application/json", "OpenAI messages",
                     "the `messages` of a Chat Completions call, ending on the user's turn"),
    "responses": Format("responses.json", "application/json", "OpenAI Responses",
                        "`instructions` and `input` of a Responses API call"),
    "anthropic": Format("anthropic.json", "application/json", "Anthropic Messages",
                        "`system` and `messages` of an Anthropic Messages call"),
    "langfuse": Format("langfuse.json", "application/json", "Langfuse chat prompt",
                       "the body of Langfuse's create-prompt call"),
    "dotprompt": Format("prompt", "text/plain", ".prompt file", "a Dotprompt file: YAML front matter, system and user"),
    "chain": Format("chain.json", "application/json", "Chained prompts",
                    "one prompt per step of the process, for LangChain or n8n"),
    "promptfoo": Format("promptfooconfig.yaml", "application/yaml", "promptfoo config",
                        "`promptfoo eval` with the expert's cases as tests"),
    "jsonl": Format("jsonl", "application/jsonl", "Fine-tuning JSONL",
                    "situations and the expert's decisions as chat examples (10 at least)"),
    "html": Format("html", "text/html", "Readable playbook (HTML)",
                   "a playbook people read, print on A4 or save as PDF"),
    "skill": Format("skill.zip", "application/zip", "Agent Skill",
                    "a SKILL.md folder an agent loads to gain the expert's judgment"),
    "bundle": Format("zip", "application/zip", "Everything (zip)",
                     "all of the above, the transcript and a manifest, for the client's files"),
}
CHAIN_YAML = Format("chain.yaml", "application/yaml", "Chained prompts (YAML)",
                    "the same chain as YAML, for tools configured in YAML")


class UnknownFormatError(ElicitError):
    """No export has this name."""


def describe(fmt: str) -> Format:
    """The format of an export, the chain's YAML variant included."""
    return CHAIN_YAML if fmt == "chain-yaml" else FORMATS[fmt]


def file_name(stem: str, fmt: str) -> str:
    return f"{stem}.{describe(fmt).extension}"
