"""Load untrusted XML safely: no DTD, no entities, no network, bounded size."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from .errors import XDatenfelderError

#: The largest real Stammdatenschema is 3.6 MB; anything far beyond that is refused unread.
MAX_BYTES = 32 * 1024 * 1024

Source = str | os.PathLike[str] | bytes


def _parser() -> etree.XMLParser:
    # resolve_entities=False: no entity is ever expanded (XXE, billion laughs);
    # load_dtd/no_network: nothing is fetched; huge_tree=False keeps libxml2's own limits.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_bytes(source: Source, *, max_bytes: int = MAX_BYTES) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            with path.open("rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > max_bytes:
                    raise XDatenfelderError("/", f"file is {size} bytes, more than {max_bytes}")
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise XDatenfelderError("/", f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise XDatenfelderError("/", f"document is larger than {max_bytes} bytes")
    return data


def parse_xml(data: bytes) -> etree._ElementTree:
    """Parse bytes into a tree; a DOCTYPE (and so any entity declaration) is refused."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XDatenfelderError("/", f"malformed XML: {exc}") from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XDatenfelderError("/", "a DOCTYPE or entity declaration is not allowed")
    return tree
