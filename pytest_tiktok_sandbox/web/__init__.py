"""Pages a person uses in a browser, served by the live server: TikTok's authorize page
(``authorize_page.py``) and the developer portal's UI at ``/portal/`` (``portal_ui.py`` routes
to ``portal_pages.py`` and ``portal_forms.py`` behind ``portal_security.py``). Server-rendered
HTML from Jinja2 templates (``templates/``) with one small stylesheet (``static/``): no
JavaScript, no network assets."""
