"""The section "Meine Anträge" of Mein Konto: the citizen's Anträge and saved drafts.

They are the antraege app's, and dependencies point from it to this app, so antraege
installs the section's HTML when it starts (``liste_setzen``) and the Konto page shows
:func:`liste`. Without one, the section stays empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Buerger
    from .niveau import Vertrauensniveau

# The citizen and the level of their current session: an Antrag submitted at a higher
# level is named in the list, its content is not (``lesezugang``).
Liste = Callable[["Buerger", "Vertrauensniveau | None"], str]


def _keine(buerger: Buerger, niveau: Vertrauensniveau | None) -> str:
    return ""


_aktiv: list[Liste] = [_keine]


def liste_setzen(neu: Liste) -> Liste:
    """Install the section's content (the antraege app's AppConfig.ready calls this);
    returns the one it replaces."""
    alt, _aktiv[0] = _aktiv[0], neu
    return alt


def liste(buerger: Buerger, niveau: Vertrauensniveau | None) -> str:
    return _aktiv[0](buerger, niveau)
