"""``gov-report converter``: one unoserver for services on other machines; restarted after N
conversions (and after a crash), stopped with nothing left by SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from service import documents
from service.catalog import example
from service.pdf.convert.converter import Address
from tests.pdf_support import kill_quietly, pdf_text, processes_mentioning, wait_until

SCRIPT = Path(sys.executable).parent / "gov-report"
ADDRESS = Address("127.0.0.1", 18158)


def test_a_standalone_converter_restarts_itself_and_stops_cleanly(tmp_path: Path) -> None:
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith("GOV_REPORT_")}
    environ |= {"TMPDIR": str(tmp_path), "GOV_REPORT_PDF_RESTART_AFTER": "1"}
    command = [str(SCRIPT), "converter", "--host", ADDRESS.host, "--port", str(ADDRESS.port)]
    converter = subprocess.Popen(command, env=environ, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: ADDRESS.ping(0.5), 90)
        report = documents.validate(example("2021")).report
        assert report is not None
        docx = documents.render(report)
        first = [pid for pid, _, line in processes_mentioning(str(tmp_path)) if "soffice" in line]
        assert "嘉兴市秀洲区人民政府办公室" in pdf_text(ADDRESS.convert(docx, False, 30))
        # After its one conversion it exits and is started again, with a new LibreOffice.
        assert wait_until(lambda: not ADDRESS.ping(0.5), 30)
        assert wait_until(lambda: ADDRESS.ping(0.5), 90)
        again = [pid for pid, _, line in processes_mentioning(str(tmp_path)) if "soffice" in line]
        assert again and not set(again) & set(first)
        assert ADDRESS.convert(docx, True, 30).startswith(b"%PDF")
        converter.send_signal(signal.SIGTERM)
        assert converter.wait(30) == 0
        assert processes_mentioning(str(tmp_path)) == []
        assert list(tmp_path.iterdir()) == []
    finally:
        if converter.poll() is None:
            converter.kill()
            converter.wait()
        for pid, _, _ in processes_mentioning(str(tmp_path)):
            kill_quietly(pid, signal.SIGKILL)
