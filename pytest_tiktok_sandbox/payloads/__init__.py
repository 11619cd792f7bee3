"""Pydantic models of TikTok's API payloads: what requests carry and answers hold.

Use them to parse the fake's answers (and TikTok's) in your tests; the fake validates the
bodies it receives with the same models. One module per product: ``oauth`` (Login Kit),
``display``, ``posting``, ``embed`` (oEmbed) and ``webhooks``; ``common`` holds the v2
``Envelope``.
"""
