"""Benchmark of the playbook library: listing, filtering and full-text search at 1,000 / 10,000 / 100,000 playbooks.

SQLite in a temporary folder, then PostgreSQL on a throwaway server where Debian's server is installed (or
any database: pass a SQLAlchemy URL with a `{n}` placeholder as the first argument). Run with `make bench`.
"""

from __future__ import annotations

import random
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from elicit.adapters import store  # noqa: E402
from tests.benchmarks.timing import median_ms  # noqa: E402

# A vocabulary with Zipf-like frequencies, as prose has: a few words in most playbooks, most words in few.
WORDS = [f"word{rank}" for rank in range(1, 5001)]
WEIGHTS = [1 / rank for rank in range(1, 5001)]
GUIDES = ("crisis_management", "private_equity", "brand_strategy", "general")


def fill(engine, n: int) -> None:
    """n playbooks with text, owners, statuses and tags, written in bulk."""
    rng = random.Random(n)
    now = datetime.now(UTC)
    interviews, documents = [], []
    for i in range(n):
        interview_id = uuid.uuid4().hex
        interviews.append({"id": interview_id, "guide_id": GUIDES[i % 4], "guide_version": 1, "expert": f"expert {i % 500}",
                           "topic": f"topic {i}", "status": "complete", "token_hash": uuid.uuid4().hex,
                           "review_status": rng.choice(("draft", "in_review", "approved")),
                           "owner_id": None, "created_at": now, "updated_at": now - timedelta(minutes=i)})
        documents.append({"i": interview_id, "c": " ".join(rng.choices(WORDS, WEIGHTS, k=300))})
    with engine.begin() as connection:
        connection.execute(store.InterviewRecord.__table__.insert(), interviews)
        connection.execute(text("INSERT INTO search_document (interview_id, content) VALUES (:i, :c)"), documents)
        if engine.dialect.name == "sqlite":
            connection.execute(text("INSERT INTO search_fts (interview_id, content) VALUES (:i, :c)"), documents)
    if engine.dialect.name == "postgresql":  # what autovacuum does after a load this size: the planner's statistics
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))




def run(url: str, n: int) -> None:
    engine = store.open_database(url)
    fill(engine, n)
    with store.session(engine) as db:
        cases = {
            "list, newest first": lambda: store.library(db=db),
            "filter guide + status": lambda: store.library(db=db, guide_id="general", review_status="approved"),
            "search two mid words": lambda: store.library(db=db, words="word150 word220"),
            "search a word in most": lambda: store.library(db=db, words="word2"),
            "search a rare word": lambda: store.library(db=db, words="word4900"),
            "reviewer scope, page 40": lambda: store.library(db=db, scope_statuses=("in_review", "approved"),
                                                             page=40),
        }
        figures = "   ".join(f"{name}: {median_ms(action, 15):6.1f} ms" for name, action in cases.items())
        plans = explain(db, engine.dialect.name) if "--explain" in sys.argv else ""
    engine.dispose()
    print(f"{n:>7,} playbooks   {figures}{plans}")


def explain(db, dialect: str) -> str:
    """The plan PostgreSQL runs a search by, with its timings (EXPLAIN ANALYZE), for a common and a rare word."""
    if dialect != "postgresql":
        return ""
    out = []
    for word in ("word2", "word4900"):
        sql = ("EXPLAIN ANALYZE SELECT interview_id FROM search_document WHERE content_tsv @@ "
               "plainto_tsquery('simple', :q) LIMIT 1001")
        out += [f"\n  EXPLAIN ANALYZE, {word}:"] + [f"    {row[0]}" for row in db.exec(text(sql).bindparams(q=word))]
    return "\n".join(out)


SIZES = (1_000, 10_000, 100_000)


def main() -> None:
    urls = [a for a in sys.argv[1:] if not a.startswith("--")]
    if urls:
        for n in SIZES:
            run(urls[0].format(n=n), n)
        return
    print("SQLite")
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            run(f"sqlite:///{folder}/library-{n}.db", n)
    from tests.support.pg import binaries, create_database, postgres_server

    if binaries() is None:
        print("PostgreSQL: not installed here (apt-get install postgresql), so not measured")
        return
    print("PostgreSQL")
    with postgres_server() as template:
        for n in SIZES:
            run(create_database(template, f"library_{n}"), n)


if __name__ == "__main__":
    main()
