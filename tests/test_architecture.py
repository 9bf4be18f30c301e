"""The rules of docs/contributing.md that a reader of the source can check:
what is not public API of Sphinx, MyST, python-liquid or a theme is used only
in ``sphinxext_jekyllposts/_compat/``; no module keeps mutable state at module
level (tables are read-only: ``MappingProxyType``, ``frozenset``, tuples); no
module is much longer than 500 lines; the Jekyll core imports no Sphinx."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "sphinxext_jekyllposts"
COMPAT = PACKAGE / "_compat"
MODULES = sorted(PACKAGE.rglob("*.py"))

#: Names and imports that only ``_compat`` may use.
PRIVATE = {
    "Sphinx's Project mappings": r"\b_docname_to_path\b|\b_path_to_docname\b",
    "the HTML builder's toctree function": r"\b_get_local_toctree\b",
    "the HTML builder's render_partial": r"\brender_partial\b",
    "the HTML builder's translator walk": r"\bcreate_translator\b|\bsuppress_logging\b",
    "the environment's tables of contents": r"\benv\.tocs\b|\btoctree_includes\b",
    "the environment's read times": r"\ball_docs\b",
    "changes to the found documents": r"found_docs\.(?:add|discard|remove|update|clear)\b",
    "Sphinx's registry": r"\bregistry\.",
    "Sphinx's log handlers": r"\.handlers\b",
    "Sphinx's lexer tables": r"\blexer_classes\b|\bhighlighting\.lexers\b",
    "MyST's render_initialise": r"\b_render_initialise\b",
    "MyST's internal modules": (
        r"from myst_parser\.(?:config|warnings_|mdit_to_docutils|parsers\.(?:mdit|directives))"
    ),
    "the PyData theme's sidebar function": r"generate_toctree_html",
    "python-liquid's lexer internals": r"\b_tokenize_template\b|from liquid\.lex\b",
    "the environment's per-document scratch data": r"\btemp_data\b",
    "MyST's settings on the environment": r"\bmyst_config\b",
}

#: Caches of pure functions (same arguments, same answer, no file read):
#: memory, not state. Anything else cached at module level is state.
PURE_CACHES = {
    ("jekyll/excerpts.py", "_markdown"),
    ("jekyll/excerpts.py", "excerpt_text"),
    ("jekyll/excerpts.py", "html_excerpt_text"),
    ("jekyll/folders.py", "_exclusion"),
    ("readingtime.py", "_cjk"),
    ("presentation.py", "format_post_date"),
}
_MUTABLE_CALLS = {"dict", "set", "list", "defaultdict", "OrderedDict", "deque", "Counter"}


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("what", sorted(PRIVATE))
def test_what_is_not_public_api_is_used_only_in_compat(what):
    pattern = re.compile(PRIVATE[what])
    found = [
        f"{_relative(path)}:{number}: {line.strip()}"
        for path in MODULES
        if COMPAT not in path.parents
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, f"{what} used outside _compat:\n" + "\n".join(found)


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.Set, ast.List, ast.DictComp, ast.SetComp, ast.ListComp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.id if isinstance(value.func, ast.Name) else None
        name = value.func.attr if isinstance(value.func, ast.Attribute) else name
        return name in _MUTABLE_CALLS
    return False


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def test_no_module_keeps_mutable_state():
    found = []
    for path in MODULES:
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            mutable = isinstance(node, (ast.Assign, ast.AnnAssign)) and _mutable(node.value)
            if mutable and "__all__" not in ast.unparse(node):
                found.append(f"{_relative(path)}:{node.lineno}: {ast.unparse(node)[:60]}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cached = any(
                    _decorator_name(d) in {"cache", "lru_cache"} for d in node.decorator_list
                )
                if cached and (_relative(path), node.name) not in PURE_CACHES:
                    found.append(f"{_relative(path)}:{node.lineno}: cached {node.name}()")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{_relative(path)}:{node.lineno}: global {', '.join(node.names)}")
    assert not found, "module-level mutable state:\n" + "\n".join(found)


def test_no_module_is_much_longer_than_500_lines():
    long = {
        _relative(path): count
        for path in MODULES
        if (count := len(path.read_text("utf-8").splitlines())) > 520
    }
    assert not long, f"split these modules by concern: {long}"


def test_the_sphinx_free_core_imports_no_sphinx():
    for path in sorted((PACKAGE / "jekyll").rglob("*.py")):
        imports = re.findall(
            r"^\s*(?:from|import) ((?:sphinx|docutils|myst_parser)\b\S*)",
            path.read_text("utf-8"),
            re.MULTILINE,
        )
        assert not imports, f"{_relative(path)} imports {imports}"


def test_every_compat_function_and_class_has_a_test():
    """What ``_compat`` offers is named in a ``tests/test_compat*.py`` test, so
    that a release changing what it relies on fails a test that says so."""
    tests = "\n".join(p.read_text("utf-8") for p in Path(__file__).parent.glob("test_compat*.py"))
    untested = []
    for module in sorted(COMPAT.glob("*.py")):
        tree = ast.parse(module.read_text("utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.ClassDef) or node.name.startswith("_"):
                continue
            typing_only = isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "Protocol" for base in node.bases
            )
            if not typing_only and not re.search(rf"\b{re.escape(node.name)}\b", tests):
                untested.append(f"{module.name}:{node.name}")
    assert not untested, untested
