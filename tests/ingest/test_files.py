import gzip
import json
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.ingest.files import parse_mapping, read_paths
from sanctionwatch.model import Problem, RawDocument
from sanctionwatch.settings import Settings


def only(items: list[RawDocument | Problem]) -> RawDocument | Problem:
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Sanctions on Pyongyang \u2014 caf\xe9".encode("latin-1", "replace"), "not valid UTF-8"),
        ("bomb.html.gz", gzip.compress(b"<html>" + b" " * 3_000_000), "decompresses to more than"),
        ("broken.html.gz", b"\x1f\x8b\x08\x00garbage", "not a valid gzip"),
        ("nobom.txt", "Sanctions on Pyongyang".encode("utf-16-le"), "UTF-16/32 text without a byte-order mark"),
        ("halfbom.txt", b"\xff\xfeS\x00\x00\xd8", "not valid UTF-16"),
    ],
)
def test_bad_files_become_problems(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    settings = Settings(max_input_bytes=2_000_000)
    item = only(list(read_paths([path], settings)))
    assert isinstance(item, Problem) and reason in item.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    text = "Seoul says 4,000 workers went to Russia\n\nPyongyang \u2014 \uc11c\uc6b8 sent them on student visas."
    path = tmp_path / "unicode.txt"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    path.write_bytes(bom + text.encode(encoding))
    item = only(list(read_paths([path], Settings())))
    assert isinstance(item, RawDocument) and item.kind == "text"
    assert item.data.decode("utf-8") == text


def test_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    item = only(list(read_paths([path], Settings())))
    assert isinstance(item, Problem) and "too large (50.0 MB" in item.reason


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    item = only(list(read_paths([tmp_path / "nowhere.txt"], Settings())))
    assert isinstance(item, Problem) and "no such file" in item.reason


def test_folder_is_walked_in_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report text here.")
    (tmp_path / "a.html").write_text("<html><body><p>First</p></body></html>")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    kinds = [(Path(i.origin).name, i.kind) for i in read_paths([tmp_path], Settings()) if isinstance(i, RawDocument)]
    assert kinds == [("a.html", "html"), ("b.txt", "text")]


def test_jsonl_mapping_and_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"body": "Workers sent abroad.", "link": "https://x.org/1", "headline": "H"}), "{not json",
             json.dumps(["a list"]), json.dumps({"other": 1})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines))
    items = list(read_paths([path], Settings(), parse_mapping(["text=body", "url=link", "title=headline"])))
    document = items[0]
    assert isinstance(document, RawDocument) and document.url == "https://x.org/1" and document.fields["title"] == "H"
    reasons = [i.reason for i in items[1:] if isinstance(i, Problem)]
    assert [r.split(" ")[0] for r in reasons] == ["not", "a", "record"]
    assert items[1].origin.endswith(":2")


def test_bad_mapping_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_mapping(["text"])
