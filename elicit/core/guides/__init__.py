"""Interview guides: the Guide / Stage / Question models (`models`) and loading them, validated, from YAML
(`loading`); every name is importable from `elicit.core.guides`."""

from __future__ import annotations

# what the module imported before it became a package, still importable from here
from elicit.core.anatomy import ELEMENT_IDS
from elicit.core.errors import GuideError, UnknownGuideError
from elicit.core.guides.models import (
    CasePart, Check, Form, Guide, InterviewPath, Kind, PromptInputSpec, PromptSpec, Question, Render, ShowIf, Stage,
    Voice,
)
from elicit.core.guides.loading import (
    builtin_guides, get_guide, GUIDES_DIR, load_guide, MAX_GUIDE_BYTES, MAX_GUIDE_DEPTH, parse_guide, validate_paths,
)

__all__ = [
    "ELEMENT_IDS", "GuideError", "UnknownGuideError",
    "builtin_guides", "CasePart", "Check", "Form", "get_guide", "Guide", "GUIDES_DIR", "InterviewPath", "Kind",
    "load_guide", "MAX_GUIDE_BYTES", "MAX_GUIDE_DEPTH", "parse_guide", "PromptInputSpec", "PromptSpec", "Question",
    "Render", "ShowIf", "Stage", "validate_paths", "Voice",
]
