"""Pages a person uses in a browser, served by the live server: the developer portal's UI
(``portal_ui.py``, at ``/portal/``). Server-rendered HTML from Jinja2 templates
(``templates/``) with one small stylesheet (``static/``): no JavaScript, no network assets."""
