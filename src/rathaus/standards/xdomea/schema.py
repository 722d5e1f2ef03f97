"""Finding, loading and applying the real xdomea 3.0.0 XSD; safe XML parsing."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .errors import XdomeaError, XdomeaIssue

SCHEMA_SUBDIR = Path("xdomea/message_generation/schemes/xdomea_3.0.0")
ENTRY_XSD = "xdomea-Nachrichten-AussonderungDurchfuehren.xsd"
MAX_XML_BYTES = 200 * 1024 * 1024

_validate_lock = threading.Lock()


def shared_data_dir() -> Path:
    """The shared data directory: ``$RATHAUS_SHARED_DATA`` or ``<repo>/../shared/data``."""
    configured = os.environ.get("RATHAUS_SHARED_DATA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def default_schema_dir() -> Path:
    """Directory holding the xdomea 3.0.0 XSD set (its ``../xoev`` holds the XÖV bases)."""
    return shared_data_dir() / SCHEMA_SUBDIR


def _xml_parser() -> etree.XMLParser:
    # No entity expansion, no DTD loading, no network: XXE and billion laughs stay inert,
    # and any DOCTYPE is refused afterwards anyway.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
    )


@lru_cache(maxsize=4)
def _load(entry: Path) -> etree.XMLSchema:
    if not entry.is_file():
        raise XdomeaError(
            f"xdomea 3.0.0 XSD not found at {entry}; set RATHAUS_SHARED_DATA or pass schema_dir"
        )
    try:
        return etree.XMLSchema(etree.parse(str(entry), _xml_parser()))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise XdomeaError(f"cannot load xdomea XSD {entry}: {exc}") from exc


def load_schema(schema_dir: Path | None = None) -> etree.XMLSchema:
    """Load (once per directory) the Aussonderung message schema from the real XSD set."""
    directory = schema_dir or default_schema_dir()
    return _load((directory / ENTRY_XSD).resolve())


def parse_xml(xml_bytes: bytes) -> etree._ElementTree:
    """Parse untrusted bytes safely; refuse DOCTYPEs, entities and oversize input."""
    if not isinstance(xml_bytes, bytes | bytearray):
        raise XdomeaError(f"expected XML bytes, got {type(xml_bytes).__name__}")
    if len(xml_bytes) > MAX_XML_BYTES:
        raise XdomeaError(f"XML message larger than {MAX_XML_BYTES} bytes")
    try:
        root = etree.fromstring(bytes(xml_bytes), _xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise XdomeaError(f"not well-formed XML: {exc.msg}", line=line) from exc
    if root is None:
        raise XdomeaError("empty XML document")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XdomeaError(
            "DOCTYPE / entity declarations are not allowed in xdomea messages", line=1
        )
    for node in root.iter(etree.Entity):
        raise XdomeaError(
            "entity references are not allowed", path=element_path(node), line=node.sourceline
        )
    return tree


def element_path(element: etree._Element) -> str:
    """A readable path ``/xdomea:A/xdomea:B[2]/code`` to ``element``."""
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        if isinstance(node.tag, str):
            qname = etree.QName(node)
            name = f"xdomea:{qname.localname}" if qname.namespace else qname.localname
            parent = node.getparent()
            if parent is not None:
                same = [c for c in parent if c.tag == node.tag]
                if len(same) > 1:
                    name += f"[{same.index(node) + 1}]"
            parts.append(name)
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


def validate_tree(tree: etree._ElementTree, schema_dir: Path | None = None) -> None:
    """Validate a parsed message against the real XSD; raise with every error's path."""
    schema = load_schema(schema_dir)
    with _validate_lock:  # the error log lives on the shared schema object
        ok = schema.validate(tree)
        log = list(schema.error_log)
    if ok:
        return
    issues = tuple(
        XdomeaIssue(
            message=f"XSD: {entry.message}", path=entry.path or None, line=entry.line or None
        )
        for entry in log
    )
    if not issues:
        issues = (XdomeaIssue(message="XSD validation failed"),)
    raise XdomeaError(issues[0].message, issues=issues)


def validate(xml_bytes: bytes, *, schema_dir: Path | None = None) -> None:
    """Check that ``xml_bytes`` is a safe, well-formed, XSD-valid xdomea 3.0.0 message.

    Raises ``XdomeaError`` naming the element path and the XSD message otherwise.
    """
    validate_tree(parse_xml(xml_bytes), schema_dir)
