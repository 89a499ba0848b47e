"""Running a stage in a test the way its worker does: through the lifecycle, with the hand-off kept
in a list instead of sent to the broker (so a test's queues stay empty)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.lifecycle import Lifecycle, Stage
from cablestream.pipeline.messages import Message
from cablestream.pipeline.stages.extract import extract_records
from cablestream.pipeline.stages.index import drain_pending, index_named
from cablestream.pipeline.stages.parse import parse_file, parse_files

HANDLERS: dict[str, tuple[str, Stage]] = {
    "cablestream.parse.file": ("parse", parse_file),
    "cablestream.parse.files": ("parse", parse_files),
    "cablestream.index.records": ("index", index_named),
    "cablestream.index.pending": ("index", drain_pending),
    "cablestream.extract.records": ("extract", extract_records),
}


@dataclass
class Ran:
    passed: list[str]
    sent: list[Message] = field(default_factory=list)


def run_stage(w: Wiring, message: Message) -> Ran:
    stage, handler = HANDLERS[message.TASK]
    sent: list[Message] = []
    passed = Lifecycle(w, stage, sent.append).execute(handler, message)
    return Ran(passed, sent)
