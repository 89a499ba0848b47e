"""Finding a cable's own bytes inside the file it came from (pure)."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

from services.api.slicing import cable_slice

ROW1 = (b'"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","","HDR",'
        b'"a \\"quoted\\"\nbody"\n')
ROW2 = b'"2","1/2/1967 10:00","67PARIS12","Embassy Paris","SECRET","66BUENOSAIRES2481","H","line one\nline two"\n'


def test_a_single_cable_file_is_served_whole() -> None:
    assert cable_slice(b"09ASTANA497\nSUBJECT\n", "09ASTANA497.txt", "09ASTANA497").data == b"09ASTANA497\nSUBJECT\n"


def test_csv_rows_are_found_by_reference_id_across_multiline_fields() -> None:
    data = ROW1 + ROW2
    assert cable_slice(data, "cables.csv", "67PARIS12").data == ROW2
    first = cable_slice(data, "cables.csv", "66BUENOSAIRES2481")
    assert (first.data, first.part) == (ROW1, "row")


def test_archive_members_and_nested_csv() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dir/a.txt", b"cable a")
        archive.writestr("cables.csv", ROW1 + ROW2)
    data = buffer.getvalue()
    assert cable_slice(data, "up.zip!dir/a.txt", "X").data == b"cable a"
    assert cable_slice(data, "up.zip!cables.csv", "67PARIS12").data == ROW2
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("b.txt")
        info.size = 7
        archive.addfile(info, io.BytesIO(b"cable b"))
    assert cable_slice(tar_buffer.getvalue(), "up.tar!b.txt", "X").part == "member:b.txt"
    assert cable_slice(gzip.compress(b"cable c"), "c.txt", "X").data == b"cable c"
