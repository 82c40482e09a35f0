"""The web layer: the Dash page and its HTTP routes. Everything that imports Dash lives here;
the layers below (views, figures, export, data, schema) never import it.

    layout.py      the component tree from data + settings; ids.py every component id once
    callbacks.py   register_callbacks(app, store): thin wiring, app.callback only
    panels.py      what each callback returns (figures via dashboard/views, HTML tables)
    downloads.py   /download/ routes (through dashboard/export.make) and the page's links
    language.py    language choice (URL, cookie, Accept-Language) and the picker
    upload_ui.py   "Your own data": the upload box (validation in dashboard/data/upload.py)
    guards.py      malformed callback requests -> 400, never a 500
    security.py    security headers and the Content-Security-Policy
    plotly_js.py   the partial plotly.js bundle at Dash's plotly.js URL
    preload.py     <link rel=preload> for the first view's assets
"""
