"""One small hierarchy of the errors a user or an operator can cause."""

from __future__ import annotations


class ElicitError(Exception):
    """Base of every error this product raises on purpose; its message is fit to show a person."""


class GuideError(ElicitError):
    """An interview guide could not be loaded: one message per problem, each naming file and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class UnknownGuideError(ElicitError):
    """No guide has the id that was asked for."""


class AnswerError(ElicitError):
    """An answer does not fit its question (wrong shape, too long, unknown question)."""


class InputFileError(ElicitError):
    """A file given to read (answers, a playbook to import, a prompt to lint, a document) cannot be used as it is:
    missing, too large, not UTF-8, not the format it should be. The message names the file and what to do."""


class InterviewNotFoundError(ElicitError):
    """No stored interview matches the id or resume token given."""


class StorageError(ElicitError):
    """The database could not be opened, migrated or written."""


class LLMError(ElicitError):
    """A call to the language model failed; callers fall back to the offline path."""


class AccessDeniedError(ElicitError):
    """The person signed in (or the link used) may not do this."""


class StaleError(ElicitError):
    """What someone acted on changed in another tab or window first; nothing was overwritten."""


class ClosedError(ElicitError):
    """The playbook is archived: it takes no answers or edits until an owner or consultant restores it."""
