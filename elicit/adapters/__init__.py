"""The adapters: where the core meets the outside world.

It owns the settings (config), the database (store, with its Alembic migrations; the only importer of
sqlmodel), the language model (llm; the only importer of openai), reading .docx files (docx) and writing every
export format other tools read (exports). Adapters import the core and the settings, never each other, and
nothing above them (presenting, services, the UI or the CLI).
"""
