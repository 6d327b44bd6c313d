"""Builders of the hostile inputs of issues #18 and #20, shared by tests/test_hostile.py,
tests/test_fuzz.py and benchmarks/fuzz_campaign.py (so the same shapes are tested in CI
and measured in the long campaign). Each returns the input's text or bytes.
"""

from __future__ import annotations

import json
import zlib


def bibtex_billion_laughs(levels: int = 40) -> str:
    """``@string{s1 = s0 # s0}`` ... doubled ``levels`` times, then an entry that uses the last."""
    lines = ['@string{s0 = "ab"}'] + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines + [f"@article{{x, title = s{levels}, author = {{A B}}, year = 2000}}"]) + "\n"


def bibtex_wide_strings(entries: int = 3000, width: int = 20_000) -> str:
    """One wide @string used by many entries that look alike."""
    head = f'@string{{w = "{"x" * width}"}}\n'
    return head + "\n".join(f"@article{{e{i}, title = w # {{ {i}}}, author = {{A B}}, year = 2000}}" for i in range(entries)) + "\n"


def yaml_wide_aliases(count: int = 1000, width: int = 130_000) -> str:
    """One wide anchored title, used again by ``count - 1`` aliases."""
    first = f"- id: a0\n  type: book\n  title: &t '{'x' * width}'\n"
    return first + "".join(f"- id: a{i}\n  type: book\n  title: *t\n" for i in range(1, count))


def shared_title_inputs(per_input: int = 500, width: int = 20_000) -> tuple[str, str]:
    """Two CSL-JSON inputs whose records all share one ``width``-character title; record
    ``i`` of each input has the same first author and year (so pairs are one paper)."""
    title = ("Graph " * (width // 6 + 1))[:width]

    def items(offset: int) -> str:
        return json.dumps([{"id": f"x{offset}-{i}", "type": "article-journal", "title": title,
                            "author": [{"family": f"Author{i}", "given": "A"}], "issued": {"date-parts": [[2000 + i % 20]]}}
                           for i in range(per_input)])

    return items(0), items(1)


def csl_style(macros: str, called: str) -> str:
    """A CSL style whose layout calls macro ``called``; the macros start on line 4."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation><layout><text macro="{called}"/></layout></citation>
  <bibliography><layout><text macro="{called}"/></layout></bibliography>
</style>
"""


def deep_fan_style(depth: int) -> str:
    """Macros m0..m{depth}, each calling the next one twice: 2**depth titles per entry."""
    macros = "".join(f'<macro name="m{i}"><group><text macro="m{i + 1}"/><text macro="m{i + 1}"/></group></macro>'
                     for i in range(depth)) + f'<macro name="m{depth}"><text variable="title"/></macro>'
    return csl_style(macros, "m0")


def pdf_with_streams(streams: list[bytes]) -> bytes:
    """A one-page PDF whose content is the Flate-compressed ``streams`` (objects 5, 6, ...),
    with a correct cross-reference table."""
    contents = " ".join(f"{5 + i} 0 R" for i in range(len(streams)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents [" + contents.encode() + b"] >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream" for data in streams]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(inflated: int = 1024**3) -> bytes:
    """A PDF whose one content stream inflates to ``inflated`` bytes (1 GiB: about 1 MB)."""
    engine = zlib.compressobj(9)
    unit = b"BT /F1 11 Tf 1 0 0 1 50 700 Tm (bomb) Tj ET\n" * 1000
    parts = [engine.compress(unit) for _ in range(inflated // len(unit))]
    return pdf_with_streams([b"".join(parts) + engine.flush()])
