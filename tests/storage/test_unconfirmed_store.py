"""What the expert keeps as their answer though it does not answer its question is stored with the interview (on a
real SQLite file, then PostgreSQL), read back by the prompt, cleared by a new text, and carried by the JSON export
with the transcript through an import (issue 25)."""

from __future__ import annotations

import json

import pytest

from elicit.adapters import exports, store
from elicit.core.assembly.unconfirmed import unconfirmed
from elicit.core.errors import StaleError
from elicit.core.guides import get_guide
from elicit.core.probing.heuristic import HeuristicProber
from elicit.services import interviews, playbooks

OFF_REPLY = "Restoring service beats finding the cause."
FOOD = ("Two complaints on one batch within a week: I stop the sale, call the plant, tell the regulator before the "
        "press and pull the batch from retailers by noon.")


def with_off_reply(db):
    interview, _ = interviews.start_interview(db=db, guide=get_guide("general"), expert="Sam", topic="outages")
    step = interviews.submit_answer(db=db, interview=interview, question_id="priorities", raw="Speed matters.",
                                    prober=HeuristicProber())
    step = interviews.answer_follow_up(db=db, interview=interview, follow_up_id=step.follow_up.id, text=OFF_REPLY,
                                       prober=HeuristicProber())
    assert step.kept_out and "does not yet answer" in step.kept_out
    return interview, interview.follow_ups[0].id


def placed(db, interview_id: str, **where) -> list[str]:
    again = interviews.load_interview(db=db, interview_id=interview_id)
    return [s.text for s in interviews.draft(db=db, interview=again).statements()
            if all(getattr(s.source, k) == v for k, v in where.items())]


def test_a_kept_reply_is_stored_read_back_into_the_prompt_and_cleared_by_a_new_text(db):
    interview, follow_up_id = with_off_reply(db)
    assert placed(db, interview.id, follow_up_id=follow_up_id) == []
    [item] = unconfirmed(interview)
    interviews.keep_as_answer(db=db, interview=interview, item=item)
    assert store.get_follow_up(db=db, follow_up_id=follow_up_id).confirmed
    history = store.follow_up_history(db=db, interview_id=interview.id)[follow_up_id]
    assert [(r.status, r.text, r.confirmed) for r in history][-1] == ("answered", OFF_REPLY, True)
    again = interviews.load_interview(db=db, interview_id=interview.id)
    assert again.follow_up(follow_up_id).confirmed and unconfirmed(again) == []
    assert placed(db, interview.id, follow_up_id=follow_up_id)
    assert not [u for u in interviews.draft(db=db, interview=again).unknowns if "beats finding" in u.text]
    interviews.revise_follow_up(db=db, interview=again, follow_up_id=follow_up_id, text="Customers matter most.")
    assert not store.get_follow_up(db=db, follow_up_id=follow_up_id).confirmed  # a new text is checked again
    assert [h.said for h in unconfirmed(interviews.load_interview(db=db, interview_id=interview.id))] == [
        "Customers matter most."]


def test_a_kept_simulation_answer_is_stored_on_its_revision_and_a_new_revision_is_checked_again(db):
    interview, _ = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Ana",
                                              topic="recalls")
    step = interviews.submit_answer(db=db, interview=interview, question_id="simulation", raw=FOOD,
                                    prober=HeuristicProber())
    assert step.kept_out and "another case than the one set" in step.kept_out
    assert store.latest_answers(db=db, interview_id=interview.id)["simulation"].text == FOOD  # saved first
    [item] = unconfirmed(interview)
    interviews.keep_as_answer(db=db, interview=interview, item=item)
    assert store.latest_answers(db=db, interview_id=interview.id)["simulation"].confirmed
    assert placed(db, interview.id, question_id="simulation")
    again = interviews.load_interview(db=db, interview_id=interview.id)
    interviews.submit_answer(db=db, interview=again, question_id="simulation", raw=FOOD + " Then I call the board.",
                             prober=HeuristicProber())
    assert [r.confirmed for r in store.answer_history(db=db, interview_id=interview.id,
                                                      question_id="simulation")] == [True, False]
    assert placed(db, interview.id, question_id="simulation") == []


def test_keeping_what_another_tab_changed_keeps_nothing(db):
    interview, _ = interviews.start_interview(db=db, guide=get_guide("crisis_management"), expert="Ana",
                                              topic="recalls")
    interviews.submit_answer(db=db, interview=interview, question_id="simulation", raw=FOOD, prober=HeuristicProber())
    [seen] = unconfirmed(interview)
    other = interviews.load_interview(db=db, interview_id=interview.id)
    interviews.submit_answer(db=db, interview=other, question_id="simulation", raw=FOOD + " Then I call the board.",
                             prober=HeuristicProber())
    with pytest.raises(StaleError):
        interviews.keep_as_answer(db=db, interview=interviews.load_interview(db=db, interview_id=interview.id),
                                  item=seen)
    with pytest.raises(StaleError):  # this tab's own copy is behind: the store refuses it too
        store.confirm_answer(db=db, interview_id=interview.id, question_id="simulation", revision=seen.revision)
    assert not any(r.confirmed for r in store.answer_history(db=db, interview_id=interview.id,
                                                             question_id="simulation"))


def test_the_json_export_carries_what_was_kept_through_an_import(db):
    interview, follow_up_id = with_off_reply(db)
    interviews.keep_as_answer(db=db, interview=interview, item=unconfirmed(interview)[0])
    interviews.finish(db=db, interview=interview)
    prompt, data = playbooks.export_inputs(db=db, interview_id=interview.id)
    text = exports.render("json", prompt, data, with_transcript=True).decode("utf-8")
    follow_ups = [f for q in json.loads(text)["transcript"]["questions"] for f in q["follow_ups"]]
    assert [f["confirmed"] for f in follow_ups if f["id"] == follow_up_id] == [True]
    assert "kept by the expert as their answer" in exports.transcript_markdown(data)
    brought, carried = playbooks.parse_document(text)
    new_id, _version = playbooks.import_playbook(db=db, prompt=brought, transcript=carried)
    prompt_again, data_again = playbooks.export_inputs(db=db, interview_id=new_id)
    assert exports.render("json", prompt_again, data_again, with_transcript=True).decode("utf-8") == text
