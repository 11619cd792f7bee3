"""The project's own tests (tests/transports)."""
