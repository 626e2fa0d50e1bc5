#!/usr/bin/env python3
"""Deterministic generator of synthetic shipping labels and contact cards.

Each sample is ``{"id", "layout", "tags", "lines", "truth"}``: the text lines in
reading order (one per rendered row) and the ground-truth WebImageContactInfo.
Ground truth follows the conventions of ``engine/contact`` (full division
names, municipality city == province, receiver before sender, first mobile
wins, phone normalisation of ``engine.contact.phone``).  Divisions are sampled
from the shipped division data, never from the parser's behaviour.

Usage::

    python -m scripts.synthesis.contact_labels --n 240 --seed 5 --out /tmp/contact_set          # JSONL only
    python -m scripts.synthesis.contact_labels --n 240 --seed 5 --out /tmp/contact_set --render # + PNGs

Writes ``OUT/labels.jsonl`` and, with ``--render``, ``OUT/images/<id>.png``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from airocr.engine.contact import ContactInfo as Truth  # ground truth has the API's six fields
from airocr.engine.contact.divisions import MUNICIPALITIES, DivisionIndex, default_index, short_forms

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢")
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛"]
GIVEN_CHARS = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宇浩然子涵欣怡梓轩雨婷俊杰思远嘉")
ENGLISH_FIRST = ["John", "Mary", "David", "Sarah", "Michael", "Emma", "James", "Olivia", "Robert", "Sophia", "Daniel"]
ENGLISH_LAST = ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Lewis", "Walker"]
STREET_WORDS = ["建设", "人民", "解放", "科技", "文化", "新华", "和平", "东风", "青年", "滨江", "长江", "学府", "工业",
                "金融", "湖滨", "星光", "光明", "幸福", "胜利", "迎宾", "创业", "振兴", "福华", "永安", "望江"]
STREET_SUFFIXES = ["路", "大道", "街", "北路", "南路", "东路", "西路", "中路"]
BUILDINGS = ["阳光小区", "锦绣花园", "腾飞大厦", "创新科技园", "金色家园", "世纪广场", "翠苑", "绿景公寓", "国际中心"]
TITLES_CN = ["销售经理", "技术总监", "行政主管", "市场专员", "项目经理", "总经理", "客户经理"]
COMPANIES_CN = [
    "{city}华创科技有限公司", "{city}远航贸易有限公司", "{city}博远信息技术有限公司", "星辰文化传媒有限公司",
]
COURIERS = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "申通快递", "京东物流", "EMS 标准快递"]
EN_STREETS = ["Market St", "Main Street", "Oak Avenue", "King's Road", "Queen St W", "Harbour Rd", "Collins St"]
EN_CITIES = ["San Francisco, CA 94105", "London SW1A 1AA", "New York, NY 10001", "Toronto, ON M5H 2N2",
             "Sydney NSW 2000", "Singapore 018956"]
# How the US / UK city lines map onto the API's fields (engine/contact/README.md); the others stay in the detail.
EN_CITY_FIELDS = {"San Francisco, CA 94105": ("CA", "San Francisco"), "New York, NY 10001": ("NY", "New York"),
                  "London SW1A 1AA": ("", "London")}
EN_TITLES = ["Sales Manager", "Software Engineer", "Product Director", "Marketing Lead"]
EN_COMPANIES = ["Acme Technologies Inc.", "Blue Ocean Trading Ltd", "Northwind Global LLC"]
FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
]
STREET_FOLLOWERS = set("路街道巷弄桥大村里号胡")


@dataclass
class Party:
    """One person on a label: name, printed phones and printed address lines."""

    name: str
    phones: list[tuple[str, str, bool]]  # (printed, normalised, is_mobile)
    address_lines: list[str]
    truth: Truth
    address: str = ""
    tags: list[str] = field(default_factory=list)


class Generator:
    """All random choices come from one seeded ``random.Random``."""

    def __init__(self, seed: int, index: DivisionIndex | None = None) -> None:
        self.rng = random.Random(seed)
        self.index = index or default_index()
        self.tree = self.index.tree
        self._classify_divisions()

    # -- divisions --------------------------------------------------------
    def _classify_divisions(self) -> None:
        self.regular: list[tuple[str, str, str]] = []
        self.municipal: list[tuple[str, str, str]] = []
        self.autonomous_region: list[tuple[str, str, str]] = []
        self.autonomous_prefecture: list[tuple[str, str, str]] = []
        self.county_city: list[tuple[str, str, str]] = []  # 县级市 under a prefecture
        self.direct_county: list[tuple[str, str, str]] = []  # 仙桃市 (no district)
        self.no_district_city: list[tuple[str, str, str]] = []  # 东莞市
        for prov, cities in self.tree.items():
            if prov in ("台湾省", "香港特别行政区", "澳门特别行政区"):
                continue
            for city, dists in cities.items():
                if prov in MUNICIPALITIES:
                    self.municipal += [(prov, city, d) for d in dists]
                    continue
                if not dists:
                    no_county_level = city in ("东莞市", "中山市", "儋州市", "嘉峪关市")
                    (self.no_district_city if no_county_level else self.direct_county).append((prov, city, ""))
                    continue
                for d in dists:
                    triple = (prov, city, d)
                    if prov.endswith("自治区"):
                        self.autonomous_region.append(triple)
                    elif city.endswith("自治州"):
                        self.autonomous_prefecture.append(triple)
                    elif d.endswith("市"):
                        self.county_city.append(triple)
                    else:
                        self.regular.append(triple)

    def _unique(self, name: str, level: int) -> bool:
        return sum(1 for e in self.index.lookup(name) if e.level == level and not e.short) == 1

    def pick_division(self) -> tuple[tuple[str, str, str], str]:
        r = self.rng.random()
        for bound, pool, tag in (
            (0.40, self.regular, "regular"),
            (0.58, self.municipal, "municipality"),
            (0.70, self.autonomous_region, "autonomous_region"),
            (0.77, self.autonomous_prefecture, "autonomous_prefecture"),
            (0.88, self.county_city, "county_level_city"),
            (0.95, self.direct_county, "province_direct_county"),
            (1.01, self.no_district_city, "no_district_city"),
        ):
            if r < bound:
                return self.rng.choice(pool), tag
        raise AssertionError

    def division_text(self, prov: str, city: str, dist: str, tag: str) -> tuple[str, list[str]]:
        """How the division part is printed; tags describe the variant."""
        rng = self.rng
        tags: list[str] = []
        if prov in MUNICIPALITIES:
            p = prov if rng.random() < 0.7 else short_forms(prov, 0)[0]
            if p != prov:
                tags.append("short_forms")
            return p + dist, tags
        p, c, d = prov, city, dist
        style = rng.random()
        if style < 0.2:
            p, c = self._short(prov, 0), self._short(city, 1)
            if dist and not dist.endswith(("市", "县")) and rng.random() < 0.5:
                d = self._short(dist, 2)
            tags.append("short_forms")
        if tag == "county_level_city" and rng.random() < 0.6:
            c = ""  # 江苏省昆山市: city inferred
            tags.append("city_omitted")
        elif style > 0.85 and self._unique(city, 1) and c == city:
            p = ""  # 深圳市南山区: province inferred
            tags.append("province_omitted")
        sep = " " if rng.random() < 0.12 else ""
        if sep:
            tags.append("spaced")
        return sep.join(x for x in (p, c, d) if x), tags

    def _short(self, name: str, level: int) -> str:
        forms = [f for f in short_forms(name, level) if len(f) >= 2 and not f.endswith(("州", "县", "旗"))]
        return forms[0] if forms else name

    def detail(self, tag: str) -> str:
        rng = self.rng
        words = rng.choice(STREET_WORDS)
        road = f"{words}{rng.choice(STREET_SUFFIXES)}{rng.randint(1, 999)}号"
        if tag == "no_district_city":
            road = rng.choice(["长安镇", "东城街道", "虎门镇", "南城街道", "石岐街道", "那大镇"]) + road
        extra = rng.random()
        if extra < 0.35:
            room = f"{rng.randint(1, 30)}0{rng.randint(1, 4)}"
            road += f"{rng.choice(BUILDINGS)}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{room}室"
        elif extra < 0.55:
            road += f"{rng.choice(BUILDINGS)}{rng.choice('ABCD')}座{rng.randint(2, 40)}{rng.randint(1, 20):02d}"
        elif extra < 0.65:
            road += f"{rng.randint(2, 30)}楼"
        return road

    # -- people -------------------------------------------------------------
    def cn_name(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.05:
            return rng.choice(COMPOUND_SURNAMES) + rng.choice(GIVEN_CHARS) + rng.choice(GIVEN_CHARS)
        surname = rng.choice(SURNAMES)
        if r < 0.12:
            return surname + rng.choice(["先生", "女士"])
        given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.65 else "")
        return surname + given

    def mobile(self) -> tuple[str, str, bool]:
        rng = self.rng
        digits = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        fmt = rng.random()
        if fmt < 0.45:
            printed = digits
        elif fmt < 0.6:
            printed = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        elif fmt < 0.72:
            printed = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
        elif fmt < 0.84:
            printed = f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
        elif fmt < 0.92:
            printed = f"+86-{digits}"
        else:
            printed = f"0086 {digits}"
        return printed, digits, True

    def landline(self) -> tuple[str, str, bool]:
        rng = self.rng
        area = rng.choice(["010", "021", "020", "022", "023", "025", "027", "028", "0755", "0571", "0532", "0731"])
        n_local = 8 if len(area) == 3 or rng.random() < 0.7 else 7
        local = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(n_local - 1))
        fmt = rng.random()
        if fmt < 0.5:
            printed = f"{area}-{local}"
        elif fmt < 0.7:
            printed = f"({area}){local[:4]}-{local[4:]}"
        elif fmt < 0.85:
            printed = f"{area} {local}"
        else:
            printed = f"+86 {area[1:]} {local[:4]} {local[4:]}"
        normalized = f"{area}-{local}"
        if rng.random() < 0.25:
            ext = str(rng.randint(1, 9999))
            printed += rng.choice([f" 转 {ext}", f"转{ext}", f" ext. {ext}", f"-{ext}"])
            normalized += f"-{ext}"
        return printed, normalized, False

    def cn_party(self) -> Party:
        rng = self.rng
        (prov, city, dist), tag = self.pick_division()
        div_text, tags = self.division_text(prov, city, dist, tag)
        detail = self.detail(tag)
        tags = [tag, *tags]
        address = div_text + (" " if " " in div_text else "") + detail
        lines = [address]
        if rng.random() < 0.3:
            cut = rng.randint(2, len(address) - 2)
            if address[cut - 1] == " ":
                cut += 1
            lines = [address[:cut].rstrip(), address[cut:].lstrip()]
            tags.append("address_wrapped")
        r = rng.random()
        if r < 0.7:
            phones = [self.mobile()]
        elif r < 0.82:
            phones = [self.landline()]
        else:
            phones = [self.landline(), self.mobile()] if rng.random() < 0.5 else [self.mobile(), self.mobile()]
            tags.append("two_phones")
        chosen = next((p for p in phones if p[2]), phones[0])
        name = self.cn_name()
        truth = Truth(name, chosen[1], prov, city, dist, detail)
        return Party(name, phones, lines, truth, address=address, tags=tags)

    # -- layouts ------------------------------------------------------------
    def colon(self) -> str:
        return self.rng.choice([":", "：", "： ", ": ", " "])

    def noise_lines(self) -> list[str]:
        rng = self.rng
        pool = [
            f"运单号{self.colon()}SF{rng.randint(10**11, 10**12 - 1)}",
            f"订单号: {rng.randint(10**14, 10**15 - 1)}",
            f"*{rng.randint(10**11, 10**12 - 1)}*",
            f"{rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            rng.choice(COURIERS),
            f"重量: {rng.randint(1, 30)/10:.1f}kg",
            "已验视",
            f"件数: {rng.randint(1, 3)}",
        ]
        return rng.sample(pool, rng.randint(1, 3))

    def party_lines(self, party: Party, role: str, labelled: bool) -> list[str]:
        """Lines for one party on a shipping label."""
        rng = self.rng
        c = self.colon
        phones = [p[0] for p in party.phones]
        if not labelled:
            markers = {"receiver": ["收 ", "收: ", ""], "sender": ["寄 ", "寄: ", "寄件人: "]}
            marker = rng.choice(markers[role])
            first = f"{marker}{party.name} {' '.join(phones)}".strip()
            if rng.random() < 0.3 and role == "receiver" and not marker:
                return [party.name, *phones, *party.address_lines]
            return [first, *party.address_lines]
        name_label = rng.choice(["收件人", "收货人"] if role == "receiver" else ["寄件人", "发件人"])
        phone_label = rng.choice(["电话", "手机", "联系电话"])
        addr_label = rng.choice(["地址", "收货地址", "详细地址"] if role == "receiver" else ["地址", "寄件地址"])
        style = rng.random()
        if style < 0.35:  # everything labelled on separate lines
            lines = [f"{name_label}{c()}{party.name}"]
            lines += [f"{phone_label}{c()}{p}" for p in phones]
            lines += [f"{addr_label}{c()}{party.address_lines[0]}", *party.address_lines[1:]]
        elif style < 0.6:  # name + phone on one line
            lines = [f"{name_label}{c()}{party.name} {phone_label}{c()}{' / '.join(phones)}"]
            lines += [f"{addr_label}{c()}{party.address_lines[0]}", *party.address_lines[1:]]
        elif style < 0.8:  # label and value in separate blocks
            lines = [name_label, party.name, phone_label, *phones, addr_label, *party.address_lines]
        else:  # name label only, rest unlabelled
            lines = [f"{name_label}{c()}{party.name} {' '.join(phones)}", *party.address_lines]
        return lines

    def shipping_label(self, sid: str) -> dict:
        rng = self.rng
        recv = self.cn_party()
        labelled = rng.random() < 0.75
        lines: list[str] = []
        tags = list(recv.tags) + (["labelled"] if labelled else ["no_labels"])
        if rng.random() < 0.7:
            lines += self.noise_lines()
            tags.append("noise")
        recv_lines = self.party_lines(recv, "receiver", labelled)
        if rng.random() < 0.55:
            send = self.cn_party()
            send_lines = self.party_lines(send, "sender", labelled or rng.random() < 0.5)
            tags.append("with_sender")
            if rng.random() < 0.3:
                lines += send_lines + recv_lines
                tags.append("sender_first")
            else:
                lines += recv_lines + send_lines
        else:
            lines += recv_lines
        if rng.random() < 0.3:
            lines += self.noise_lines()
        return {"id": sid, "layout": "shipping_label", "tags": tags, "lines": lines, "truth": vars(recv.truth)}

    def cn_card(self, sid: str) -> dict:
        rng = self.rng
        party = self.cn_party()
        c = self.colon
        tags = [*party.tags]
        city_short = party.truth.city.replace("市", "") if party.truth.city else ""
        lines = []
        if rng.random() < 0.5:
            lines.append(f"{party.name}  {rng.choice(TITLES_CN)}")
        else:
            lines += [party.name, rng.choice(TITLES_CN)]
        lines.append(rng.choice(COMPANIES_CN).format(city=city_short if len(city_short) >= 2 else ""))
        for printed, _, is_mobile in party.phones:
            label = rng.choice(["手机", "Mobile", "M"]) if is_mobile else rng.choice(["电话", "Tel", "T"])
            lines.append(f"{label}{rng.choice([':', '：'])}{printed}")
        if rng.random() < 0.5:
            lines.append(f"传真{c()}{self.landline()[0]}")
            tags.append("fax")
        if rng.random() < 0.5:
            lines.append(f"邮箱: {rng.choice(['info', 'sales', 'hr'])}@example.com")
        label = rng.choice(["地址", "Add", "联系地址"])
        if rng.random() < 0.85:
            lines += [f"{label}{rng.choice([':', '：'])}{party.address_lines[0]}", *party.address_lines[1:]]
            tags.append("labelled")
        else:
            lines += party.address_lines
            tags.append("address_unlabelled")
        return {"id": sid, "layout": "cn_card", "tags": tags, "lines": lines, "truth": vars(party.truth)}

    def en_card(self, sid: str) -> dict:
        rng = self.rng
        name = f"{rng.choice(ENGLISH_FIRST)} {rng.choice(ENGLISH_LAST)}"
        tags: list[str] = ["english"]
        r = rng.random()
        if r < 0.3:
            digits = "".join(rng.choice("0123456789") for _ in range(7))
            printed, normalized = f"+1 {rng.randint(201, 989)}-{digits[:3]}-{digits[3:]}", ""
            normalized = "+1" + printed[3:].replace("-", "")
        elif r < 0.5:
            local = f"{rng.randint(2000, 8999)} {rng.randint(1000, 9999)}"
            printed, normalized = f"+44 20 {local}", "+4420" + local.replace(" ", "")
        elif r < 0.65:
            local = f"{rng.randint(6000, 9999)} {rng.randint(1000, 9999)}"
            printed, normalized = f"+65 {local}", "+65" + local.replace(" ", "")
        else:
            printed, normalized, _ = self.mobile()
        truth = Truth(name=name, phone=normalized)
        if rng.random() < 0.3:
            party = self.cn_party()
            addr_lines = party.address_lines
            truth.province, truth.city, truth.district = party.truth.province, party.truth.city, party.truth.district
            truth.detail_address = party.truth.detail_address
            tags.append("chinese_address")
        else:
            street = f"{rng.randint(1, 999)} {rng.choice(EN_STREETS)}"
            parts = [street] + ([f"Suite {rng.randint(100, 999)}"] if rng.random() < 0.4 else [])
            parts.append(rng.choice(EN_CITIES))
            if rng.random() < 0.5:
                addr_lines = [", ".join(parts)]
            else:
                addr_lines = [", ".join(parts[:-1]), parts[-1]]
                tags.append("address_wrapped")
            truth.detail_address = ", ".join(parts)
            place = EN_CITY_FIELDS.get(parts[-1])
            if place:  # US: state -> province, city -> city; UK: post town -> city; street lines -> detail
                truth.province, truth.city = place
                truth.detail_address = ", ".join(parts[:-1])
        lines = []
        if rng.random() < 0.75:
            lines.append(f"{rng.choice(['Name', 'Contact'])}: {name}")
            tags.append("labelled")
        else:
            lines.append(name)
            tags.append("name_unlabelled")
        if rng.random() < 0.5:
            lines.append(rng.choice(EN_TITLES))
        if rng.random() < 0.5:
            lines.append(rng.choice(EN_COMPANIES))
        lines.append(f"{rng.choice(['Tel', 'Phone', 'Mobile'])}: {printed}")
        if rng.random() < 0.4:
            lines.append(f"Email: {name.split()[0].lower()}@example.com")
        lines += [f"{rng.choice(['Address', 'Addr'])}: {addr_lines[0]}", *addr_lines[1:]]
        return {"id": sid, "layout": "en_card", "tags": tags, "lines": lines, "truth": vars(truth)}

    def one_liner(self, sid: str) -> dict:
        """E-commerce style pasted contact: 张三，13812345678，广东省深圳市..."""
        party = self.cn_party()
        sep = self.rng.choice(["，", ",", " "])
        text = sep.join([party.name, party.phones[0][0], party.address])
        truth = vars(party.truth)
        truth["phone"] = party.phones[0][1]
        tags = [t for t in party.tags if t not in ("address_wrapped", "two_phones")] + ["no_labels", "one_line"]
        return {"id": sid, "layout": "one_liner", "tags": tags, "lines": [text], "truth": truth}

    def sample(self, i: int) -> dict:
        sid = f"contact_{i:04d}"
        r = self.rng.random()
        if r < 0.5:
            return self.shipping_label(sid)
        if r < 0.72:
            return self.cn_card(sid)
        if r < 0.9:
            return self.en_card(sid)
        return self.one_liner(sid)


def generate(n: int = 240, seed: int = 5) -> list[dict]:
    """``n`` samples, identical for identical (n, seed)."""
    gen = Generator(seed)
    return [gen.sample(i) for i in range(n)]


def render(sample: dict, path: Path, seed: int = 0) -> None:
    """Draw the sample's lines as a label/card PNG (one row per line)."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(f"{seed}:{sample['id']}")
    font_path, font_index = rng.choice(FONTS)
    size = rng.randint(24, 34)
    font = ImageFont.truetype(font_path, size, index=font_index)
    margin = rng.randint(24, 48)
    gap = int(size * rng.uniform(0.5, 0.9))
    widths = [int(font.getlength(line)) for line in sample["lines"]]
    barcode = sample["layout"] == "shipping_label" and rng.random() < 0.6
    width = max(widths) + 2 * margin + 12
    height = len(sample["lines"]) * (size + gap) + 2 * margin + (90 if barcode else 0)
    bg = tuple(rng.randint(235, 255) for _ in range(3))
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    if sample["layout"] == "shipping_label":
        draw.rectangle([4, 4, width - 5, height - 5], outline=(0, 0, 0), width=2)
    y = margin
    if barcode:
        x = margin
        while x < min(width - margin, margin + 420):
            w = rng.choice([2, 3, 4, 6])
            draw.rectangle([x, y, x + w - 1, y + 60], fill=(0, 0, 0))
            x += w + rng.choice([2, 3, 5])
        y += 90
    ink = tuple(rng.randint(0, 50) for _ in range(3))
    for line in sample["lines"]:
        draw.text((margin + rng.randint(0, 8), y), line, font=font, fill=ink)
        y += size + gap
    img.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--render", action="store_true", help="also draw OUT/images/<id>.png")
    args = ap.parse_args()
    samples = generate(args.n, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for s in samples:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    if args.render:
        (args.out / "images").mkdir(exist_ok=True)
        for s in samples:
            render(s, args.out / "images" / f"{s['id']}.png", args.seed)
    print(f"wrote {len(samples)} samples to {args.out}")


if __name__ == "__main__":
    main()
