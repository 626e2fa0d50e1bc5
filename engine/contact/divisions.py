"""Chinese administrative divisions: lookup and address-prefix parsing.

The data file ``data/divisions.json.gz`` is derived from a pinned PyPI wheel by
``scripts/data/build_divisions.py`` (source, licence and date in ``data/SOURCE.md``).
Nothing is downloaded at run time.

Conventions
-----------
* Names are returned in full official form (广东省 / 深圳市 / 南山区), whatever
  form the text used (广东 / 深圳 / 南山, 黔南州, 内蒙古 ...).
* Municipalities and SARs: ``province == city`` (北京市 / 北京市 / 朝阳区).
* Province-administered county-level units (仙桃市, 济源市, 石河子市 ...) are
  cities without district.  County-level cities under a prefecture (昆山市) are
  districts, and their prefecture is filled in even when the text skips it
  (江苏省昆山市 -> 江苏省 / 苏州市 / 昆山市).
* ``district`` is county level only; towns (东莞市东城街道) stay in the detail.

Parsing is a small search over the levels rather than one regular expression:
at a text position every known surface form (full or short name) is tried,
levels must strictly descend (province -> city -> district, skipping allowed)
and stay consistent with what was already matched; the chain that explains the
most levels (then the most full names, then the most characters) wins.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

PROVINCE, CITY, DISTRICT = 0, 1, 2

# The 56 officially recognised ethnic groups, used to derive the short names of
# autonomous regions / prefectures / counties (黔南布依族苗族自治州 -> 黔南).
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌",
    "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
    "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)

# A short (suffix-less) name directly followed by one of these is a street or
# place name, not a division: 南京路, 中山大道, 北京街, 天河桥.
STREET_FOLLOWERS = frozenset("路街道巷弄桥大村里号胡")

MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市", "香港特别行政区", "澳门特别行政区"})

# Separators allowed between the parts of a division chain (广东省 深圳市/南山区).
CHAIN_SEPARATORS = frozenset(" \t\u3000,，、/·-")


class Entry(NamedTuple):
    """One surface form of one division node."""

    level: int
    province: str
    city: str
    district: str
    short: bool


@dataclass(frozen=True)
class AddressParse:
    """Result of parsing a division chain at the start of some text."""

    province: str
    city: str
    district: str
    start: int
    end: int  # end of the chain in the text; the detail address starts here
    explicit: int  # how many levels were literally present in the text
    n_short: int  # how many of them were written as short forms

    @property
    def score(self) -> tuple[int, int, int]:
        return (self.explicit, self.explicit - self.n_short, self.end - self.start)


def _strip_ethnic(name: str) -> str:
    """Strip trailing ethnic-group names (苗族, 蒙古, 布依族) while >= 2 chars remain."""
    changed = True
    while changed:
        changed = False
        for group in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            for form in (group + "族", group if len(group) >= 2 else None):
                if form and name.endswith(form) and len(name) - len(form) >= 2:
                    name = name[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return name


def short_forms(name: str, level: int) -> list[str]:
    """Colloquial forms of a full division name, e.g. 广西壮族自治区 -> [广西]."""
    out: list[str] = []

    def add(form: str) -> None:
        if len(form) >= 2 and form != name and form not in out:
            out.append(form)

    for suffix, extra in (("特别行政区", ""), ("自治区", ""), ("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix):
            base = _strip_ethnic(name[: -len(suffix)])
            add(base)
            if extra:
                add(base + extra)
            return out
    suffixes = {
        PROVINCE: ("省", "市"),
        CITY: ("地区", "林区", "市", "盟"),
        DISTRICT: ("新区", "林区", "特区", "区", "县", "市", "旗"),
    }[level]
    for suffix in suffixes:
        if name.endswith(suffix):
            add(name[: -len(suffix)])
            break
    return out


class DivisionIndex:
    """Surface-form index over the province -> city -> district tree."""

    def __init__(
        self,
        provinces: list,
        aliases: list | None = None,
        source: dict | None = None,
        t2s: dict[str, str] | None = None,
    ) -> None:
        self.source = source or {}
        # One-to-one character folding (廣東 -> 广东): positions in the text stay valid.
        self.fold_table = str.maketrans(t2s or {})
        self.tree: dict[str, dict[str, list[str]]] = {}
        self.forms: dict[str, list[Entry]] = {}
        for prov, cities in provinces:
            self.tree[prov] = {city: list(dists) for city, dists in cities}
            self._add(prov, Entry(PROVINCE, prov, "", "", False))
            for form in short_forms(prov, PROVINCE):
                self._add(form, Entry(PROVINCE, prov, "", "", True))
            for city, dists in cities:
                self._add(city, Entry(CITY, prov, city, "", False))
                for form in short_forms(city, CITY):
                    self._add(form, Entry(CITY, prov, city, "", True))
                for dist in dists:
                    self._add(dist, Entry(DISTRICT, prov, city, dist, False))
                    for form in short_forms(dist, DISTRICT):
                        self._add(form, Entry(DISTRICT, prov, city, dist, True))
        for alias, prov, city, dist in aliases or []:
            level = DISTRICT if dist else CITY
            self._add(alias, Entry(level, prov, city, dist, True))
        self.max_len = max(len(f) for f in self.forms)

    def _add(self, form: str, entry: Entry) -> None:
        bucket = self.forms.setdefault(form, [])
        if entry not in bucket:
            bucket.append(entry)

    # -- lookups -----------------------------------------------------------
    @classmethod
    def load(cls) -> DivisionIndex:
        raw = resources.files("airocr.engine.contact").joinpath("data/divisions.json.gz").read_bytes()
        data = json.loads(gzip.decompress(raw).decode("utf-8"))
        return cls(data["provinces"], data.get("aliases"), data.get("source"), data.get("t2s"))

    def fold(self, text: str) -> str:
        """Traditional spellings of division characters -> simplified (same length)."""
        return text.translate(self.fold_table)

    def is_municipality(self, province: str) -> bool:
        return province in MUNICIPALITIES

    def lookup(self, form: str) -> list[Entry]:
        """All division nodes a surface form can denote."""
        return list(self.forms.get(form, ()))

    def is_division_name(self, text: str, max_short_level: int = DISTRICT) -> bool:
        """Whether ``text`` names a division: in full, or as a short form of a level <= max_short_level.

        Short district forms (高平, 江华) are also common personal names, hence the knob.
        """
        return any(not e.short or e.level <= max_short_level for e in self.forms.get(text, ()))

    # -- parsing -----------------------------------------------------------
    def _candidates(self, text: str, pos: int) -> list[tuple[int, Entry]]:
        out = []
        for length in range(min(self.max_len, len(text) - pos), 1, -1):
            for entry in self.forms.get(text[pos : pos + length], ()):
                out.append((pos + length, entry))
        return out

    def _short_ok(self, entry: Entry, text: str, end: int, has_context: bool) -> bool:
        """Short forms need context (districts) and must not be street names.

        广州天河路 is a street (天河 + 路), but 廊坊大城县 is 廊坊 + 大城县: a
        street-like follower is fine when a lower division starts right there.
        """
        if not entry.short:
            return True
        if entry.level == DISTRICT and not has_context:
            return False
        if end < len(text) and text[end] in STREET_FOLLOWERS:
            return any(
                nxt.level > entry.level
                and nxt.province == entry.province
                and (entry.level == PROVINCE or nxt.city == entry.city)
                for _, nxt in self._candidates(text, end)
            )
        return True

    def parse_prefix(self, text: str, start: int = 0) -> AddressParse | None:
        """Parse the longest consistent division chain beginning at ``start``.

        Returns None when not even one level matches.  When the best chains
        disagree (a district name alone that exists in several cities) the
        municipality wins, otherwise the disputed upper levels are left empty.
        Traditional spellings match too (廣東省深圳市 -> 广东省 / 深圳市).
        """
        return self._parse_folded(self.fold(text), start)

    def _parse_folded(self, text: str, start: int) -> AddressParse | None:
        results: list[AddressParse] = []

        def walk(pos: int, prov: str, city: str, dist: str, level: int, explicit: int, n_short: int) -> None:
            extended = False
            scan = pos
            while scan < len(text) and text[scan] in CHAIN_SEPARATORS and explicit:
                scan += 1
            for end, entry in self._candidates(text, scan):
                if entry.level <= level:
                    continue
                if prov and entry.province != prov:
                    continue
                if city and entry.city != city:
                    continue
                if not self._short_ok(entry, text, end, explicit > 0):
                    continue
                extended = True
                walk(
                    end,
                    entry.province,
                    entry.city or city,
                    entry.district,
                    entry.level,
                    explicit + 1,
                    n_short + entry.short,
                )
            if not extended and explicit:
                end = pos
                # 北京市市辖区 / a repeated municipality name: swallow it.
                for filler in ("市辖区", "辖区"):
                    if text.startswith(filler, end):
                        end += len(filler)
                results.append(AddressParse(prov, city, dist, start, end, explicit, n_short))

        walk(start, "", "", "", -1, 0, 0)
        if not results:
            return None
        best_score = max(r.score for r in results)
        best = [r for r in results if r.score == best_score]
        return self._resolve(best)

    def _resolve(self, best: list[AddressParse]) -> AddressParse:
        first = best[0]
        if all((r.province, r.city, r.district) == (first.province, first.city, first.district) for r in best):
            return self._fill(first)
        munis = [r for r in best if r.province in MUNICIPALITIES]
        if len({(r.province, r.district) for r in munis}) == 1:
            return self._fill(munis[0])
        province = first.province if all(r.province == first.province for r in best) else ""
        city = first.city if province and all(r.city == first.city for r in best) else ""
        district = first.district if all(r.district == first.district for r in best) else ""
        return AddressParse(province, city, district, first.start, first.end, first.explicit, first.n_short)

    def _fill(self, parse: AddressParse) -> AddressParse:
        """Municipality city == province."""
        city = parse.city
        if not city and parse.province in MUNICIPALITIES:
            city = parse.province
        return AddressParse(
            parse.province, city, parse.district, parse.start, parse.end, parse.explicit, parse.n_short
        )

    def find(self, text: str, min_explicit: int = 1) -> AddressParse | None:
        """Earliest position in ``text`` where a plausible division chain starts.

        A chain made of a single short form (深圳, 广东) is too weak on its own
        and is skipped; a single full name (深圳市) is accepted.
        """
        folded = self.fold(text)
        for pos in range(len(text)):
            parse = self._parse_folded(folded, pos)
            if parse is None:
                continue
            if parse.explicit < min_explicit:
                continue
            if parse.explicit == 1 and parse.n_short == 1:
                continue
            return parse
        return None


@lru_cache(maxsize=1)
def default_index() -> DivisionIndex:
    """The index over the shipped data file (loaded once)."""
    return DivisionIndex.load()
