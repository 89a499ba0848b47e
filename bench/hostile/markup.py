"""Hostile exports and pages: broken CSV quoting, a 10 MB field, ids that cannot key a record, broken and
deeply nested HTML."""

from __future__ import annotations

from random import Random

from bench.hostile.seeds import Seeds

Files = list[tuple[str, bytes]]
MB = 1024 * 1024
ROW = '"{n}","1/2/2005 10:00","{id}","ASTANA","UNCLASSIFIED","{refs}","{header}","{body}"\n'
BAD_IDS = ("..", ".", "09A/../B1", "09A//B1", "A" * 1100, "09ASTANA\x00497", "09\u00c4STANA497", "../../etc/passwd",
           "   ", "09ASTANA497\r", "\u202e09ASTANA497", "<script>", "09ASTANA497;DROP", "null", "%2e%2e")


def _csv(seeds: Seeds, r: Random) -> str:
    return r.choice(seeds.csvs)[1].decode("utf-8")


def csv_quoting(seeds: Seeds, r: Random) -> Files:
    """cables.csv exports with their quoting broken: a quote dropped or added, a backslash at the end,
    doubled quotes, 7 or 9 columns, a newline outside quotes, valid rows then garbage."""
    out = []
    for i in range(60):
        text = _csv(seeds, r)
        quotes = [k for k, c in enumerate(text) if c == '"']
        at = r.choice(quotes)
        shape = i % 8
        if shape == 0:
            text = text[:at] + text[at + 1:]
        elif shape == 1:
            text = text[:at] + '"' + text[at:]
        elif shape == 2:
            text = text.rstrip("\n") + "\\"
        elif shape == 3:
            text = text.replace('\\"', '""')
        elif shape == 4:
            text = text.replace('","', '",', 1)
        elif shape == 5:
            text = text.replace('","', '","","', 1)
        elif shape == 6:
            text = text[:at] + "\n" + text[at:]
        else:
            text = text + '"' * r.randrange(1, 100) + r.randbytes(100).decode("latin-1")
        out.append((f"csvquote-{i:02d}.csv", text.encode("utf-8")))
    return out


def csv_bigfield(seeds: Seeds, r: Random) -> Files:
    """A cables.csv row with one field of 10 MB: the body, the references, the header."""
    big = "".join(r.choice("ABCDEFGH IJKLMNOP.\n") for _ in range(MB)) * 10
    fields = {"body": dict(refs="", header="h", body=big),
              "refs": dict(refs=big.replace("\n", "|"), header="h", body="b"),
              "header": dict(refs="", header=big, body="b")}
    return [(f"csvbig-{where}.csv", (_csv(seeds, r) + ROW.format(n=9, id=f"05BIG{k}", **f)).encode())
            for k, (where, f) in enumerate(fields.items())]


def hostile_ids(seeds: Seeds, r: Random) -> Files:
    """Exports and pages whose reference id is no id: ``..``, a path, 1,100 characters, a NUL, markup."""
    out = []
    for i, bad in enumerate(BAD_IDS * 2):
        if i < len(BAD_IDS):
            row = ROW.format(n=9, id=bad, refs="", header="header", body="1. (U) body")
            out.append((f"badid-{i:02d}.csv", (_csv(seeds, r) + row).encode("utf-8")))
            continue
        name, page = r.choice(seeds.pages)
        text = page.decode("utf-8")
        start = text.find("<td>", text.find("class='cable'")) + len("<td>")
        end = text.find("</td>", start)
        out.append((f"badid-{i:02d}-{name}", (text[:start] + bad.replace("<", "&lt;") + text[end:]).encode()))
    return out


def html_broken(seeds: Seeds, r: Random) -> Files:
    """Real pages with their markup broken: cut tags, an unclosed script or comment in the body, absurd
    entities, no metadata cells, a second cable table, a 1 MB attribute, tag soup spliced in."""
    soup = ("<", "</", "<td", "<pre>", "</pre>", "<script>", "<!--", "&#xFFFFFFFF;", "&#0;", "&",
            "<table class='cable'>", "<a href='", "]]>", "<![CDATA[", "<?xml?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>")
    out = []
    for i in range(60):
        name, page = r.choice(seeds.pages)
        text = page.decode("utf-8")
        shape = i % 6
        if shape == 0:
            text = text.replace("</pre>", "", r.randrange(1, 3))
        elif shape == 1:
            text = text.replace("<pre>", "<pre><script>", 1)
        elif shape == 2:
            text = text.replace("<td>", "<td><!--", 1)
        elif shape == 3:
            text = text.replace("<td>", "", 5)
        elif shape == 4:
            text = text.replace("<table", f"<table data-x='{'A' * MB}'", 1)
        else:
            for _ in range(r.randint(1, 100)):
                at = r.randrange(len(text))
                text = text[:at] + r.choice(soup) + text[at:]
        out.append((f"htmlbroken-{i:02d}-{name}", text.encode("utf-8")))
    return out


def html_nested(seeds: Seeds, r: Random) -> Files:
    """Real pages with thousands of unclosed elements spliced into the cable text or before the table."""
    tags = ("<div>", "<pre>", "<ul><li>", "<span><div>", "<b><div>", "<blockquote>", "<table><tr><td><div>")
    out = []
    for i in range(20):
        name, page = r.choice(seeds.pages)
        depth = (300, 5_000, 100_000, 400_000)[i % 4]
        at = page.rfind(b"</pre>") if i % 2 else page.find(b"<table")
        out.append((f"nested-{i:02d}-{depth}-{name}", page[:at] + tags[i % len(tags)].encode() * depth + page[at:]))
    return out
