"""Public routes of the dashboard: pages and data anyone may see or embed, kept apart from the internal app.

Everything public lives on the ``public`` blueprint (``PUBLIC_BLUEPRINT``), so
a later roles or login layer can list it as the one part that stays open.
"""

from dashboard.routes.public.thermometer import PUBLIC_BLUEPRINT, register_public

__all__ = ["PUBLIC_BLUEPRINT", "register_public"]
