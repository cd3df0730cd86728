"""The SDG indicators the codebook's indicators relate to, with short titles."""

from __future__ import annotations

import pandas as pd

from .common import CodebookLike, codebook_frame

#: Short titles of the SDG indicators the codebook uses (UN global indicator framework;
#: the Chinese titles are short renderings, not the official Chinese text).
SDG_LABELS: dict[str, dict[str, str]] = {
    "2.4.1": {
        "en": "Agricultural area under productive and sustainable agriculture",
        "zh": "生产性和可持续农业面积占比",
    },
    "6.1.1": {
        "en": "Population using safely managed drinking water services",
        "zh": "使用安全管理的饮用水服务的人口比例",
    },
    "6.3.1": {
        "en": "Domestic and industrial wastewater flows safely treated",
        "zh": "安全处理的生活和工业废水比例",
    },
    "6.3.2": {"en": "Bodies of water with good ambient water quality", "zh": "环境水质良好的水体比例"},
    "6.4.1": {"en": "Change in water-use efficiency over time", "zh": "用水效率随时间的变化"},
    "6.4.2": {"en": "Level of water stress", "zh": "用水紧张程度"},
    "6.6.1": {"en": "Change in the extent of water-related ecosystems", "zh": "与水有关的生态系统范围的变化"},
    "7.2.1": {
        "en": "Renewable energy share in total final energy consumption",
        "zh": "可再生能源在最终能源消费总量中的比例",
    },
    "7.3.1": {"en": "Energy intensity (primary energy and GDP)", "zh": "能源强度（一次能源与GDP）"},
    "8.9.1": {"en": "Tourism direct GDP as a share of total GDP", "zh": "旅游业直接GDP占GDP总量的比例"},
    "9.4.1": {"en": "CO2 emission per unit of value added", "zh": "单位增加值的二氧化碳排放量"},
    "11.1.1": {
        "en": "Urban population living in slums or inadequate housing",
        "zh": "居住在贫民窟或不适当住房中的城市人口比例",
    },
    "11.3.1": {
        "en": "Ratio of land consumption rate to population growth rate",
        "zh": "土地使用率与人口增长率之比",
    },
    "11.6.1": {
        "en": "Municipal solid waste collected and managed in controlled facilities",
        "zh": "在受控设施中收集和管理的城市固体废物比例",
    },
    "11.6.2": {
        "en": "Annual mean levels of fine particulate matter (PM2.5) in cities",
        "zh": "城市细颗粒物（PM2.5）年均浓度",
    },
    "11.7.1": {
        "en": "Share of built-up area that is open space for public use",
        "zh": "城市建成区中公共开放空间的比例",
    },
    "12.4.2": {
        "en": "Hazardous waste generated per capita and share treated",
        "zh": "人均危险废物产生量及其处理比例",
    },
    "12.5.1": {"en": "National recycling rate", "zh": "国家回收利用率"},
    "15.1.1": {"en": "Forest area as a proportion of total land area", "zh": "森林面积占陆地总面积的比例"},
    "15.1.2": {
        "en": "Important biodiversity sites covered by protected areas",
        "zh": "保护区覆盖的重要生物多样性地点比例",
    },
    "15.2.1": {"en": "Progress towards sustainable forest management", "zh": "可持续森林管理进展"},
    "15.3.1": {"en": "Proportion of land that is degraded", "zh": "退化土地占土地总面积的比例"},
    "16.6.2": {
        "en": "Population satisfied with their last experience of public services",
        "zh": "对上次公共服务体验感到满意的人口比例",
    },
}


def sdg_label(code: str, lang: str = "en") -> str:
    """Short title of an SDG indicator code; ``""`` for an empty code.

    >>> sdg_label("15.1.1")
    'Forest area as a proportion of total land area'
    >>> sdg_label("11.6.2", "zh")
    '城市细颗粒物（PM2.5）年均浓度'
    """
    code = (code or "").strip()
    if not code:
        return ""
    if code not in SDG_LABELS:
        raise KeyError(f"SDG indicator {code!r} has no label; add it to SDG_LABELS")
    return SDG_LABELS[code][lang]


#: How well a codebook indicator fits its SDG indicator (codebook ``sdg_match``), best first:
#: exact (the same measure), close (the same concept, a national definition), proxy (a related
#: measure), weak_proxy (loosely related), mismatch (the code says nothing about it).
SDG_MATCHES = ("exact", "close", "proxy", "weak_proxy", "mismatch")


def sdg(codebook: CodebookLike = None) -> pd.DataFrame:
    """Codebook indicators with their SDG indicator code, goal number, labels, and how well
    the code fits (``sdg_match``, `SDG_MATCHES`; ``exact`` True only for exact and close)."""
    cb = codebook_frame(codebook).reset_index()
    cb["sdg"] = cb["sdg"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "indicator_id": cb["indicator_id"],
            "name_zh": cb["name_zh"],
            "name_en": cb["name_en"],
            "sdg": cb["sdg"],
            "sdg_goal": cb["sdg"].map(lambda c: int(c.split(".")[0]) if c else pd.NA).astype("Int64"),
            "sdg_label_en": cb["sdg"].map(lambda c: sdg_label(c, "en")),
            "sdg_label_zh": cb["sdg"].map(lambda c: sdg_label(c, "zh")),
            "sdg_match": cb["sdg_match"].where(cb["sdg"] != "", ""),
            "exact": cb["sdg_match"].isin(["exact", "close"]) & (cb["sdg"] != ""),
        }
    )
