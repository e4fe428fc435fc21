"""Finding playbooks: the ones a person may see, searched, filtered and paged; counts per guide; the recent ones."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from elicit.adapters import store
from elicit.core.access import Action, Actor
from elicit.services import teams
from elicit.adapters.store import Db

SEARCH_CAP = store.SEARCH_CAP
"""A search counts at most this many matches; the page then says "more than"."""


def _alone(db: Db, actor: Actor) -> bool:
    """Whether this person sees everything because no team is set up; refused when a team is and they are nobody."""
    if actor.role is not None:
        return False
    if not teams.working_alone(db):
        teams.require(actor, Action.VIEW)
    return True


def visible(db: Db, actor: Actor, **filters: Any) -> tuple[list[store.InterviewRecord], int]:
    """The playbooks this person may see, with the filters applied: all of them when no team is set up."""
    scope = {} if _alone(db, actor) else teams.scope_for(actor)
    return store.library(db=db, **scope, **filters)


def recent(db: Db, actor: Actor, limit: int) -> list[store.InterviewRecord]:
    """The latest playbooks this person may see, newest activity first."""
    if _alone(db, actor):
        return store.list_interviews(db=db, limit=limit)
    return teams.library_for(db, actor, per_page=limit)[0]


def counts_by_guide(db: Db, actor: Actor, guide_ids: list[str]) -> dict[str, int]:
    return {guide_id: visible(db, actor, guide_id=guide_id, per_page=1)[1] for guide_id in guide_ids}


@dataclass
class Page:
    """One page of the library: its rows, their tags and matched text, and how the pager reads."""

    rows: list[store.InterviewRecord]
    total: int
    number: int
    pages: int
    tags: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    capped: bool = False
    """A search found more than SEARCH_CAP, so `total` is that floor."""


def page(db: Db, actor: Actor, filters: dict[str, Any], number: int, per_page: int) -> Page:
    rows, total = visible(db, actor, **filters, page=number, per_page=per_page)
    words = bool(filters.get("words"))
    capped = words and total > SEARCH_CAP
    return Page(rows=rows, total=min(total, SEARCH_CAP) if capped else total, number=number,
                pages=max(1, math.ceil(min(total, SEARCH_CAP) / per_page)),
                tags={row.id: store.tags_of(db=db, interview_id=row.id) for row in rows},
                texts=store.search_contents(db=db, interview_ids=[r.id for r in rows]) if words else {},
                capped=capped)
