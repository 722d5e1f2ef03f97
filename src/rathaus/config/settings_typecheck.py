"""The settings as mypy's Django plugin loads them (pyproject, [tool.django-stubs]): those
of a development installation, as under `make typecheck`, so that a plain `mypy` needs no
environment. Never a settings module to run Rathaus with."""

import os

os.environ.setdefault("RATHAUS_DEV_IDP", "1")

from rathaus.config.settings import *  # noqa: F403
