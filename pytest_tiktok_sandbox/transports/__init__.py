"""Transports: how a client library's HTTP call reaches the fake API."""
