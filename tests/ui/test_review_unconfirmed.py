"""What does not answer its question is flagged in the wizard and listed on Review, out of the prompt until the
expert keeps it as their answer or changes it (issue 25)."""

from __future__ import annotations

import yaml

from elicit.adapters import store
from elicit.core.guides import get_guide
from elicit.core.interview import Interview
from elicit.presenting import plain
from elicit.services import interviews
from tests.conftest import DATA
from tests.support.apptest import answer, loaded, no_exception, open_page, start

KEEP = "Keep it as my answer"
OFF_REPLY = "Restoring service beats finding the cause."
FOOD = ("Two complaints on one batch within a week: I stop the sale, call the plant, tell the regulator before the "
        "press and pull the batch from retailers by noon.")


def draft(engine, token: str):
    with store.session(engine) as db:
        return interviews.draft(db=db, interview=loaded(engine, token))


def collapsed(at) -> list[str]:
    """The texts inside Review's expanders, which a person sees only when they open one."""
    return [t.value for e in at.expander for t in e.text]


def off_reply(at, engine, token: str) -> int:
    """The general guide's priorities, answered without a condition; the follow-up's reply gives none either."""
    guide = get_guide("general")
    answer(at, guide.question("role"), yaml.safe_load((DATA / "answers_general.yaml").read_text())["role"])
    answer(at, guide.question("priorities"), "Speed matters.")
    follow_up = loaded(engine, token).next_item()
    at.text_area(key=f"iv_fu_{follow_up.id}").input(OFF_REPLY)
    no_exception(at.button(key="iv_fu_answer").click().run())
    return follow_up.id


def test_the_wizard_says_a_reply_stays_out_until_it_is_kept_at_review_where_the_expert_keeps_it(engine):
    at, token = start("general")
    follow_up_id = off_reply(at, engine, token)
    [told] = [i.value for i in at.info if "does not yet answer what was asked" in i.value]
    assert plain(f"\u201c{KEEP}\u201d") in told and "Review" in told  # the promise names what Review offers
    no_exception(at.button(key="iv_review").click().run())
    key = f"priorities_f{follow_up_id}"
    assert OFF_REPLY in [t.value for t in at.text] and OFF_REPLY not in collapsed(at)  # in the open, once
    assert [t.value for t in at.text].count(OFF_REPLY) == 1
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert plain("Your reply to a follow-up on") in shown and plain("Kept out of the prompt: it does not yet") in shown
    held_unknown = [u.text for u in draft(engine, token).unknowns if OFF_REPLY.rstrip(".") in u.text]
    assert len(held_unknown) == 1 and held_unknown[0] not in collapsed(at)  # not listed twice
    keep = at.button(key=f"rv_keep_as_{key}")
    assert keep.label == KEEP
    no_exception(keep.click().run())
    assert loaded(engine, token).follow_up(follow_up_id).confirmed  # stored, not only on this page
    prompt = draft(engine, token)
    assert [s for s in prompt.statements() if s.source.follow_up_id == follow_up_id]
    assert not [u for u in prompt.unknowns if OFF_REPLY.rstrip(".") in u.text]
    assert not [b for b in at.button if b.key == f"rv_keep_as_{key}"]
    fresh = open_page({"i": token})  # a refresh: the kept reply stays kept
    no_exception(fresh.button(key="iv_review").click().run())
    assert not [b for b in fresh.button if (b.key or "").startswith("rv_keep_as_")]


def test_the_expert_changes_a_reply_at_review_and_the_new_text_is_checked_again(engine):
    at, token = start("general")
    follow_up_id = off_reply(at, engine, token)
    no_exception(at.button(key="iv_review").click().run())
    key = f"priorities_f{follow_up_id}"
    no_exception(at.button(key=f"rv_change_{key}").click().run())
    assert at.text_area(key="rv_held_text").value == OFF_REPLY
    at.text_area(key="rv_held_text").input("Customers matter most.")
    no_exception(at.button(key="rv_held_save").click().run())
    assert any("still out of the prompt" in i.value for i in at.info)
    assert "Customers matter most." in [t.value for t in at.text]
    no_exception(at.button(key=f"rv_change_{key}").click().run())
    at.text_area(key="rv_held_text").input("If customers can't pay, restoring service comes first.")
    no_exception(at.button(key="rv_held_save").click().run())
    assert any("the prompt uses it" in i.value for i in at.info)
    assert not [b for b in at.button if (b.key or "").startswith("rv_keep_as_")]
    prompt = draft(engine, token)
    assert [s for s in prompt.statements() if s.source.follow_up_id == follow_up_id]
    assert loaded(engine, token).follow_up(follow_up_id).answer.startswith("If customers can't pay")


def at_the_simulation(engine) -> tuple[object, str]:
    """A crisis interview whose earlier questions were skipped: the wizard shows the simulation."""
    with store.session(engine) as db:
        interview, token = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Ana",
                                                      topic="recalls", path="short")
        for question in interview.visible_questions():
            if question.id == "simulation":
                break
            interviews.skip_question(db=db, interview=interview, question_id=question.id)
    at = open_page({"i": token})
    assert at.text_area(key="iv_text_simulation")
    return at, token


def test_a_simulation_about_another_case_is_saved_and_flagged_at_once_then_kept_at_review(engine):
    at, token = at_the_simulation(engine)
    answer(at, get_guide("crisis_management").question("simulation"), FOOD)
    interview: Interview = loaded(engine, token)
    assert interview.answered("simulation").text == FOOD  # saved first, whatever it says
    [told] = [i.value for i in at.info if "another case than the one set" in i.value]
    assert "forklift" in told and plain(f"\u201c{KEEP}\u201d") in told
    assert not [s for s in draft(engine, token).statements() if s.source.question_id == "simulation"]
    for follow_up in interview.pending_follow_ups():  # the follow-up it raised, skipped: on to Review
        with store.session(engine) as db:
            interviews.skip_follow_up(db=db, interview=interview, follow_up_id=follow_up.id)
    review = open_page({"i": token})  # the simulation is the short path's last question: Review
    assert review.subheader[0].value == "Review your prompt"
    assert FOOD in [t.value for t in review.text] and FOOD not in collapsed(review)
    revision = interview.answered("simulation").revision
    no_exception(review.button(key=f"rv_keep_as_simulation_r{revision}").click().run())
    assert loaded(engine, token).answered("simulation").confirmed
    prompt = draft(engine, token)
    assert [s for s in prompt.statements() if s.source.question_id == "simulation"]
    assert not [u for u in prompt.unknowns if u.question_id == "simulation" and "another case" in u.text]


def test_a_reply_kept_in_another_tab_is_told_not_kept_twice(engine):
    at, token = start("general")
    follow_up_id = off_reply(at, engine, token)
    no_exception(at.button(key="iv_review").click().run())
    with store.session(engine) as db:  # another tab changes the reply meanwhile
        interviews.revise_follow_up(db=db, interview=loaded(engine, token), follow_up_id=follow_up_id,
                                    text="Restoring service wins.")
    no_exception(at.button(key=f"rv_keep_as_priorities_f{follow_up_id}").click().run())
    assert any("another tab" in e.value for e in at.error)
    assert not loaded(engine, token).follow_up(follow_up_id).confirmed
