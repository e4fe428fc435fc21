"""The reading of an answer: steps, items, quantities, cues, hedges and instances, read from structure, not words;
and the steps a steps question keeps, as the review and the chain export show them."""

from __future__ import annotations

import pytest

from elicit.core.assembly import assemble
from elicit.adapters.exports.chain import chain
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, Origin
from elicit.core.reading import items, read, steps


@pytest.mark.parametrize(("answer", "expected"), [
    ("First, verify the report with a second source. Second, classify severity. Third, contain the harm. Finally, "
     "stand the team down.", ["Verify the report with a second source.", "Classify severity.", "Contain the harm.",
                              "Stand the team down."]),
    ("Assess, contain, communicate, recover", ["Assess", "contain", "communicate", "recover"]),
    ("Triage / Mobilise / Contain / Communicate / Recover", ["Triage", "Mobilise", "Contain", "Communicate",
                                                             "Recover"]),
    ("Research then strategy then creative.", ["Research", "strategy", "creative"]),
    ("Mobilise the team, then assess, then respond", ["Mobilise the team", "Assess", "Respond"]),
    ("Minute 0 to 15: I call the site lead, then legal. By minute 30 I want a second source. By minute 45 the logs "
     "are frozen.", ["Minute 0 to 15: I call the site lead, then legal.", "By minute 30 I want a second source.",
                     "By minute 45 the logs are frozen."]),
    ("Friday 23:10 the night shift found metal in a mixer. 23:40 the line stopped. Saturday 09:00 we told the "
     "agency.", ["Friday 23:10 the night shift found metal in a mixer.", "23:40 the line stopped.",
                 "Saturday 09:00 we told the agency."]),
    ("1. Check what happened. 2. Decide how serious it is. 3. Stop the harm.",
     ["Check what happened.", "Decide how serious it is.", "Stop the harm."]),
    ("1. Screen\n2. Diligence\n- Vote", ["Screen", "Diligence", "Vote"]),
    (["Screen the deal", "Diligence", "Vote"], ["Screen the deal", "Diligence", "Vote"]),
    (["First, read the brief. Then interview ten customers. Finally, write the insight."],
     ["Read the brief.", "Interview ten customers.", "Write the insight."]),
    ("I read the leases. I inspect the building. I write the report.",
     ["I read the leases.", "I inspect the building.", "I write the report."]),
], ids=["prose with ordinals", "comma list", "slash list", "then list", "a step before the first then", "minute timeline", "clock timeline",
        "numbers on one line", "numbered lines", "editor rows", "one editor row with ordinals", "plain sentences"])
def test_steps_are_the_steps_the_expert_gave(answer, expected):
    assert steps(answer) == expected


@pytest.mark.parametrize(("answer", "count"), [
    ("Harm to people, media interest, cost, legal exposure, regulator relationship", 5),
    ("Safety, cost, reputation", 3),
    ("Relevance; differentiation; credibility", 3),
    ("Awareness, consideration, preference", 3),
    ("- Weak management, bad numbers, customer concentration", 3),
    ("Social media\nPress\nRegulators", 3),
    ("If there are more than two confirmed cases we recall, and otherwise we test the batch first.", 1),
], ids=["five by commas", "three by commas", "semicolons", "a criterion named preference", "one bullet, three items", "lines", "prose is one item"])
def test_items(answer, count):
    assert len(items(answer)) == count


@pytest.mark.parametrize(("answer", "found"), [
    ("over a million customers affected", True),
    ("about half of the adjustments rejected", True),
    ("twenty-five percent of revenue", True),
    ("two or more confirmed cases", True),
    ("between EUR 10m and 60m", True),
    ("We have levels 1 to 3 and the team decides which one applies.", False),
    ("The team decides on the facts.", False),
], ids=["over a million", "about half", "number words", "two or more", "money range", "level labels", "none"])
def test_thresholds(answer, found):
    assert bool(read(answer).thresholds()) is found


@pytest.mark.parametrize(("answer", "cue"), [
    ("Adjusted EBITDA more than 25% above statutory", True),
    ("Customers describe us with a competitor's slogan", True),
    ('A reporter asking about "the hospital cases"', True),
    ("When I hear the CFO hesitate", True),
    ("Weak management", False),
    ("The brand is tired", False),
    ("I watch how they treat their own people, and I do reference calls with former direct reports.", False),
    ("I book a review at the halfway point of every job.", False),
    ("When it isn't working I change it there and then.", False),
    ("Week 3: results back, I held off referring. Week 4: I referred urgently.", False),
    ("If someone's at risk to themselves I refer on. Same if it's beyond my training.", False),
    ("If the CFO hesitates when I ask about churn, I mark them down.", True),
    ("I got a call from the site manager saying the line had stopped.", True),
], ids=["a number", "a behaviour", "a quote", "hear", "a judgment", "an adjective", "where I look",
        "a routine review", "a conclusion", "time stamps", "apostrophes are no quote", "a condition", "told"])
def test_cues_are_named_signals_not_only_see_and_hear(answer, cue):
    assert read(answer).cue() is cue


@pytest.mark.parametrize(("answer", "instance"), [
    ("Month 1 we got the CIM. Month 3 we found the plant had no permit. Month 4 we cut the bid.", True),
    ("In June 2021 a customer found glass in a jar.", True),
    ("Friday 23:10 the night shift found metal.", True),
    ("We had a recall once and handled it well.", False),
    ("We always check the numbers with the CFO.", False),
], ids=["month stamps told in the past", "a date", "a weekday and clock", "once, no specifics", "a habit"])
def test_real_instances(answer, instance):
    assert read(answer).instance() is instance


def test_replies_extend_the_answer_without_adding_items():
    reading = read("Harm to people, media interest, cost", ["Harm counts most, about half. Media 30%, cost 20%."])
    assert len(reading.items) == 3
    assert reading.weights() == (3, 0)


def test_hedges_and_dodges():
    assert read("It depends on the sector.").hedge() == "It depends"
    assert read("Lenders will tell you what it can carry.").dodge() == "Lenders will tell you"
    assert read("Follow the crisis manual.").dodge() == "Follow the crisis manual"


def test_a_one_line_steps_answer_keeps_its_steps_in_the_review_and_the_chain():
    interview = Interview(guide=get_guide("crisis_management"))
    interview.answer("response_steps", "First, verify the report. Second, classify severity. Third, contain the "
                                       "harm. Then tell the regulator.")
    assert interview.answers["response_steps"].value == ["Verify the report.", "Classify severity.",
                                                         "Contain the harm.", "Tell the regulator."]
    exported = chain(assemble(interview))
    assert [row["step"] for row in exported["steps"]] == [1, 2, 3, 4]
    assert "classify severity" in exported["steps"][1]["name"].lower()


def test_a_stored_single_row_of_steps_is_read_as_its_steps():
    interview = Interview(guide=get_guide("private_equity"))
    answer = interview.prepare_answer("deal_steps", ["Screen"], Origin.VOLUNTEERED)
    answer.value = ["Screen, diligence, IC paper, close"]  # as an older version stored it
    interview.record(answer)
    process = assemble(interview).section("process").statements
    assert [s.step for s in process if s.step] == [1, 2, 3, 4]


def test_criteria_are_counted_apart_from_the_line_that_settles_their_tie():
    assert read("Awareness, consideration, preference").weights() == (3, 3)
    assert read("- Growth: 40%\n- Margin: 60%\n- When growth and margin disagree, margin wins").weights() == (2, 0)


@pytest.mark.parametrize(("answer", "weights"), [
    ("Management quality 40%, market growth 30%, entry price 30%. Below 15% IRR at base case I pass. If management "
     "and price pull apart, management wins: a great team fixes a full price, a cheap price never fixes a weak team.",
     (3, 0)),
    ("Management (40), growth (30), price (30)", (3, 0)),
    ("- Management - 40 percent\n- Growth - thirty percent\n- Price - the rest", (3, 0)),
    ("Team gets half the weight, market most of the rest, price a little", (3, 0)),
    ("Three things, weighted: downside 45%, cash conversion 35%, growth 20%.", (3, 0)),
    ("First the team, then the market, then price", (3, 0)),
    ("1. Team\n2. Market\n3. Price", (3, 0)),
    ("Safety > cost > reputation", (3, 0)),
    ("harm - 50\nspread - 30\ncost - 20\n>3 injured = public recall", (3, 0)),
    ("Harm 50%, spread 30%, cost 20%. I learned that the hard way on a product recall years ago.", (3, 0)),
    ("Team 40%, growth 30%, price", (3, 1)),
    ("- Harm to people: 40%\n- Cost: 20%; above EUR 5m the board is told\n- Media: 40%\n- Legal exposure", (4, 1)),
    ("Team 40%, growth 30%, price 30%. Leverage also matters.", (4, 1)),
    ("- Team\n- Market\n- Price", (3, 3)),
    ("- Downside (weight 30%; threshold 1.0x back in the downside case (revenue down 15%, no add-ons))\n"
     "- Base-case return (weight 25%; threshold 20-25% IRR)", (2, 0)),
    ("Downside 30% (revenue down 15%, no add-ons), return 25%, exit", (3, 1)),
    ("Growth, margins, management. Below 20% IRR we pass.", (1, 1)),
    ("- Credibility: 30%, the product proves it today; a veto if not\n- Relevance: 25%, a top-three driver", (2, 0)),
    ("It has to be true, it has to be different and it has to matter to people, and ideally it should last.", (1, 1)),
], ids=["weights in one line, a veto, a tie-breaker", "points in brackets", "dashes and number words",
        "shares in words", "a list after a colon", "first then", "numbered lines", "a chain", "shorthand with a rule",
        "the reason around weighted ones", "one left without", "a bullet left without", "one added in prose",
        "bare bullets", "a bulleted editor row is one", "no cut inside brackets", "a pass line is no criterion", "one criterion with its veto", "last as a verb"])
def test_weights_are_read_as_an_interviewer_reads_criteria(answer, weights):
    assert read(answer).weights() == weights
