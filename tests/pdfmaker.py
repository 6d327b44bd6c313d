"""Small PDFs built byte by byte, for tests of the PDF reader (no PDF library needed)."""

from __future__ import annotations


def make_pdf(lines: list[str], encrypt: bool = False) -> bytes:
    """A minimal one-page PDF with ``lines`` as Helvetica text (no lines: no text layer).

    ``encrypt`` adds a standard security handler whose owner and user entries match no
    password, as in a PDF that asks for one before it can be opened.
    """
    content = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
    ) + " ET" if lines else "0 0 m 100 100 l S"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    if encrypt:
        objects.append("<< /Filter /Standard /V 1 /R 2 /O <" + "ab" * 32 + "> /U <" + "cd" * 32 + "> /P -44 >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    extra = f" /Encrypt {len(objects)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]" if encrypt else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{extra} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# --------------------------------------------------------------------------------------
# Laid-out pages: text runs at positions, in several fonts, with links, rules, several
# pages. Coordinates are points from the top-left corner of an A4-like page.

#: Resource name -> base font of the standard Type 1 fonts (no embedding needed).
STANDARD_FONTS = {
    "R": "Times-Roman", "I": "Times-Italic", "B": "Times-Bold", "BI": "Times-BoldItalic",
    "H": "Helvetica", "HB": "Helvetica-Bold", "C": "Courier", "S": "Symbol",
}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsi (Latin-1 plus the typographic characters)."""
    special = {"–": "\\226", "—": "\\227", "•": "\\225", "“": "\\223", "”": "\\224", "’": "\\222", "■": "\\267"}
    out = []
    for char in _escape(text):
        if char in special:
            out.append(special[char])
        elif ord(char) < 128:
            out.append(char)
        else:
            out.append(f"\\{ord(char):03o}")
    return "(" + "".join(out) + ")"


class Page:
    """One page: call :meth:`text` for each run of text on a baseline."""

    def __init__(self, width: float = 595.0, height: float = 842.0, rotate: int = 0) -> None:
        self.width, self.height, self.rotate = width, height, rotate
        self.ops: list[str] = []
        self.links: list[tuple[float, float, float, float, str]] = []
        self.type3: bool = False

    def text(self, x: float, y: float, runs, tex: bool = False, space: int = 333) -> "Page":
        """Runs on one baseline starting at (x, y from the top).

        ``runs`` is a string (Times-Roman 10 pt) or a list of (font, size, text) or
        (font, size, text, rise). ``tex=True`` sets word spaces as TJ kerns, the way
        pdfTeX does, instead of space characters, each ``space`` thousandths of an em wide
        (a justified line stretches them).
        """
        if isinstance(runs, str):
            runs = [("R", 10, runs)]
        ops = [f"BT 1 0 0 1 {x:.2f} {self.height - y:.2f} Tm"]
        for run in runs:
            font, size, text = run[:3]
            rise = run[3] if len(run) > 3 else 0
            if font == "T3":
                self.type3 = True
            ops.append(f"/{font} {size} Tf {rise} Ts")
            if font == "T3":  # letters as codes 1-26, which the font names /g1 and maps to nothing
                ops.append("(" + "".join(f"\\{ord(c) - 64:03o}" if "A" <= c <= "Z" else " " for c in text) + ") Tj")
            elif tex:
                parts = text.split(" ")
                kern = -space
                ops.append("[" + f" {kern} ".join(_pdf_string(p) for p in parts) + "] TJ")
            else:
                ops.append(_pdf_string(text) + " Tj")
        ops.append("ET")
        self.ops.append(" ".join(ops))
        return self

    def rule(self, x0: float, x1: float, y: float, width: float = 0.5) -> "Page":
        """A horizontal line (an underline or a section rule)."""
        self.ops.append(f"{width} w {x0:.2f} {self.height - y:.2f} m {x1:.2f} {self.height - y:.2f} l S")
        return self

    def link(self, x0: float, top: float, x1: float, bottom: float, url: str) -> "Page":
        """A URI link annotation over the rectangle (points from the top)."""
        self.links.append((x0, top, x1, bottom, url))
        return self


def build_pdf(pages: list[Page]) -> bytes:
    """A PDF of ``pages`` with the standard fonts (and a Type 3 font without a text
    mapping as ``/T3``, whose glyphs pdfminer cannot decode)."""
    objects: list[str] = []

    def add(body: str) -> int:
        objects.append(body)
        return len(objects)

    catalog = add("")
    pages_id = add("")
    font_ids = {name: add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>")
                for name, base in STANDARD_FONTS.items()}
    font_ids["S"] = add("<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>")
    glyph = add("<< /Length 8 >>\nstream\n500 0 d0\nendstream")
    font_ids["T3"] = add(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] "
        f"/CharProcs << /g1 {glyph} 0 R >> /Encoding << /Type /Encoding /Differences [1 /g1 /g1 /g1 /g1 /g1 "
        "/g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1 /g1] >> "
        "/FirstChar 1 /LastChar 26 /Widths [" + " ".join(["500"] * 26) + "] /Resources << >> >>")
    fonts = " ".join(f"/{name} {number} 0 R" for name, number in font_ids.items())
    kids = []
    for page in pages:
        content = "\n".join(page.ops) or "0 0 m 1 1 l S"
        stream = add(f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream")
        annots = []
        for x0, top, x1, bottom, url in page.links:
            annots.append(add(
                f"<< /Type /Annot /Subtype /Link /Rect [{x0:.2f} {page.height - bottom:.2f} {x1:.2f} "
                f"{page.height - top:.2f}] /Border [0 0 0] /A << /S /URI /URI {_pdf_string(url)} >> >>"))
        annot_text = (" /Annots [" + " ".join(f"{a} 0 R" for a in annots) + "]") if annots else ""
        kids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {page.width} {page.height}] /Rotate {page.rotate} "
            f"/Resources << /Font << {fonts} >> >> /Contents {stream} 0 R{annot_text} >>"))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>"
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
