"""An example Flask app that signs in with TikTok and posts videos, and its tests."""
