"""elicit: an expert's judgment, captured by interview, as a documented mega-prompt.

Five floors, each importing only those below it (the import-linter contracts in pyproject.toml hold them):
`core` (pure: the anatomy, guides, interview, reading, probing, assembly, linting), `adapters` (the outside
world: settings, store, LLM, .docx, exports), `presenting` (what is shown), `services` (the use cases), and the
entry points `ui` and `cli`. docs/ARCHITECTURE.md draws them.
"""
