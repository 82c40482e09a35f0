"""Refuse malformed callback requests with 400 before Dash parses them.

Dash answers a POST to `/_dash-update-component` whose body is not the shape dash-renderer
sends with a 500 and a traceback in the log: a list for a body, `output` not a string, an
output the app has no server callback for, too few, too many or other `inputs`/`state` than
the callback declares, `outputs` missing or not naming the callback's outputs, a list inside
`changedPropIds`, JSON nested too deep for Python's parser. Such requests come from scripts or
hostile clients, never from the page, so a clear 400 is the honest answer. A request whose
every dependency is the one the callback declares passes untouched (its VALUES may be
anything: the callbacks handle wrong values, see panels.py).

A body over the request limit gets 413 with a JSON reason (the page itself refuses a file over
the upload limit before sending it: assets/upload_limit.js).
"""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

# dash-renderer's bodies nest about 6 levels (a map click's points); 32 leaves room and keeps
# every later step (Dash, the callbacks, the JSON encoder) far from Python's recursion limit.
MAX_DEPTH = 32


def _depth_problem(body: object) -> str | None:
    stack = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"JSON nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None


def _same_dependency(item: object, declared: dict) -> bool:
    if isinstance(declared["id"], dict):  # a pattern-matching dependency: a list of items
        group = item if isinstance(item, list) else [item]
        return all(
            isinstance(i, dict)
            and isinstance(i.get("id"), dict)
            and i.get("property") == declared["property"]
            for i in group
        )
    return (
        isinstance(item, dict)
        and item.get("id") == declared["id"]
        and item.get("property") == declared["property"]
    )


def _dependencies_problem(body: dict, key: str, declared: list[dict]) -> str | None:
    items = body.get(key, [])
    if key == "inputs" and "inputs" not in body:
        return "inputs is missing"
    if not isinstance(items, list):
        return f"{key} is not a list"
    if len(items) != len(declared):
        return f"{key} has {len(items)} item(s); the callback takes {len(declared)}"
    for item, dep in zip(items, declared, strict=True):
        if not _same_dependency(item, dep):
            return f"{key} does not match the callback's {dep['id']}.{dep['property']}"
    return None


def _outputs_problem(body: dict, output: str) -> str | None:
    outputs = body.get("outputs")
    multi = output.startswith("..") and output.endswith("..")
    items = outputs if multi else [outputs]
    if outputs is None:
        return "outputs is missing"
    if multi and not isinstance(outputs, list):
        return "outputs is not a list"
    for item in items:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("id"), str)
            and isinstance(item.get("property"), str)
        ):
            return "outputs holds an item without a string id and property"
    named = "...".join(f"{i['id']}.{i['property']}" for i in items)
    if (f"..{named}.." if multi else named) != output:
        return "outputs does not name the callback's outputs"
    return None


def _shape_problem(body: object, callback_map) -> str | None:
    if not isinstance(body, dict):
        return "body is not a JSON object"
    depth = _depth_problem(body)
    if depth:
        return depth
    output = body.get("output")
    if not isinstance(output, str):
        return "output is not a string"
    spec = callback_map.get(output)
    if spec is None or "callback" not in spec:  # clientside callbacks have no server side
        return "no callback has this output"
    problem = _outputs_problem(body, output)
    for key in ("inputs", "state"):
        problem = problem or _dependencies_problem(body, key, spec.get(key, []))
    if problem:
        return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of strings"
    return None


def register_callback_guard(app) -> None:
    """Answer 400 (JSON) to callback requests that are not shaped like dash-renderer's."""
    path = app.config.requests_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def _guard_callback_request():
        if request.method != "POST" or request.path != path:
            return None
        limit = app.server.config.get("MAX_CONTENT_LENGTH")

        def too_large():
            return jsonify(error=f"request body larger than the {limit}-byte limit"), 413

        if limit and (request.content_length or 0) > limit:
            return too_large()
        try:
            body = request.get_json(silent=True)
        except RequestEntityTooLarge:  # a body without Content-Length that runs over
            return too_large()
        except RecursionError:
            body, problem = None, "JSON nested too deeply to read"
        else:
            problem = _shape_problem(body, app.callback_map)
        if problem:
            return jsonify(error=f"bad callback request: {problem}"), 400
        return None
