"""An app ready for review, shared by the portal's review tests and the review flow over HTTP:
complete App details, a web platform, example.com verified, every product and scope explained."""

from __future__ import annotations

from collections.abc import Mapping

from pytest_tiktok_sandbox import App, AppVersion, Sandbox

DETAILS = {
    "icon": "icon.png",
    "category": "Entertainment",
    "description": "Shares your best clips.",
    "terms_of_service_url": "https://example.com/terms",
    "privacy_policy_url": "https://example.com/privacy",
}
WEBSITE = "https://example.com"


def describe(sandbox: Sandbox) -> None:
    """Stage complete App details and a web platform on ``sandbox``."""
    sandbox.update_details(**DETAILS)
    sandbox.add_platform("web", website_url=WEBSITE)


def import_ready(app: App, sandbox: Sandbox, explanations: Mapping[str, str]) -> AppVersion:
    """Apply ``sandbox``'s staged changes, verify example.com, import the sandbox into the
    Draft and explain ``explanations``: the Draft, ready to submit."""
    sandbox.apply_changes()
    app.verify_url_property("example.com")
    app.import_sandbox(sandbox)
    return app.set_product_explanations(explanations)
