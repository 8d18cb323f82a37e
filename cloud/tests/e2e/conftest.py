"""Fixtures of the end-to-end tests (helpers live in e2e_support)."""

from e2e_support import start_cloud

__all__ = ["start_cloud"]
