"""Hostile input is refused quickly and without touching the file system or network."""

import time

import pytest

from rathaus.standards.xdatenfelder import XDatenfelderError, parse
from rathaus.standards.xdatenfelder.safexml import MAX_BYTES

NS = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"


def _refused_fast(data: bytes) -> XDatenfelderError:
    start = time.perf_counter()
    with pytest.raises(XDatenfelderError) as info:
        parse(data)
    assert time.perf_counter() - start < 2.0
    return info.value


def test_xxe_external_entity_is_not_read():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="' + NS.encode() + b'">'
        b"<xdf:stammdatenschema><xdf:name>&xxe;</xdf:name></xdf:stammdatenschema>"
        b"</xdf:xdatenfelder.stammdatenschema.0102>"
    )
    err = _refused_fast(data)
    assert "root:" not in str(err)
    assert "DOCTYPE" in err.message or "entity" in err.message.lower()


def test_billion_laughs_is_refused():
    lol = b'<!ENTITY lol "lol">'
    for i in range(1, 10):
        prev = f"&lol{i - 1 if i > 1 else ''};".encode() * 10
        lol += f'<!ENTITY lol{i} "'.encode() + prev + b'">'
    data = b'<?xml version="1.0"?><!DOCTYPE lolz [' + lol + b"]><lolz>&lol9;</lolz>"
    _refused_fast(data)


def test_fifty_megabytes_of_junk_is_refused_unread(tmp_path):
    junk = tmp_path / "junk.xml"
    with junk.open("wb") as fh:
        fh.write(b"<a>" + b"x" * (50 * 1024 * 1024) + b"</a>")
    start = time.perf_counter()
    with pytest.raises(XDatenfelderError) as info:
        parse(junk)
    assert time.perf_counter() - start < 1.0
    assert str(MAX_BYTES) in info.value.message


def test_non_xml_bytes_are_refused():
    err = _refused_fast(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert err.path == "/" and "malformed XML" in err.message


def test_truncated_xml_is_refused():
    err = _refused_fast(b'<xdf:a xmlns:xdf="' + NS.encode() + b'"><xdf:b>')
    assert "malformed XML" in err.message


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(XDatenfelderError) as info:
        parse(tmp_path / "nope.xml")
    assert "cannot read" in info.value.message
