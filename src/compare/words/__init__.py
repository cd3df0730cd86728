"""Every word a reader sees, in Chinese and English, from two gettext catalogs.

The words live in ``locale/<lang>/LC_MESSAGES/compare.po`` next to this module: one
catalog per language, managed with Babel, that a translator opens in any ``.po`` editor.
Each message has a symbolic id ``group.key`` (``domains.water``) and its group as the
message context (``msgctxt "domains"``); both catalogs hold every id, and ``{name}``
placeholders (`str.format` fields) are the same in both. The catalogs are read at run
time with `babel.messages.pofile.read_po` (once per process), so nothing is compiled.

Code asks for a word by its id (`word`), for a whole group in catalog order (`word_group`,
`word_groups`), or for both languages of one word (`word_pair`). `choose` picks between two
strings that come as *data* in both languages (a region's names from the manifest).
``dev/compare_dev/words_extract.py`` moves ``(zh, en)`` pairs left in code into the
catalogs.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ParameterError

__all__ = [
    "DOMAIN",
    "LANGS",
    "LOCALE_DIR",
    "catalog_path",
    "check_lang",
    "choose",
    "has_word",
    "messages",
    "placeholders",
    "wide",
    "word",
    "word_group",
    "word_groups",
    "word_pair",
]

#: The languages a report can speak, in the order pairs list them.
LANGS = ("zh", "en")
#: The gettext domain: the catalogs' file name.
DOMAIN = "compare"
#: Where the catalogs live (package data, so an installed wheel carries them).
LOCALE_DIR = Path(__file__).with_name("locale")


def check_lang(lang: str) -> str:
    """Return ``lang`` if a report can speak it.

    Parameters
    ----------
    lang : str
        A language code.

    Returns
    -------
    str
        ``lang`` unchanged.

    Raises
    ------
    ParameterError
        If ``lang`` is not one of `LANGS`.
    """
    if lang not in LANGS:
        raise ParameterError(f"lang {lang!r} is not valid; valid values: {', '.join(LANGS)}")
    return lang


def catalog_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """The ``.po`` file of one language.

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``.
    locale_dir : Path
        The folder holding ``<lang>/LC_MESSAGES/compare.po``.

    Returns
    -------
    Path
        The catalog's path.
    """
    return locale_dir / check_lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def messages(lang: str, locale_dir: Path = LOCALE_DIR) -> dict[str, tuple[str, str]]:
    """All messages of one catalog, in file order: id -> (group, text).

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``.
    locale_dir : Path
        The folder holding the catalogs.

    Returns
    -------
    dict of str to (str, str)
        Message id -> (message context, translated text).
    """
    from babel.messages.pofile import read_po

    path = catalog_path(lang, locale_dir)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None, domain=DOMAIN, abort_invalid=True)
    return {str(m.id): (m.context or "", str(m.string)) for m in catalog if m.id}


def has_word(key: str) -> bool:
    """Whether the catalogs hold the id ``key``.

    Parameters
    ----------
    key : str
        A message id such as ``domains.water``.

    Returns
    -------
    bool
        True if the Chinese catalog has it (a test keeps both catalogs in step).
    """
    return key in messages("zh")


def word(key: str, lang: str, **values: Any) -> str:
    """The word with id ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``.

    Parameters
    ----------
    key : str
        A message id such as ``status.met``.
    lang : str
        ``zh`` or ``en``.
    **values
        Values for the message's `str.format` fields.

    Returns
    -------
    str
        The text a reader of ``lang`` sees.

    Raises
    ------
    KeyError
        If the catalog has no message ``key``.

    Examples
    --------
    >>> word("domains.water", "en")
    'Water'
    """
    text = messages(check_lang(lang))[key][1]
    return text.format(**values) if values else text


def word_pair(key: str) -> tuple[str, str]:
    """Both languages of one word: ``(zh, en)``.

    Parameters
    ----------
    key : str
        A message id.

    Returns
    -------
    tuple of str
        The Chinese and the English text.
    """
    return word(key, "zh"), word(key, "en")


def word_group(name: str) -> dict[str, tuple[str, str]]:
    """The words of one group (message context), in catalog order: key -> ``(zh, en)``.

    Parameters
    ----------
    name : str
        The group, e.g. ``domains``; keys are the ids with ``name.`` removed.

    Returns
    -------
    dict of str to (str, str)
        Key -> (Chinese, English); empty if the group does not exist.

    Examples
    --------
    >>> word_group("statuses")["met"]
    ('完成', 'met')
    """
    cut = len(name) + 1
    return {i[cut:]: word_pair(i) for i, (ctx, _) in messages("zh").items() if ctx == name}


def word_groups(prefix: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Nested groups ``prefix.<sub>``, in catalog order: sub -> key -> ``(zh, en)``.

    Parameters
    ----------
    prefix : str
        The common start of the groups, e.g. ``verdict_words``.

    Returns
    -------
    dict of str to dict
        One `word_group` per sub-group.
    """
    subs = [c[len(prefix) + 1 :] for c, _ in messages("zh").values() if c.startswith(prefix + ".")]
    return {s: word_group(f"{prefix}.{s}") for s in dict.fromkeys(subs)}


def choose(lang: str, zh: str, en: str) -> str:
    """The one of two *data* strings (names that arrive in both languages) for ``lang``.

    Words written by this project never come through here: they are in the catalogs.

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``.
    zh, en : str
        The Chinese and the English form, e.g. a region's names from the manifest.

    Returns
    -------
    str
        ``zh`` or ``en``.

    Examples
    --------
    >>> choose("en", "开州区", "Kaizhou District")
    'Kaizhou District'
    """
    return (zh, en)[LANGS.index(check_lang(lang))]


def wide(lang: str) -> bool:
    """Whether ``lang`` is written in wide (CJK) characters, so a line holds fewer of them.

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    bool
        True for Chinese.
    """
    return LANGS.index(check_lang(lang)) == 0


def placeholders(text: str) -> set[str]:
    """The `str.format` fields of a message, with their conversion and format spec.

    Parameters
    ----------
    text : str
        A message text.

    Returns
    -------
    set of str
        E.g. ``{"gap:+.4g", "unit"}``.
    """
    out = set()
    for _, field, spec, conv in string.Formatter().parse(text):
        if field is not None:
            out.add(field + (f"!{conv}" if conv else "") + (f":{spec}" if spec else ""))
    return out
