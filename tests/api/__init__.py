"""The project's own tests (tests/api)."""
