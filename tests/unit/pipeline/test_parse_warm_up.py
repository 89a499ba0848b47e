"""The parse workers load the parser's data in their main process, before the pool forks."""

from cablestream.parsing.archive import archive
from cablestream.parsing.signers import known_signers
from cablestream.parsing.tags import known_codes
from cablestream.pipeline.stages.parse import warm_up


def test_warm_up_loads_the_parsers_data_once() -> None:
    warm_up()
    loaded = [f.cache_info().currsize for f in (archive, known_signers, known_codes)]
    assert loaded == [1, 1, 1]
    hits = archive.cache_info().hits
    warm_up()  # a second call reads the cache
    assert archive.cache_info().hits == hits + 1
