"""Documentation is tested: every guide field, check, kind, CLI command and setting is documented."""

from __future__ import annotations

import pytest
import typer.main

from elicit.cli import app
from elicit.adapters.config import Settings
from elicit.core.guides import (Check, Form, Guide, Kind, PromptInputSpec, PromptSpec, Question, Render, ShowIf, Stage,
                           Voice)
from tests.conftest import ROOT

GUIDE_DOC = (ROOT / "interview_guides" / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


GUIDE_MODELS = (Guide, Stage, Question, ShowIf, Render, PromptSpec, PromptInputSpec)


@pytest.mark.parametrize("field", [f"{model.__name__}.{name}" for model in GUIDE_MODELS for name in model.model_fields])
def test_every_guide_field_is_documented(field):
    assert f"| `{field.split('.')[1]}` |" in GUIDE_DOC, f"{field} is missing from interview_guides/README.md"


@pytest.mark.parametrize("name", [c.value for c in Check] + [k.value for k in Kind] + [f.value for f in Form]
                         + [v.value for v in Voice])
def test_every_check_and_kind_is_documented(name):
    assert f"| `{name}` |" in GUIDE_DOC


def _commands(group: typer.Typer, prefix: str = "elicit") -> list[str]:
    click_group = typer.main.get_command(group)
    found = []
    for name, command in click_group.commands.items():
        sub = getattr(command, "commands", None)
        found += [f"{prefix} {name} {child}" for child in sub] if sub else [f"{prefix} {name}"]
    return found


@pytest.mark.parametrize("command", _commands(app))
def test_every_command_is_in_the_readme(command):
    assert f"`{command}" in README, f"{command} is missing from README.md"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_in_the_readme(name):
    assert f"`ELICIT_{name.upper()}`" in README


def test_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README
