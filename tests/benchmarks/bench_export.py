"""Benchmark of assembling a complete interview and exporting it: each format on its own, then the whole bundle.

For each guide's answer set in tests/data, a complete interview (every follow-up answered) is assembled into a
MegaPrompt; then each export format is rendered from it, and the bundle zip with the interview's transcript. The
last column is what `elicit export ID --format bundle` does before writing the file: the interview and its saved
version read back from a temp SQLite database, then the bundle. Run with `make bench`. Prints medians.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from elicit.adapters import exports, store  # noqa: E402
from elicit.services import interviews, playbooks  # noqa: E402
from elicit.core.assembly import MegaPrompt, assemble  # noqa: E402
from elicit.core.guides import get_guide  # noqa: E402
from elicit.core.interview import FollowUp, Interview, answer_all  # noqa: E402
from elicit.core.probing.heuristic import HeuristicProber  # noqa: E402
from tests.benchmarks.timing import median_ms  # noqa: E402

GUIDES = ("crisis_management", "private_equity", "brand_strategy", "general")
FORMATS = ("md", "txt", "json", "openai", "responses", "anthropic", "langfuse", "dotprompt", "chain", "chain-yaml",
           "promptfoo", "html", "skill")
CORRECTIONS = {"questions": [], "teach_back": [{"scenario": f"Case {n}: a second report on batch L{n}.",
                                               "better": "Freeze the batch and call the regulator."} for n in range(10)]}
"""Ten teach-back corrections, so the fine-tuning file has enough examples to be made."""
FOLLOW_UP_ANSWER = "When two reports name the same batch within a day, I treat it as confirmed and act at once."
REPEAT = 20




def answers(guide_id: str) -> dict:
    return yaml.safe_load((ROOT / "tests" / "data" / f"answers_{guide_id}.yaml").read_text(encoding="utf-8"))


def complete_interview(guide_id: str) -> Interview:
    interview = Interview(guide=get_guide(guide_id), expert="Bench", topic="benchmark", id=f"bench-{guide_id}")
    return answer_all(interview, answers(guide_id), HeuristicProber().probe, follow_up_answer=FOLLOW_UP_ANSWER)


def stored_interview(db, guide_id: str) -> str:
    """The same interview through the workflow, saved as version 1; returns its id."""
    given, prober = answers(guide_id), HeuristicProber()
    interview, _token = interviews.start_interview(db=db, guide=get_guide(guide_id), expert="Bench", topic="benchmark")
    while (item := interview.next_item()) is not None:
        if isinstance(item, FollowUp):
            interviews.answer_follow_up(db=db, interview=interview, follow_up_id=item.id, text=FOLLOW_UP_ANSWER,
                                      prober=prober)
        elif item.id in given:
            interviews.submit_answer(db=db, interview=interview, question_id=item.id, raw=given[item.id], prober=prober)
        else:
            interviews.skip_question(db=db, interview=interview, question_id=item.id)
    interviews.finish(db=db, interview=interview)
    return interview.id


def bundle_from_store(engine, interview_id: str) -> bytes:
    with store.session(engine) as db:
        prompt, data = playbooks.export_inputs(db=db, interview_id=interview_id)
    return exports.render("bundle", prompt, data)


def measure(guide_id: str, engine) -> dict[str, float]:
    interview = complete_interview(guide_id)
    prompt: MegaPrompt = assemble(interview, version=1)
    row = {"assemble": median_ms(lambda: assemble(interview, version=1), REPEAT)}
    for fmt in FORMATS:
        row[fmt] = median_ms(lambda: exports.render(fmt, prompt), REPEAT)
    row["jsonl"] = median_ms(lambda: exports.render("jsonl", prompt, CORRECTIONS), REPEAT)
    row["bundle"] = median_ms(lambda: exports.render("bundle", prompt, exports.transcript(interview)), REPEAT)
    row["KB"] = len(exports.render("bundle", prompt, exports.transcript(interview))) / 1024
    with store.session(engine) as db:
        interview_id = stored_interview(db, guide_id)
    row["stored"] = median_ms(lambda: bundle_from_store(engine, interview_id), REPEAT)
    return row


def print_table(rows: dict[str, dict[str, float]]) -> None:
    columns = ["assemble", *FORMATS, "jsonl", "bundle", "KB", "stored"]
    print(f"median ms over {REPEAT} runs; KB = bundle size; stored = read back from SQLite + bundle")
    print(f"{'guide':<18}" + "".join(f"{c:>11}" for c in columns))
    for guide_id, row in rows.items():
        print(f"{guide_id:<18}" + "".join(f"{row[c]:>11.1f}" if c == "KB" else f"{row[c]:>11.2f}" for c in columns))


def main() -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ELICIT_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
        engine = store.open_database()
        try:
            rows = {guide_id: measure(guide_id, engine) for guide_id in GUIDES}
        finally:
            engine.dispose()
    print_table(rows)


if __name__ == "__main__":
    main()
