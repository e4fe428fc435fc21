"""Reading a .docx's text in document order, within hard limits, whatever the file claims about itself.

Only the parts that hold text are read (the body, headers, footers, comments; never the images), each as a
stream with a cap on the bytes it really inflates to: the sizes a zip declares are not trusted (a 2 MB file
that declares 10 bytes can inflate to gigabytes). Tracked insertions are read and deletions left out; a table
is read row by row, the cells of a row joined by " | ", a merged cell once.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

MAX_UNPACKED_BYTES = 16 * 1024 * 1024
"""All the text parts together, as really inflated. A real transcript's XML is a few megabytes, and only the first
MAX_DOCUMENT_CHARS (60,000 characters) reach the model; at the cap, reading takes about 100 MB for a moment."""
CHUNK = 64 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = "word/document.xml"
_EXTRA = re.compile(r"^word/(header\d*|footer\d*|comments)\.xml$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


class TooLargeError(ValueError):
    """The text parts inflate past MAX_UNPACKED_BYTES."""


class NotADocxError(ValueError):
    """Not a zip, no body part, or XML that does not parse."""


def _read_capped(archive: zipfile.ZipFile, name: str, budget: int) -> bytes:
    """One member, read a chunk at a time; TooLargeError as soon as it passes the budget."""
    out = bytearray()
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            out += chunk
            if len(out) > budget:
                raise TooLargeError(name)
    return bytes(out)


def text_parts(data: bytes) -> dict[str, bytes]:
    """The body, headers, footers and comments, each read within the shared budget."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if n == _BODY or _EXTRA.match(n)]
        if _BODY not in names:
            raise NotADocxError("no word/document.xml")
        parts, budget = {}, MAX_UNPACKED_BYTES
        for name in sorted(names, key=lambda n: n != _BODY):
            parts[name] = _read_capped(archive, name, budget)
            budget -= len(parts[name])
        return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, NotImplementedError) as exc:
        if isinstance(exc, (TooLargeError, NotADocxError)):
            raise
        raise NotADocxError(str(exc)) from None


def _runs_text(paragraph: etree._Element) -> str:
    """A paragraph's text: runs and tracked insertions in order; deletions (w:delText) are not text."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        else:
            out.append("\t" if node.tag == f"{W}tab" else "\n")
    return "".join(out)


def _cell_text(cell: etree._Element) -> str:
    return " ".join(t for t in (line.strip() for line in _block_lines(cell)) if t)


def _continues_merge(cell: etree._Element) -> bool:
    """A cell that only continues a merge from the row above (vertical) or the cell before (legacy horizontal)."""
    props = cell.find(f"{W}tcPr")
    if props is None:
        return False
    vmerge, hmerge = props.find(f"{W}vMerge"), props.find(f"{W}hMerge")
    continues = lambda el: el is not None and el.get(f"{W}val", "continue") == "continue"  # noqa: E731
    return continues(vmerge) or continues(hmerge)


def _table_lines(table: etree._Element) -> list[str]:
    lines = []
    for row in table.iterchildren(f"{W}tr"):
        cells = [_cell_text(c) for c in row.iterchildren(f"{W}tc") if not _continues_merge(c)]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _block_lines(container: etree._Element) -> list[str]:
    """Paragraphs and tables in document order; content controls (w:sdt) are read through."""
    lines = []
    for child in container:
        if child.tag == f"{W}p":
            lines.append(_runs_text(child))
        elif child.tag == f"{W}tbl":
            lines += _table_lines(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}customXml"):
            lines += _block_lines(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child)
    return lines


def _parse(name: str, raw: bytes) -> etree._Element:
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotADocxError(f"{name}: {exc}") from None


def docx_text(data: bytes) -> str:
    """Headers first (once each), then the body in order, then the comments with their authors."""
    parts = text_parts(data)
    body = _parse(_BODY, parts[_BODY]).find(f"{W}body")
    if body is None:
        raise NotADocxError("no body")
    header_lines = []
    for name in sorted(n for n in parts if "/header" in n or "/footer" in n):
        header_lines += [line for line in _block_lines(_parse(name, parts[name])) if line.strip()]
    lines = list(dict.fromkeys(header_lines)) + _block_lines(body)
    if "word/comments.xml" in parts:
        for comment in _parse("comments", parts["word/comments.xml"]).iterchildren(f"{W}comment"):
            said = " ".join(line.strip() for line in _block_lines(comment) if line.strip())
            if said:
                lines.append(f"Comment ({comment.get(f'{W}author') or 'unknown'}): {said}")
    return "\n".join(lines)
