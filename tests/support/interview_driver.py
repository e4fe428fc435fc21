"""One expert's whole interview through AppTest of app.py, in its own process (started by test_concurrency_ui.py).

`interview(...)` opens the Home page, says it is ready, waits for the start signal (so that every
process starts answering at the same moment), then starts an interview of the "general" guide from the
Home page widgets and answers every question the wizard shows, marking each typed answer with
"[expert-NUMBER]". Follow-ups are skipped. It reports the resume token, every exception and error the
page showed, the screens walked and when it began and ended. AppTest's runtime is one per process,
which is why this runs in processes, not threads.

The test starts these processes from a forkserver that has imported this module, so the app's heavy
imports (below) are paid once rather than 25 times; the Streamlit runtime, the engine and every
database connection are still created in each process, after the fork.
"""

from __future__ import annotations

import logging
import os
import time
import traceback

import yaml
from streamlit.testing.v1 import AppTest

import elicit.ui.parts.identity  # noqa: F401  (imported for the forkserver to preload; see above)
import elicit.ui.parts.expert_review  # noqa: F401
import elicit.ui.parts.wizard  # noqa: F401
from elicit.adapters.config import get_settings
from tests.support.paths import DATA, ROOT

APP = str(ROOT / "app.py")
GUIDE = "general"
ROWS = 3  # the list and criteria editors open with three rows: filling those needs no "Add" clicks
MAX_SCREENS = 120
ANSWERS = yaml.safe_load((DATA / "answers_general.yaml").read_text())


def mark(number: int) -> str:
    return f"[expert-{number}]"


def marked_answers(number: int) -> dict:
    """The sample answers, every typed string prefixed with this expert's mark; the choice as it is."""
    tag = mark(number)
    answers: dict = {}
    for qid, value in ANSWERS.items():
        if isinstance(value, str):
            answers[qid] = value if qid == "stakes" else f"{tag} {value}"
        elif value and isinstance(value[0], dict):
            answers[qid] = [{**item, "name": f"{tag} {item['name']}"} for item in value[:ROWS]]
        else:
            answers[qid] = [f"{tag} {item}" for item in value[:ROWS]]
    return answers


class Recorder:
    """Runs the app and keeps every exception and error message any run showed."""

    def __init__(self, at: AppTest) -> None:
        self.at, self.exceptions, self.errors, self.runs = at, [], [], 0

    def run(self) -> AppTest:
        self.at.run()
        self.runs += 1
        self.exceptions += [str(e.value) for e in self.at.exception]
        self.errors += [e.value for e in self.at.error]
        return self.at

    def click(self, key: str) -> AppTest:
        self.at.button(key=key).click()
        return self.run()


def keys(at: AppTest) -> set[str]:
    """The keys of the widgets on the screen: which question (or follow-up) the wizard shows."""
    found = set()
    for kind in (at.button, at.text_area, at.radio, at.text_input):
        found |= {w.key for w in kind if w.key}
    return found


def shown_question(at: AppTest, question_ids: list[str]) -> str | None:
    on_screen = keys(at)
    for qid in question_ids:
        if {f"iv_text_{qid}", f"iv_choice_{qid}", f"iv_add_{qid}"} & on_screen:
            return qid
    return None


def fill(at: AppTest, qid: str, value) -> None:
    """Type the answer into the widgets its kind shows."""
    if f"iv_choice_{qid}" in keys(at):
        at.radio(key=f"iv_choice_{qid}").set_value(value)
    elif isinstance(value, str):
        at.text_area(key=f"iv_text_{qid}").input(value)
    else:
        for n, item in enumerate(value):
            if isinstance(item, dict):
                for field, text in item.items():  # the criteria table's rows (AppTest cannot type into it)
                    at.session_state[f"iv_crit_{qid}_{n}_{field}"] = str(text)
            else:
                at.text_area(key=f"iv_row_{qid}_{n}").input(item)


def start(recorder: Recorder, number: int) -> None:
    at = recorder.at
    at.selectbox(key="home_guide").set_value(GUIDE)
    at.text_input(key="home_expert").input(f"expert-{number}")
    at.text_input(key="home_topic").input(f"topic-{number}")
    recorder.click("home_start")


def walk(recorder: Recorder, answers: dict) -> list[str]:
    """Answer what the wizard shows until it shows neither a question nor a follow-up; returns the screens."""
    screens: list[str] = []
    order = list(answers)
    for _ in range(MAX_SCREENS):
        at = recorder.at
        if "iv_fu_skip" in keys(at):
            screens.append("follow-up")
            recorder.click("iv_fu_skip")
            continue
        qid = shown_question(at, order)
        if qid is None:
            return screens
        screens.append(qid)
        fill(at, qid, answers[qid])
        recorder.click("iv_next")
    return screens


def interview(number: int, database_url: str, ready, go, results) -> None:
    """The process's whole life: `ready` and `results` are queues, `go` an event, all from the parent."""
    os.environ["ELICIT_DATABASE_URL"] = database_url
    # AppTest warns once per process that it runs "in bare mode"; 25 of those hide anything useful
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    get_settings.cache_clear()
    try:
        recorder = Recorder(AppTest.from_file(APP, default_timeout=300))
        recorder.run()  # the Home page: the app's imports done, the engine open
        ready.put(number)
        if not go.wait(900):
            raise TimeoutError("the start signal never came")
        results.put(answer_everything(recorder, number))
    except BaseException:
        results.put({"number": number, "crashed": traceback.format_exc()})
        raise


def answer_everything(recorder: Recorder, number: int) -> dict:
    began = time.time()  # wall clock, so the parent can compare the processes' intervals
    start(recorder, number)
    token = recorder.at.query_params.get("i")
    token = token[0] if isinstance(token, list) else token
    screens = walk(recorder, marked_answers(number)) if token else []
    return {"number": number, "token": token, "screens": screens, "runs": recorder.runs,
            "exceptions": recorder.exceptions, "errors": recorder.errors, "began": began, "ended": time.time()}
