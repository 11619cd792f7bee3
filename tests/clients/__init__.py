"""The project's own tests (tests/clients)."""
