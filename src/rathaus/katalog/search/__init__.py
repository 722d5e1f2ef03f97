"""Full-text search over the service catalogue.

Public interface (the rest of the package is private):

    leistung_search(query=..., themenfeld_id=..., limit=..., offset=...) -> Suchergebnis
    suchindex_update(leistung_ids=None)        # rebuild index rows (None: everything)

SQLite uses FTS5 tables (a stemmed word index and a trigram index for parts of compound
words); PostgreSQL uses the `german` text search configuration and pg_trgm. Both only find
candidates; query parsing (synonym table, weak verbs, typo correction against the index
vocabulary) and the ranking (ranking.py) are shared Python.
"""

from .engine import SuchanfrageUngueltig, Suchergebnis, leistung_search
from .index import suchindex_update

__all__ = ["SuchanfrageUngueltig", "Suchergebnis", "leistung_search", "suchindex_update"]
