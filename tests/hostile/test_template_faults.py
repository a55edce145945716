"""A Word template that disappears or is corrupted while the service runs.

The behaviour (README, "Templates at run time"): a prepared template is keyed by its file's
path, modification time and size, so a file replaced on disk is prepared again on the next
render. A file that is missing or corrupt at that point is never papered over with the last good
one: every render answers 500 template-error (cause logged) and /readyz 503 until the file is
fixed, and the first request after that renders again, with no restart.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import word_templates
from service.http.problems import TYPE_PREFIX
from tests.hostile.payloads import dumps, example, paragraph_texts

RENDER = "/api/v1/reports"
TEMPLATE = "report-2021.docx"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A private copy of the template folder, for an app made with ``template_dir`` set to it."""
    folder = tmp_path / "templates"
    ignored = shutil.ignore_patterns("*.py", "__pycache__")
    shutil.copytree(word_templates.directory(), folder, ignore=ignored)
    return folder


def render(client: FlaskClient) -> tuple[int, str]:
    response = client.post(RENDER, data=dumps(example()), content_type="application/json")
    kind = response.get_json()["type"] if response.status_code != 200 else ""
    if response.status_code == 200:
        assert example()["organization"] in paragraph_texts(response.data)
    return response.status_code, kind


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def scramble_main_part(path: Path) -> None:
    """A zip that opens, whose document.xml is not XML."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = b"<w:document><unclosed>"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def remove(path: Path) -> None:
    path.unlink()


def unreadable(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    "damage", [remove, truncate, scramble_main_part, unreadable], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("when", ["before-preparation", "after-preparation"])
def test_damaged_template_fails_loudly_and_recovers_without_restart(
    templates: Path,
    make_client: Callable[..., FlaskClient],
    damage: Callable[[Path], None],
    when: str,
) -> None:
    path = templates / TEMPLATE
    good = path.read_bytes()
    if when == "before-preparation":
        damage(path)
        # Preparing at start-up fails: the app starts, not ready.
        client = make_client(template_dir=templates)
    else:
        client = make_client(template_dir=templates)
        assert render(client) == (200, "")
        damage(path)
        # A damaged copy may keep size and time: make the change visible as a real edit would.
        if path.exists():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    for _ in range(2):  # not once: the broken state is not cached as good
        assert render(client) == (500, TYPE_PREFIX + "template-error")
        assert client.get("/readyz").status_code == 503
    assert client.post(  # a request that needs no template is still served
        "/api/v1/reports/validate", data=dumps(example()), content_type="application/json"
    ).status_code == 200
    path.write_bytes(good)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 2 * 10**9))
    assert render(client) == (200, "")
    assert client.get("/readyz").status_code == 200
