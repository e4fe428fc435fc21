"""Hostile and broken input through the importers: `elicit import`, the document reader and the linter.

Every case from tests/data/hostile/answers.yaml is either kept exactly as written (less NUL characters,
as answers are) or refused with one clear line of the product's own error type; nothing crashes, and
a refused import stores nothing.
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import docx
import pytest
from typer.testing import CliRunner

from elicit.adapters import store
from elicit.core.assembly import assemble, to_json
from elicit.cli import app
from elicit.adapters.config import get_settings
from elicit.services.drafting import MAX_DOCX_UNPACKED_BYTES, read_document
from elicit.core.errors import InputFileError
from elicit.core.guides import get_guide
from elicit.core.interview import Interview, visible
from elicit.core.linting import MAX_PROMPT_BYTES, lint_report, uploaded_text
from elicit.services.playbooks import MAX_METADATA_CHARS
from tests.support.hostile import CASES

IDS = [case["id"] for case in CASES]


def without_nul(text: str) -> str:
    return text.replace("\x00", "")


def elicit(*args: str):
    return CliRunner().invoke(app, list(args))


def playbook() -> dict:
    """A valid exported playbook (what `elicit export ID --format json` writes), built without a database."""
    interview = Interview(guide=get_guide("general"))
    interview.answer("role", "I have run incident response at a payments company for ten years.")
    interview.answer("priorities", "Customers first, then the cause; a rollback beats a clean fix.")
    return json.loads(to_json(assemble(interview, version=1)))


BASE = playbook()


@pytest.fixture(scope="module")
def shared_url(tmp_path_factory):
    """One migrated database for the module: migrating a fresh file per case would take most of the run."""
    url = f"sqlite:///{tmp_path_factory.mktemp('imports') / 'shared.db'}"
    store.open_database(url).dispose()
    return url


@pytest.fixture
def shared_db(shared_url, monkeypatch):
    monkeypatch.setenv("ELICIT_DATABASE_URL", shared_url)
    get_settings.cache_clear()
    return shared_url


def stored_count(url: str) -> int:
    engine = store.open_database(url)
    with store.session(engine) as db:
        count = len(store.list_interviews(db=db))
    engine.dispose()
    return count


def clear_refusal(result) -> str:
    """The refusal is one `error: ...` line on stderr with exit code 1, never a traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not (result.exception and not isinstance(result.exception,
                                                                                         SystemExit))
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# --- the corpus through `elicit import` -------------------------------------------------------------------

PLACES = {
    "statement": (lambda d: d["sections"][0]["statements"][0], "text"),
    "expert": (lambda d: d["metadata"], "expert"),
    "title": (lambda d: d["metadata"], "title"),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_import_keeps_every_case_exactly_or_refuses_it_clearly(shared_db, tmp_path, case, place):
    data = copy.deepcopy(BASE)
    holder, field = PLACES[place]
    holder(data)[field] = case["text"]
    path = tmp_path / "playbook.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = stored_count(shared_db)
    result = elicit("import", str(path), "--json")
    if place != "statement" and len(without_nul(case["text"])) > MAX_METADATA_CHARS:
        assert f"at most {MAX_METADATA_CHARS}" in clear_refusal(result)
        assert stored_count(shared_db) == before
        return
    assert result.exit_code == 0, result.output
    again = elicit("export", json.loads(result.stdout)["interview_id"], "--format", "json")
    assert again.exit_code == 0, again.output
    # NUL is stripped on the way in, as from answers (PostgreSQL cannot store it); all else comes back as written
    assert holder(json.loads(again.stdout))[field] == without_nul(case["text"])
    assert stored_count(shared_db) == before + 1


# --- broken import files ------------------------------------------------------------------------------------


def dumped(change=None) -> bytes:
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def set_in(path: str, value):
    """A change that sets one dotted field of the playbook (numbers index lists)."""
    *parents, last = path.split(".")

    def change(data):
        for part in parents:
            data = data[int(part)] if isinstance(data, list) else data[part]
        data[int(last) if isinstance(data, list) else last] = value
    return change


def drop(path: str):
    *parents, last = path.split(".")

    def change(data):
        for part in parents:
            data = data[part]
        del data[last]
    return change


BROKEN = [
    ("not JSON", b"this is a playbook, honestly", r"not JSON \(.*\); export it with --format json"),
    ("truncated JSON", dumped()[:700], r"not JSON \(.*line 1\); export it with --format json"),
    ("empty file", b"", r"the file is empty; export a playbook"),
    ("a list", b"[1, 2, 3]", r"holds a JSON list, not a playbook"),
    ("a number", b"42", r"holds a JSON number, not a playbook"),
    ("null", b"null", r"holds a JSON null, not a playbook"),
    ("100k nested lists", b"[" * 100_000 + b"]" * 100_000, r"nested too deeply"),
    ("100k nested objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, r"nested too deeply"),
    ("30 MB", b'{"metadata": "' + b"x" * 30_000_000 + b'"}', r"over 5 MB; give a smaller one"),
    ("not UTF-8", dumped().replace(b"payments", b"paym\xe9nts"), r"not UTF-8 text; save it as UTF-8"),
    ("wrong type: version", dumped(set_in("metadata.guide_version", "one")),
     r"metadata\.guide_version: Input should be a valid integer.*see elicit/core/schema"),
    ("wrong type: sections", dumped(set_in("sections", "all of them")), r"sections: Input should be a valid list"),
    ("wrong type: metadata", dumped(set_in("metadata", "about crises")), r"metadata: Input should be a valid dict"),
    ("wrong type: text", dumped(set_in("sections.0.statements.0.text", 7)),
     r"sections\.0\.statements\.0\.text: Input should be a valid string"),
    ("number too large", dumped(set_in("metadata.guide_version", 10**30)),
     r"metadata\.guide_version: the number is too large"),
    ("unknown field", dumped(set_in("colour", "blue")), r"fields this version does not know: colour; importing would"),
    ("unknown nested field", dumped(set_in("sections.0.statements.0.mood", "calm")),
     r"does not know: sections\.0\.statements\.0\.mood"),
    ("missing field", dumped(drop("metadata.title")), r"metadata\.title: Field required"),
    ("missing sections", dumped(drop("sections")), r"sections: Field required"),
    ("no sections", dumped(set_in("sections", [])), r"sections must be the ten elements, each once \(missing: persona"),
    ("unknown section", dumped(set_in("sections.0.element", "vibes")), r"unknown: vibes"),
    ("repeated section", dumped(lambda d: d["sections"].append(d["sections"][1])), r"repeated: goals"),
    ("duplicated key", b'{"sections": [], ' + dumped()[1:], r"the key 'sections' appears twice in one object"),
    ("schema from the future", dumped(set_in("metadata.schema_version", "3")),
     r"schema version '3'; this version of elicit reads '1' or '2'"),
    ("unknown guide", dumped(set_in("metadata.guide_id", "astrology")),
     r"no guide 'astrology' \(it has .*general.*\); add that guide"),
    ("bad date", dumped(set_in("metadata.created", "last Tuesday")), r"metadata\.created: Input should be a valid"),
]


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_import_file_says_what_is_wrong_and_stores_nothing(shared_db, tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    before = stored_count(shared_db)
    for flags in ((), ("--check",)):  # --check must refuse the same files, the guide included
        assert re.search(message, clear_refusal(elicit("import", str(path), *flags)))
    assert stored_count(shared_db) == before


def test_a_byte_order_mark_is_read_as_an_encoding_marker(shared_db, tmp_path):
    """Windows editors start UTF-8 files with a BOM; the playbook behind it is whole."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumped())
    result = elicit("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    again = json.loads(elicit("export", json.loads(result.stdout)["interview_id"], "--format", "json").stdout)
    assert again["sections"] == BASE["sections"]


# --- the corpus through the document reader (Pre-fill from a transcript or document) ---------------------


def docx_bytes(*paragraphs: str, table: str | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table is not None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def writable_in_word(text: str) -> str:
    """What a .docx can hold of the text: XML forbids NUL and most C0 controls, and Word breaks lines with one mark."""
    text = text.replace("\r\n", "\n")
    return "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or c == "\x7f"))


@pytest.mark.parametrize("suffix", ["txt", "md"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_text_document_comes_out_intact(case, suffix):
    text = without_nul(case["text"])
    if not visible(text):
        with pytest.raises(InputFileError, match="holds no text"):
            read_document(f"notes.{suffix}", case["text"].encode("utf-8"))
    else:
        assert read_document(f"notes.{suffix}", case["text"].encode("utf-8")) == text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_word_document_comes_out_intact(case):
    text = writable_in_word(case["text"])
    if not visible(text):
        with pytest.raises(InputFileError, match="holds no text"):
            read_document("notes.docx", docx_bytes(text))
    else:
        assert read_document("notes.docx", docx_bytes(text)) == text


def test_text_in_a_word_table_is_read_too():
    assert read_document("t.docx", docx_bytes("Intro.", table="<script>x</script> السلامة")).split("\n") == [
        "Intro.", "<script>x</script> السلامة"]


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A few hundred kilobytes that unpack past the limit; written in chunks so the test never holds it all."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(MAX_DOCX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    return out.getvalue()


BROKEN_DOCUMENTS = [
    ("docx that is not a zip", "notes.docx", b"PK but not really a zip", "not a readable .docx"),
    ("zip that is not a docx", "notes.docx", zip_of({"readme.txt": b"hello"}), "not a readable .docx"),
    ("docx with a damaged body", "notes.docx", zip_of({"[Content_Types].xml": b"<Types", "word/document.xml": b"<"}),
     "not a readable .docx"),
    ("empty docx", "notes.docx", b"", "not a readable .docx"),
    ("empty txt", "notes.txt", b"", "holds no text"),
    ("empty docx document", "notes.docx", docx_bytes(), "holds no text"),
    ("not UTF-8 txt", "notes.txt", "Sécurité d'abord".encode("latin-1"), "not UTF-8 text; save it as UTF-8"),
    ("UTF-16 md", "notes.md", "# Notes".encode("utf-16"), "not UTF-8 text"),
    ("a pdf", "notes.pdf", b"%PDF-1.7", "only .txt, .md and .docx"),
    ("zip bomb", "notes.docx", zip_bomb(), f"unpacks to over {MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB"),
]


@pytest.mark.parametrize(("name", "data", "message"), [b[1:] for b in BROKEN_DOCUMENTS],
                         ids=[b[0] for b in BROKEN_DOCUMENTS])
def test_a_broken_document_gets_the_products_own_error(name, data, message):
    with pytest.raises(InputFileError, match=message) as caught:
        read_document(name, data)
    assert type(caught.value) is InputFileError and "\n" not in str(caught.value)


# --- the corpus through the linter ------------------------------------------------------------------------

SHAPE = {"words", "score", "elements", "missing", "quality"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_lint_reports_every_case_or_refuses_clearly(tmp_path, case):
    path = tmp_path / "prompt.md"
    path.write_bytes(case["text"].encode("utf-8"))
    result = elicit("lint", str(path), "--json")
    if not visible(without_nul(case["text"])):
        assert "holds no text" in clear_refusal(result)
        return
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == SHAPE and 0 <= report["score"] <= 100 and len(report["elements"]) == 10
    assert report["words"] == len(without_nul(case["text"]).split())


def test_cli_lint_refuses_a_prompt_larger_than_an_upload(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"You are a reviewer. " * (MAX_PROMPT_BYTES // 20 + 1))
    assert "over 2 MB" in clear_refusal(elicit("lint", str(path), "--json"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_lint_pages_upload_reads_every_case(case):
    """The Lint page passes an upload through uploaded_text, then lint_report (an empty one shows a hint)."""
    text = uploaded_text(case["text"].encode("utf-8"), "prompt.md")
    assert text == without_nul(case["text"]) and set(lint_report(text)) == SHAPE


@pytest.mark.parametrize(("data", "message"), [
    ("Sécurité".encode("latin-1"), "not UTF-8 text"),
    (b"x" * (MAX_PROMPT_BYTES + 1), "over 2 MB"),
], ids=["not UTF-8", "over the limit"])
def test_the_lint_pages_upload_refuses_clearly(data, message):
    with pytest.raises(InputFileError, match=message):
        uploaded_text(data, "prompt.md")


# --- the same on PostgreSQL, which refuses NUL and limits index entries --------------------------------------


def test_import_round_trips_the_hardest_cases_on_both_databases(database_url, monkeypatch, tmp_path):
    """NUL (PostgreSQL refuses it in text), a megabyte statement and the longest expert name, in 4-byte emoji."""
    monkeypatch.setenv("ELICIT_DATABASE_URL", database_url)
    get_settings.cache_clear()
    data = copy.deepcopy(BASE)
    data["sections"][0]["statements"][0]["text"] = "Safety\x00 first " + "d" * 1_048_576
    data["metadata"]["expert"] = "🔥" * MAX_METADATA_CHARS  # the expert name is indexed: 2,000 bytes must fit
    data["metadata"]["title"] = "السلامة\u202e <script>x</script>"
    path = tmp_path / "playbook.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = elicit("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    back = json.loads(elicit("export", json.loads(result.stdout)["interview_id"], "--format", "json").stdout)
    assert back["sections"][0]["statements"][0]["text"] == "Safety first " + "d" * 1_048_576
    assert back["metadata"]["expert"] == data["metadata"]["expert"]
    assert back["metadata"]["title"] == data["metadata"]["title"]
