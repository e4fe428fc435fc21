"""Benchmark of the LLM path: calls per answer and prompt tokens per probe call, for complete scripted interviews.

Run with `make bench`. Each built-in guide is interviewed headless against the test server (tests/support/llm_server.py)
with every follow-up answered once; the server counts tokens as characters / 4, close to what BPE tokenizers
give English text.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from elicit.adapters import llm, store  # noqa: E402
from elicit.services import interviews  # noqa: E402
from elicit.adapters.config import get_settings  # noqa: E402
from elicit.core.guides import builtin_guides  # noqa: E402
from elicit.core.interview import FollowUp  # noqa: E402
from tests.support.llm_server import MODEL, LLMServer  # noqa: E402

FOLLOW_UP_ANSWER = "Last March a batch failed the lab test, and I stopped the line within the hour."


def interview_guide(db, guide_id: str, answers: dict) -> int:
    """Run one whole interview through the LLM prober; returns how many answers (follow-ups included) were given."""
    interview, _token = interviews.start_interview(db=db, guide=builtin_guides()[guide_id], expert="Bench", topic="x")
    given = 0
    while (item := interview.next_item()) is not None:
        prober = interviews.default_prober()
        if isinstance(item, FollowUp):
            interviews.answer_follow_up(db=db, interview=interview, follow_up_id=item.id, text=FOLLOW_UP_ANSWER,
                                      prober=prober)
        elif item.id in answers:
            interviews.submit_answer(db=db, interview=interview, question_id=item.id, raw=answers[item.id],
                                   prober=prober)
        else:
            interviews.skip_question(db=db, interview=interview, question_id=item.id)
            continue
        given += 1
    return given


def main() -> None:
    server = LLMServer().start()
    folder = tempfile.mkdtemp(prefix="elicit-bench-llm-")
    os.environ.update({"ELICIT_DATABASE_URL": f"sqlite:///{folder}/bench.db", "ELICIT_LLM_BASE_URL": server.url,
                       "ELICIT_LLM_MODEL": MODEL, "ELICIT_LLM_API_KEY": "bench-key"})
    get_settings.cache_clear()
    llm.forget_modes()
    engine = store.open_database()
    answers_given = 0
    with store.session(engine) as db:
        for guide_id in builtin_guides():
            answers = yaml.safe_load((ROOT / "tests" / "data" / f"answers_{guide_id}.yaml").read_text("utf-8"))
            answers_given += interview_guide(db, guide_id, answers)
        calls = store.list_llm_calls(db=db)
    server.stop()
    probes = [c for c in calls if c.purpose == "probe"]
    tokens = [c.prompt_tokens for c in probes if c.prompt_tokens]
    print(f"LLM path, {len(builtin_guides())} complete interviews against the test server:")
    print(f"  answers given (follow-ups included)   {answers_given}")
    print(f"  LLM calls per answer                  {len(calls) / answers_given:.2f}  (aim: at most 1)")
    print(f"  median prompt tokens per probe call   {statistics.median(tokens):.0f}  (aim: under 1,500)")
    print(f"  largest prompt tokens per probe call  {max(tokens)}")
    print(f"  calls that failed                     {sum(c.status != 'ok' for c in calls)}")


if __name__ == "__main__":
    main()
