"""The 0503 container: a ZIP of ``<ProzessID>_Aussonderung.Aussonderung.0503.xml`` and the
primary documents it references, flat, as the xdomea specification and the LAV NRW
examples name them."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from lxml import etree

from .codes import NAMESPACE, Nachrichtentyp
from .errors import XdomeaError, XdomeaIssue
from .model import Aussonderung
from .read import read_aussonderung_0503
from .schema import element_path, parse_xml
from .write import write_aussonderung_0503

MESSAGE_SUFFIX = f"_{Nachrichtentyp.AUSSONDERUNG.element_name}"
DEFAULT_MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 10_000
_CHUNK = 1024 * 1024
_FORBIDDEN = re.compile(r"[\x00-\x1f\\/:]")


def message_filename(prozess_id: uuid.UUID) -> str:
    """``<ProzessID>_Aussonderung.Aussonderung.0503.xml`` – the XML inside the container."""
    return f"{prozess_id}{MESSAGE_SUFFIX}.xml"


def container_filename(prozess_id: uuid.UUID) -> str:
    """``<ProzessID>_Aussonderung.Aussonderung.0503.zip`` – the container itself."""
    return f"{prozess_id}{MESSAGE_SUFFIX}.zip"


@dataclass(frozen=True)
class Primaerdatei:
    """A primary document taken from the container."""

    name: str
    inhalt: bytes


@dataclass(frozen=True)
class Aussonderungspaket:
    """A read 0503 container: the message, its XML as received and its primary files."""

    nachricht: Aussonderung
    xml: bytes
    dateien: tuple[Primaerdatei, ...]

    def datei(self, name: str) -> bytes:
        """Content of the primary file ``name``; ``KeyError`` if absent."""
        for datei in self.dateien:
            if datei.name == name:
                return datei.inhalt
        raise KeyError(name)


def _check_name(name: str, *, where: str) -> None:
    """Refuse anything that is not a plain file name (traversal, absolute, sub folders)."""
    if not name or name in (".", "..") or _FORBIDDEN.search(name) or name != name.strip():
        raise XdomeaError(f"unsafe or non-flat file name {name!r} in the container", path=where)


def referenced_files(xml_bytes: bytes) -> list[tuple[str, str]]:
    """(file name, element path) of every file a 0503 references (documents, seals)."""
    tree = parse_xml(xml_bytes)
    nodes = tree.xpath(
        "//x:Primaerdokument/x:Dateiname | //x:SignaturSiegelDatei", namespaces={"x": NAMESPACE}
    )
    assert isinstance(nodes, list)
    return [
        ((n.text or "").strip(), element_path(n)) for n in nodes if isinstance(n, etree._Element)
    ]


def _match(referenced: list[tuple[str, str]], present: set[str], container: str) -> None:
    issues: list[XdomeaIssue] = []
    seen: set[str] = set()
    for name, path in referenced:
        _check_name(name, where=path)
        seen.add(name)
        if name not in present:
            issues.append(
                XdomeaIssue(
                    message=f"primary file {name!r} is referenced but missing from {container}",
                    path=path,
                )
            )
    for name in sorted(present - seen):
        issues.append(
            XdomeaIssue(
                message=f"file {name!r} in {container} is not referenced by the message",
                path=container,
            )
        )
    if issues:
        raise XdomeaError(issues[0].message, issues=tuple(issues))


def build_aussonderung_zip(
    message: Aussonderung | bytes,
    primary_files: Mapping[str, bytes],
    *,
    schema_dir: Path | None = None,
) -> bytes:
    """Pack a 0503 (dataclass or already written XML) and its primary files into the ZIP.

    Every file the message references must be given, and nothing else; the XML is
    validated against the XSD. The ZIP is deterministic for the same input.
    """
    if isinstance(message, Aussonderung):
        xml = write_aussonderung_0503(message, schema_dir=schema_dir)
        msg = message
    else:
        xml = bytes(message)
        msg = read_aussonderung_0503(xml, schema_dir=schema_dir)
    for name in primary_files:
        _check_name(name, where="primary_files")
    _match(referenced_files(xml), set(primary_files), "primary_files")

    stamp = msg.kopf.erstellungszeitpunkt.astimezone(UTC)
    date_time = (
        max(stamp.year, 1980),
        stamp.month,
        stamp.day,
        stamp.hour,
        stamp.minute,
        stamp.second,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        entries = [(message_filename(msg.kopf.prozess_id), xml)]
        entries += [(name, primary_files[name]) for name in msg.dateinamen()]
        written: set[str] = set()
        for name, data in entries:
            if name in written:  # one file may back several formats
                continue
            written.add(name)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
        for name in sorted(set(primary_files) - written):  # seals and Anschreiben files
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, primary_files[name])
    return buffer.getvalue()


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member without trusting its declared size (zip bombs lie)."""
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > budget:
                raise XdomeaError(
                    f"container expands beyond the limit while reading {info.filename!r} "
                    "(zip bomb?)",
                    path=info.filename,
                )
            chunks.append(chunk)
    return b"".join(chunks)


def read_aussonderung_zip(
    zip_bytes: bytes,
    *,
    schema_dir: Path | None = None,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> Aussonderungspaket:
    """Open a 0503 container: safe names, size limits, XSD-valid message, all files present.

    Refuses path traversal and absolute or nested names, encrypted or duplicate members,
    more than ``max_entries`` members, more than ``max_uncompressed_bytes`` in total,
    a missing or ambiguous message, and referenced files that are missing (or files
    nobody references).
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(zip_bytes))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise XdomeaError(f"not a ZIP container: {exc}") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > max_entries:
            raise XdomeaError(f"container has {len(infos)} entries, limit {max_entries}")
        names: set[str] = set()
        for info in infos:
            _check_name(info.filename, where=info.filename)
            if info.filename in names:
                raise XdomeaError(f"duplicate member {info.filename!r}", path=info.filename)
            if info.flag_bits & 0x1:
                raise XdomeaError(f"encrypted member {info.filename!r}", path=info.filename)
            names.add(info.filename)
        declared = sum(info.file_size for info in infos)
        if declared > max_uncompressed_bytes:
            raise XdomeaError(
                f"container declares {declared} bytes uncompressed, limit "
                f"{max_uncompressed_bytes} (zip bomb?)"
            )
        messages = [i for i in infos if i.filename.endswith(f"{MESSAGE_SUFFIX}.xml")]
        if len(messages) != 1:
            raise XdomeaError(
                f"expected exactly one *{MESSAGE_SUFFIX}.xml in the container, "
                f"found {len(messages)}"
            )
        budget = max_uncompressed_bytes
        contents: dict[str, bytes] = {}
        try:
            for info in infos:
                data = _read_limited(zf, info, budget)
                budget -= len(data)
                contents[info.filename] = data
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
            raise XdomeaError(f"damaged container: {exc}") from exc

    xml_name = messages[0].filename
    xml = contents.pop(xml_name)
    msg = read_aussonderung_0503(xml, schema_dir=schema_dir)
    if xml_name != message_filename(msg.kopf.prozess_id):
        raise XdomeaError(
            f"message file {xml_name!r} does not carry the ProzessID {msg.kopf.prozess_id}",
            path=xml_name,
        )
    referenced = referenced_files(xml)
    _match(referenced, set(contents), "the container")
    order = list(dict.fromkeys(name for name, _ in referenced))
    return Aussonderungspaket(
        nachricht=msg,
        xml=xml,
        dateien=tuple(Primaerdatei(name=name, inhalt=contents[name]) for name in order),
    )
