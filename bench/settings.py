"""Settings for benchmarks: the product settings plus a bare baseline view."""

from rathaus.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
