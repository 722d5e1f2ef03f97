"""pytest plugin (`-p rathaus.config.pytest_plugin` in pyproject's addopts): the test suite
runs as a development installation, as under `make test`.

Loaded before pytest-django imports the settings, it turns on the development identity
provider (RATHAUS_DEV_IDP=1), which also allows the public development SECRET_KEY; a value
set in the environment wins. Tests that need it off say so in their settings fixture.
"""

from __future__ import annotations

import os

os.environ.setdefault("RATHAUS_DEV_IDP", "1")
