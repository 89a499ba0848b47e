"""The OpenSearch client's orjson serializer writes and reads what the standard one does (pure)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from opensearchpy.exceptions import SerializationError
from opensearchpy.serializer import JSONSerializer

from cablestream.search.serializer import OrjsonSerializer


def test_same_documents_as_the_standard_serializer() -> None:
    doc = {"reference_id": "09ASTANA497", "subject": "Ä — ¶1. “quoted”", "score": 1.5, "n": 3, "none": None,
           "created": datetime(2009, 3, 20, 2, 26), "day": date(2009, 3, 20), "id": uuid.UUID(int=7),
           "price": Decimal("1.25"), "tags": ["KZ", "RS"], "nested": {"a": [1, {"b": True}]}}
    ours, theirs = OrjsonSerializer(), JSONSerializer()
    written = ours.dumps(doc)
    assert isinstance(written, str)
    assert json.loads(written) == json.loads(theirs.dumps(doc))
    assert ours.loads(written) == theirs.loads(written)
    assert ours.dumps("already serialised") == "already serialised"


def test_errors_are_the_clients_serialization_errors() -> None:
    with pytest.raises(SerializationError):
        OrjsonSerializer().loads("{not json")
    with pytest.raises(SerializationError):
        OrjsonSerializer().dumps({"x": object()})
