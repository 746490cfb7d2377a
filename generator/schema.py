"""A declarative schema for editors' YAML: claims, site config, source front matter.

Each `Field` names its type and carries a one-line doc (shown by `factcheck
schema`-style help and in error messages). Validation walks the composed YAML
node tree so every diagnostic has a line and column; unknown keys are reported
with a did-you-mean, as an error or a warning depending on the schema.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from .diagnostics import Diagnostic, describe_char, did_you_mean, quoted
from .yamldoc import describe, position

# Always used with fullmatch (with match, `$` lets a final newline through: "id\n");
# \Z makes even a match whole.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ID_RULE = "lowercase letters, digits and single hyphens, e.g. 'uk-japan-pact'"
MAX_ID_LENGTH = 200  # an id names a folder of the site: file systems allow 255 bytes a name

# A BCP 47 language tag, language[-script][-region][-variant...]: 'en', 'en-GB', 'pt-BR',
# 'zh-Hant-TW', 'sr-Latn', 'es-419', 'de-CH-1996'. It goes into every page's lang, the feed,
# and the search index's folder names: nothing else may pass.
LANGUAGE_PATTERN = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3})){0,3}")

# Characters no page or feed may carry: those XML 1.0 forbids (controls other than tab,
# line feed and carriage return; lone surrogates; U+FFFE, U+FFFF), the C1 controls and
# DEL, which HTML forbids in text, and a carriage return (files' line endings are made \n
# when read: one is left only by a YAML escape, "\r"). One in a claim made feed.xml
# ill-formed; a lone surrogate (a YAML escape, "\ud800") could not even be written as UTF-8.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def forbidden_char(char: str) -> str:
    """Why `char` (a match of FORBIDDEN_CHARS) is refused, and what to do."""
    return f"{describe_char(char)}, a character the site cannot publish; remove it"


# A date, or an RFC 3339 date-time: 2024-03-05, 2024-03-05T14:22:00Z, 2024-03-05T14:22:00+01:00
# (a space for the T, and no zone, as CMSs also export them: such a time is in site.yaml's timezone).
DATETIME_PATTERN = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?")

FieldType = Literal[
    "text", "markdown", "date", "datetime", "url", "id", "language", "number", "bool", "text-list", "id-list", "mapping",
    "mapping-list", "id-map"
]


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    doc: str
    required: bool = False
    schema: "Schema | None" = None  # for mapping, mapping-list and id-map values
    choices: tuple[str, ...] = ()  # allowed values of a text field
    alias_of: str | None = None  # another name for that key (as CMSs write it): its value is that key's


@dataclass(frozen=True)
class Schema:
    name: str
    fields: tuple[Field, ...]
    unknown_keys: Literal["error", "warning"] = "error"
    strict_unknown_keys: bool = True  # whether --strict makes an unknown key's warning an error

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Located:
    """A validated value and where it was written."""

    value: Any
    line: int
    column: int


@dataclass
class Validator:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, node: yaml.Node, message: str, severity: str = "error", strict: bool = True) -> None:
        line, column = position(node)
        self.diagnostics.append(Diagnostic(self.path, line, column, severity, message, strict))  # type: ignore[arg-type]

    def mapping(self, node: yaml.Node, schema: Schema, where: str) -> dict[str, Located] | None:
        """Validate a mapping node against `schema`; None when it is not a mapping."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{where} must be a mapping of keys to values, got {describe(node)}")
            return None
        result: dict[str, Located] = {}
        seen: set[str] = set()
        written: dict[str, str] = {}  # a key's name as written: the key itself or an alias
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.report(key_node, f"{where}: keys must be plain names, got {describe(key_node)}")
                continue
            if key in seen:
                self.report(key_node, f'{where}: duplicate key {quoted(key)}; keep only one')
                continue
            seen.add(key)
            spec = schema.field(key)
            if spec is None:
                hint = did_you_mean(key, (f.name for f in schema.fields))
                known = ", ".join(f.name for f in schema.fields)
                action = "remove it or rename it" if not hint else "rename it"
                self.report(
                    key_node,
                    f'unknown key {quoted(key)} in {where}{hint}; {action} (known keys: {known})',
                    schema.unknown_keys,
                    schema.strict_unknown_keys,
                )
                continue
            name = spec.alias_of or key
            if name in written:
                self.report(key_node, f'{where}: {quoted(key)} and {quoted(written[name])} are the same key'
                                      f' ({quoted(name)}); keep only one')
                continue
            written[name] = key
            value = self.value(value_node, schema.field(name) if spec.alias_of else spec, f"{key} of {where}")
            if value is not None:
                line, column = position(value_node)
                result[name] = Located(value, line, column)
        for spec in schema.fields:
            if spec.required and spec.name not in result and spec.name not in written:
                self.report(node, f'{where} is missing required key "{spec.name}" ({spec.doc})')
        return result

    def value(self, node: yaml.Node, spec: Field, where: str) -> Any:  # noqa: C901 - one branch per type
        kind = spec.type
        if kind in ("text", "markdown", "date", "datetime", "url", "id", "language", "number", "bool"):
            if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
                if spec.required or not (isinstance(node, yaml.ScalarNode)):
                    self.report(node, f"{where} must be {_expect(spec)}, got {describe(node)}")
                return None
            return self.scalar(node, spec, where)
        if kind in ("text-list", "id-list"):
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
                return ()
            if not isinstance(node, yaml.SequenceNode):
                self.report(node, f"{where} must be a list, e.g. [a, b], got {describe(node)}")
                return None
            item_spec = Field(spec.name, "id" if kind == "id-list" else "text", spec.doc)
            items = []
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or item.tag.endswith(":null"):
                    self.report(item, f"each item of {where} must be {_expect(item_spec)}, got {describe(item)}")
                    continue
                value = self.scalar(item, item_spec, f"an item of {where}")
                if value is not None:
                    line, column = position(item)
                    items.append(Located(value, line, column))
            return tuple(items)
        if kind == "mapping":
            assert spec.schema is not None
            return self.mapping(node, spec.schema, spec.schema.name)
        if kind == "mapping-list":
            assert spec.schema is not None
            if not isinstance(node, yaml.SequenceNode):
                self.report(node, f"{where} must be a list, got {describe(node)}")
                return None
            entries = []
            for number, item in enumerate(node.value, start=1):
                entry = self.mapping(item, spec.schema, _entry_label(item, spec.schema.name, number))
                if entry is not None:
                    line, column = position(item)
                    entries.append(Located(entry, line, column))
            return tuple(entries)
        if kind == "id-map":
            assert spec.schema is not None
            if not isinstance(node, yaml.MappingNode):
                self.report(node, f"{where} must be a mapping from source id to an entry, got {describe(node)}")
                return None
            entries: dict[str, Located] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node, Field("key", "id", "id"), f"a key of {where}") if isinstance(
                    key_node, yaml.ScalarNode
                ) else None
                if key is None:
                    continue
                if key in entries:
                    self.report(key_node, f'duplicate key {quoted(key)} in {where}; keep only one')
                    continue
                entry = self.mapping(value_node, spec.schema, f'{spec.schema.name} for {quoted(key)} in {where}')
                if entry is not None:
                    line, column = position(key_node)
                    entries[key] = Located(entry, line, column)
            return entries
        raise AssertionError(f"unknown field type {kind}")

    def scalar(self, node: yaml.ScalarNode, spec: Field, where: str) -> Any:
        text = node.value
        kind = spec.type
        bad = FORBIDDEN_CHARS.search(text)  # written as a YAML escape: the file itself was checked
        if bad:
            self.report(node, f"{where} holds {forbidden_char(bad.group())}")
            return None
        if kind in ("text", "markdown"):
            if not text.strip():
                self.report(node, f"{where} is empty; write {_expect(spec)} or remove the key")
                return None
            if spec.choices and text not in spec.choices:
                hint = did_you_mean(text, spec.choices)
                self.report(node, f'{where} is {quoted(text)}{hint}; use one of: {", ".join(spec.choices)}')
                return None
            return text
        if kind == "id":
            if not ID_PATTERN.fullmatch(text):
                self.report(node, f'{where} is {quoted(text)}, not a valid id: use {ID_RULE}')
                return None
            if len(text) > MAX_ID_LENGTH:
                self.report(node, f"{where} is {len(text)} characters long; an id has at most {MAX_ID_LENGTH}")
                return None
            return text
        if kind == "language":
            if not LANGUAGE_PATTERN.fullmatch(text):
                self.report(node, f"{where} is {quoted(text)}, not a language code: write a BCP 47 code"
                                  " such as en, en-GB or pt-BR")
                return None
            return text
        if kind == "date":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.report(node, f'{where} is {quoted(text)}, not a date: write it as YYYY-MM-DD, e.g. 2023-01-11')
                return None
        if kind == "datetime":
            value = parse_datetime(text)
            if value is None:
                self.report(node, f'{where} is {quoted(text)}, not a date or date-time: write it as YYYY-MM-DD,'
                                  ' e.g. 2023-01-11, or as an RFC 3339 date-time, e.g. 2023-01-11T14:22:00Z'
                                  ' or 2023-01-11T14:22:00+01:00')
            return value
        if kind == "url":
            problem = url_problem(text)
            if problem:
                self.report(node, f"{where} is {quoted(text)}, not a web address: {problem}")
                return None
            return text
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                self.report(node, f'{where} is {quoted(text)}, not a number')
                return None
            if not math.isfinite(number):  # 'nan', 'inf', 1e999: JSON-LD and the matcher need a number
                self.report(node, f"{where} is {quoted(text)}, not a finite number")
                return None
            return int(number) if number.is_integer() and "." not in text else number
        if kind == "bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "on"):
                return True
            if lowered in ("false", "no", "off"):
                return False
            self.report(node, f'{where} is {quoted(text)}, not true or false')
            return None
        raise AssertionError(kind)


def parse_datetime(text: str) -> dt.date | dt.datetime | None:
    """A date (dt.date), a date-time (dt.datetime: with its zone when written with one,
    naive when not), or None for anything else."""
    if not DATETIME_PATTERN.fullmatch(text):
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:  # 2023-02-30, 25:00
        return None


def local_date(value: dt.date | dt.datetime | None, zone: dt.tzinfo) -> dt.date | None:
    """The date a date or date-time falls on in `zone` (a date-time with no zone is in it)."""
    if not isinstance(value, dt.datetime):
        return value
    return (value if value.tzinfo is None else value.astimezone(zone)).date()


# what RFC 3986 leaves out of a URL, besides spaces and control characters
_NOT_IN_URLS = frozenset('<>"\\^`{|}')


def url_problem(text: str) -> str | None:
    """What keeps `text` from being a web address, parsed whole; None for a good one.

    (Checking a prefix let 'https://x.org/ \nDisallow: /' through into robots.txt.)"""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as exc:  # 'Invalid IPv6 URL'
        return f"it does not parse ({exc}); write a full http:// or https:// URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "write a full http:// or https:// URL"
    bad = next((c for c in text if c.isspace() or c in _NOT_IN_URLS or unicodedata.category(c)[0] == "C"), None)
    if bad is not None:
        what = "a space" if bad == " " else f"'{bad}'" if bad in _NOT_IN_URLS else describe_char(bad)
        return f"it holds {what}, which a URL cannot; remove it or percent-encode it"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return "its port is not a number from 0 to 65535"
    return None


def _entry_label(node: yaml.Node, kind: str, number: int) -> str:
    """'claim "some-id"' when the entry has an id (or key), else 'claim #3'."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if (key_node.value in ("id", "key") and isinstance(value_node, yaml.ScalarNode)
                    and ID_PATTERN.fullmatch(value_node.value)):
                return f'{kind} {quoted(value_node.value)}'
    return f"{kind} #{number}"


def _expect(spec: Field) -> str:
    return {
        "text": "text",
        "markdown": "Markdown text",
        "date": "a date (YYYY-MM-DD)",
        "datetime": "a date (YYYY-MM-DD) or an RFC 3339 date-time (2023-01-11T14:22:00Z)",
        "url": "a URL",
        "id": f"an id ({ID_RULE})",
        "language": "a language code (BCP 47, e.g. en-GB)",
        "number": "a number",
        "bool": "true or false",
    }.get(spec.type, spec.type)


# --- The schemas -----------------------------------------------------------------

STANCE_ENTRY = Schema(
    "ruling",
    (
        Field("stance", "text", "the editor's ruling: agrees, differs or silent", required=True,
              choices=("agrees", "differs", "silent")),
        Field("quote", "text", "the passage of the source that proves the ruling, copied from its text (runs of"
              " whitespace and curly or straight quotes may differ): shown as the evidence; one not in the source"
              " is an error naming the closest passage"),
        Field("note", "markdown", "why the editor ruled so; shown with the ruling"),
    ),
)

CORRECTION = Schema(
    "correction",
    (
        Field("date", "datetime", "when the correction was made: a date (YYYY-MM-DD) or an RFC 3339 date-time,"
              " as published", required=True),
        Field("note", "markdown", "what was corrected and how, in Markdown", required=True),
    ),
)

CLAIM = Schema(
    "claim",
    (
        Field("id", "id", "the claim's id; becomes its URL /claims/<id>/", required=True),
        Field("claim", "text", "the statement being checked", required=True),
        Field("claimant", "text", "who made the claim"),
        Field("claim_date", "date", "when the claim was made (YYYY-MM-DD)"),
        Field("appearance", "url", "where the claim was made (a URL)"),
        Field("verdict", "text", "a key of the rating scale in site.yaml, e.g. mostly-true"),
        Field("summary", "markdown", "the editor's explanation, in Markdown"),
        Field("tags", "text-list", "topics, e.g. [defence, japan]"),
        Field("look_for", "text-list", "extra phrasings to search the sources for"),
        Field("sources", "id-list", "the source ids to check (default: all sources)"),
        Field("stances", "id-map", "the editor's ruling per source id, overriding the automatic one",
              schema=STANCE_ENTRY),
        Field("published", "datetime", "when this fact-check was published: a date (YYYY-MM-DD) or an RFC 3339"
              " date-time (2023-01-11T14:22:00Z, with an offset or Z; without one, in the site's timezone);"
              " shown as its date in the site's timezone"),
        Field("updated", "datetime", "when this fact-check was last updated: a date or an RFC 3339 date-time,"
              " as published"),
        Field("draft", "bool", "true: not published (factcheck build --drafts and serve show it, marked)"),
        Field("corrections", "mapping-list", "corrections of the published fact-check, each {date, note}: shown,"
              " dated, at the top of its page and in the feed; the latest moves its dateModified and the"
              " feed's updated", schema=CORRECTION),
    ),
)

CLAIMS_FILE = Schema(
    "claims file",
    (Field("claims", "mapping-list", "the list of claims", required=True, schema=CLAIM),),
)

SOURCE_FRONT_MATTER = Schema(
    "source front matter",
    (
        Field("title", "text", "the article's headline", required=True),
        Field("outlet", "text", "the publication, e.g. Associated Press"),
        Field("author", "text", "the byline"),
        Field("published", "datetime", "publication date: a date (YYYY-MM-DD) or an RFC 3339 date-time"
              " (2023-01-11T14:22:00Z, with an offset or Z; without one, in the site's timezone); shown, and read"
              " by the matcher, as its date in the site's timezone"),
        Field("date", "datetime", "the publication date as CMSs name it: the same as published", alias_of="published"),
        Field("url", "url", "the article's address on the publisher's site"),
        Field("canonical_url", "url", "the article's address as CMSs name it: the same as url", alias_of="url"),
        Field("language", "language", "the article's language, a BCP 47 code, e.g. en or pt-BR"),
        Field("description", "text", "the article's standfirst or summary, as its CMS gave it"),
        Field("tags", "text-list", "the article's topics, as its CMS gave them (the site's topics are claims' tags)"),
        Field("draft", "bool", "true: not published, nor checked against claims (build --drafts and serve show"
              " it, marked)"),
    ),
    unknown_keys="warning",  # imported articles carry extra metadata
    strict_unknown_keys=False,  # ... which must not fail a --strict build (netlify.toml's)
)

PUBLISHER = Schema(
    "publisher",
    (
        Field("name", "text", "the fact-check desk's name", required=True),
        Field("url", "url", "the desk's home page"),
        Field("logo", "url", "an image URL of the desk's logo"),
    ),
)

RATING = Schema(
    "rating",
    (
        Field("key", "id", "the verdict key used in claims, e.g. mostly-true", required=True),
        Field("label", "text", "what readers see, e.g. Mostly true", required=True),
        Field("value", "number", "the numeric rating for ClaimReview (higher is truer); leave it out for a rating"
              " off the scale, such as Unproven: its ClaimReview gives its name and no number, and the scale's"
              " best and worst ratings are those of the rated values"),
        Field("description", "text", "what this rating means, shown on the ratings page"),
    ),
)


SEARCH = Schema(
    "search settings",
    (
        Field("full_text", "bool",
              "index the full text of sources (default true); false indexes a source by its title, outlet "
              "and the claims it bears on: on archives of thousands of articles, about 3x faster to index "
              "in a quarter of the memory"),
    ),
)


def matching_schema() -> Schema:
    """The `matching:` section: one key per MatchSettings field, typed from the dataclass."""
    import dataclasses
    import typing

    from .matching import MatchSettings

    hints = typing.get_type_hints(MatchSettings)
    fields = []
    for spec in dataclasses.fields(MatchSettings):
        kind: FieldType = "bool" if hints[spec.name] is bool else "number"
        fields.append(Field(spec.name, kind, f"matcher setting (default {spec.default!r})"))
    return Schema("matching settings", tuple(fields))


def site_schema() -> Schema:
    return Schema(
        "site config",
        (
            Field("title", "text", "the site's name", required=True),
            Field("description", "text", "one sentence about the site, for the home page and feeds"),
            Field("base_url", "url", "where the site is published, e.g. https://factcheck.example.org/",
                  required=True),
            Field("language", "language", "the site's language, a BCP 47 code, e.g. en, en-GB or pt-BR"),
            Field("publisher", "mapping", "who publishes the fact-checks", schema=PUBLISHER),
            Field("ratings", "mapping-list", "the rating scale for verdicts, truest first", schema=RATING),
            Field("matching", "mapping", "matcher thresholds", schema=matching_schema()),
            Field("search", "mapping", "the search index", schema=SEARCH),
            Field("timezone", "text",
                  "the site's timezone, an IANA name such as Europe/London or America/New_York (default UTC):"
                  " date-times are shown as their date there, and the build's publication date is today there"),
            Field("unreviewed", "text",
                  "what readers see of automatic stances no editor has reviewed (factcheck review lists them):"
                  " all (the default), confident (only those whose confidence is at least confident_above) or"
                  " none; a stance kept back is shown as not yet reviewed, and counted as silent;"
                  " crossref.json always has them all", choices=("all", "confident", "none")),
            Field("confident_above", "number",
                  "with unreviewed: confident, the confidence (0 to 1, default 0.8) from which an automatic stance"
                  " is shown unreviewed; factcheck check also reads an automatic stance this confident as"
                  " contradicting a verdict"),
            Field("max_source_bytes", "number",
                  "the largest source file read, in bytes (default 2000000, 2 MB): a larger one is an error "
                  "naming it, as matching it and its page grow with its length"),
        ),
    )


# --- JSON Schema, for editors' IDEs (`factcheck schema`) -----------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _json_pattern(pattern: re.Pattern) -> str:
    """A Python pattern used with fullmatch, as a JSON Schema (ECMA-262) pattern: anchored."""
    return "^(?:" + pattern.pattern.removesuffix(r"\Z") + ")$"


def _json_field(spec: Field) -> dict:
    """The JSON Schema of one field's value (as YAML reads it with dates kept as text, as
    the yaml-language-server does)."""
    kind = spec.type
    if kind in ("text", "markdown"):
        schema: dict = {"type": "string", "pattern": r"\S"}
        if spec.choices:
            schema = {"enum": list(spec.choices)}
    elif kind == "date":
        schema = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif kind == "datetime":
        schema = {"type": "string", "pattern": _json_pattern(DATETIME_PATTERN)}
    elif kind == "url":
        schema = {"type": "string", "format": "uri", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"\\^`{|}]+$"}
    elif kind == "id":
        schema = {"type": "string", "pattern": _json_pattern(ID_PATTERN), "maxLength": MAX_ID_LENGTH}
    elif kind == "language":
        schema = {"type": "string", "pattern": _json_pattern(LANGUAGE_PATTERN)}
    elif kind == "number":
        schema = {"type": "number"}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind in ("text-list", "id-list"):
        item = _json_field(Field(spec.name, "id" if kind == "id-list" else "text", spec.doc))
        schema = {"type": ["array", "null"], "items": item}
    elif kind == "mapping":
        schema = json_schema_of(spec.schema)  # type: ignore[arg-type]
    elif kind == "mapping-list":
        schema = {"type": "array", "items": json_schema_of(spec.schema)}  # type: ignore[arg-type]
    elif kind == "id-map":
        schema = {"type": "object", "propertyNames": _json_field(Field("key", "id", "id")),
                  "additionalProperties": json_schema_of(spec.schema)}  # type: ignore[arg-type]
    else:
        raise AssertionError(kind)
    if not spec.required and kind in _SCALAR_TYPES:  # the checker reads `key:` (null) as the key left out
        if "enum" in schema:
            schema["enum"].append(None)
        else:
            schema["type"] = [schema["type"], "null"]
    return {"description": spec.doc, **schema}


_SCALAR_TYPES = ("text", "markdown", "date", "datetime", "url", "id", "language", "number", "bool")


def json_schema_of(schema: Schema) -> dict:
    """A Schema as a JSON Schema object: its fields, the required ones, and unknown keys
    refused where the checker makes them errors (allowed where it only warns)."""
    properties = {spec.name: _json_field(spec) for spec in schema.fields}
    result: dict = {"type": "object", "title": schema.name, "properties": properties,
                    "additionalProperties": schema.unknown_keys == "warning"}
    required = [spec.name for spec in schema.fields if spec.required]
    if required:
        result["required"] = required
    aliases = [(spec.name, spec.alias_of) for spec in schema.fields if spec.alias_of]
    if aliases:  # a key and its other name are one key: never both
        result["not"] = {"anyOf": [{"required": [alias, name]} for alias, name in aliases]}
    return result


# the files `factcheck schema` writes, each with the schema of what it describes
JSON_SCHEMA_FILES = {
    "claims.schema.json": ("a claims file (claims.yaml, claims/*.yaml)", lambda: CLAIMS_FILE),
    "site.schema.json": ("the site config (site.yaml)", site_schema),
    "source.schema.json": ("a source's front matter (sources/*.md)", lambda: SOURCE_FRONT_MATTER),
}


def json_schemas() -> dict[str, dict]:
    """Every JSON Schema `factcheck schema` writes, by file name, made from the declarations above."""
    schemas = {}
    for name, (what, make) in JSON_SCHEMA_FILES.items():
        schemas[name] = {"$schema": JSON_SCHEMA_DIALECT, **json_schema_of(make()),
                         "description": f"The factcheck schema of {what}, written by `factcheck schema`."}
    return schemas
