"""DRF's browsable API under our Content Security Policy (`style-src 'self'`)."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import BrowsableAPIRenderer


class KatalogBrowsableAPIRenderer(BrowsableAPIRenderer):
    """Without the inline `<style>` of Pygments (only used to colour Markdown code)."""

    def get_context(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(*args, **kwargs)
        context["code_style"] = None
        return context
