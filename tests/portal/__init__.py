"""The project's own tests (tests/portal)."""
