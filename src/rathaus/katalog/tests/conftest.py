"""The real catalogue for search tests: the OZG/LeiKa import plus the Stralsund demo data.

Importing 5,251 Leistungen takes a while, so a test module that asks for `echter_katalog`
loads it once, inside one outer transaction that is rolled back when the module is done;
every test then runs in a savepoint of it as usual (pytest-django's `db`), so nothing of
the catalogue is left for other modules.

The module must carry `pytestmark = pytest.mark.django_db`: pytest-django creates the test
database only for marked tests, and without one the fixture would reach the configured
(real) database.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from rathaus.config.testdaten import geteilte_daten
from rathaus.katalog.search.vocabulary import reset


@pytest.fixture(scope="module")
def echter_katalog(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    if request.node.get_closest_marker("django_db") is None:
        raise pytest.UsageError(f"{request.node.name}: echter_katalog needs the django_db mark")
    ozg = geteilte_daten("ozg")
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("import_ozg", str(ozg), stdout=out, stderr=out)
        call_command("load_demo", "--ohne-admin", stdout=out, stderr=out)
        reset()  # the typo vocabulary of an earlier module knows other words
        yield
        transaction.set_rollback(True)
    reset()
