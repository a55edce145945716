"""What a converter pool is made of (``Settings.pdf_options``), handed to the broker process."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from service.pdf.convert.converter import Address
from service.pdf.convert.pool import ConverterPool


@dataclass(frozen=True, slots=True)
class PoolOptions:
    """The GOV_REPORT_PDF_* settings of a pool."""

    pool_size: int
    converters: tuple[str, ...]
    timeout: float
    queue: int
    restart_after: int
    port_base: int
    python: str

    @property
    def enabled(self) -> bool:
        """Whether there is any converter at all."""
        return bool(self.converters) or self.pool_size > 0

    def to_json(self) -> str:
        """These options as one JSON argument."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PoolOptions:
        """Options written by to_json; raises ValueError or TypeError."""
        values = json.loads(text)
        values["converters"] = tuple(values["converters"])
        return cls(**values)

    def pool(self, directory: Path) -> ConverterPool:
        """The pool these options describe: remote converters when any are named, else local
        ones with their profiles under `directory`."""
        common = {"timeout": self.timeout, "queue": self.queue,
                  "restart_after": self.restart_after}
        if self.converters:
            return ConverterPool.remote([Address.parse(a) for a in self.converters], **common)
        return ConverterPool.local(self.pool_size, directory, self.port_base, self.python,
                                   **common)
