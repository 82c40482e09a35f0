"""Refuse malformed callback requests with 400 before Dash parses them.

Dash answers a POST to `/_dash-update-component` whose body is not the shape dash-renderer
sends (a list, `output` not a string, an output the app has no callback for) with a 500 and a
traceback in the log. Such requests come from scripts or hostile clients, never from the page,
so a clear 400 is the honest answer. Requests of the right shape pass untouched; the
callbacks themselves handle wrong values (see panels.py).
"""

from __future__ import annotations

from flask import jsonify, request


def _shape_problem(body: object, known_outputs) -> str | None:
    if not isinstance(body, dict):
        return "body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "output is not a string"
    if output not in known_outputs:
        return "no callback has this output"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list):
            return f"{key} is not a list"
        for item in items:
            # Pattern-matching callbacks send lists of items for one dependency.
            group = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and "property" in i for i in group):
                return f"{key} holds an item without a property"
    if not isinstance(body.get("changedPropIds", []), list):
        return "changedPropIds is not a list"
    return None


def register_callback_guard(app) -> None:
    """Answer 400 (JSON) to callback requests that are not shaped like dash-renderer's."""
    path = app.config.requests_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def _guard_callback_request():
        if request.method != "POST" or request.path != path:
            return None
        body = request.get_json(silent=True)
        problem = _shape_problem(body, app.callback_map)
        if problem:
            return jsonify(error=f"bad callback request: {problem}"), 400
        return None
