"""Decoded file text → articles (normalised text + title, date, url, source) per input format.

Bad records inside a .json array or a .jsonl file do not sink the file: ``parse_records`` returns
the good articles together with one ``Rejected`` (with ``record_no``) per bad record, and
``parse_document`` returns just the good articles (raising only when there is none at all).
Whole-file problems (truncated or invalid JSON, no text) raise ``Rejected('parse', ...)``.

Why one module of ~570 lines: one concern (a decoded file becomes articles), one section per format
(text, Markdown with front matter, HTML, JSON/JSON Lines) plus the bounds that keep hostile input in check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from transforms.ingest.dates import _PATTERNS as _DATE_PATTERNS
from transforms.ingest.dates import find_published_date
from transforms.ingest.errors import Rejected
from transforms.ingest.normalize import normalize_text, scrub_surrogates

FORMATS = ("txt", "md", "markdown", "html", "htm", "json", "jsonl", "ndjson")
TEXT_KEYS = ("text", "body", "content", "article", "fulltext")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "published_at", "publishedAt", "pubDate", "datePublished", "created_at")
URL_KEYS = ("url", "link", "uri")
SOURCE_KEYS = ("source", "publisher", "site", "sitename")

# Parser input is bounded: numbers past this many digits stay strings (Python refuses to convert
# more than 4,300 digits), front matter may hold this many YAML aliases (an alias bomb expands
# exponentially), and metadata date strings longer than this are no dates.
MAX_INT_DIGITS = 1000
MAX_YAML_ALIASES = 16
MAX_DATE_CHARS = 100
# markdown-it stops reading (drops the rest of the document) past maxNesting; commonmark's 20 is
# ten nested lists. Deeper than this, the markdown falls back to line-by-line plain text.
MARKDOWN_MAX_NESTING = 120

MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 20
NO_DATE = "no date field and no date near the top of the text"


@dataclass
class ParsedArticle:
    text: str
    title: str | None = None
    title_source: str | None = None  # 'field' | 'text' | None
    published_at: datetime | None = None  # naive (UTC if a zone was given)
    published_source: str | None = None  # 'field' | 'text' | None
    published_reason: str | None = None  # why published_at is None
    url: str | None = None
    source: str | None = None
    record_no: int | None = None


@dataclass
class ParseResult:
    """Good articles plus the records that were rejected (each with ``record_no``)."""

    articles: list[ParsedArticle] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


# ---------------------------------------------------------------- field helpers


def _clean_line(value: Any) -> str | None:
    """A one-line metadata string (title, url, source) or None."""
    if value is None:
        return None
    if isinstance(value, dict):  # {"source": {"name": "..."}}
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v)
    s = " ".join(normalize_text(str(value)).split())
    return s or None


def _to_naive_utc(dt: datetime) -> datetime | None:
    """Naive UTC; None when the shift to UTC leaves datetime's range (.NET's 0001-01-01T00:00+01:00)."""
    if dt.tzinfo is not None:
        try:
            dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
        except (OverflowError, ValueError):
            return None
    return dt


def parse_date_value(value: Any) -> datetime | None:
    """A metadata date (ISO string, '04.02.2026', 'Feb 4, 2026', epoch seconds/ms) → naive UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _to_naive_utc(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            ts = float(value)
            if ts > 1e11:  # milliseconds
                ts /= 1000.0
            return datetime.fromtimestamp(ts, tz=timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s or len(s) > MAX_DATE_CHARS:
        return None
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)
    try:
        return _to_naive_utc(datetime.fromisoformat(iso))
    except (ValueError, OverflowError):
        pass
    for pat in _DATE_PATTERNS:  # our own month tables: fast and exact for de/en/ru
        m = pat.fullmatch(s) or pat.match(s)
        if m and len(m.group(0)) >= len(s) - 12:
            dt = find_published_date(m.group(0))
            if dt is not None:
                return dt
    import dateparser  # slow import, rarely needed

    try:
        dt = dateparser.parse(
            s,
            languages=["en", "de", "ru"],
            settings={
                "DATE_ORDER": "DMY",
                "TO_TIMEZONE": "UTC",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["month", "year"],
            },
        )
    except (ValueError, OverflowError, RecursionError):  # a hostile string is no date
        return None
    return _to_naive_utc(dt) if dt is not None else None


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = obj.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def _looks_like_date_line(line: str) -> bool:
    for pat in _DATE_PATTERNS:
        m = pat.search(line)
        if m and len(m.group(0)) >= len(line) - 20:
            return True
    return False


def title_from_text(text: str) -> str | None:
    """The first line when it looks like a headline: short, no final period, not a date, and
    followed by a blank line or a body (not by the rest of a hard-wrapped sentence). A dateline
    above it (``Mi. Feb 4th, 2026``) is skipped."""
    first, sep, rest = text.partition("\n")
    if _looks_like_date_line(first.strip()) and rest.strip():
        first, sep, rest = rest.lstrip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if not rest.startswith("\n") and rest.lstrip()[:1].islower():
        return None  # "The minister said that the" + "port would reopen" is one wrapped sentence
    if len(first) > MAX_TITLE_CHARS or len(first.split()) > MAX_TITLE_WORDS:
        return None
    if first[-1] in ".,;:" or sum(ch.isalpha() for ch in first) < 3:
        return None
    if _looks_like_date_line(first):
        return None
    return first


def _dated(article: ParsedArticle, field_value: Any, field_name: str = "date field") -> None:
    """Fill published_* from a metadata value, else from the top of the text, else say why not."""
    dt = parse_date_value(field_value) if field_value is not None else None
    if dt is not None:
        article.published_at, article.published_source = dt, "field"
        return
    dt = find_published_date(article.text)
    if dt is not None:
        article.published_at, article.published_source = dt, "text"
        return
    if field_value is None:
        article.published_reason = f"no {field_name} and no date near the top of the text"
    else:
        article.published_reason = f"{field_name} {str(field_value)[:40]!r} unparseable and no date near the top of the text"


# ---------------------------------------------------------------- formats


def _parse_txt(text: str) -> ParsedArticle:
    body = normalize_text(text)
    if not body:
        raise Rejected("parse", "no_text", "no text after normalisation")
    title = title_from_text(body)
    art = ParsedArticle(text=body, title=title, title_source="text" if title else None)
    _dated(art, None)
    return art


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not m or len(m.group(1)) > 4000:
        return {}, text
    try:
        meta = _bounded_yaml(m.group(1))
    except _YamlBomb:  # front matter, but hostile: dropped, the article itself is kept
        return {}, text.lstrip("\ufeff")[m.end():]
    except Exception:  # noqa: BLE001 - not front matter after all: it stays text
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return {str(k): v for k, v in meta.items()}, text.lstrip("\ufeff")[m.end():]


class _YamlBomb(Exception):
    """Front matter with more aliases than MAX_YAML_ALIASES."""


def _bounded_yaml(source: str) -> Any:
    """``yaml.safe_load`` that refuses more than MAX_YAML_ALIASES aliases (387 bytes of nested
    aliases expand to gigabytes once a value is turned into a string)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        aliases = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_YAML_ALIASES:
                    raise _YamlBomb(f"more than {MAX_YAML_ALIASES} YAML aliases")
            return super().compose_node(parent, index)

    loader = _Loader(source)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_MD_LINE_MARKUP = re.compile(r"^[ \t]*(?:(?:[>*+-]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+|>)*")


def _markdown_lines_text(text: str) -> str:
    """Plain text of markdown too deeply nested for the parser: every line kept, leading list,
    quote and heading markers dropped (no word is lost; some inline markup may stay)."""
    lines = [_MD_LINE_MARKUP.sub("", line).rstrip() for line in text.split("\n")]
    return "\n".join(lines)


def _markdown_to_text(text: str) -> tuple[str, str | None]:
    """Plain text of a markdown document (see ``_markdown_blocks``); markdown nested deeper than
    the parser reads falls back to line-by-line text, so no paragraph is lost."""
    try:
        result = _markdown_blocks(text)
    except RecursionError:
        result = None
    if result is None:
        return _markdown_lines_text(text), None
    return result


def _markdown_blocks(text: str) -> tuple[str, str | None] | None:
    """Plain text of a markdown document (markup dropped, words kept) and its title heading.

    Ordered-list numbers are kept ('4. Februar 2026' is a date, not a list item); soft line
    breaks stay line breaks; blocks are separated by a blank line, list items and table rows by
    a newline. The title is the first level-1 heading, else the first heading.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_MAX_NESTING}).enable("table")
    tokens = md.parse(text)
    if any(tok.level >= MARKDOWN_MAX_NESTING - 2 for tok in tokens):
        return None  # the parser stopped at its nesting limit and dropped the rest
    blocks: list[tuple[str, str]] = []  # (separator before, text)
    row: list[str] | None = None
    list_depth = 0
    prefix = ""
    heading: tuple[int, str] | None = None
    level = 0
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "list_item_open" and tok.info:
            prefix = f"{tok.info}{tok.markup} "
        elif t == "heading_open":
            level = int(tok.tag[1:])
        elif t == "heading_close":
            level = 0
        elif t == "tr_open":
            row = []
        elif t == "tr_close" and row is not None:
            blocks.append(("\n", " | ".join(c for c in row if c)))
            row = None
        elif t == "inline":
            parts: list[str] = []
            for ch in tok.children or []:
                if ch.type in ("text", "code_inline"):
                    parts.append(ch.content)
                elif ch.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif ch.type == "image":
                    parts.append(ch.content)  # alt text
            s = "".join(parts).strip()
            if row is not None:
                row.append(s)
                continue
            if prefix:
                s, prefix = prefix + s, ""
            if level and s and (heading is None or (level == 1 and heading[0] > 1)):
                heading = (level, " ".join(s.split()))
            if s:
                blocks.append(("\n" if list_depth else "\n\n", s))
        elif t in ("fence", "code_block"):
            blocks.append(("\n\n", tok.content.rstrip("\n")))
        elif t == "html_block":
            s = _html_fragment_text(tok.content)
            if s:
                blocks.append(("\n\n", s))
    out: list[str] = []
    prev_sep = "\n\n"
    for sep, s in blocks:
        if out:
            out.append("\n" if sep == "\n" and prev_sep == "\n" else "\n\n")
        out.append(s)
        prev_sep = sep
    return "".join(out), heading[1] if heading else None


def _html_fragment_text(html: str) -> str:
    import lxml.html

    try:
        return " ".join(lxml.html.fromstring(html).text_content().split())
    except Exception:  # noqa: BLE001 - markup we cannot read carries no words we can keep
        return ""


def _parse_md(text: str) -> ParsedArticle:
    meta, body_md = _front_matter(text)
    body, heading = _markdown_to_text(body_md)
    body = normalize_text(body)
    if not body:
        raise Rejected("parse", "no_text", "no text in the markdown after removing markup")
    art = ParsedArticle(text=body, url=_clean_line(_first(meta, URL_KEYS)), source=_clean_line(_first(meta, SOURCE_KEYS)))
    title = _clean_line(_first(meta, TITLE_KEYS))
    if title:
        art.title, art.title_source = title, "field"
    else:
        title = heading or title_from_text(body)
        art.title, art.title_source = title, ("text" if title else None)
    _dated(art, _first(meta, DATE_KEYS), "date in the front matter")
    return art


_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|li|ul|h[1-6]|strong|em|b|i|img|table|article|section)\b[^>]*>", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    """A JSON body that is really an HTML fragment (feeds often ship the page's markup)."""
    return len(_HTML_TAG.findall(text[:20000])) >= 2


def _html_text(html: str) -> str:
    """Main text of an HTML page or fragment (trafilatura; its plain html2txt for tiny pages)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True)
    if not text or not text.strip():
        text = trafilatura.html2txt(html)
    return text or ""


def _parse_html(html: str) -> ParsedArticle:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        text = trafilatura.html2txt(html)  # tiny pages trafilatura's extractor finds too short
    body = normalize_text(text or "")
    if not body:
        raise Rejected("parse", "no_text", "trafilatura found no text in the page")
    title = _clean_line(getattr(doc, "title", None)) if doc is not None else None
    art = ParsedArticle(
        text=body,
        title=title,
        title_source="field" if title else None,
        url=_clean_line(getattr(doc, "url", None)) if doc is not None else None,
        source=_clean_line(getattr(doc, "sitename", None)) if doc is not None else None,
    )
    _dated(art, getattr(doc, "date", None) if doc is not None else None, "date in the page metadata")
    return art


def _article_from_object(obj: Any, record_no: int | None) -> ParsedArticle:
    if not isinstance(obj, dict):
        raise Rejected("parse", "not_an_object", f"record is a JSON {type(obj).__name__}, not an object", record_no)
    raw = _first(obj, TEXT_KEYS)
    if isinstance(raw, list):
        raw = "\n\n".join(str(p) for p in raw if p)
    body = str(raw) if raw is not None and not isinstance(raw, dict) else ""
    if _looks_like_html(body):
        body = _html_text(body)
    body = normalize_text(body)
    if not body:
        keys = ", ".join(list(obj)[:8])
        raise Rejected("parse", "no_text", f"no non-empty 'text' or 'body' field (keys: {keys})", record_no)
    art = ParsedArticle(
        text=body,
        url=_clean_line(_first(obj, URL_KEYS)),
        source=_clean_line(_first(obj, SOURCE_KEYS)),
        record_no=record_no,
    )
    title = _clean_line(_first(obj, TITLE_KEYS))
    if title:
        art.title, art.title_source = title, "field"
    else:
        title = title_from_text(body)
        art.title, art.title_source = title, ("text" if title else None)
    _dated(art, _first(obj, DATE_KEYS))
    return art


def record_error(exc: BaseException, record_no: int | None = None, stage: str = "parse") -> Rejected:
    """Any exception met while reading one record, as that record's rejection (one line, bounded)."""
    if isinstance(exc, Rejected):
        return exc
    if isinstance(exc, RecursionError):
        return Rejected(stage, "too_deep", "nested deeper than the parser's recursion limit", record_no)
    first = (str(exc).strip().splitlines() or [""])[0]
    detail = scrub_surrogates(f"{type(exc).__name__}: {first}"[:500])
    return Rejected(stage, "bad_record", detail, record_no)


def _records(objs: list[Any], result: ParseResult, numbers: list[int] | None = None) -> None:
    for i, obj in enumerate(objs):
        no = numbers[i] if numbers is not None else i
        try:
            result.articles.append(_article_from_object(obj, no))
        except Exception as exc:  # noqa: BLE001 - one bad record never sinks its file
            result.rejected.append(record_error(exc, no))


def _unwrap(obj: Any) -> Any:
    """{"articles": [...]} (one list of objects and no text of its own) → the list."""
    if isinstance(obj, dict) and _first(obj, TEXT_KEYS) is None:
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            return lists[0]
    return obj


def _json_error(text: str, exc: json.JSONDecodeError, record_no: int | None = None) -> Rejected:
    end = len(text.rstrip())
    truncated = exc.pos >= end or exc.msg.startswith("Unterminated string")
    reason = "truncated_json" if truncated else "invalid_json"
    where = f"line {exc.lineno} column {exc.colno}"
    return Rejected("parse", reason, f"{exc.msg} at {where} (of {end} chars)", record_no)


def _bounded_int(digits: str) -> int | str:
    """JSON integers past MAX_INT_DIGITS digits stay strings (int() refuses >4,300 digits)."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise Rejected("parse", "too_deep", "JSON nested deeper than the parser's recursion limit") from None


def _parse_json(text: str) -> ParseResult:
    result = ParseResult()
    try:
        data = _json_loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line: really JSON Lines
            jl = _parse_jsonl(text)
            if jl.articles and not jl.rejected:
                return jl
        raise _json_error(text, exc) from None
    data = _unwrap(data)
    if isinstance(data, list):
        _records(data, result)
        if not data:
            raise Rejected("parse", "no_text", "the JSON array is empty")
    else:
        try:
            result.articles.append(_article_from_object(data, None))
        except Exception as exc:  # noqa: BLE001 - the file's one record: its rejection says why
            raise record_error(exc) from None
    return result


def _parse_jsonl(text: str) -> ParseResult:
    result = ParseResult()
    for line_no, line in enumerate(text.split("\n")):
        line = line.strip()
        if not line:
            continue
        try:
            obj = _json_loads(line)
        except json.JSONDecodeError as exc:
            result.rejected.append(_json_error(line, exc, line_no))
            continue
        except Rejected as rej:
            rej.record_no = line_no
            result.rejected.append(rej)
            continue
        if isinstance(obj, list):
            _records(obj, result, [line_no] * len(obj))
        else:
            _records([obj], result, [line_no])
    return result


# ---------------------------------------------------------------- public


def parse_records(text: str, fmt: str) -> ParseResult:
    """All articles of one decoded file plus the per-record rejections (.json arrays, .jsonl).

    ``record_no`` is the index in a .json array, or the 0-based line number in a .jsonl file.
    Raises ``Rejected('parse', ...)`` when the whole file is unusable.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt in ("txt", "text", ""):
        return ParseResult([_parse_txt(text)])
    if fmt in ("md", "markdown"):
        return ParseResult([_parse_md(text)])
    if fmt in ("html", "htm", "xhtml"):
        return ParseResult([_parse_html(text)])
    if fmt == "json":
        return _parse_json(text)
    if fmt in ("jsonl", "ndjson"):
        return _parse_jsonl(text)
    raise Rejected("parse", "unsupported_format", f"no parser for .{fmt} files")


def parse_document(text: str, fmt: str) -> list[ParsedArticle]:
    """The good articles of one decoded file (see ``parse_records`` for the rejected records).

    Raises ``Rejected`` when there is no good article at all: the first record's rejection when
    every record was bad, else ('parse', 'no_text').
    """
    result = parse_records(text, fmt)
    if not result.articles:
        if result.rejected:
            first = result.rejected[0]
            raise Rejected(first.stage, first.reason, f"no good record; first bad one: {first.detail}", first.record_no)
        raise Rejected("parse", "no_text", "the file holds no records")
    return result.articles
