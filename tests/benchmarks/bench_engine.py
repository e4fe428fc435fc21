"""Benchmarks of the engine: probing plus element detection per answer, and assembling a complete interview.

Run with `make bench`. Prints medians; timing belongs here, never in the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from elicit.core.anatomy import detect  # noqa: E402
from elicit.core.assembly import assemble, to_json, to_markdown  # noqa: E402
from elicit.core.guides import get_guide  # noqa: E402
from elicit.core.interview import Interview, ProbeRequest, answer_all  # noqa: E402
from elicit.core.probing.heuristic import HeuristicProber  # noqa: E402
from tests.benchmarks.timing import median_ms  # noqa: E402

VAGUE = ("Our team looks at the overall picture and works together with the business to make sure the response is "
         "right for the organisation and its people, keeping everyone aligned along the way. ")
"""Prose with nothing to find: every check reads the whole answer, the slowest case for the prober."""
ANSWER = ("When I hear the plant manager say it is probably a one-off before anyone has checked the other batches, "
          "I treat the case one level higher. If there are more than two confirmed injuries we recall within 24 "
          "hours; otherwise we stop sale and test. Safety outranks cost every time. In March 2021 a photo of glass "
          "in a jar had 4,000 shares by 11 pm, so we pulled the batch before the lab results came back. ")




def complete_interview(guide_id: str) -> Interview:
    answers = yaml.safe_load((ROOT / "tests" / "data" / f"answers_{guide_id}.yaml").read_text())
    interview = Interview(guide=get_guide(guide_id), expert="Bench", topic="benchmark")
    return answer_all(interview, answers, HeuristicProber().probe)


def main() -> None:
    text = (ANSWER * 6)[:2000]
    question = get_guide("crisis_management").question("response_criteria")
    prober = HeuristicProber()

    def probe_and_detect() -> None:
        prober.probe(ProbeRequest(question=question, answer=text))
        detect(text)

    print(f"probe + detect, 2,000-char answer:  {median_ms(probe_and_detect, 500):7.3f} ms median (aim < 5 ms)")
    vague = (VAGUE * 12)[:2000]
    for guide_id, question_id in (("general", "missed_cues"), ("crisis_management", "response_criteria"),
                                  ("private_equity", "case_timeline")):
        asked = get_guide(guide_id).question(question_id)
        ms = median_ms(lambda: (prober.probe(ProbeRequest(question=asked, answer=vague)), detect(vague)), 200)
        print(f"probe + detect, 2,000 chars of vague prose, {question_id:<18} {ms:7.3f} ms median (aim < 5 ms)")
    from elicit.core.reading.substance import judge

    for words in (1_000, 5_000, 20_000, 100_000):  # cold: the substance reading's cache cleared before every call
        long = " ".join((ANSWER.split() * (words // 60 + 1))[:words])

        def cold() -> None:
            judge.cache_clear()
            prober.probe(ProbeRequest(question=question, answer=long))

        print(f"probe, {words:>7,}-word answer, cold:      {median_ms(cold, 20):7.3f} ms median "
              f"(aim: 5,000 words < 20 ms, not linear past 1,000)")
    for guide_id in ("crisis_management", "private_equity", "brand_strategy", "general"):
        interview = complete_interview(guide_id)
        ms = median_ms(lambda: to_markdown(assemble(interview)), 50)
        ms_json = median_ms(lambda: to_json(assemble(interview)), 50)
        print(f"assemble + Markdown, {guide_id:<18} {ms:7.3f} ms median   (+ JSON {ms_json:.3f} ms)")


if __name__ == "__main__":
    main()
