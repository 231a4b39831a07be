"""Languages are data, one generic reader (issue 21): the rule modules carry no language of their own.

Scanned: every module of the agent outside ``languages/`` and the client router's rule module. Each must hold
no CJK character (in code, strings or comments), no boolean language branch (``if zh``, ``x if zh else y``,
``… if chinese else …``, a ``zh``/``chinese`` parameter) and no call of a script check; every language file
must define the same reply templates, phrases, feature names and data items (a missing Chinese template
fails here), and no template may ask for a field the rules do not give.
"""

from __future__ import annotations

import ast
import io
import re
import string
import tokenize
from pathlib import Path
from types import ModuleType

import pytest
from nemo_widgets.local.agent import languages as agent_languages
from nemo_widgets.protocol import route_words

ROOT = Path(__file__).resolve().parents[3] / "nemo_widgets"
RULE_MODULES = [
    *sorted(p for p in (ROOT / "local" / "agent").rglob("*.py") if "languages" not in p.relative_to(ROOT).parts),
    ROOT / "protocol" / "intents.py",
]
#: CJK ideographs, their punctuation and the full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LANGUAGE_FLAGS = {"zh", "chinese", "is_zh", "is_chinese", "english"}


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_scan_finds_the_rule_modules() -> None:
    names = {p.name for p in RULE_MODULES}
    assert {"grammar.py", "editor.py", "replies.py", "structure.py", "intents.py", "spans.py"} <= names


@pytest.mark.parametrize("path", RULE_MODULES, ids=_ids(RULE_MODULES))
def test_a_rule_module_has_no_cjk_character(path: Path) -> None:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    found = [(t.start[0], t.string) for t in tokens if CJK.search(t.string)]
    assert found == [], f"{path.name}: language text belongs in a language module: {found[:5]}"


def _flag(node: ast.AST) -> str | None:
    """The language flag a test reads (``zh``, ``work.zh``, ``not chinese``), else None."""
    if isinstance(node, ast.UnaryOp):
        return _flag(node.operand)
    if isinstance(node, ast.Name) and node.id.lower() in LANGUAGE_FLAGS:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr.lower() in LANGUAGE_FLAGS:
        return node.attr
    if isinstance(node, ast.Call) and _flag(node.func):  # is_chinese(text)
        return _flag(node.func)
    return None


@pytest.mark.parametrize("path", RULE_MODULES, ids=_ids(RULE_MODULES))
def test_a_rule_module_has_no_language_branch(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    branches = [
        (node.lineno, _flag(node.test))
        for node in ast.walk(tree)
        if isinstance(node, (ast.If, ast.IfExp, ast.While)) and _flag(node.test)
    ]
    params = [
        (node.lineno, arg.arg)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for arg in (*node.args.args, *node.args.kwonlyargs)
        if arg.arg.lower() in LANGUAGE_FLAGS
    ]
    calls = [
        (node.lineno, _flag(node.func)) for node in ast.walk(tree) if isinstance(node, ast.Call) and _flag(node.func)
    ]
    assert (branches, params, calls) == ([], [], []), f"{path.name}: read the Language object instead"


def test_the_scan_fails_on_what_it_looks_for() -> None:
    """The checks above, on a rule written the old way: each one finds it."""
    old = 'def reply(zh: bool) -> str:\n    return "好的" if zh else "OK"\n'
    tree = ast.parse(old)
    assert any(isinstance(n, ast.IfExp) and _flag(n.test) for n in ast.walk(tree))
    assert CJK.search(old)


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


AGENT = agent_languages.LANGUAGES
KEYED = ("REPLIES", "PHRASES", "FEATURE_NAMES", "ABILITIES", "NOUNS", "LISTS", "TOPICS")


@pytest.mark.parametrize("item", KEYED)
def test_every_agent_language_defines_the_same_keys(item: str) -> None:
    first, *others = AGENT
    for lang in others:
        missing = set(getattr(first, item)) ^ set(getattr(lang, item))
        assert missing == set(), f"{lang.NAME}.{item} and {first.NAME}.{item} differ: {sorted(missing)}"


@pytest.mark.parametrize("item", ("REPLIES", "PHRASES"))
def test_no_template_asks_for_a_field_the_rules_do_not_give(item: str) -> None:
    """The rules fill a template the same way in every language (English's fields): another language may say
    less ("the export" has no format noun in Chinese), never more."""
    english, *others = AGENT
    for key, template in getattr(english, item).items():
        for lang in others:
            assert _fields(getattr(lang, item)[key]) <= _fields(template), (lang.NAME, key)


def test_every_word_notion_a_rule_reads_is_said_by_some_language() -> None:
    used = set()
    for path in RULE_MODULES:
        used |= set(re.findall(r"\bwords\(\"(\w+)\"\)", path.read_text(encoding="utf-8")))
    said = {name for lang in AGENT for name in lang.WORDS}
    assert used and used <= said, sorted(used - said)


def _same_names(modules: tuple[ModuleType, ...]) -> list[str]:
    names = [{n for n in vars(m) if n.isupper() and not n.startswith("_")} for m in modules]
    every, common = set().union(*names), names[0].intersection(*names[1:])
    return sorted(every - common)


def test_every_language_module_defines_the_same_data_items() -> None:
    assert _same_names(AGENT) == []
    assert _same_names(route_words.LANGUAGES) == []


def test_the_router_builds_one_branch_per_language() -> None:
    for name in ("EXPORT", "EDIT", "STATE", "UPLOAD"):
        assert route_words.keywords(name).pattern.count("(?:") >= len(route_words.LANGUAGES)
    both = route_words.pattern("not_export")
    assert both.startswith("(?:(?:") and all(
        p in both for p in (lang.PATTERNS["not_export"] for lang in route_words.LANGUAGES)
    )
