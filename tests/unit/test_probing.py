"""The offline prober: a table of answers across domains, good and bad, and the gaps each must produce."""

from __future__ import annotations

import pytest

from elicit.core.guides import Question, get_guide
from elicit.core.interview import ProbeRequest, answer_text, normalize_answer
from elicit.core.probing.heuristic import HeuristicProber, settles


def ask(kind="text", feeds=("decision_criteria",), expects=(), min_words=15, options=()) -> Question:
    return Question(id="q", ask="Tell me about it?", why="It matters here.", example="An example answer.",
                    kind=kind, feeds=list(feeds), expects=list(expects), min_words=min_words, options=list(options))


STEPS = ask("steps", ("process",), ("ordered_steps",))
CRITERIA = ask("criteria", ("decision_criteria",), ("criteria_with_weight", "threshold", "tie_breaker"))
CUES = ask("list", ("decision_criteria", "guardrails"), ("observable_cue",))
CASE = ask("text", ("examples", "decision_criteria"), ("concrete_instance", "observable_cue"), min_words=30)
RULES = ask("text", ("decision_criteria",), ("threshold", "condition"))
ROLE = ask("text", ("persona", "context"))
TEMPLATE = ask("text", ("examples", "output_format"), ("example",))
FORMAT = ask("text", ("output_format",))
NEVER = ask("list", ("guardrails",))
FIRST = ask("list", ("clarifying_questions",))
CONFIRM = ask("text", ("checkpoints",), ("condition",))

CASES = [
    # --- thin answers ---------------------------------------------------------------------------------
    ("crisis role too short", ROLE, "Comms lead.", {"min_words"}),
    ("pe role too short", ROLE, "I invest in companies.", {"min_words"}),
    # too few steps lack the steps between, in order: the order's gap, not the count's (issue 26)
    ("one step only", STEPS, "1. Assess the situation", {"ordered_steps"}),
    ("two steps only", STEPS, "1. Screen the deal\n2. Decide", {"ordered_steps"}),
    ("one criterion only", CRITERIA, "- Growth", {"min_words", "criteria_with_weight", "threshold", "tie_breaker"}),
    ("brand format one word", FORMAT, "Slides.", {"min_words"}),
    # --- hedges ---------------------------------------------------------------------------------------
    ("crisis it depends", RULES, "Whether we recall really depends on the situation and on the product line, "
     "and honestly it varies a lot across the portfolio.", {"threshold", "condition"}),
    ("pe case by case", RULES, "We look at leverage case by case, there is no fixed rule for it in our fund "
     "and each partner has their own view.", {"threshold", "condition", "no_boilerplate"}),
    ("hedge resolved with if", RULES, "It depends on the injuries: if there are more than 2 confirmed cases we "
     "recall within 24 hours, otherwise we fix quietly and monitor complaints daily.", set()),
    ("brand hedge resolved", RULES, "It depends on awareness: when aided awareness is under 30% we keep the master "
     "brand in front, and above 60% the sub-brand can stand on its own name.", set()),
    # --- habits without a case ---------------------------------------------------------------------------
    ("we always, no case", CONFIRM, "We always check the numbers with the client's CFO before anything goes to "
     "the investment committee, because surprises there are fatal.", {"concrete_instance", "condition"}),
    ("usually, no case", FORMAT, "I usually write a memo with the recommendation and the reasons and the risks in "
     "it, for the board and for whoever else needs it.", {"concrete_instance"}),
    ("usually, with its specifics, on a format question", FORMAT, "I usually write a two-page memo with the "
     "recommendation first, then three reasons, then the risks in a short table for the board.", set()),
    ("habit with a real case", CONFIRM, "We always check with the CEO before a statement goes out; last year a "
     "draft went out unapproved when the plant manager was unreachable and we had to retract it.", set()),
    # --- boilerplate ---------------------------------------------------------------------------------
    ("best practices", FORMAT, "The deliverable follows best practices for board communication and is "
     "written clearly for the executive audience of the company.", {"no_boilerplate"}),
    ("as appropriate", NEVER, "- Escalate as appropriate\n- Inform relevant stakeholders in a timely manner",
     {"no_boilerplate"}),
    ("industry standard", FORMAT, "I use the industry standard structure for a positioning deck, with the "
     "usual sections that every agency in the business would include.", {"no_boilerplate"}),
    ("use your judgment", RULES, "Use your judgment on the valuation multiple, you will know a stretched deal "
     "when you see one across the table from the banker.", {"threshold", "no_boilerplate"}),
    ("concrete guardrails", NEVER, "- Never speculate on the cause before the lab report is in\n"
     "- Never name an employee in a public statement", set()),
    # --- steps ----------------------------------------------------------------------------------------
    ("steps editor list", STEPS, "1. Verify the facts with the site\n2. Classify severity\n3. Draft the holding "
     "statement\n4. Brief the spokesperson", set()),
    ("pe steps", STEPS, "1. Screen against the fund's mandate\n2. Build the thesis\n3. Diligence the red flags\n"
     "4. Write the IC memo\n5. Plan the first 100 days", set()),
    ("text steps without order", ask("text", ("process",), ("ordered_steps",)), "I look at the market, the "
     "management team, the financials and the exit options, and I talk to customers.", {"ordered_steps"}),
    ("text steps with order", ask("text", ("process",), ("ordered_steps",)), "First I read the brief and the "
     "last tracking study, then I interview ten customers, and finally I write the insight in one sentence.", set()),
    # --- criteria -------------------------------------------------------------------------------------
    ("criteria names only", CRITERIA, "- Safety\n- Cost\n- Reputation\n- Speed",
     {"criteria_with_weight", "threshold", "tie_breaker"}),
    ("criteria weighted no tie", CRITERIA, "- Injuries (weight 50%; threshold recall above 2-3 cases)\n"
     "- Cost (weight 20%; threshold more than $2m)\n- Media reach (weight 30%; threshold over 50 articles)",
     {"tie_breaker"}),
    ("criteria partly weighted", CRITERIA, "- Revenue growth (weight 40%; threshold above 15% a year; tie-breaker "
     "growth beats margin)\n- Margin (threshold at least 20%)\n- Management (threshold 2 of 3 references)",
     {"criteria_with_weight"}),
    ("criteria complete", CRITERIA, "- IRR (weight 40%; threshold pass below 20-25%; tie-breaker IRR outranks "
     "multiple)\n- MOIC (weight 30%; threshold at least 2.5x)\n- Leverage (weight 30%; threshold under 5x EBITDA)",
     set()),
    ("brand criteria complete", CRITERIA, "- Distinctiveness (weight 30%; threshold kill under 6 of 10; tie-breaker "
     "legal clearance wins over liking)\n- Legal clearance (veto; threshold 0 conflicts in 3 classes)\n"
     "- Fit with the master brand (weight 20%; threshold above 7 of 10)", set()),
    ("criteria no threshold", CRITERIA, "- Reach (most important)\n- Tone (less important, but it wins over "
     "speed when they conflict)\n- Speed (least important)", {"threshold"}),
    # --- cues -----------------------------------------------------------------------------------------
    ("cues without observation", CUES, "- The situation is serious\n- Management is weak\n- The brand is tired",
     {"observable_cue"}),
    ("cues with observation", CUES, "- When I hear the CFO hesitate on working capital\n- I see customer "
     "complaints spike above 20 a day\n- Red flags: three CFOs in five years", set()),
    ("brand cue observed", CUES, "- I notice people describe the product with a competitor's name\n- Search for "
     "the category term jumps while ours drops", set()),
    # --- real cases --------------------------------------------------------------------------------------
    ("case in general terms", CASE, "In these situations you have to move fast, keep people informed, and make "
     "sure the message is consistent across every channel that the company uses to speak.",
     {"concrete_instance", "observable_cue"}),
    ("case with a timeline", CASE, "In March 2021 a customer posted a photo of glass in a jar at 9 pm. I saw "
     "the post had 4,000 shares by 11 pm, so we pulled the batch before the lab results and issued a holding "
     "statement at 7 am the next morning.", set()),
    ("pe case with timeline", CASE, "Two years ago we were in exclusivity on a logistics business. In week three "
     "I noticed the top customer's contract had a change-of-control clause, and the management team went quiet "
     "when we asked about it, so we cut our price by 15%.", set()),
    ("case without cue", CASE, "In 2019 we repositioned a regional beer brand for younger drinkers. The board "
     "approved a new name, a new pack and a national launch, which the whole team worked on together.",
     {"observable_cue"}),
    # --- templates and examples -------------------------------------------------------------------------
    ("template missing", TEMPLATE, "The holding statement should be short, factual and calm, and must be "
     "approved by legal before it is published anywhere at all.", {"example"}),
    ("template given", TEMPLATE, "It looks like this: \"We are aware of reports about [issue] at [site]. The "
     "safety of our customers comes first. We will share an update by [time].\"", set()),
    ("memo sample", TEMPLATE, "Here is the skeleton I hand out:\nRecommendation: invest / pass\nThesis in three "
     "lines\nKey risks with mitigations\nReturns table at base, bull and bear case", set()),
    # --- the rest of the interview, in good shape ---------------------------------------------------------
    ("good role", ROLE, "I'm a crisis communications lead with 15 years in consumer goods, and the prompt will be "
     "used by junior press officers who receive the first incident report from a plant.", set()),
    ("good format", FORMAT, "One page, short sentences, a table of actions with owner and deadline, and no "
     "acronym without its meaning, because the reader is a plant manager at 2 am.", set()),
    ("good first questions", FIRST, "- Who is affected, and how many?\n- What is confirmed and by whom?\n- Who "
     "already knows outside the company?", set()),
    ("good checkpoint", CONFIRM, "If the draft names a cause, I stop and get legal to sign it off before it goes "
     "anywhere; in 2022 that saved us from naming the wrong supplier.", set()),
    ("choice never probed", ask("choice", ("context",), options=("Product recall", "Cyber incident")), "Product recall", set()),
]


@pytest.mark.parametrize(("question", "answer", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gaps(question, answer, expected):
    result = HeuristicProber().probe(ProbeRequest(question=question, answer=answer))
    assert {gap.check for gap in result.gaps} == expected
    assert result.satisfied is (not expected)
    assert (result.follow_up is None) is (not expected)


def test_table_is_large_enough():
    assert len(CASES) >= 40


def test_follow_up_quotes_what_was_missing_and_uses_domain_wording():
    question = CRITERIA.model_copy(update={"follow_ups": {"tie_breaker": "When safety and cost pull apart, which wins?"}})
    answer = "- Injuries (weight 50%; threshold above 2)\n- Cost (weight 30%; threshold $1m)\n- Reach (weight 20%; 3+)"
    result = HeuristicProber().probe(ProbeRequest(question=question, answer=answer))
    assert result.follow_up == ("You named three criteria but not which one wins when they conflict. "
                                "When safety and cost pull apart, which wins?")


def test_already_asked_checks_are_not_asked_again():
    request = ProbeRequest(question=CRITERIA, answer="- Safety\n- Cost\n- Reputation",
                           asked=("criteria_with_weight", "threshold"))
    result = HeuristicProber().probe(request)
    assert result.focus.check == "tie_breaker"
    assert "wins" in result.follow_up
    assert len(result.gaps) == 3  # every gap is still reported


def test_nothing_left_to_ask_gives_no_follow_up():
    request = ProbeRequest(question=CRITERIA, answer="- Safety\n- Cost",
                           asked=("criteria_with_weight", "threshold", "tie_breaker"))
    result = HeuristicProber().probe(request)
    assert not result.satisfied and result.follow_up is None


def test_deterministic():
    request = ProbeRequest(question=CASE, answer="We usually act fast and follow best practices.")
    assert HeuristicProber().probe(request) == HeuristicProber().probe(request)


def test_contract_shape():
    result = HeuristicProber().probe(ProbeRequest(question=ROLE, answer="Comms."))
    assert set(result.contract()) == {"satisfied", "gaps", "follow_up"}
    assert set(result.contract()["gaps"][0]) == {"element", "check", "reason"}


def _guide_probe(guide_id: str, question_id: str, answer: str, replies: tuple[str, ...] = ()):
    question = get_guide(guide_id).question(question_id)
    text = answer_text(question, normalize_answer(question, answer))
    return question, HeuristicProber().probe(ProbeRequest(question=question, answer=text, replies=replies))


@pytest.mark.parametrize(("guide_id", "question_id", "answer", "not_asked"), [
    ("crisis_management", "response_steps", "First, verify the report with the site and a second source. Second, "
     "classify severity against our three levels. Third, contain the harm and freeze the logs.", "min_words"),
    ("crisis_management", "response_criteria", "Harm to people, media interest, cost, legal exposure, regulator "
     "relationship", "min_words"),
    ("crisis_management", "first_hour", "Minute 0 to 15: I call the site lead, then legal, then the CEO's office. "
     "By minute 30 I want a second source, a photo or a batch record. By minute 45 the logs are frozen.",
     "ordered_steps"),
    ("crisis_management", "case_timeline", "Friday 23:10 the night shift found metal in a mixer and I had the "
     "plant manager on the phone. Saturday 02:00 we traced it to a worn blade and four batches. Saturday 09:00 we "
     "told the food agency and stopped sale; Sunday the lab cleared three batches and we recalled one.",
     "ordered_steps"),
    ("private_equity", "case_timeline", "Month 1 we got the CIM for a chemicals carve-out. Month 2 we bid 8.5x. "
     "Month 3 diligence found the shared plant had no standalone permit. Month 4 we cut the bid to 7.5x and asked "
     "for an 18-month transitional services agreement, and the seller accepted.", "concrete_instance"),
    ("private_equity", "first_screen", "Over a million in EBITDA and about half of revenue recurring, otherwise "
     "it's not for us.", "threshold"),
    ("private_equity", "red_flags", "- Adjusted EBITDA more than 25% above statutory\n- Three CFOs in five years",
     "observable_cue"),
], ids=["ordinals are steps", "five commas are five criteria", "minutes are an order", "clock times are an order",
        "month stamps are a real case", "over a million is a line", "a number is a cue"])
def test_what_the_practitioner_saw_misread_is_read(guide_id, question_id, answer, not_asked):
    _, result = _guide_probe(guide_id, question_id, answer)
    assert not_asked not in {gap.check for gap in result.gaps}


def test_a_reply_that_says_what_wins_settles_the_tie():
    _, result = _guide_probe("crisis_management", "priorities", "Safety first, then the regulator, then the press.",
                             ("I will not delay a safety action to protect revenue.",))
    assert "tie_breaker" not in {gap.check for gap in result.gaps}


@pytest.mark.parametrize("answer", ["Safety, reputation, cost.", "Staff and customers. The brand. Cash."])
def test_an_order_of_priorities_told_as_a_sentence_settles_a_tie_breaker_and_a_hedge_or_filler_does_not(answer):
    """A reply to "which wins?" is short by nature: one thing put ahead of another is the answer (issue 25)."""
    question = get_guide("crisis_management").question("priorities")
    told = ["Safety always before sales, whatever the client says.", "People first, then the business.",
            "Speed over polish, every time."]
    assert [r for r in told if not settles(question, "tie_breaker", answer, r)] == []
    untold = ["It depends.", "Good question, hard to say.", "Then we see.", "We put first things first.",
              "Use judgment, then decide."]
    assert [r for r in untold if settles(question, "tie_breaker", answer, r)] == []


@pytest.mark.parametrize(("guide_id", "question_id", "answer", "focus"), [
    ("crisis_management", "response_steps", "Follow the playbook.", "no_boilerplate"),
    ("private_equity", "leverage", "Lenders will tell you what the business can carry.", "threshold"),
    ("private_equity", "memo_format", "Standard IC paper", "no_boilerplate"),
    ("general", "three_cases", "It depends.", "condition"),
    ("crisis_management", "response_steps", "Triage / Mobilise / Contain / Communicate / Recover", "min_words"),
], ids=["playbook", "lenders will tell you", "standard IC paper", "a hedge before length", "one word a step"])
def test_lazy_answers_hear_their_real_gap_in_the_guides_words(guide_id, question_id, answer, focus):
    """A pointer or hedge is quoted, and the guide's question for what the answer is missing follows it: for a
    question that declares a threshold or a case, that one, else the guide's own for boilerplate."""
    question, result = _guide_probe(guide_id, question_id, answer)
    assert result.focus.check == focus
    assert result.follow_up.endswith(question.follow_ups[focus])
