"""The report editor at /editor: the whole report as one form in the official table layout.

``views`` holds the routes, ``actions`` what the buttons do, ``page`` the page itself (the
official grids, problems on their fields), ``form`` what a post holds and the report JSON it
makes. The form works without JavaScript; ``static/editor.js`` only makes it live.
"""

from service.http.web.editor import views  # noqa: F401  (the editor's routes join the blueprint)
