"""The LaTeX reader: source constructs onto the document tree (headings, lists, entries, spans, lines)."""

from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

from bibexport.api import load
from bibexport.documents import parse
from bibexport.documents.latex import parse_latex
from bibexport.documents.tree import Block, Line, dump


def tree(source: str, path: str | None = None) -> str:
    """The outline of the document's tree (without the root line)."""
    document = parse_latex(textwrap.dedent(source).lstrip("\n"), path)
    return "\n".join(row[2:] for row in dump(document.root).splitlines()[1:])


def outline(expected: str) -> str:
    return textwrap.dedent(expected).strip("\n")


def leaves(source: str, path: str | None = None) -> list[Block]:
    document = parse_latex(textwrap.dedent(source).lstrip("\n"), path)
    return [leaf for leaf, _ in document.root.leaves()]


def line_with(source: str, needle: str) -> Line:
    for leaf in leaves(source):
        for line in leaf.lines:
            if needle in line.text:
                return line
    raise AssertionError(f"no line with {needle!r}")


def spans(line: Line) -> list[tuple[str, str, str | None]]:
    """(kind, covered text, url or name) of a line's spans."""
    return [(s.kind, line.text[s.start:s.end], s.url or s.name) for s in line.spans]


# ------------------------------------------------------------------ document shape
def test_article_cv_headings_lists_markers_and_breaks() -> None:
    source = r"""
    \documentclass{article}
    \newcommand{\me}{\textbf{R. Quill}}
    \begin{document}
    \section*{Publications}
    \subsection{Journal Articles}
    \begin{enumerate}
      \item \me{} and T. Brandt. ``Tidal Locking of Small Moons.''
        \emph{Journal of Orbits}, 12(3):45--67, 2021.
      \item T. Brandt and \me. Dust Lanes.\\ In \textit{Proc. of DUST}, 2019.
      \begin{itemize}
        \item Invited talk
      \end{itemize}
    \end{enumerate}
    \subsection{Talks}
    \begin{description}
      \item[2020] Keynote, Mars Society.
    \end{description}
    \end{document}
    """
    assert tree(source) == outline("""
        heading(1) heading=markup macro=section
          Publications
        heading(2) heading=markup macro=subsection
          Journal Articles
        list env=enumerate
          item [1.]
            paragraph
              R. Quill and T. Brandt. “Tidal Locking of Small Moons.” Journal of Orbits, 12(3):45–67, 2021.   bold[R. Quill] italic[Journal of Orbits]
          item [2.]
            paragraph
              T. Brandt and R. Quill. Dust Lanes.   bold[R. Quill]
              <hard> In Proc. of DUST, 2019.   italic[Proc. of DUST]
            list env=itemize
              item [-]
                paragraph
                  Invited talk
        heading(2) heading=markup macro=subsection
          Talks
        list env=description
          item [2020]
            paragraph
              Keynote, Mars Society.
    """)


def test_every_line_carries_its_source_line() -> None:
    source = "\\documentclass{article}\n\\begin{document}\n\\section{A}\n\nFirst line\nsecond line\\\\\nthird\n\n% c\n\\begin{itemize}\n\\item x\n\\end{itemize}\n\\end{document}\n"
    document = parse_latex(source, "cv.tex")
    rows = [(leaf.kind, line.text, line.position.line, line.brk)
            for leaf, _ in document.root.leaves() for line in leaf.lines]
    # a source line end inside a paragraph is a space, as TeX reads it: only \\ breaks the line
    assert rows == [("heading", "A", 3, "block"), ("paragraph", "First line second line", 5, "block"),
                    ("paragraph", "third", 7, "hard"),
                    ("paragraph", "x", 11, "block")]


def test_without_begin_document_the_whole_file_is_read() -> None:
    assert tree(r"\section{Papers}" "\n" r"\textbf{A}. Title.") == outline("""
        heading(1) heading=markup macro=section
          Papers
        paragraph
          A. Title.   bold[A]
    """)


def test_preamble_is_not_text_but_gives_the_author() -> None:
    document = parse_latex("\\documentclass{moderncv}\n\\name{Ada}{Lovell}\n\\title{CV}\n\\usepackage{x}\n"
                           "\\begin{document}\nHello\n\\end{document}\nafter the end\n")
    assert document.root.attrs["author"] == "Ada Lovell"
    assert [leaf.text for leaf, _ in document.root.leaves()] == ["Hello"]


def test_enumerate_markers_nest_and_labels_do_not_count() -> None:
    source = r"""
    \begin{enumerate}
    \item a
    \item[*] b
    \item c
      \begin{enumerate}
      \item d
      \item e
      \end{enumerate}
    \end{enumerate}
    """
    markers = [block.marker for block, _ in parse_latex(textwrap.dedent(source)).root.walk() if block.kind == "item"]
    assert markers == ["1.", "*", "2.", "(a)", "(b)"]


# ----------------------------------------------------------------- headings by use
def test_class_section_macros_and_title_environments_are_headings() -> None:
    source = r"""
    \begin{document}
    \cvsection{Publications}

    \cvsubsection{Journal Articles}
    \begin{cventries}
    \cventry{A Paper}{Journal}{2020}{}{}
    \end{cventries}
    \begin{rSection}{Talks}
    Talk one.
    \end{rSection}
    \end{document}
    """
    assert tree(source) == outline("""
        heading(1) heading=macro macro=cvsection
          Publications
        heading(2) heading=macro macro=cvsubsection
          Journal Articles
        section env=cventries
          group macro=cventry
            cell
              paragraph
                A Paper
            cell
              paragraph
                Journal
            cell
              paragraph
                2020
        section env=rSection
          heading(1) env=rSection heading=env
            Talks
          paragraph
            Talk one.
    """)


def test_a_one_argument_macro_inside_text_is_a_class_span_not_a_heading() -> None:
    line = line_with(r"\pubyear{2022}\quad A. Author. Title. \venue{J. Stuff}, 2022.", "Author")
    assert line.text == "2022 A. Author. Title. J. Stuff, 2022."
    assert spans(line) == [("class", "2022", "pubyear"), ("class", "J. Stuff", "venue")]


def test_a_bold_paragraph_stays_a_paragraph_whose_line_is_all_bold() -> None:
    source = "\\noindent\\textbf{Journal Articles}\n\n\\begin{enumerate}\\item A.\\end{enumerate}\n"
    first = leaves(source)[0]
    assert first.kind == "paragraph"
    assert spans(first.lines[0]) == [("bold", "Journal Articles", None)]


def test_heading_levels_rank_the_depths_used() -> None:
    levels = [(b.text, b.level) for b, _ in parse_latex(
        "\\chapter{A}\n\\subsection{B}\n\\cvsection{Cee}\n\n\\paragraph{D}\n").root.walk() if b.kind == "heading"]
    assert levels == [("A", 1), ("B", 3), ("Cee", 2), ("D", 4)]


# ------------------------------------------------------------------ CV-class entries
def test_cv_entry_macros_are_rows_of_their_non_empty_arguments() -> None:
    source = r"""
    \section{Publications}
    \cvitem{2021}{A. Author, \textbf{B. Owner}. Title. \emph{Journal}.}
    \cventry{2019--2020}{Postdoc}{}{Lab of Things}{}{Did \textit{things}.}
    \cvlistitem{A single citation.}
    """
    assert tree(source) == outline("""
        heading(1) heading=markup macro=section
          Publications
        group macro=cvitem
          cell
            paragraph
              2021
          cell
            paragraph
              A. Author, B. Owner. Title. Journal.   bold[B. Owner] italic[Journal]
        group macro=cventry
          cell
            paragraph
              2019–2020
          cell
            paragraph
              Postdoc
          cell
            paragraph
              Lab of Things
          cell
            paragraph
              Did things.   italic[things]
        group macro=cvlistitem
          cell
            paragraph
              A single citation.
    """)


def test_arguments_one_per_line_with_comments_belong_to_the_macro() -> None:
    # a comment takes its line end with it, as in TeX: "Journal 3." joins the line before
    source = r"""
    \cvpaper
      {2018} % Year
      {A. Author. A Title. % Citation
       Journal 3.}

    \cvheading{Talks}
    {\bf Not an argument} of it.
    """
    assert tree(source) == outline("""
        group macro=cvpaper
          cell
            paragraph
              2018
          cell
            paragraph
              A. Author. A Title. Journal 3.
        paragraph
          Talks Not an argument of it.   class[Talks] bold[Not an argument]
    """)


def test_unknown_environment_with_entry_arguments_and_implicit_items() -> None:
    source = r"""
    \begin{rSubsection}{Univ. of Somewhere}{2019 -- 2021}{Fellow}{}
    Did research.
    \end{rSubsection}
    \begin{rubric}{Publications}
    \entry*[2024] A. Author. A Paper. \par
    \entry*[2023] B. Author. Another.
    \end{rubric}
    """
    assert tree(source) == outline("""
        section env=rSubsection
          group env=rSubsection
            cell
              paragraph
                Univ. of Somewhere
            cell
              paragraph
                2019 – 2021
            cell
              paragraph
                Fellow
          paragraph
            Did research.
        section env=rubric
          heading(1) env=rubric heading=env
            Publications
          list macro=entry
            item [2024]
              paragraph
                A. Author. A Paper.
            item [2023]
              paragraph
                B. Author. Another.
    """)


def test_tables_are_rows_of_cells() -> None:
    source = r"""
    \begin{tabular}{@{}ll@{}}
    \toprule
    2021 & \textbf{A Paper}, J. Stuff \\
    2020 & Another \\
    \end{tabular}
    """
    assert tree(source) == outline("""
        table env=tabular
          row
            cell
              paragraph
                2021
            cell
              paragraph
                A Paper, J. Stuff   bold[A Paper]
          row
            cell
              paragraph
                2020
            cell
              paragraph
                Another
    """)


# ------------------------------------------------------------------ reference lists
def test_thebibliography_items_keys_labels_and_newblock() -> None:
    source = r"""
    \begin{thebibliography}{9}
    \providecommand{\natexlab}[1]{#1}
    \expandafter\ifx\csname urlstyle\endcsname\relax\fi
    \bibitem[Okafor et~al.(2020)Okafor, Lind, and Berg]{okafor2020}
    N.~Okafor, P.~Lind, and S.~Berg.
    \newblock Sand ripples.
    \newblock \emph{J. Dunes}, 4:1--9, 2020.

    \bibitem{lind2019}
    ------, Wind. 2019.
    \end{thebibliography}
    """
    assert tree(source) == outline("""
        list env=thebibliography
          item [Okafor et al.(2020)] key=okafor2020
            paragraph
              N. Okafor, P. Lind, and S. Berg.
              <hard> Sand ripples.
              <hard> J. Dunes, 4:1–9, 2020.   italic[J. Dunes]
          item [lind2019] key=lind2019
            paragraph
              ———, Wind. 2019.
    """)


def test_bbl_field_macros_become_named_field_spans() -> None:
    source = r"""
    \begin{thebibliography}{1}
    \bibitem[\protect\citeauthoryear{Ito and Vance}{Ito and Vance}{2015}]%
            {ito2015}
    \bibfield{author}{\bibinfo{person}{Ken Ito} {and} \bibinfo{person}{Mara
      Vance}.} \bibinfo{year}{2015}.
    \newblock \showarticletitle{Counting pebbles}. \bibinfo{journal}{{\em Stone Q.}}
      \bibinfo{volume}{3}, \bibinfo{pages}{1--2}.
    \end{thebibliography}
    """
    document = parse_latex(textwrap.dedent(source))
    item = next(b for b, _ in document.root.walk() if b.kind == "item")
    assert (item.marker, item.attrs) == ("Ito and Vance (2015)", {"key": "ito2015"})
    lines = item.children[0].lines
    # the source's line ends are spaces (a person's name wraps inside \bibinfo); \newblock breaks
    assert [line.text for line in lines] == ["Ken Ito and Mara Vance. 2015.", "Counting pebbles. Stone Q. 3, 1–2."]
    assert spans(lines[0]) == [("field", "Ken Ito and Mara Vance.", "author"), ("field", "Ken Ito", "person"),
                               ("field", "Mara Vance", "person"), ("field", "2015", "year")]
    assert spans(lines[1]) == [("field", "Counting pebbles", "title"), ("italic", "Stone Q.", None),
                               ("field", "Stone Q.", "journal"), ("field", "3", "volume"), ("field", "1–2", "pages")]


def test_apacite_macros_print_their_text_with_fields() -> None:
    source = r"""
    \begin{thebibliography}{}
    \bibitem [\protect \citeauthoryear {%
    Roe%
    \ \BBA {} Poe%
    }{%
    Roe%
    \ \BBA {} Poe%
    }{%
    {\protect \APACyear {2012}}%
    {\protect \APACexlab {{\protect \BCnt {2}}}}}]{%
    roe2012}
    \APACinsertmetastar {%
    roe2012}%
    \begin{APACrefauthors}%
    Roe, J.%
    \BCBT {}\ \BBA {} Poe, E.%
    \end{APACrefauthors}%
    \unskip\
    \newblock
    \APACrefYearMonthDay{2012}{}{}.
    \newblock
    {\BBOQ}\APACrefatitle {Ravens at Night} {Ravens at night}.{\BBCQ}
    \newblock
    \APACjournalVolNumPages{Bird Notes}{7}{}{10--20}.
    \PrintBackRefs{\CurrentBib}
    \end{thebibliography}
    """
    document = parse_latex(textwrap.dedent(source))
    item = next(b for b, _ in document.root.walk() if b.kind == "item")
    assert item.marker == "Roe & Poe (2012b)"
    lines = item.children[0].lines
    assert [line.text for line in lines] == ["Roe, J., & Poe, E.", "(2012).", "“Ravens at Night.”",
                                             "Bird Notes, 7, 10–20."]
    assert spans(lines[0]) == [("field", "Roe, J., & Poe, E.", "author")]
    assert spans(lines[1]) == [("field", "2012", "year")]
    assert spans(lines[2]) == [("field", "Ravens at Night", "title")]
    assert [s for s in spans(lines[3]) if s[0] == "field"] == [
        ("field", "Bird Notes", "journal"), ("field", "7", "volume"), ("field", "10–20", "pages")]


# ------------------------------------------------------------------ inline
def test_links_urls_and_comments_inside_them() -> None:
    source = r"""
    \newcommand{\myhref}[2]{\href{#1}{#2}}
    \begin{document}
    See \url{https://ex.org/a%20b_c} and \href{https://ex.org/x%2Fy}{the \textbf{data}} % a comment
    or \myhref{https://ex.org/q?a=1&b=2%3D}{code}, \weblink{https://ex.org/w%7E}{slides}, 50\% off.
    \end{document}
    """
    document = parse_latex(textwrap.dedent(source).lstrip("\n"))
    lines = [line for leaf, _ in document.root.leaves() for line in leaf.lines]
    assert [line.text for line in lines] == ["See https://ex.org/a%20b_c and the data or code, slides, 50% off."]
    assert spans(lines[0]) == [("link", "https://ex.org/a%20b_c", "https://ex.org/a%20b_c"),
                               ("link", "the data", "https://ex.org/x%2Fy"), ("bold", "data", None),
                               ("link", "code", "https://ex.org/q?a=1&b=2%3D"),
                               ("link", "slides", "https://ex.org/w%7E")]


def test_text_macros_decode_and_code_is_kept() -> None:
    source = (r"\'E. Durand, {\L}. Wi\'sniewska, J. M\"uller, \v{C}api\'c, Ram{\'\i}rez, Stra\ss e -- "
              r"pp.~1--2 --- ``quoted'' \& 5\% \$3, \LaTeX{} and \TeX, \texttt{PyTorch}, $^{13}$C and CO$_2$, "
              r"$\alpha$-helix, 8$^{th}$\ldots")
    line = leaves(source)[0].lines[0]
    assert line.text == ("É. Durand, Ł. Wiśniewska, J. Müller, Čapić, Ramírez, Straße – pp. 1–2 — “quoted” & 5% $3, "
                         "LaTeX and TeX, PyTorch, 13C and CO2, α-helix, 8th…")
    assert [s for s in spans(line) if s[0] in ("code", "sup", "sub")] == [
        ("code", "PyTorch", None), ("sup", "13", None), ("sub", "2", None), ("sup", "th", None)]


def test_declarations_last_to_the_end_of_their_group() -> None:
    line = leaves(r"{\bf Bold {\it both} still} plain {\scshape Caps}")[0].lines[0]
    assert line.text == "Bold both still plain Caps"
    assert spans(line) == [("bold", "Bold both still", None), ("italic", "both", None), ("smallcaps", "Caps", None)]


def test_layout_macros_print_nothing() -> None:
    source = (r"\vspace{2mm}\noindent\small A\hfill B\quad C\hspace*{1em}D \color{red}E\textcolor{blue}{F} "
              r"\setlength{\parskip}{0pt}\includegraphics[width=2cm]{photo}\label{x}\pagebreak[2] G")
    texts = [leaf.text for leaf in leaves(source)]
    assert texts == ["A B C D EF", "G"]


def test_footnotes_are_kept_out_of_the_line() -> None:
    source = "A. Author\\footnote{Equal contribution.}, B. Author. Title.\n\nNext.\n"
    assert tree(source) == outline("""
        paragraph
          A. Author, B. Author. Title.
        paragraph footnote=1
          Equal contribution.
        paragraph
          Next.
    """)


def test_comments_verbatim_and_skipped_code() -> None:
    source = r"""
    Kept % dropped \textbf{x}
    text\iffalse hidden \ifx a b \fi still hidden \fi{} and \verb|a%b{|.
    \begin{comment}
    gone
    \end{comment}
    \begin{verbatim}
    raw \textbf{kept}
    \end{verbatim}
    """
    assert tree(source) == outline("""
        paragraph
          Kept text and a%b{.   code[a%b{]
        pre env=verbatim
          raw \\textbf{kept}
    """)


# ------------------------------------------------------------------ \\input
def test_input_files_are_read_in_place_with_their_own_lines(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "pubs.tex").write_text("\\section{Publications}\n\n\\begin{itemize}\n\\item A paper.\n"
                                                 "\\end{itemize}\n", encoding="utf-8")
    main = tmp_path / "cv.tex"
    main.write_text("\\begin{document}\nIntro.\n\\input{parts/pubs}\n\\include{missing}\nEnd.\n\\end{document}\n",
                    encoding="utf-8")
    document = parse("latex", main.read_text(encoding="utf-8"), str(main))
    rows = [(leaf.kind, leaf.text, leaf.lines[0].position.line, leaf.attrs.get("file"))
            for leaf, _ in document.root.leaves()]
    item = next(b for b, _ in document.root.walk() if b.kind == "item")
    assert rows == [("paragraph", "Intro.", 2, None), ("heading", "Publications", 1, "parts/pubs.tex"),
                    ("paragraph", "A paper.", 4, "parts/pubs.tex"), ("paragraph", "End.", 5, None)]
    assert item.attrs == {"file": "parts/pubs.tex"}
    [warning] = document.diagnostics
    assert warning.format().startswith(f"{main}:4: warning: \\input{{missing}}: no such file")
    assert warning.hint


def test_input_outside_the_folder_or_absolute_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.tex").write_text("SECRET\n", encoding="utf-8")
    folder = tmp_path / "cv"
    folder.mkdir()
    main = folder / "cv.tex"
    source = f"\\input{{../secret}}\n\\input{{{tmp_path / 'secret'}}}\nok\n"
    document = parse_latex(source, str(main))
    assert [leaf.text for leaf, _ in document.root.leaves()] == ["ok"]
    assert [d.origin.line_start for d in document.diagnostics] == [1, 2]
    assert all("not followed" in d.message for d in document.diagnostics)


def test_an_input_cycle_stops_at_the_depth_limit(tmp_path: Path) -> None:
    (tmp_path / "a.tex").write_text("x\n\\input{a}\n", encoding="utf-8")
    document = parse_latex("\\input{a}\n", str(tmp_path / "main.tex"))
    assert len([leaf for leaf, _ in document.root.leaves()]) == 1
    assert any("nest" in d.message for d in document.diagnostics)


# ------------------------------------------------------------------ hostile input
def test_deep_nesting_does_not_reach_the_recursion_limit() -> None:
    depth = max(10_000, sys.getrecursionlimit() * 2)
    document = parse_latex("\\begin{itemize}\\item x " * depth + "\\end{itemize}" * depth)
    deepest = max(len(ancestors) for _, ancestors in document.root.walk())
    assert deepest >= depth
    document = parse_latex("{" * depth + "\\textbf{x}" + "}" * depth + "\\emph{" * depth)
    assert [leaf.text for leaf, _ in document.root.leaves()] == ["x"]


def test_recursive_definitions_stop_with_a_warning() -> None:
    document = parse_latex("\\newcommand{\\a}{\\a\\a}\\def\\bb#1{\\bb{#1#1}}\nx \\a \\bb{y} z\n")
    assert [leaf.text for leaf, _ in document.root.leaves()] == ["x z"]
    assert [d.code for d in document.diagnostics] == ["latex-expansion"]


def test_unclosed_environments_are_reported_once() -> None:
    document = parse_latex("\\begin{itemize}\\item a\n\\begin{enumerate}\\item b\n")
    assert [d.message for d in document.diagnostics] == ["\\begin{itemize} is never ended (and 1 more)"]
    assert [b.marker for b, _ in document.root.walk() if b.kind == "item"] == ["-", "1."]


def test_a_thousand_entries_parse_fast() -> None:
    item = ("\\bibitem[{Roe(2009)}]{roe%d}\nRoe, J.~H., 2009: A title on \\emph{two}\n  lines. "
            "\\textit{J.\\ Things}, \\textbf{137}, 1770--1789. \\url{https://x.org/%d}\n\n")
    bib = "\\begin{thebibliography}{9}\n" + "".join(item % (i, i) for i in range(1000)) + "\\end{thebibliography}\n"
    start = time.perf_counter()
    document = parse_latex(bib)
    elapsed = time.perf_counter() - start
    assert sum(1 for b, _ in document.root.walk() if b.kind == "item") == 1000
    assert elapsed < 5.0  # about 0.25 s on one core; the bound only catches super-linear time


# ------------------------------------------------------------------ end to end
def test_end_to_end_records_from_a_cv_and_a_reference_list(tmp_path: Path) -> None:
    cv = tmp_path / "cv.tex"
    cv.write_text(textwrap.dedent(r"""
        \documentclass{article}
        \begin{document}
        \section*{Journal Articles}
        \begin{enumerate}
        \item M. Okafor and L. Berg. ``Sand Ripples on Mars.'' \emph{Journal of Dunes}, 4(2):1--9, 2020.
        \item L. Berg. ``Wind Over Water.'' \emph{Ocean Letters}, 12:33--40, 2018.
        \end{enumerate}
        \end{document}
        """), encoding="utf-8")
    refs = tmp_path / "refs.tex"
    refs.write_text(textwrap.dedent(r"""
        \begin{thebibliography}{2}
        \bibitem{a} M.~Okafor and L.~Berg, ``Sand ripples on {Mars},'' \emph{J. Dunes}, vol.~4, pp. 1--9, 2020.
        \bibitem{b} L.~Berg, ``Wind over water,'' \emph{Ocean Lett.}, vol.~12, pp. 33--40, 2018.
        \end{thebibliography}
        """), encoding="utf-8")
    for path in (cv, refs):
        library = load([str(path)], as_of=__import__("datetime").date(2024, 1, 1))
        titles = [record.get("title") for record in library.records]
        assert len(titles) == 2, (path.name, titles)
        assert "sand ripples on mars" in str(titles[0]).lower()


# ------------------------------------------------------------------ more constructs
def test_user_environments_and_excluded_comments() -> None:
    source = r"""
    \newenvironment{pubs}{\begin{enumerate}}{\end{enumerate}}
    \excludecomment{private}
    \begin{document}
    \section{Research\\ Output}
    \begin{pubs}
    \item One.
    \end{pubs}
    \begin{private}
    Secret.
    \end{private}
    After.
    \end{document}
    """
    assert tree(source) == outline("""
        heading(1) heading=markup macro=section
          Research Output
        list env=enumerate
          item [1.]
            paragraph
              One.
        paragraph
          After.
    """)


def test_bibliography_reads_the_bbl_next_to_the_document(tmp_path: Path) -> None:
    (tmp_path / "paper.bbl").write_text("\\begin{thebibliography}{1}\n\\bibitem{k} A. Roe. A title. 2020.\n"
                                        "\\end{thebibliography}\n", encoding="utf-8")
    document = parse_latex("\\begin{document}\n\\bibliography{refs}\n\\end{document}\n", str(tmp_path / "paper.tex"))
    item = next(b for b, _ in document.root.walk() if b.kind == "item")
    assert (item.marker, item.text, item.attrs) == ("k", "A. Roe. A title. 2020.", {"key": "k", "file": "paper.bbl"})
    document = parse_latex("\\bibliography{refs}\n", str(tmp_path / "other.tex"))
    assert [d.code for d in document.diagnostics] == ["latex-bibliography"]
    assert "refs" in document.diagnostics[0].message


def test_bytes_and_the_format_registry() -> None:
    document = parse("latex", "\\section{Über}\nText\n".encode("utf-8"), "cv.tex")
    assert (document.format, [leaf.text for leaf, _ in document.root.leaves()]) == ("latex", ["Über", "Text"])


def test_a_row_macro_holds_lists_and_hard_breaks_stay_inside_cells() -> None:
    source = r"""
    \ecvitem{Journals}{
      \begin{ecvitemize}
      \item A. Author, \textit{Title} Venue\\ 2019
      \end{ecvitemize}
    }
    """
    assert tree(source) == outline("""
        group macro=ecvitem
          cell
            paragraph
              Journals
          cell
            list env=ecvitemize
              item [-]
                paragraph
                  A. Author, Title Venue   italic[Title]
                  <hard> 2019
    """)


def test_stray_ends_are_reported_once_a_name_and_cost_linear_time() -> None:
    start = time.perf_counter()
    document = parse_latex("{" * 20_000 + "\\end{zz}" * 20_000 + "\\begin{enumerate}\\item x " * 5_000)
    assert time.perf_counter() - start < 5.0
    assert [d.code for d in document.diagnostics] == ["latex-unbalanced", "latex-unclosed"]
