"""Import of all 68 real XDF3 schemas as Formulare (budget 60 s), against parsing them alone.

Run: ``uv run python -m bench.formular_import`` (RATHAUS_SHARED_DATA points at ../shared/data).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RATHAUS_SHARED_DATA", ROOT.parent / "shared" / "data"))


def setup_django() -> None:
    os.environ.setdefault("RATHAUS_DATA_DIR", tempfile.mkdtemp(prefix="rathaus-bench-form-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    os.environ.setdefault(
        "RATHAUS_STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)


def main() -> None:
    files = sorted((SHARED / "fim" / "xdf3").glob("*/schema.xdf.xml"))
    if not files:
        sys.exit(f"no FIM data under {SHARED}")
    setup_django()
    from rathaus.formulare.models import Formular
    from rathaus.formulare.services import formular_import
    from rathaus.standards.xdatenfelder import parse

    start = time.perf_counter()
    for f in files:
        parse(f)
    baseline = time.perf_counter() - start

    Formular.objects.filter(fim_id__in=[f.parent.name for f in files]).delete()
    start = time.perf_counter()
    zeilen = formular_import(dateien=files, actor="bench")
    ours = time.perf_counter() - start
    start = time.perf_counter()
    formular_import(dateien=files, actor="bench")  # idempotent re-import
    again = time.perf_counter() - start
    total = sum(z.regeln_gesamt for z in zeilen)
    executable = sum(z.regeln_ausfuehrbar for z in zeilen)
    print(f"files: {len(files)} real XDF3 schemas, rules: {total} total, {executable} executable")
    print(f"baseline xdatenfelder.parse of all files: {baseline:.2f} s")
    print(
        f"formular_import (new):                   {ours:.2f} s  (ratio {ours / baseline:.2f}x baseline)"
    )
    print(
        f"formular_import (again, no-op):          {again:.2f} s  (ratio {again / baseline:.2f}x baseline)"
    )
    print(f"budget 60 s: {'ok' if ours < 60 else 'EXCEEDED'}")


if __name__ == "__main__":
    main()
