"""The package as a user installs it: a wheel holds every data file, and renders outside the
checkout (templates, examples and tables found through importlib.resources, not the repo)."""

from __future__ import annotations

import io
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import REPO

PACKAGES = ("schemas", "service", "word_templates")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_tracked_data_file(wheel: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()
    data = {name for name in tracked if not name.endswith(".py")}
    with zipfile.ZipFile(wheel) as archive:
        assert data <= set(archive.namelist()), data - set(archive.namelist())


def test_an_installed_wheel_renders_the_seed_example_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    # A fresh environment with the wheel alone; its dependencies come from this one's
    # site-packages, added as a plain path, so this checkout's editable install is not seen.
    fresh = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile",
         "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    seed = work / "seed.json"
    seed.write_bytes((REPO / "service/examples/2019.json").read_bytes())
    result = subprocess.run(
        [str(python), "-c",
         "import service, sys; print(service.__file__);"
         "from service.cli import main; sys.exit(main(sys.argv[1:]))",
         "render", "seed.json", "-o", "seed.docx"],
        cwd=work, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site)), "imported from the checkout"
    document = docx.Document(io.BytesIO((work / "seed.docx").read_bytes()))
    assert "秀洲区退役军人事务局" in document.paragraphs[0].text + document.paragraphs[1].text
    assert len(document.tables) == 3
