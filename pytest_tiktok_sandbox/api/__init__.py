"""The fake HTTP API: TikTok's endpoints answered from the portal model (no pytest here)."""
