"""Decide the platform an original was published on, from its URL or from words (LABELING.md)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WECHAT, WEIBO, DOUBAN, ZHIHU, WEB = "wechat", "weibo", "douban", "zhihu", "web"
SOCIAL = frozenset({WECHAT, WEIBO, DOUBAN, ZHIHU})

# Host suffix -> platform. WeChatscope archives WeChat posts only, so it counts as WeChat.
_HOSTS: tuple[tuple[str, str], ...] = (
    ("mp.weixin.qq.com", WECHAT),
    ("weixin.qq.com", WECHAT),
    ("wechatscope.jmsc.hku.hk", WECHAT),
    ("weibo.com", WEIBO),
    ("weibo.cn", WEIBO),
    ("douban.com", DOUBAN),
    ("zhihu.com", ZHIHU),
)
# Archive copies and mirrors: the link proves nothing about where the original lived.
_ARCHIVE_HOSTS = ("archive.li", "archive.is", "archive.org", "archive.today", "archive.ph", "archive.vn")
_IP_HOST = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")

# Words naming a platform, most specific first. Used on provenance lines.
PLATFORM_WORDS: tuple[tuple[str, str], ...] = (
    ("公众号", WECHAT),
    ("公号", WECHAT),
    ("订阅号", WECHAT),
    ("服务号", WECHAT),
    ("微信", WECHAT),
    ("微博", WEIBO),
    ("豆瓣", DOUBAN),
    ("知乎", ZHIHU),
)
_WORD_RE = re.compile("|".join(re.escape(w) for w, _ in PLATFORM_WORDS))
_WORD_PLATFORM = dict(PLATFORM_WORDS)
# Anywhere in a post, only the WeChat account words are specific enough (微博/知乎 are often
# just mentioned in the story); LABELING.md: `公号`, `订阅号`, `本公号` decide the platform.
BODY_WECHAT_WORDS = re.compile(r"公众号|公号|订阅号|服务号")


def url_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_archive(url: str) -> bool:
    host = url_host(url)
    return bool(_IP_HOST.match(host)) or any(host == h or host.endswith("." + h) for h in _ARCHIVE_HOSTS)


def platform_from_url(url: str | None) -> str | None:
    """The platform a URL proves, or None for archive copies, mirrors and non-http links."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    if is_archive(url):
        return None
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
