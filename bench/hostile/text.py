"""Hostile single files made from real cables: cut, damaged, re-encoded, padded, glued, or no cable at all."""

from __future__ import annotations

from random import Random

from bench.hostile.seeds import Seeds

Files = list[tuple[str, bytes]]
MB = 1024 * 1024
GLUED_BYTES = 4 * MB  # a glued file stops growing here: enough to be absurd, small enough to send
LINE_FILLS = (b"CONFIDENTIAL ", b"S E C R E T ", b"REF: ", b"X", b"\xc2\xb61. (C) ", b"TAGS: PGOV ")


def truncated(seeds: Seeds, r: Random) -> Files:
    """Real cables, pages and exports cut at a random byte (often inside a UTF-8 character or a tag)."""
    out = []
    for i in range(120):
        name, data = r.choice(seeds.all)
        out.append((f"trunc-{i:03d}-{name}", data[:r.randrange(1, len(data))]))
    return out


def byteflip(seeds: Seeds, r: Random) -> Files:
    """Real cables with 1 to 64 bytes replaced at random places."""
    out = []
    for i in range(120):
        name, data = r.choice(seeds.all)
        flipped = bytearray(data)
        for _ in range(r.randint(1, 64)):
            flipped[r.randrange(len(flipped))] ^= r.randrange(1, 256)
        out.append((f"flip-{i:03d}-{name}", bytes(flipped)))
    return out


def noise(seeds: Seeds, r: Random) -> Files:
    """Random bytes, from one byte to 1 MB."""
    sizes = (1, 2, 3, 17, 512, 4096, 65_536, 1_000_000)
    return [(f"noise-{i:02d}.bin", r.randbytes(sizes[i % len(sizes)] + r.randrange(8))) for i in range(60)]


def fake_magic(seeds: Seeds, r: Random) -> Files:
    """Noise behind what the formats look for first: zip, gzip and tar magic, a cable table, an id line."""
    heads = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b\x08\x00", b"\x1f\x8b", b"\0" * 257 + b"ustar\x0000",
             b"<table class='cable'><tr><td>09X1</td></tr></table><pre>", b"09ASTANA497\n",
             b"09ASTANA497\nSUBJ\nFri Mar 20 00:00:00 +0100 2009\n", b'"1","12/28/1966 18:48","66X1","',
             b"\xef\xbb\xbf\"1\",\"1/1/2001\",\"01X1\",\"")
    return [(f"magic-{i:02d}.bin", heads[i % len(heads)] + r.randbytes(r.choice((0, 10, 1000, 100_000))))
            for i in range(50)]


def _text(seeds: Seeds, r: Random) -> tuple[str, str]:
    name, data = r.choice([*seeds.texts, *seeds.pages])
    return name, data.decode("utf-8", errors="replace")


def utf16(seeds: Seeds, r: Random) -> Files:
    """Cables and pages in UTF-16 (both byte orders, with and without BOM) and UTF-32."""
    codecs = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be")
    out = []
    for i in range(40):
        name, text = _text(seeds, r)
        out.append((f"utf16-{i:02d}-{codecs[i % 5]}-{name}", text.encode(codecs[i % 5])))
    return out


def cp1252(seeds: Seeds, r: Random) -> Files:
    """Windows-1252: smart quotes, pilcrows, accents; some with the five bytes cp1252 leaves undefined."""
    out = []
    for i in range(40):
        name, text = _text(seeds, r)
        text = text.replace('"', "\u201c").replace("1.", "\u00b61.").replace("E", "\u00c9", r.randrange(50))
        data = text.encode("cp1252", errors="replace")
        if i % 3 == 0:  # 0x81 0x8D 0x8F 0x90 0x9D: no character in cp1252, so it does not decode at all
            at = r.randrange(len(data))
            data = data[:at] + bytes([r.choice((0x81, 0x8D, 0x8F, 0x90, 0x9D))]) + data[at:]
        out.append((f"cp1252-{i:02d}-{name}", data))
    return out


def bom(seeds: Seeds, r: Random) -> Files:
    """Byte-order marks: doubled, tripled, in the middle, of the wrong encoding, alone."""
    marks = (b"\xef\xbb\xbf", b"\xef\xbb\xbf" * 2, b"\xef\xbb\xbf" * 3, b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\0\0")
    out = []
    for i in range(40):
        name, data = r.choice(seeds.all)
        mark = marks[i % len(marks)]
        if i % 4 == 3:
            at = r.randrange(len(data))
            data = data[:at] + mark + data[at:]
        elif i % 10 == 9:
            data = b""
        out.append((f"bom-{i:02d}-{name}", mark + data))
    return out


def nul(seeds: Seeds, r: Random) -> Files:
    """NUL bytes: sprinkled, after every byte, ending every line, in the id line, or the whole file."""
    out = []
    for i in range(40):
        name, data = r.choice(seeds.all)
        shape = i % 5
        if shape == 0:
            for _ in range(r.randint(1, 50)):
                at = r.randrange(len(data))
                data = data[:at] + b"\0" + data[at:]
        elif shape == 1:
            wide = bytearray(2 * len(data))
            wide[::2] = data
            data = bytes(wide)
        elif shape == 2:
            data = data.replace(b"\n", b"\0\n")
        elif shape == 3:
            data = data[:2] + b"\0" + data[2:]
        else:
            data = b"\0" * r.choice((1, 1000, MB))
        out.append((f"nul-{i:02d}-{name}", data))
    return out


def long_line(seeds: Seeds, r: Random) -> Files:
    """A cable whose body is one line of 8 MB (and of 1 MB): marking words, keys, redactions, letters."""
    head = b"\n".join(seeds.texts[0][1].split(b"\n")[:5]) + b"\n"
    letters = bytes(r.choice(b"ABCDEFGHIJ KLMNOP.") for _ in range(MB))
    out = [("line-8mb-letters.txt", head + letters * 8), ("line-8mb-confidential.txt", head + _fill(LINE_FILLS[0], 8)),
           ("line-8mb-noheader.txt", b"09ASTANA497 " + _fill(b"X", 8))]
    out += [(f"line-1mb-{i}.txt", head + _fill(fill, 1)) for i, fill in enumerate(LINE_FILLS)]
    return out


def _fill(unit: bytes, megabytes: int) -> bytes:
    return (unit * (megabytes * MB // len(unit) + 1))[:megabytes * MB]


def glued(seeds: Seeds, r: Random) -> Files:
    """One cable glued to itself 2 to 5,000 times (text, page, export rows), with and without a separator."""
    out = []
    for i in range(40):
        name, data = r.choice(seeds.all)
        times = min(r.choice((2, 3, 10, 100, 1000, 5000)), GLUED_BYTES // len(data))
        sep = r.choice((b"", b"\n", b"\n\n\f\n"))
        out.append((f"glued-{i:02d}-x{times}-{name}", sep.join([data] * times)))
    return out


def empty(seeds: Seeds, r: Random) -> Files:
    """Nothing at all: refused by the upload service before it is stored."""
    return [("empty.txt", b""), ("empty.zip", b""), ("empty", b"")]


def whitespace(seeds: Seeds, r: Random) -> Files:
    """Only whitespace: spaces, tabs, CR/LF, form feeds, NBSP, ideographic space, line separators."""
    units = (b" ", b"\t", b"\n", b"\r\n", b"\f\v", b"\xc2\xa0", b"\xe3\x80\x80", b"\xe2\x80\xa8", b" \t\r\n")
    return [(f"blank-{i:02d}.txt", units[i % len(units)] * r.choice((1, 7, 4096, 300_000))) for i in range(20)]


def mixed_encoding(seeds: Seeds, r: Random) -> Files:
    """One file in several encodings at once: UTF-8 then cp1252, a UTF-16 stretch, a Latin-1 id line."""
    out = []
    for i in range(30):
        name, text = _text(seeds, r)
        cut = r.randrange(1, len(text))
        first = text[:cut].encode("utf-8")
        rest = text[cut:].replace("a", "\u00e4").replace("'", "\u2019")
        codec = ("cp1252", "utf-16-le", "latin-1", "utf-32")[i % 4]
        out.append((f"mixed-{i:02d}-{codec}-{name}", first + rest.encode(codec, errors="replace")))
    return out


def odd_names(seeds: Seeds, r: Random) -> Files:
    """Real cables uploaded under hostile file names: traversal, absolute, 4,000 characters, control
    characters, quotes, right-to-left marks, reserved device names, a misleading extension, no name."""
    names = ("../../../etc/passwd", "/etc/shadow", "a" * 4000 + ".txt", "nul\x00byte.txt", "new\nline.txt",
             'quote"d.txt', "semi;colon=1.txt", "\u202etxt.exe", "CON", "..", ".", " ", "x.zip", "x.tar.gz",
             "\u0000", "%2e%2e%2fx", "emoji-\U0001F4A3.txt", "back\\slash.txt", "tab\tname.txt", "")
    out = []
    for i, name in enumerate(names + names[:10]):
        data = r.choice(seeds.texts)[1]
        out.append((name, data + f"\n{i}\n".encode()))  # distinct bytes: each is its own stored file
    return out


def too_large(seeds: Seeds, r: Random) -> Files:
    """One byte more than the upload service takes per file (the run sets CABLESTREAM_MAX_FILE_BYTES)."""
    from bench.hostile import MAX_FILE_BYTES

    return [("too-large.txt", seeds.texts[0][1] + b" " * (MAX_FILE_BYTES + 1 - len(seeds.texts[0][1])))]
