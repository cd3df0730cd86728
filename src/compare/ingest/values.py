"""Turn one printed indicator cell (baseline, target, ...) into a structured value.

The district plans print the same kind of figure in many ways: full-width digits,
operators as symbols or as Chinese words, five-year cumulative figures in brackets,
footnote marks, provisional stars, water-quality classes in Roman numerals, and prose
such as "完成市级下达目标". `parse_cell` recognises a cell as a number only when the whole
cell *is* a value (plus operator, unit, brackets and marks); any other text that mixes
digits with words is classified as qualitative with no value, so no number is ever
invented from prose.

Decisions worth knowing:

* `【n】` (black lenticular brackets) after something else is a footnote mark; a cell that
  consists only of `【x】` is read as a cumulative figure like `[x]`, since a footnote
  needs something to attach to.
* Round-bracket marks `(n)` with one or two digits at the end of a cell are footnotes;
  `(%)` and other non-digit text in parentheses are not. Trailing circled numbers (①)
  and superscript digits after a number (17¹) are footnotes too, converted before NFKC
  would merge them into the number.
* Water classes get value I=1 ... V=5 and 劣V=6 so lower is better. "总体Ⅲ类" keeps
  operator "="; "优于Ⅲ类" is "<" and "Ⅲ类及以上" (III or better) is "<=" on that scale.
* "不发生" (no occurrence, e.g. of major pollution incidents) is "maintain": the target
  is to hold the zero-incident status quo, not a new level to reach.
* Cells made only of punctuation (dashes, slashes, stray stars) and "暂无" are "none".
* Cells as copied from web pages: a decimal written with the ideographic full stop
  (``76。7``) is 76.7, a trailing ``。`` is punctuation. ``控制在35以内`` is ``<=`` 35;
  words that only lead to a number (``达到``, ``稳定在``, ``力争``) carry no operator.
* A range ``45–50`` (``-``, ``–``, ``—``, ``~``, ``至``) is numeric with operator ``range``:
  ``value`` is its lower bound, ``upper`` its upper bound.
* A cell that looks like a number (digits, decimal marks, operators, brackets, units and
  nothing else) but does not parse as one is not quietly text: its ``error`` says why, and
  the build stops on it naming the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The kinds of a printed cell: the one list (the table's `*_kind` columns allow these).
KINDS = ("numeric", "maintain", "assigned", "qualitative", "class", "none")
#: Operators of a number: the one list (the table's `*_operator` columns allow these).
OPERATORS = ("=", ">=", "<=", ">", "<", "~", "range")


@dataclass(frozen=True)
class CellValue:
    """A parsed cell; `raw` is the text exactly as given, everything else derives from it."""

    raw: str
    value: float | None
    operator: str  # one of OPERATORS, or "" when there is no number
    kind: str  # one of KINDS
    cumulative: bool  # five-year cumulative figure: [19.5], 〔18〕, <[4000]
    provisional: bool  # * or ** : provisional / final value set by a higher level
    footnote: str  # footnote mark(s) stripped from the cell, comma-joined; "" if none
    water_class: str  # "I".."V" or "劣V" when kind == "class"; else ""
    upper: float | None = None  # upper bound when operator == "range"
    error: str = ""  # why a cell that looks numeric is not a number; "" when fine


# Characters NFKC leaves alone but str.isspace() misses: zero-width marks and BOM.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def normalise_text(s: str) -> str:
    """NFKC plus removal of all whitespace, so printed variants compare equal.

    NFKC maps full-width digits/letters/punctuation to ASCII, U+3000 and NBSP to plain
    spaces (then removed here), Roman numeral characters (Ⅲ -> "III") to ASCII letters
    and PDF-extraction artefacts such as Kangxi radicals to ordinary Chinese characters.
    """
    text = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)


# --- operators -------------------------------------------------------------------

_PREFIX_OPS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    "⩾": ">=",
    "大于等于": ">=",
    "大于或等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "⩽": "<=",
    "小于等于": "<=",
    "小于或等于": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "至多": "<=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "~": "~",
    "〜": "~",
    "≈": "~",
    "约": "~",
    "大约": "~",
    "=": "=",
    "控制在": "<=",
}
# Words that lead to a number without changing its meaning: 达到95 is 95.
_NEUTRAL_PREFIXES = ("达到", "稳定在", "保持在", "力争达到", "力争", "提高到", "提升到", "降至", "降低到")
_SUFFIX_OPS: dict[str, str] = {
    "及以上": ">=",
    "或以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "或以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "左右": "~",
    "上下": "~",
}

# Units that may follow a number. A whitelist, not "any text", so that prose with a
# number in it never parses as a value.
_UNITS = [
    "%",
    "‰",
    "个百分点",
    "百分点",
    "万亩",
    "亩",
    "万公顷",
    "公顷",
    "平方公里",
    "平方千米",
    "km2",
    "万平方米",
    "平方米",
    "m2",
    "天",
    "个",
    "处",
    "座",
    "家",
    "条",
    "所",
    "项",
    "次",
    "倍",
    "人",
    "万人",
    "户",
    "万户",
    "辆",
    "台",
    "套",
    "株",
    "万株",
    "种",
    "小时",
    "h",
    "吨",
    "万吨",
    "千吨",
    "亿吨",
    "吨/年",
    "万吨/年",
    "吨/日",
    "万吨/日",
    "t",
    "t/a",
    "t/d",
    "千克",
    "公斤",
    "kg",
    "万元",
    "亿元",
    "元",
    "公里",
    "千米",
    "km",
    "米",
    "m",
    "立方米",
    "万立方米",
    "亿立方米",
    "m3",
    "万m3",
    "万立方米/日",
    "mg/L",
    "mg/l",
    "μg/m3",
    "ug/m3",
    "微克/立方米",
    "毫克/升",
    "分贝",
    "dB",
    "dB(A)",
    "千瓦",
    "万千瓦",
    "kW",
    "MW",
    "兆瓦",
    "吨标准煤",
    "万吨标准煤",
    "吨标煤",
    "万吨标煤",
    "tce",
    "立方米/万元",
    "吨/万元",
    "吨标准煤/万元",
]


def _alternation(options: list[str] | dict[str, str]) -> str:
    """Regex alternation, longest first so "不低于" wins over shorter look-alikes."""
    return "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))


_UNIT = rf"(?:\((?:{_alternation(_UNITS)})\)|{_alternation(_UNITS)})"
_PRE = _alternation(_PREFIX_OPS)
_SUF = _alternation(_SUFFIX_OPS)
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+"

_NEUTRAL = _alternation(list(_NEUTRAL_PREFIXES))
_NUMERIC_RE = re.compile(
    rf"""^
    (?:{_NEUTRAL})?
    (?P<op1>{_PRE})?
    (?:(?P<open>[\[〔【])(?P<op2>{_PRE})?)?
    (?P<sign>[-−])?
    (?P<num>{_NUM})
    (?P<unit1>{_UNIT})?
    (?P<sop1>{_SUF})?
    (?P<star>\*{{1,2}})?
    (?P<close>[\]〕】])?
    (?P<unit2>{_UNIT})?
    (?P<sop2>{_SUF})?
    $""",
    re.VERBOSE,
)
_PAIRS = {"[": "]", "〔": "〕", "【": "】"}
_RANGE_RE = re.compile(
    rf"""^
    (?:{_NEUTRAL})?
    (?P<lo>{_NUM})(?P<unit1>{_UNIT})?
    (?:-|–|—|~|〜|至|到)
    (?P<hi>{_NUM})(?P<unit2>{_UNIT})?
    (?P<sop>{_SUF})?
    (?P<star>\*{{1,2}})?
    $""",
    re.VERBOSE,
)
# What a number may be printed with; a cell of only these (and a digit) looks numeric.
_NUMERIC_CHARS = re.compile(r"[0-9.,%‰+\-−–—~〜=<>≥≤≧≦⩾⩽\[\]〔〕【】()/*。、]+")
_WORDS_RE = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            {*_PREFIX_OPS, *_SUFFIX_OPS, *_NEUTRAL_PREFIXES, *_UNITS, "至", "到"}, key=len, reverse=True
        )
    )
)

# --- water classes -----------------------------------------------------------------

_CLASS_RE = re.compile(
    r"""^
    (?P<pre>总体达到|稳定达到|总体|整体|达到|优于|好于)?
    (?P<roman>劣V|IV|V|III|II|I)
    (?:类)?(?:水质|水体|水|标准)?
    (?P<suf>及以上|或以上|以上)?
    $""",
    re.VERBOSE,
)
_CLASS_VALUE = {"I": 1.0, "II": 2.0, "III": 3.0, "IV": 4.0, "V": 5.0, "劣V": 6.0}

# --- text classes --------------------------------------------------------------------

# Targets set elsewhere: "下达" (handed down), "以…为准" (defer to), "批准" (approved), or a
# higher authority (city, state, province; not the 市 in 城市) named with a requirement.
_ASSIGNED_RE = re.compile(r"下达|以.*为准|批准|(?:(?<!城)市|国家|上级|省|中央).*(?:要求|目标|任务|考核)")
_MAINTAIN_RE = re.compile(r"^(?:持续)?(?:保持|维持|不发生|杜绝)|^(?:稳定|不降低|不下降|不减少|只增不减)$")
_NONE_WORDS = {"暂无", "暂无数据", "无数据"}

# --- footnotes ---------------------------------------------------------------------------

_CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}  # ① .. ⑳
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TRAILING_CIRCLED_RE = re.compile(r"([①-⑳])(?=[\s*＊①-⑳]*$)")
_TRAILING_SUPER_RE = re.compile(r"(?<=[0-9０-９%％\]］〕】)）*＊])([⁰¹²³⁴-⁹]+)(?=[\s*＊]*$)")
_TAIL_LENTICULAR_RE = re.compile(r"【([0-9]+)】$")
_TAIL_ROUND_RE = re.compile(r"\(([0-9]{1,2})\)$")
_TAIL_STARS_RE = re.compile(r"\*+$")


def _protect_marks(raw: str) -> str:
    """Rewrite trailing ① / ¹ marks as 【n】 before NFKC turns them into plain digits."""
    text = _TRAILING_CIRCLED_RE.sub(lambda m: f"【{_CIRCLED[m.group(1)]}】", raw)
    return _TRAILING_SUPER_RE.sub(lambda m: f"【{m.group(1).translate(_SUPERSCRIPT)}】", text)


def _strip_tail(text: str) -> tuple[str, list[str], bool]:
    """Peel footnote marks and stars off the end; never peel the cell down to nothing."""
    notes: list[str] = []
    provisional = False
    while True:
        for pattern in (_TAIL_STARS_RE, _TAIL_LENTICULAR_RE, _TAIL_ROUND_RE):
            m = pattern.search(text)
            if m and m.start() > 0:
                if pattern is _TAIL_STARS_RE:
                    provisional = True
                else:
                    notes.insert(0, m.group(1))
                text = text[: m.start()]
                break
        else:
            return text, notes, provisional


def _parse_numeric(core: str) -> tuple[float, str, bool, bool] | None:
    """(value, operator, cumulative, provisional) when the whole core is a value."""
    m = _NUMERIC_RE.match(core)
    if m is None:
        return None
    open_, close = m.group("open"), m.group("close")
    if (open_ is None) != (close is None) or (open_ and _PAIRS[open_] != close):
        return None
    if m.group("unit1") and m.group("unit2"):
        return None
    ops = {_PREFIX_OPS[m.group(g)] for g in ("op1", "op2") if m.group(g)}
    ops |= {_SUFFIX_OPS[m.group(g)] for g in ("sop1", "sop2") if m.group(g)}
    if len(ops) > 1:
        return None
    value = float(m.group("num").replace(",", ""))
    if m.group("sign"):
        value = -value
    operator = ops.pop() if ops else "="
    return value, operator, open_ is not None, m.group("star") is not None


def _parse_range(core: str) -> tuple[float, float, bool] | None:
    """(low, high, provisional) when the whole core is a range such as 45–50 or 45%-50%."""
    m = _RANGE_RE.match(core)
    if m is None or (m.group("unit1") and m.group("unit2") and m.group("unit1") != m.group("unit2")):
        return None
    lo, hi = (float(m.group(g).replace(",", "")) for g in ("lo", "hi"))
    if m.group("sop") or not lo < hi:  # 45-50以上 or 50-45: not a range we can read
        return None
    return lo, hi, m.group("star") is not None


def looks_numeric(core: str) -> bool:
    """True when a (normalised) cell holds digits and nothing a number may not be printed
    with: such a cell must parse as a number, or it is an error, never quiet text."""
    rest = _WORDS_RE.sub("", core)
    return bool(re.search(r"[0-9]", rest)) and bool(_NUMERIC_CHARS.fullmatch(rest))


_IDEOGRAPHIC_DECIMAL = re.compile(r"(?<=[0-9])。(?=[0-9])")


def _parse_class(core: str) -> tuple[float, str, str] | None:
    """(class number, operator, canonical class) for water-quality class cells."""
    m = _CLASS_RE.match(core)
    if m is None:
        return None
    roman = m.group("roman")
    if m.group("pre") in ("优于", "好于"):
        if m.group("suf"):
            return None
        operator = "<"
    else:
        operator = "<=" if m.group("suf") else "="
    return _CLASS_VALUE[roman], operator, roman


def parse_cell(raw: str) -> CellValue:
    """Classify one printed cell and extract its number, operator, and marks."""
    text = normalise_text(_protect_marks(raw))
    text = _IDEOGRAPHIC_DECIMAL.sub(".", text).rstrip("。")  # 76。7 from a web copy; a full stop
    core, notes, provisional = _strip_tail(text)
    footnote = ",".join(notes)

    def make(
        kind: str,
        value: float | None = None,
        operator: str = "",
        cumulative: bool = False,
        water_class: str = "",
        upper: float | None = None,
        error: str = "",
    ) -> CellValue:
        return CellValue(
            raw, value, operator, kind, cumulative, provisional, footnote, water_class, upper, error
        )

    if not any(ch.isalnum() for ch in core) or core in _NONE_WORDS:
        return make("none")
    numeric = _parse_numeric(core)
    if numeric is not None:
        value, operator, cumulative, star_inside = numeric
        provisional = provisional or star_inside
        return make("numeric", value, operator, cumulative)
    span = _parse_range(core)
    if span is not None:
        low, high, star_inside = span
        provisional = provisional or star_inside
        return make("numeric", low, "range", upper=high)
    water = _parse_class(core)
    if water is not None:
        value, operator, roman = water
        return make("class", value, operator, water_class=roman)
    if looks_numeric(core):
        return make(
            "qualitative", error=f"cell {raw.strip()!r} looks like a number but does not parse as one"
        )
    if _ASSIGNED_RE.search(core):
        return make("assigned")
    if _MAINTAIN_RE.search(core) and not re.search(r"[0-9]", core):
        return make("maintain")
    return make("qualitative")
