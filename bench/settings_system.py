"""Settings of the whole-system benchmarks (`bench.dienste`): the product settings, its
logging included, plus the bare baseline view of bench.urls."""

from rathaus.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
