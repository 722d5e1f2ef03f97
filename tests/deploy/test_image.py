"""The Containerfile's promises, read from the file itself (deploy/smoke checks the built
image): the public data read at run time is in the image, no secret is baked in, the
image runs as a numeric non-root user with a health check and the OCI labels."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from rathaus.api.antraege_metadaten import SCHEMA_DATEI
from rathaus.portal.management.commands.bootstrap import DEMO_FORMULARE

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "Containerfile"


def final_stage() -> str:
    text = CONTAINERFILE.read_text()
    # the last FROM starts the image itself
    return text[text.rindex("\nFROM ") :]


def copied_shared_paths() -> list[str]:
    return re.findall(r"^COPY --from=shared (\S+) /srv/shared/data/\1$", final_stage(), re.M)


def test_the_public_data_read_at_run_time_is_in_the_image():
    """Every POST /api/v1/antraege/ reads the FIT-Connect metadata schema from
    RATHAUS_SHARED_DATA; without it in the image the API answered 500 (found by deploy/smoke)."""
    kopiert = copied_shared_paths()
    assert kopiert, "no COPY --from=shared found: the parser or the Containerfile changed"

    def drin(pfad: str) -> bool:
        return any(pfad == k or pfad.startswith(k.rstrip("/") + "/") for k in kopiert)

    assert drin(SCHEMA_DATEI)
    assert drin("fim/codelisten/x.xml")  # formulare.importer.codelisten_ordner
    assert drin("ozg/x.csv")  # rathaus bootstrap
    # the demo forms `bootstrap` imports when the data has them (it skips a missing one)
    geteilt = Path(settings.SHARED_DATA_DIR)
    vorhanden = [f for f, _leika in DEMO_FORMULARE if (geteilt / "fim/xdf3" / f).is_dir()]
    for fim_id in vorhanden:
        assert drin(f"fim/xdf3/{fim_id}/schema.xdf.xml"), fim_id
    assert "RATHAUS_SHARED_DATA=/srv/shared/data" in final_stage()


def test_no_secret_is_baked_into_the_image():
    stage = final_stage()
    for zeile in stage.splitlines():
        if zeile.startswith(("ENV", "ARG", "LABEL")) or zeile.startswith("    "):
            assert not re.search(r"(SECRET|PASSWORD|TOKEN|_KEY)\s*=", zeile, re.I), zeile
    # the build's throwaway key appears only in the build stage, on one RUN line
    gesamt = CONTAINERFILE.read_text()
    assert gesamt.count("collectstatic-only-not-a-secret") == 1
    assert "collectstatic-only-not-a-secret" not in stage
    # the CA bundle comes as a build secret, never copied
    assert "--mount=type=secret,id=ca" in gesamt and "ca-certificates.crt" not in gesamt


def test_the_image_runs_as_a_numeric_non_root_user_with_health_check_and_labels():
    stage = final_stage()
    user = re.findall(r"^USER (\S+)$", stage, re.M)
    assert user == ["10001:10001"]
    assert re.search(
        r"^HEALTHCHECK .*\n\s+CMD \[\"rathaus-container\", \"healthcheck\"\]", stage, re.M
    )
    for label in ("source", "version", "revision", "created", "licenses"):
        assert f"org.opencontainers.image.{label}=" in stage
    assert 'org.opencontainers.image.licenses="EUPL-1.2"' in stage
    assert re.search(r"^VOLUME \[\"/var/lib/rathaus\", \"/tmp\"\]$", stage, re.M)
    assert "PYTHONDONTWRITEBYTECODE=1" in stage and "XDG_CACHE_HOME=/tmp/.cache" in stage


def test_the_build_installs_from_the_lock_file_without_dev_dependencies():
    text = CONTAINERFILE.read_text()
    syncs = re.findall(r"uv sync ([^\n\\]*)", text)
    assert len(syncs) == 2 and all("--frozen --no-dev" in s for s in syncs), syncs
    assert "uv export --frozen --no-dev --format cyclonedx1.5" in text
