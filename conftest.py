"""Test-wide configuration: static files without a manifest, private media in a temp dir."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path_factory: pytest.TempPathFactory):
    """Each test stores private files in its own directory, never in var/media."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(media)
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media), "base_url": None},
            },
        }
    return media


@pytest.fixture(autouse=True)
def _sprache_zuruecksetzen():
    """No test leaves its language behind: a request to an English page activates English
    in the thread (LocaleMiddleware does not switch back), and a later test that renders or
    validates without a request would get English texts."""
    yield
    from django.utils import translation

    translation.deactivate()
