"""The wizard and Review through AppTest: drafts come back after a refresh, a stale tab is told, a rewording whose
text changed is offered beside the new text, and an archived playbook's link is closed."""

from __future__ import annotations

from elicit.adapters import store
from elicit.services import interviews, statements
from elicit.core.probing.heuristic import HeuristicProber
from tests.support.apptest import loaded, no_exception, open_page, start

ROLE = "I lead incident response at a payments company."


def test_typed_text_comes_back_after_a_refresh_marked_unsent(engine):
    at, token = start("general")
    no_exception(at.text_area(key="iv_text_role").input("I lead incident resp").run())  # a click elsewhere
    again = open_page({"i": token})
    assert again.text_area(key="iv_text_role").value == "I lead incident resp"
    assert any("Unsent" in caption.value for caption in again.caption)


def test_a_second_tab_skipping_an_answered_follow_up_is_told_and_changes_nothing(engine):
    at, token = start("general")
    at.text_area(key="iv_text_role").input("It depends.")
    no_exception(at.button(key="iv_next").click().run())
    other = open_page({"i": token})  # the same follow-up, open in a second tab
    [follow_up] = loaded(engine, token).pending_follow_ups()
    at.text_area(key=f"iv_fu_{follow_up.id}").input("On how many customers are hit.")
    no_exception(at.button(key="iv_fu_answer").click().run())
    no_exception(other.button(key="iv_fu_skip").click().run())
    assert any("already answered in another tab" in error.value for error in other.error)
    assert loaded(engine, token).follow_up(follow_up.id).answer == "On how many customers are hit."


def test_review_asks_which_wording_to_keep_when_the_answer_under_a_rewording_changed(engine):
    at, token = start("general")
    interview = loaded(engine, token)
    with store.session(engine) as db:
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=ROLE, prober=HeuristicProber())
        key = interviews.draft(db=db, interview=interview).statements()[0].key
        statements.change(db, interview=interview, key=key, text="You run incident response.")
        interviews.submit_answer(db=db, interview=interview, question_id="role", raw=ROLE.replace("payments", "card"),
                               prober=HeuristicProber())
        [conflict] = statements.assembled(db, interview).conflicts
    review = open_page({"i": token})
    no_exception(review.button(key="iv_review").click().run())
    assert any("Which wording" in warning.value for warning in review.warning)
    no_exception(review.button(key=f"rv_keep_{conflict.edit.id}").click().run())
    assert not any("Which wording" in warning.value for warning in review.warning)
    with store.session(engine) as db:
        assert interviews.draft(db=db, interview=loaded(engine, token)).statements()[0].text == \
            "You run incident response."


def test_an_archived_playbooks_link_says_so_and_takes_no_answers(engine):
    _at, token = start("general")
    with store.session(engine) as db:
        store.set_review_status(db=db, interview_id=loaded(engine, token).id, status="archived")
    page = open_page({"i": token})
    assert any("archived" in info.value for info in page.info)
    assert not [area for area in page.text_area if area.key == "iv_text_role"]
