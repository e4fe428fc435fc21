"""The use cases the UI and the CLI share; pages and commands call these, never the store.

Each function takes a short database session `db` (a `Db`) opened by its caller for one action, checks
who may act through `access.allowed`, commits what a person typed before anything else happens with it,
and returns core objects or stored records. Modules: interviews (answer, probe, follow-ups, finish),
statements (every change of a prompt line), playbooks (exports, import, upgrade), library (finding and
comparing playbooks), teams (invitations, review status, comments, tags, audit), accounts (owner, users,
sign-in), drafting (document pre-fill, spoken answers, polish), trials and trial_runs (Try it), usage
(the LLM-call log) and connection (the Settings page's model check), over editing (the edit lock) and loading
(rebuilding an interview), which import no other use case. Services import the core, the adapters and
presenting, never the UI or the CLI, and flow one way: no circle among them.
"""

from __future__ import annotations

from elicit.adapters.store import Db, open_database, session

__all__ = ["Db", "open_database", "session"]
