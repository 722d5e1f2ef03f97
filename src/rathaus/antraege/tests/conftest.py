from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from . import helfer


@pytest.fixture(autouse=True)
def _schutz_guenstig(settings) -> None:
    """The limits of anonymous submissions live in the cache: each test starts with none
    used. The proof of work stays real but costs milliseconds (as tests use a fast
    password hasher); test_schutz checks the real difficulty's figures."""
    cache.clear()
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 1


@pytest.fixture
def welt(db, tmp_path: Path) -> helfer.Welt:
    return helfer.welt(tmp_path)


@pytest.fixture
def gespeichert(_private_media: Path):
    """Names of every stored file below the private media root."""

    def liste() -> list[str]:
        return sorted(
            str(p.relative_to(_private_media))
            for p in Path(_private_media).rglob("*")
            if p.is_file()
        )

    return liste


SIGNATUR = b"RATHAUS-TEST-SIGNATUR"


@pytest.fixture
def clamd_fake(tmp_path: Path):
    """A tiny local server speaking clamd's documented INSTREAM protocol (clamd(8)).

    It reports the test signature as found, anything else as OK.
    """
    import socket
    import struct
    import threading

    pfad = tmp_path / "clamd.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(pfad))
    server.listen(4)
    server.settimeout(0.2)
    stop = threading.Event()

    def lesen(conn: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            block = conn.recv(n - len(buf))
            if not block:
                raise ConnectionError
            buf += block
        return buf

    def bedienen() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                assert lesen(conn, 10) == b"zINSTREAM\0"
                inhalt = b""
                while (n := struct.unpack("!L", lesen(conn, 4))[0]) > 0:
                    inhalt += lesen(conn, n)
                antwort = (
                    b"stream: Rathaus.Test.Signatur FOUND\0"
                    if SIGNATUR in inhalt
                    else b"stream: OK\0"
                )
                conn.sendall(antwort)

    thread = threading.Thread(target=bedienen, daemon=True)
    thread.start()
    yield f"unix:{pfad}"
    stop.set()
    thread.join(2)
    server.close()


@pytest.fixture(scope="session")
def clamd_echt(tmp_path_factory: pytest.TempPathFactory):
    """A real clamd with only a custom test signature (.ndb); skipped without clamav-daemon."""
    import shutil
    import subprocess
    import time

    clamd = shutil.which("clamd") or (
        "/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None
    )
    if clamd is None:
        pytest.skip("clamd fehlt (apt-get install clamav-daemon)")
    d = tmp_path_factory.mktemp("clamd")
    (d / "db").mkdir()
    (d / "db" / "rathaus.ndb").write_text(f"Rathaus.Test.Signatur:0:*:{SIGNATUR.hex()}\n")
    sock = d / "clamd.sock"
    (d / "clamd.conf").write_text(
        f"Foreground yes\nLocalSocket {sock}\nDatabaseDirectory {d / 'db'}\n"
        f"LogFile {d / 'clamd.log'}\n"
    )
    proc = subprocess.Popen(
        [clamd, "-c", str(d / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        if sock.exists():
            break
        if proc.poll() is not None:
            pytest.skip("clamd startet nicht")
        time.sleep(0.05)
    yield f"unix:{sock}"
    proc.terminate()
    proc.wait(10)
