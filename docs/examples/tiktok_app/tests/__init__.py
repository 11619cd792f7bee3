"""The example app's tests: only the plugin's public fixtures, markers and options."""
