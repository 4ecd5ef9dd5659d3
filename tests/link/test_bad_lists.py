"""Malformed, truncated and hostile list files give one clear ListFormatError, never a partial list."""

from typing import Any

import pytest

from sanctionwatch.errors import ListFormatError
from sanctionwatch.link import read_list_bytes, read_list_file

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>
</CONSOLIDATED_LIST>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&secret;</lastName></sdnEntry></sdnList>"""


@pytest.mark.parametrize(("data", "reason"), [
    (BILLION_LAUGHS, "refused XML"),
    (EXTERNAL_ENTITY, "refused XML"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE x [' + b'<!ENTITY e "' + b"x" * 5000 + b'">]><sdnList/>', "a DTD fills"),
    (b"<html><body>Service unavailable</body></html>", "no sanctions list format"),
    (b"\x00\x01\x02PK\x03\x04binary", "binary data"),
    (b"name,country\nKIM,KP\n", "unknown list format"),
    (b"", "unknown list format"),
    (b"<CONSOLIDATED_LIST><INDIVIDUALS></INDIVIDUALS></CONSOLIDATED_LIST>", "no listed entries"),
])
def test_refused_with_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        read_list_bytes(data, "upload")
    message = str(caught.value)
    assert reason in message and message.startswith("upload:") and "\n" not in message


@pytest.mark.parametrize("key", ["un", "ofac_xml", "eu", "ofac_csv", "ftm"])
def test_truncated_files(samples: Any, key: str) -> None:
    whole = samples.path(key).read_bytes().rstrip(b"\x1a\r\n")
    cut = whole[: len(whole) - 25]  # cut inside the last record
    with pytest.raises(ListFormatError, match=r"truncated|malformed"):
        read_list_bytes(cut, f"{key}-cut")


def test_encodings(samples: Any) -> None:
    text = samples.path("ofac_csv").read_text(encoding="utf-8").replace("CHON MYONG 1", "CHÖN MYÖNG 1")
    for encoding in ("cp1252", "utf-16"):  # Windows-1252 (OFAC's own) and UTF-16 with its byte-order mark
        path = samples.write(f"sdn-{encoding}.csv", text, encoding)
        assert any(e.caption == "CHÖN MYÖNG 1" for e in read_list_file(path).entries)
    with pytest.raises(ListFormatError, match="neither UTF-8 nor utf-16"):
        read_list_bytes(b"\xff\xfe" + b"\x00\xd8" * 3, "odd.csv")  # a byte-order mark, then broken UTF-16


def test_a_bad_row_is_skipped_and_counted(samples: Any) -> None:
    text = samples.path("ofac_csv").read_text(encoding="utf-8").replace("102,", "oops,", 1)
    parsed = read_list_bytes(text.encode(), "sdn.csv")
    assert [e.entry_id for e in parsed.entries] == ["101", "103"]
    assert len(parsed.skipped) == 1 and "row 2" in parsed.skipped[0].reason


def test_unreadable_path(samples: Any) -> None:
    with pytest.raises(ListFormatError, match="cannot read"):
        read_list_file(samples.folder / "missing.xml")
