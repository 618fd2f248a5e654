"""Decide the platform an original was published on, from its URL or from words (docs/provenance.md)."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

from archiver.provenance import vocab
from archiver.regex_gate import gated

WECHAT, WEIBO, DOUBAN, ZHIHU, WEB, OTHER = "wechat", "weibo", "douban", "zhihu", "web", "other"
SOCIAL = frozenset({WECHAT, WEIBO, DOUBAN, ZHIHU})
# Every value `source_platform` can take (null aside); the schema's description lists the same.
PLATFORMS = (WECHAT, WEIBO, DOUBAN, ZHIHU, WEB, OTHER)

_HOSTS = tuple(vocab.pairs("platform", "hosts"))
_ARCHIVE_HOSTS = tuple(vocab.words("platform", "archive_hosts"))
_USER_HOSTS = tuple(vocab.words("platform", "user_hosts"))
_IP_HOST = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
# An archive copy that carries the original address inside it: `web.archive.org/web/<time>/https://…`,
# `archive.ph/<id>/https://…` (percent-encoded too).
_EMBEDDED = re.compile(r"/(https?(?::|%3A)(?:/|%2F){2}.+)$", re.IGNORECASE)

PLATFORM_WORDS: tuple[tuple[str, str], ...] = tuple(vocab.pairs("platform", "words"))
_WORD_RE = re.compile(vocab.ALTERNATIONS["platform_words"])
_WORD_PLATFORM = dict(PLATFORM_WORDS)
# Anywhere in a post, only the WeChat account words are specific enough (微博/知乎 are often
# just mentioned in the story); the text speaking of itself (`本公号`, `订阅号`) decides the platform.
# `本号` is not the one in 日本号, 版本号, 本号码. Every self word opens with 本, written first so that a body is
# scanned for one literal character.
_SELF_TAILS = [w.removeprefix("本") for w in vocab.words("platform", "self_words")]
SELF_WECHAT_WORDS = re.compile(r"本(?<![日版样剧课账书]本)" + vocab.alternation(_SELF_TAILS) + "(?!码)")
BODY_WECHAT_WORDS = gated(re.compile(vocab.ALTERNATIONS["platform_body_words"] + "|" + SELF_WECHAT_WORDS.pattern))


# A post's link is asked about four times on average (its platform, whether it is an archive copy, a users' site, the
# site's own name); urlsplit caches its split, not the host taken from it. The host is a function of the URL alone.
@functools.lru_cache(maxsize=1024)
def url_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _on(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in suffixes)


def is_archive(url: str) -> bool:
    host = url_host(url)
    return bool(_IP_HOST.match(host)) or _on(host, _ARCHIVE_HOSTS)


def hosts_users(url: str | None) -> bool:
    """The URL is on a site where users publish under their own account name (Medium, Matters, …)."""
    return bool(url) and _on(url_host(url), _USER_HOSTS)


def embedded_url(url: str) -> str | None:
    """The original address an archive copy's URL carries inside it, if any."""
    if not is_archive(url):
        return None
    m = _EMBEDDED.search(url)
    return unquote(m.group(1)) if m else None


# A web address written without its scheme (`[title](www.example.com.cn/a/1.html)`): a host of three or more
# labels, then a path.
SCHEMELESS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+){1,4}\.[A-Za-z]{2,6}/[^\s]*$")


def platform_from_url(url: str | None) -> str | None:
    """The platform a URL proves: an archive copy proves only the address it embeds; mirrors and
    non-http links prove nothing."""
    if url and SCHEMELESS.match(url):
        url = "http://" + url
    if not url or not url[:8].lower().startswith(("http://", "https://")):
        return None
    if is_archive(url):
        inner = embedded_url(url)
        return platform_from_url(inner) if inner and not is_archive(inner) else None
    host = url_host(url)
    if not host:
        return None
    for suffix, platform in _HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return platform
    return WEB


def platform_from_words(text: str) -> tuple[str, str] | None:
    """(platform, word) for the first platform word in text, or None."""
    m = _WORD_RE.search(text)
    return (_WORD_PLATFORM[m.group()], m.group()) if m else None
