"""German full-text search over the Dokumente of the E-Akte.

SQLite: FTS5 table of Snowball-stemmed words; PostgreSQL: the `german` configuration
on a generated tsvector column with a GIN index (migration 0002). The public reading
interface is `selectors.dokumente_search`; writes call `suchindex_update`.
"""

from .engine import Treffer, treffer_ids
from .index import suchindex_update

__all__ = ["Treffer", "suchindex_update", "treffer_ids"]
