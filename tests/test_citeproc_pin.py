"""citeproc-py is pinned to the release bibexport's corrections (rendering/patches.py) are
written for: each replaces or wraps a method of citeproc-py, and a new release that
changes one of them could silently undo a correction or break it.

The test reads citeproc-py's own source (not the patched objects) and compares every
patched function with the hash of that function in the pinned release. When it fails,
read the changed function, check the correction in patches.py against it (and the
tests/test_render.py cases for it), then update the pin in pyproject.toml and the hash here.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import pathlib
import re

import pytest

PINNED = "0.11.1"

#: (file in the citeproc package, Class.attribute) -> sha256 of its source in PINNED
#: (as _source_of finds it: defined, inherited, or for an instance attribute its users)
PATCHED = {
    ("model.py", "Name.get_option"): "3828bd5e9e8c43dc321563bd397200ea567b5a94252c9d7c08b4a94c1e35280e",
    ("model.py", "Name.initialize"): "34c1396278ddc09440b19b08fbcc941a92e349089b623bb23c9ddebdf0d63f6e",
    ("model.py", "Name.process"): "ae56efd1ec0972464a4a175c5da0f750cc1d1e5dadad9c9ae8edc495f4e1b634",
    ("model.py", "Substitute.render"): "64f9d5869a4a457334a07a313b8bf54aaa210071eb55c395f1e30c85c99925b1",
    ("model.py", "Names.process"): "070ecc6e9767e582742495a16875e8c69d590b1e5ea23d17a4514a3a123e57da",
    ("model.py", "Text._variable"): "7a593c29c7e3391bb1e1b9cb453a6dcbcd3e4e6bba16f61baec93c76fc8c20f6",
    ("model.py", "TextCased.case"): "098dc6aaa572f3ec2327564656098d9455b1d3fabdf03a3554fcaac5b573a5c1",
    ("model.py", "TextCased._stop_words"): "3c1d88a7e01c307234143aa58a16ea83db20e9d6d0953b2ca03c1c422e94bfb3",
    ("model.py", "Label.markup"): "159492341a0ca25685e5d23f102d04a976f5a411a16ba388ca319062f404b7c4",
    ("model.py", "Sort.sort"): "017fb78b4d6780637fea10bd0d628d9c06c5c1c6b91fe9846843517758d86387",
    ("model.py", "FormatNumber._format_last_page"): "4ee910a0f96df871f33936027a5ac98cd6e0ad4ef5bd976dd504f8c03da82be1",
    ("model.py", "If._is_numeric"): "5121a40acb52cef392b091382b2137053807b1b71e3e1f1ac3c793c8529c742c",
    ("model.py", "Label._is_plural"): "f258eb570c68f0104351529939004aa10e7b7eb39a3379568736c629002a27db",
    ("model.py", "Number.process"): "313ca577fea2ecba4daffcb11b298e5a52821f8475845f1d6e49e93f5a50d75d",
    ("model.py", "Group.process"): "858b9707a29b55ebc6aa431ff7c889a0be23e475d25145680fca5ca1f75cd205",
    ("model.py", "Text.render"): "318777eac1a6fd273f8e284915325ee0305001dc44ecd264195458c846929631",
    ("model.py", "Date.process"): "a88584def9bc53eb527a5ded1226ad6cbf5128b7c8baee23511ce3b4643a6a1e",
    ("model.py", "CitationStylesElement.xpath_search"): "42d562faabbc7437bea87ca52f3bd0274439f76db10125d2b7bb38d91be83403",
    ("model.py", "CitationStylesElement.get_root"): "915502d7837d8a9d51709677cfef6009164db0569a67255c372b0c6b379d67a3",
    ("model.py", "Parent.calls_variable"): "a8e64f580293495924069eeb0c1594799af1676118025dc5cc2dfa8986818323",
    ("model.py", "Text.calls_variable"): "b3046520de8d4bcbe8986c9998851fffd0d6f314c887ef5edee9f3ae29a09bd0",
    ("model.py", "Date.calls_variable"): "96fbf72957ecf2e7bdbf2ad71cdf0d3ecc9bf525f33b5d7b262244dbe261ff3d",
    ("model.py", "Number.calls_variable"): "96fbf72957ecf2e7bdbf2ad71cdf0d3ecc9bf525f33b5d7b262244dbe261ff3d",
    ("model.py", "Names.calls_variable"): "96fbf72957ecf2e7bdbf2ad71cdf0d3ecc9bf525f33b5d7b262244dbe261ff3d",
    ("model.py", "Label.calls_variable"): "60aed4aa4f8cc6e6930ffb4d9cece24355d53aa1bb7a7732a0e38b3b4bdacaa6",
    ("model.py", "Group.calls_variable"): "96fbf72957ecf2e7bdbf2ad71cdf0d3ecc9bf525f33b5d7b262244dbe261ff3d",
    ("model.py", "Date_Part.process"): "abd53dc48c7c953d05224d51d22de74f1ad7f47809b3d0d5ceaf954f61b4c193",
    ("model.py", "Layout.render_bibliography"): "ab8788bfd613c8686c782a774bdadb2c22b60d672de677e238b0fd981370d175",
    ("model.py", "Layout.repressed"): "d5e0a9545257305cf9fde683d81ba217d8d44c417ebcf24edf81282fd0e4249e",
    ("model.py", "Name.et_al"): "4bf443c6798a8787096b24ded12ed6d63fb2e3cf4ab9dc3c5746a9d9cc03a131",
    ("model.py", "If.render"): "8e47c7360a5642e7ac2c9acaeeb354acc65b6af3635b91b95714834dce069dda",
    ("model.py", "CitationStylesElement.render"): "7f45e838aad01e4e12de319d057e46729e2dff4aeeaff2e285069b75272cd47d",
    ("model.py", "CitationStylesElement.get_term"): "eb3fad2e83df815f50ea2f6224309b268d591f43e530abc84516c689525a9a8c",
    ("model.py", "Formatted.vertical_align"): "9ec415f6d4ea7945a43d598af0c983c6ebf8e7f8984af3e2d33624e5e63f4157",
    # inherited in PINNED (CitationStylesElement.render): a Label.render of its own would differ
    ("model.py", "Label.render"): "7f45e838aad01e4e12de319d057e46729e2dff4aeeaff2e285069b75272cd47d",
    ("source/__init__.py", "CitationItem.reference"): "11ec3dad122ac5b9f2b953094e898543ae556f70f3fb69ccf35384ca2ea4a685",
    ("source/__init__.py", "CitationItem.number"): "c368f074812c7cc0ac9f85b80017e03474bfd4e6e14322a9ea8e5025c14da578",
    ("source/json.py", "CiteProcJSON.__init__"): "905e6a8a7d6e2f09d7160c0889a0c24dddec2316b855929f5d84ead553aa7f6b",
    ("source/json.py", "CiteProcJSON.parse_string"): "494d93aa3cc79e5841dff653d7dee84329d00e6c212deffced0fde389b04b8e7",
}


@functools.lru_cache(maxsize=None)
def _parsed(path: pathlib.Path) -> tuple[str, ast.Module]:
    text = path.read_text(encoding="utf-8")
    return text, ast.parse(text)


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _own_source(text: str, node: ast.ClassDef, attribute: str) -> str | None:
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == attribute:
            return ast.get_source_segment(text, item)
        if isinstance(item, ast.Assign) and any(getattr(t, "id", None) == attribute for t in item.targets):
            return ast.get_source_segment(text, item)
    return None


def _inherited_source(text: str, classes: dict[str, ast.ClassDef], class_name: str, attribute: str) -> str | None:
    """The attribute as the class has it: its own, else the first base's (left to right,
    depth first, which is the method resolution order of citeproc-py's model classes)."""
    node = classes.get(class_name)
    if node is None:
        return None
    own = _own_source(text, node, attribute)
    if own is not None:
        return own
    for base in node.bases:
        found = _inherited_source(text, classes, getattr(base, "id", ""), attribute)
        if found is not None:
            return found
    return None


def _source_of(path: pathlib.Path, name: str) -> str | None:
    """The source of ``Class.attribute`` in citeproc-py's file ``path``: the method or
    class attribute the class defines or inherits (within the file). An attribute that only
    instances carry (``Layout.repressed``, which patches.py replaces by a property) is
    hashed as the source of every method of the file that reads or writes it, in file
    order: the correction depends on how citeproc-py uses it."""
    text, tree = _parsed(path)
    class_name, attribute = name.split(".")
    classes = _classes(tree)
    found = _inherited_source(text, classes, class_name, attribute)
    if found is not None or class_name not in classes:
        return found
    users = [ast.get_source_segment(text, item)
             for node in classes.values() for item in node.body
             if isinstance(item, ast.FunctionDef)
             and any(isinstance(n, ast.Attribute) and n.attr == attribute for n in ast.walk(item))]
    return "\n\n".join(users) if users else None


def test_citeproc_py_is_the_pinned_release() -> None:
    installed = importlib.metadata.version("citeproc-py")
    assert installed == PINNED, (
        f"citeproc-py {installed} is installed; bibexport's corrections are written for {PINNED} "
        "(pip install 'citeproc-py=={PINNED}', or review rendering/patches.py and move the pin)")
    pyproject = (pathlib.Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'"citeproc-py=={re.escape(PINNED)}"', pyproject), "pyproject.toml must pin citeproc-py to PINNED"


@pytest.mark.parametrize("file,name", sorted(PATCHED))
def test_patched_internals_are_unchanged(file: str, name: str) -> None:
    import citeproc

    source = _source_of(pathlib.Path(citeproc.__file__).parent / file, name)
    assert source is not None, f"citeproc-py no longer has {name} in {file}: the correction in rendering/patches.py cannot apply"
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    assert digest == PATCHED[(file, name)], (
        f"citeproc-py's {name} ({file}) differs from release {PINNED}: review the correction of it in "
        "bibexport/rendering/patches.py before moving the pin")


def test_every_patch_target_is_listed() -> None:
    """A correction added to patches.py names its target here too."""
    text = (pathlib.Path(__file__).resolve().parent.parent / "bibexport" / "rendering" / "patches.py").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^\s+(?:model\.)?([A-Z]\w+\.\w+) = ", text, re.MULTILINE))
    listed = {name for _, name in PATCHED}
    assert assigned <= listed, sorted(assigned - listed)
