"""The path of a request as the logs may show it: without the secrets some URLs carry.

A resume link of a saved draft holds its token in the path (``/antrag/fortsetzen/<token>/``);
whoever reads the log must not be able to open the draft with it. By convention a URL
parameter named in :data:`GEHEIM` is a secret: its value is replaced wherever the route is
mounted (with or without a language prefix). A path that matches no route (a link cut off
by a mail program, a missing slash) has no parameters to go by; there every segment long
enough to be a token is replaced.
"""

from __future__ import annotations

from django.http import HttpRequest

# Names of URL parameters whose values never go into a log.
GEHEIM = frozenset({"token"})
ERSATZ = "[entfernt]"
# Unrouted paths: a segment this long is more likely a token than anything readable.
LANG = 32


def pfad_fuer_log(request: HttpRequest) -> str:
    """``request.path`` with the values of secret URL parameters replaced by ``[entfernt]``."""
    teile = request.path.split("/")
    treffer = getattr(request, "resolver_match", None)
    if treffer is None:
        return "/".join(ERSATZ if len(teil) >= LANG else teil for teil in teile)
    # a <str:…> parameter is one whole segment (it holds no slash)
    geheim = {w for n, w in treffer.kwargs.items() if n in GEHEIM and isinstance(w, str) and w}
    return "/".join(ERSATZ if teil in geheim else teil for teil in teile)
