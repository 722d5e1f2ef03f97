"""Deploy check of the staff accounts (`rathaus check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def demo_accounts(**kwargs: Any) -> list[CheckMessage]:
    """Demo staff with the public TOTP key or the demo password is an open door.

    Reads the default database (a deploy check runs after `migrate`); one that cannot be
    reached is reported as not checked rather than passed."""
    from .demo import demo_accounts_open

    try:
        offen = demo_accounts_open()
    except DatabaseError as fehler:
        return [
            CheckWarning(
                f"Demo accounts not checked: the database cannot be read ({fehler}).",
                id="rathaus.W002",
            )
        ]
    if not offen:
        return []
    return [
        Error(
            "Accounts anyone can log in to with the public demo password or TOTP key "
            f"(rathaus load_demo_personal): {', '.join(offen)}.",
            hint="Delete these accounts, or give each a new password and a new second "
            "factor of its own.",
            id="rathaus.E003",
        )
    ]
