"""Load a YAML mapping safely and boundedly: standard tags only, no alias bombs, limited size and depth.

Every node is counted while it is composed: an alias is charged the full (expanded) size of the node it
points to, so a "billion laughs" document is refused after a few hundred small nodes, before anything
walks the expansion. The composer is PyYAML's own, in Python, so these limits hold; the events it
composes come from libyaml's C parser (several times faster than PyYAML's Python scanner and parser,
and a state machine, so deep nesting cannot exhaust its stack). Where libyaml is missing, or it finds
the text malformed, the pure-Python parser reads it, so messages and lines are PyYAML's in every case.
Before all that, flat front matter (only `key: value` lines of one-line scalars, most posts) is read line
by line with the same resolver and constructors (`_load_flat`), which hands anything else to the above.

Besides the loaded values it returns each top-level value's source text (a scalar's text as written, before YAML typed
it), so `title: 1.10` can be read as "1.10", not 1.1.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from archiver.parse.jsonable import json_key, to_json_value
from archiver.reasons import (
    FRONT_MATTER_NOT_MAPPING,
    FRONT_MATTER_TOO_LARGE,
    MALFORMED_FRONT_MATTER,
    UNSAFE_YAML_TAG,
    YAML_ALIAS_BOMB,
    PostRejected,
)

MAX_YAML_CHARS = 1_000_000
MAX_EXPANDED_NODES = 100_000  # real front matter has tens of nodes
MAX_DEPTH = 64  # also keeps PyYAML's recursive composer/constructor far from Python's recursion limit

NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"  # the `<<` key: flatten_mapping applies it, it has no constructor


class _Refused(Exception):
    def __init__(self, reason: str, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.mark = mark


class _BoundedComposer(Composer):
    """PyYAML's composer that refuses unknown tags and counts nodes, aliases expanded, as it composes."""

    def _start_counting(self) -> None:
        self._expanded = 0  # nodes in the document with every alias expanded, so far
        self._aliases = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) -> expanded size, set once the node is complete

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:  # an undefined alias is left to PyYAML's own error
                size = self._sizes.get(id(target))
                if size is None:
                    raise _Refused(
                        YAML_ALIAS_BOMB,
                        f"alias *{event.anchor} refers to a node that contains it",
                        event.start_mark,
                    )
                self._aliases += 1
                self._charge(size, event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _Refused(FRONT_MATTER_TOO_LARGE, f"YAML nested deeper than {MAX_DEPTH} levels", mark)
        before = self._expanded
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._charge(1, node.start_mark)
        self._sizes[id(node)] = self._expanded - before
        if node.tag not in self.yaml_constructors and node.tag != MERGE_TAG:
            raise _Refused(UNSAFE_YAML_TAG, f"YAML tag {node.tag!r} is not a standard safe type", node.start_mark)
        return node

    def _charge(self, nodes: int, mark: yaml.Mark) -> None:
        self._expanded += nodes
        if self._expanded > MAX_EXPANDED_NODES:
            if self._aliases:
                message = f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes"
                raise _Refused(YAML_ALIAS_BOMB, message, mark)
            raise _Refused(FRONT_MATTER_TOO_LARGE, f"YAML has more than {MAX_EXPANDED_NODES} nodes", mark)


def _timestamp_or_text(loader: SafeConstructor, node: ScalarNode) -> Any:
    # PyYAML raises a bare ValueError for timestamp-shaped text that is no date (2021-13-45); keep the text.
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class BoundedSafeLoader(yaml.SafeLoader, _BoundedComposer):
    """The pure-Python reader, scanner and parser under the bounded composer."""

    def __init__(self, stream: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._start_counting()


BoundedSafeLoader.add_constructor(TIMESTAMP_TAG, _timestamp_or_text)

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python loader does all the work
    CParser = None

if CParser is not None:

    class FastBoundedLoader(_BoundedComposer, CParser, SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        """libyaml's events under the bounded composer; construction and tag resolution as SafeLoader's."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._start_counting()

    FastBoundedLoader.add_constructor(TIMESTAMP_TAG, _timestamp_or_text)


def load_yaml_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load YAML that must be a mapping (or empty) -> (JSON-able data, source texts), keys as written.

    `first_line` is the file line of the text's first line, so rejects point at file lines. An empty
    document or a bare `null` is an empty mapping. Raises PostRejected.
    """
    return load_yaml_front(text, first_line)[:2]


def load_yaml_front(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, Any], dict[str, int] | None]:
    """load_yaml_mapping's (data, texts), and each key's file line when the flat reader read it, else None."""
    if len(text) > MAX_YAML_CHARS:
        raise PostRejected(FRONT_MATTER_TOO_LARGE, f"front matter longer than {MAX_YAML_CHARS} characters", first_line)
    flat = _load_flat(text, first_line)
    if flat is not None:
        return flat
    return (*_load_full(text, first_line), None)


def _load_full(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, Any]]:
    if CParser is not None:
        try:
            return _load(FastBoundedLoader(text), text, first_line)
        except PostRejected as rejected:
            if rejected.reason != MALFORMED_FRONT_MATTER:
                raise  # a limit or a tag: refused from the same events the Python parser gives
        except yaml.YAMLError:
            pass
        # libyaml's wording of a syntax error differs from PyYAML's: the Python parser words it.
    return _load(None, text, first_line)


# The flat reader: front matter that is only `key: value` lines, each key a plain word at the line's start and each
# value one scalar wholly on its line (plain, or quoted with no escape), is read line by line with PyYAML's own
# resolver and constructors: the same values as the full path, without its events and nodes. Anything else
# (indents, lists, comments, anchors, tags, escapes, tabs, a value a plain scalar cannot hold...) goes the full way.
_FLAT_LINE = re.compile(
    r"""([A-Za-z_][A-Za-z0-9_-]{0,199}):(?: +(?:"([^"\\]*)"|'([^']*)'|([^ \-?:,\[\]{}#&*!|>'"%@`].*?)))? *"""
)
# Characters either reader refuses or treats apart (controls, tab, CR, NEL, BOM, surrogates, U+2028/9): full path.
_FLAT_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_FLAT_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = SafeConstructor()


def _load_flat(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]] | None:
    """(data, texts, key lines) of flat front matter as the full path gives them, or None: read it fully."""
    if _FLAT_UNSAFE.search(text):
        return None
    data: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    lines: dict[str, int] = {}
    nodes = 1
    constructors = BoundedSafeLoader.yaml_constructors
    for offset, line in enumerate(text.split("\n")):
        if not line:
            continue
        m = _FLAT_LINE.fullmatch(line)
        if m is None:
            return None
        key, double, single, plain = m.groups()
        if double is not None or single is not None:
            value, tag = double if double is not None else single, STR_TAG
        else:
            value = plain or ""
            if ": " in value or value.endswith(":") or " #" in value:
                return None  # a mapping in a mapping, or a comment: the full path says what it is
            tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
            if tag not in _FLAT_TAGS:
                return None
        nodes += 2
        if nodes > MAX_EXPANDED_NODES:
            return None  # the full path refuses it
        if tag == STR_TAG:
            data[key] = texts[key] = value  # construct_yaml_str's value; no NUL or surrogate for _text to mend
        else:
            try:
                loaded = constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
            except Exception:
                return None  # the full path raises the same, with its line
            data[key] = to_json_value(loaded)
            texts[key] = None if tag == NULL_TAG else value
        lines.setdefault(key, first_line + offset)
    if not data:
        return None
    return data, texts, lines


def _load(loader: _BoundedComposer | None, text: str, first_line: int) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        loader = loader or BoundedSafeLoader(text)  # the reader checks every character here, for str input
    except yaml.reader.ReaderError as error:
        raise _unreadable(error, text, first_line) from None
    try:
        root = _compose(loader, text, first_line)
        if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG):
            return {}, {}
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise PostRejected(
                FRONT_MATTER_NOT_MAPPING,
                f"front matter is {kind}, not key: value pairs",
                _line(root, first_line),
            )
        return _construct_top_level(loader, root, first_line)
    finally:
        loader.dispose()


def _compose(loader: BoundedSafeLoader, text: str, first_line: int) -> Node | None:
    try:
        return loader.get_single_node()
    except _Refused as refused:
        line = first_line + refused.mark.line if refused.mark is not None else None
        raise PostRejected(refused.reason, refused.message, line) from None
    except yaml.MarkedYAMLError as error:
        raise _malformed(error, first_line, text) from None
    except yaml.reader.ReaderError as error:
        raise _unreadable(error, text, first_line) from None
    except yaml.YAMLError as error:
        raise PostRejected(MALFORMED_FRONT_MATTER, f"invalid YAML front matter: {error}", None) from None


def _construct_top_level(
    loader: BoundedSafeLoader, root: MappingNode, first_line: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    data: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    current: Node = root
    try:
        loader.flatten_mapping(root)  # applies `<<: *base` merge keys, as construct_mapping would
        for key_node, value_node in root.value:
            current = value_node
            key = _key_text(loader, key_node)
            data[key] = to_json_value(loader.construct_object(value_node, deep=True))
            texts[key] = to_json_value(source_text(value_node))  # text as written, but all characters
    except yaml.MarkedYAMLError as error:
        raise _malformed(error, first_line) from None
    except (ValueError, TypeError, OverflowError) as error:
        # PyYAML's scalar constructors raise these for e.g. `!!int abc`
        message = f"invalid YAML front matter value: {error}"
        raise PostRejected(MALFORMED_FRONT_MATTER, message, _line(current, first_line)) from None
    return data, texts


def _key_text(loader: BoundedSafeLoader, node: Node) -> str:
    if isinstance(node, ScalarNode):
        return json_key(node.value)  # `2021:` or `true:` stay as written, not 2021 / True
    return json_key(loader.construct_object(node, deep=True))


def source_text(node: Node) -> Any:
    """A node as its source text: scalars as written (null -> None), sequences as lists, mappings None."""
    if isinstance(node, ScalarNode):
        return None if node.tag == NULL_TAG else node.value.replace("\x00", "")
    if isinstance(node, SequenceNode):
        return [source_text(child) for child in node.value]
    return None


def _line(node: Node, first_line: int) -> int:
    return first_line + node.start_mark.line


def _unreadable(error: yaml.reader.ReaderError, text: str, first_line: int) -> PostRejected:
    line = first_line + text.count("\n", 0, error.position)
    char = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
    message = f"invalid YAML front matter: control character {char} is not allowed"
    return PostRejected(MALFORMED_FRONT_MATTER, message, line)


def _malformed(error: yaml.MarkedYAMLError, first_line: int, text: str = "") -> PostRejected:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and "end of stream" in (error.problem or ""):
        # A quote or bracket never closed is noticed only at the end of the front matter; the line to fix
        # is the one that opened it (`title: "…` on line 2, not the closing `---`).
        mark = error.context_mark
    line = first_line + mark.line if mark is not None else None
    parts = [part for part in (error.context, error.problem) if part]
    message = "invalid YAML front matter: " + ", ".join(parts)
    if mark is not None and (opened := _unclosed_quote_before(text, mark.line)) is not None and opened < mark.line:
        # A later quote closed it (`title: "abc` … `tags: "y"`): YAML stumbles lines below the real mistake.
        line = first_line + opened
        message += f" (the quote opened on line {line} is not closed on its line)"
    return PostRejected(MALFORMED_FRONT_MATTER, message, line)


# `key: "value` or `key: 'value`: a quoted value that does not end with its quote on the same line.
_OPENED_QUOTE = re.compile(r"""^\s*[^\s#:][^:]*:\s+(["'])(.*?)\s*(?:#.*)?$""")


def _unclosed_quote_before(text: str, last: int) -> int | None:
    """The first line (0-based) up to `last` whose value opens a quote it does not close, if one does."""
    for number, line in enumerate(text.splitlines()[: last + 1]):
        m = _OPENED_QUOTE.match(line)
        if m and not (m.group(2).endswith(m.group(1)) and not m.group(2).endswith("\\" + m.group(1))):
            return number
    return None
