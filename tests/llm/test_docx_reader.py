"""The .docx reader: document order, tracked changes, headers, comments, tables, and declared sizes not trusted."""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import zipfile

import docx as python_docx
import pytest

from elicit.services.drafting import MAX_DOCX_UNPACKED_BYTES, read_document
from elicit.core.errors import InputFileError

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def tc(text: str, merge: str = "") -> str:
    return f"<w:tc><w:tcPr>{merge}</w:tcPr>{p(text)}</w:tc>"


def docx(body: str, **parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        for name, xml in parts.items():
            archive.writestr(f"word/{name}.xml", xml)
    return out.getvalue()


TABLE = ("<w:tbl><w:tr>" + tc("Level") + tc("When") + "</w:tr><w:tr>" + tc("1", "<w:vMerge w:val='restart'/>")
         + tc("a death") + "</w:tr><w:tr>" + tc("", "<w:vMerge/>") + tc("national media") + "</w:tr></w:tbl>")
TRACKED = ("<w:p><w:r><w:t>We recall </w:t></w:r><w:ins w:author='Dana'><w:r><w:t>all three </w:t></w:r></w:ins>"
           "<w:del w:author='Dana'><w:r><w:delText>one </w:delText></w:r></w:del><w:r><w:t>batches.</w:t></w:r></w:p>")
COMMENTS = (f"<w:comments {NS}><w:comment w:id='0' w:author='Sam'>{p('Check the Lyon date.')}</w:comment>"
            "</w:comments>")


@pytest.mark.parametrize(("body", "parts", "lines"), [
    (p("Before.") + TABLE + p("After."), {}, ["Before.", "Level | When", "1 | a death", "national media", "After."]),
    (TRACKED, {}, ["We recall all three batches."]),
    (p("Body."), {"header1": f"<w:hdr {NS}>{p('Incident review, June 2018')}</w:hdr>",
                  "header2": f"<w:hdr {NS}>{p('Incident review, June 2018')}</w:hdr>"},
     ["Incident review, June 2018", "Body."]),
    (p("Body."), {"comments": COMMENTS}, ["Body.", "Comment (Sam): Check the Lyon date."]),
    ("<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>" + p("Spans two") + "</w:tc></w:tr>"
     "<w:tr>" + tc("a") + tc("b") + "</w:tr></w:tbl>", {}, ["Spans two", "a | b"]),
    ("<w:sdt><w:sdtContent>" + p("In a content control.") + "</w:sdtContent></w:sdt>", {}, ["In a content control."]),
], ids=["tables-in-document-order-rows-joined-merged-cell-once", "tracked-insertion-kept-deletion-dropped",
        "header-once", "comment-with-author", "a-spanning-cell-once", "content-control"])
def test_a_word_document_is_read_as_written(body, parts, lines):
    assert read_document("notes.docx", docx(body, **parts)).split("\n") == lines


def docx_package() -> zipfile.ZipFile:
    """A document as Word (python-docx) writes it: content types, relationships, styles."""
    document = python_docx.Document()
    document.add_paragraph("Hello.")
    out = io.BytesIO()
    document.save(out)
    return zipfile.ZipFile(out)


def lying_docx(actual: int, declared: int = 10) -> bytes:
    """A .docx whose body declares `declared` bytes and inflates to `actual` (the sizes in the zip patched)."""
    word = docx_package()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in word.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, word.read(info.filename))
        with archive.open("word/document.xml", "w") as member:
            member.write(f"<w:document {NS}><w:body>".encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(actual // len(chunk)):
                member.write(chunk)
    raw, name = bytearray(out.getvalue()), b"word/document.xml"
    for signature, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        at = raw.find(signature)
        while at >= 0:
            length = struct.unpack("<H", raw[at + name_len_at:at + name_len_at + 2])[0]
            if raw[at + name_at:at + name_at + length] == name:
                raw[at + size_at:at + size_at + 4] = struct.pack("<I", declared)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def test_a_docx_that_lies_about_its_size_is_refused_without_inflating_it():
    data = lying_docx(64 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(InputFileError, match="not a readable .docx|unpacks to over"):
            read_document("notes.docx", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"reading took {peak / 1024 / 1024:.0f} MB"


def test_a_docx_that_really_inflates_past_the_cap_is_refused_as_it_reads():
    data = lying_docx(MAX_DOCX_UNPACKED_BYTES + 2 * 1024 * 1024, declared=MAX_DOCX_UNPACKED_BYTES * 4)
    with pytest.raises(InputFileError, match=f"unpacks to over {MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB"):
        read_document("notes.docx", data)


# --- pre-fill from a document, in the CLI ---------------------------------------------------------------


def _started_interview() -> str:
    from elicit.adapters import store
    from elicit.services import interviews
    from elicit.core.guides import get_guide

    engine = store.open_database()
    with store.session(engine) as db:
        interview, _token = interviews.start_interview(db=db, guide=get_guide("general"), expert="Ana", topic="triage")
    engine.dispose()
    return interview.id


def test_cli_prefills_an_interview_from_a_word_document(llm_env, tmp_path):
    from typer.testing import CliRunner

    from elicit.adapters import store
    from elicit.cli import app
    from elicit.core.interview import Origin

    interview_id = _started_interview()
    path = tmp_path / "notes.docx"
    path.write_bytes(docx(p("Q: Your role?") + TABLE + p("A: I run incident response.")))
    llm_env.script.append(json.dumps({"answers": [{"question_id": "role", "answer": "I run incident response."}]}))
    result = CliRunner().invoke(app, ["interview", "prefill", interview_id, str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"interview_id": interview_id, "drafted": ["role"]}
    sent = llm_env.chat_requests()[-1]["messages"][1]["content"]
    assert "Q: Your role?\nLevel | When\n1 | a death\nnational media\nA: I run incident response." in sent
    engine = store.open_database()
    with store.session(engine) as db:
        from elicit.services import interviews

        answer = interviews.load_interview(db=db, interview_id=interview_id).answers["role"]
    engine.dispose()
    assert answer.origin is Origin.DRAFTED and answer.text == "I run incident response."


def test_cli_prefill_without_an_llm_says_what_to_set(tmp_path):
    from typer.testing import CliRunner

    from elicit.cli import app

    path = tmp_path / "notes.txt"
    path.write_text("I run incident response.", encoding="utf-8")
    result = CliRunner().invoke(app, ["interview", "prefill", _started_interview(), str(path)])
    assert result.exit_code == 1 and "pre-filling needs an LLM: set ELICIT_LLM_BASE_URL" in result.stderr
