"""Contact extraction (name, phone, province, city, district, detail_address).

Input: recognised text blocks in reading order (one string per OCR line/block).
Labels and values may share a block or sit in adjacent blocks; an address may
wrap over several blocks; labels may be missing altogether.

Pipeline (each step is a small function below):

1. ``normalize_line``: NFKC (fullwidth colons/digits/brackets -> ASCII), squeeze spaces.
2. ``segment_line``: split every block at the labels it contains (收件人:, 电话,
   Tel:, 地址 ...) into ``Segment``s; a label with nothing after it takes the
   next block as its value (``attach_dangling_values``).
3. ``assign_roles``: shipping labels carry a receiver and a sender part; every
   segment inherits the role of the last role-bearing label before it.
4. ``choose_segments``: the receiver's segments win, then segments with no role
   (cards), then the sender's (only when nothing else is there).
5. Per field: ``pick_name``, ``pick_phone``, ``pick_address`` on those segments,
   each preferring labelled values and falling back to unlabelled evidence
   (a 2-4 character Chinese name next to a phone, a block that parses as a
   division chain).

Conventions are documented in ``engine/contact/README.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from .divisions import CITY, DivisionIndex, default_index
from .foreign import CN, detect_region, find_foreign_phones, is_address_end, pick_foreign_address
from .labels import (
    ADDRESS,
    CJK_RE,
    LABELS,
    NAME,
    NOISE,
    PHONE,
    RECEIVER,
    SECTION,
    SENDER,
    THAI_RE,
    Label,
    find_labels,
    is_cjk,
)
from .phone import INTERNATIONAL, MOBILE, PhoneMatch, choose_phone, find_phones


@dataclass
class ContactInfo:
    """The API's WebImageContactInfo; empty strings for what was not found."""

    name: str = ""
    phone: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    detail_address: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


NAME_CJK_RE = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff·•]{1,15}")
LATIN_NAME_RE = re.compile(r"[A-Z][a-zA-Z'.\-]*(?: [A-Z][a-zA-Z'.\-]*){0,3}")
DATE_RE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}")

# Common Chinese surnames (single and compound), used only to accept *unlabelled* names.
SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝"
)
# Traditional forms of common surnames (HK/TW labels, and OCR that answers 黃 for 黄).
SURNAMES_1 |= set("劉陳楊黃趙吳孫馬鄭謝韓馮鄧曹蕭葉蘇魏呂盧姜鐘譚陸範賈韋鄒龍賀顧龔萬錢嚴戴孔湯溫莊聶魯嶽關蘭焦")
SURNAMES_1 |= set("張許蔣沈姚於")
SURNAMES_2 = set("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 令狐 夏侯 端木".split())

# Characters / words that make a CJK token an address, company or job title rather than a name.
NON_NAME_CHARS = set("省市区县镇乡村路街巷号楼室栋层")
NON_NAME_WORDS = (
    "公司", "经理", "总监", "主管", "专员", "主任", "总裁", "董事", "助理", "工程师", "部门", "电话", "手机",
    "地址", "收件", "寄件", "收货", "发货", "联系", "姓名", "客户", "信息",
)

ADDRESS_HINT_CHARS = set("路街道巷弄号室栋幢楼层座村组苑园院厦场城镇乡里屯庄区县市期门")
ADDRESS_HINT_WORDS = ("单元", "小区", "大厦", "广场", "花园", "公寓", "中心", "社区", "胡同", "宿舍", "工业区")
COMPANY_SUFFIXES = ("公司", "有限", "集团", "工作室", "事务所", "研究院", "研究所", "银行", "分行", "支行")
NOISE_WORDS = (
    "快递", "速运", "速递", "物流", "已验视", "验视", "签收", "到付", "寄付", "月结", "电子面单", "代收", "保价",
    "标准快件", "特快", "件数", "重量", "打印", "扫码", "条码",
)
LATIN_ADDRESS_WORDS = re.compile(
    r"\b(St|Street|Rd|Road|Ave|Avenue|Blvd|Lane|Ln|Dr|Drive|Way|Suite|Ste|Floor|Fl|Room|Rm|Unit|Building|Bldg|"
    r"Block|Tower|Plaza|Park|District|City|Province|Apt)\b\.?",
    re.IGNORECASE,
)
LATIN_NON_NAME_WORDS = {
    "manager", "engineer", "director", "sales", "officer", "president", "ceo", "cto", "cfo", "founder",
    "inc", "ltd", "llc", "co", "corp", "company", "technology", "technologies", "group", "limited",
    "senior", "junior", "lead", "head", "marketing", "product", "designer", "consultant", "partner",
    "business", "card", "express", "shipping", "label", "order", "tracking", "international", "global",
    "ups", "usps", "fedex", "dhl", "ground", "royal", "mail", "tracked", "priority", "packing", "slip", "invoice",
    "account", "partnerships", "questions", "dashboard", "sign", "create", "forgot", "password", "total",
}


@dataclass
class Segment:
    """A piece of one block: optionally a label, and the text that follows it."""

    line: int
    text: str
    label: Label | None = None
    role: str | None = None
    phones: list[PhoneMatch] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return self.label.kind if self.label else None


# ---------------------------------------------------------------- step 1 + 2
def normalize_line(text: str) -> str:
    """NFKC (fullwidth -> ASCII) and single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits Thai SARA AM
    text = text.replace("﹕", ":").replace("∶", ":")
    return re.sub(r"\s+", " ", text).strip()


def segment_line(index: int, text: str) -> list[Segment]:
    """Split one block at its labels."""
    hits = find_labels(text)
    segments: list[Segment] = []
    head_end = hits[0][0] if hits else len(text)
    head = text[:head_end].strip()
    if head:
        segments.append(Segment(index, head))
    for k, (_, value_start, label) in enumerate(hits):
        value_end = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        value = text[value_start:value_end].strip(" :,;|/")
        segments.append(Segment(index, value, label))
    return segments


def attach_dangling_values(segments: list[Segment]) -> list[Segment]:
    """A label with no value takes the next block's unlabelled head as its value."""
    out: list[Segment] = []
    k = 0
    while k < len(segments):
        seg = segments[k]
        nxt = segments[k + 1] if k + 1 < len(segments) else None
        if (
            seg.label is not None
            and seg.label.kind in (NAME, PHONE, ADDRESS, NOISE)
            and not seg.text
            and nxt is not None
            and nxt.label is None
            and nxt.line == seg.line + 1
        ):
            out.append(Segment(nxt.line, nxt.text, seg.label))
            k += 2
            continue
        out.append(seg)
        k += 1
    return out


# ---------------------------------------------------------------- step 3 + 4
def assign_roles(segments: list[Segment], index: DivisionIndex, region: str = CN) -> None:
    """Every segment takes its label's role or the role of the last role-bearing label.

    An unlabelled name (张三 / 张三 138...) after a section that already has a
    name and a phone (or a complete foreign address) starts a new, role-less
    section: the typical sender-first label whose receiver part is printed
    without labels.
    """
    current: str | None = None
    seen_name = seen_phone = False
    for seg in segments:
        if seg.label is not None and seg.label.role is not None:
            if seg.label.role != current:
                seen_name = seen_phone = False
            current = seg.label.role
        elif seg.label is None and current is not None and seen_name and seen_phone and name_tokens(seg, index):
            current = None
            seen_name = seen_phone = False
        seg.role = current
        seen_phone = seen_phone or bool(seg.phones) or (region != CN and is_address_end(seg.text, region))
        unlabelled = seg.label is None or seg.kind == SECTION
        seen_name = seen_name or seg.kind == NAME or (unlabelled and bool(name_tokens(seg, index)))


def choose_segments(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """(primary, fallback) segments: receiver first, then role-less, then sender."""
    by_role: dict[str | None, list[Segment]] = {RECEIVER: [], None: [], SENDER: []}
    for seg in segments:
        by_role[seg.role].append(seg)
    if by_role[RECEIVER]:
        return by_role[RECEIVER], by_role[None]
    if by_role[None] and any(s.kind in (NAME, PHONE, ADDRESS) or s.label is None for s in by_role[None]):
        return by_role[None], by_role[SENDER] if not _has_content(by_role[None]) else []
    return by_role[SENDER], []


def _has_content(segments: list[Segment]) -> bool:
    return any(s.phones or s.kind in (NAME, ADDRESS) for s in segments)


# ---------------------------------------------------------------- names
def plausible_cjk_name(token: str, index: DivisionIndex) -> bool:
    """A 2-4 character Chinese personal name (张三, 欧阳娜娜, 买买提·艾力)."""
    core = token.replace("·", "").replace("•", "")
    if not 2 <= len(core) <= 4 and not ("·" in token and len(core) <= 10):
        return False
    if not all(is_cjk(ch) for ch in core):
        return False
    if any(ch in NON_NAME_CHARS for ch in core) or index.is_division_name(token, max_short_level=CITY):
        return False
    if any(word in token for word in NOISE_WORDS + NON_NAME_WORDS):
        return False
    return core[0] in SURNAMES_1 or core[:2] in SURNAMES_2 or "·" in token


def plausible_latin_name(token: str) -> bool:
    """Two to four capitalised words that are not a job title or a company."""
    words = token.split()
    if not 2 <= len(words) <= 4 or not LATIN_NAME_RE.fullmatch(token):
        return False
    return not any(w.lower().strip(".") in LATIN_NON_NAME_WORDS for w in words) and not LATIN_ADDRESS_WORDS.search(
        token
    )


def _strip_phones(text: str, phones: list[PhoneMatch]) -> list[str]:
    """The pieces of ``text`` around its phone numbers."""
    pieces, last = [], 0
    for m in phones:
        pieces.append(text[last : m.start])
        last = m.end
    pieces.append(text[last:])
    return [p.strip(" ,;|/:()") for p in pieces if p.strip(" ,;|/:()")]


def clean_labelled_name(value: str, phones: list[PhoneMatch], index: DivisionIndex) -> str:
    """The name in a labelled value: its first CJK run (cut before an address) or Latin words."""
    for piece in _strip_phones(value, phones):
        if THAI_RE.match(piece):
            return " ".join(w for w in piece.split()[:3] if THAI_RE.match(w))
        m = NAME_CJK_RE.match(piece)
        if m:
            name = m.group()
            chain = index.find(name)
            if chain is not None and chain.start >= 2:
                name = name[: chain.start]
            cuts = [name.find(lab.text, 2) for lab in LABELS if len(lab.text) > 1]  # 张三联系电话 (no colon)
            cuts = [c for c in cuts if c >= 2]
            if cuts:
                name = name[: min(cuts)]
            return strip_job_title(name, index)
        m = LATIN_NAME_RE.match(piece)
        if m:
            return m.group().strip()
        return piece.split(" ")[0]
    return ""


JOB_TITLES = tuple(
    "副总经理 总经理 销售经理 项目经理 运营经理 人事经理 技术经理 客户经理 部门经理 产品经理 市场经理 市场专员 "
    "销售专员 行政主管 技术总监 销售总监 财务总监 高级工程师 工程师 董事长 总裁 经理 总监 主管 专员 主任 助理 "
    "顾问 设计师 会计 店长 老师 医生 律师".split()
)


def strip_job_title(token: str, index: DivisionIndex) -> str:
    """``吴建总经理`` -> ``吴建``: OCR merges a name with the title printed beside it."""
    best = token
    if token in JOB_TITLES:
        return token
    for cut in range(2, min(len(token) - 1, 5)):
        if token[cut:] in JOB_TITLES and plausible_cjk_name(token[:cut], index):
            if best == token or len(token[cut:]) > len(token) - len(best):
                best = token[:cut]
    return best


def name_tokens(seg: Segment, index: DivisionIndex) -> list[str]:
    """Unlabelled name candidates in a segment (text minus phones, split on spaces, cut before addresses)."""
    out: list[str] = []
    for piece in _strip_phones(seg.text, seg.phones):
        latin = piece if piece.isascii() else ""
        head, _, rest = latin.partition(",")
        if latin and plausible_latin_name(latin if not rest.strip()[:1].isdigit() else head.strip()):
            out.append(latin if not rest.strip()[:1].isdigit() else head.strip())  # "Ann Lee, 19 High St"
            continue
        for token in re.split(r"[ |｜]+", piece):  # 周英欣|市场总监: OCR drops the spaces around a bar
            chain = index.find(token)
            if chain is not None and 2 <= chain.start <= 4:
                token = token[: chain.start]
            token = strip_job_title(token, index)
            if not plausible_cjk_name(token, index) and CJK_RE.match(token):
                token = re.sub(r"[0-9A-Za-z]{1,2}$", "", token)  # 邓军秀0: a stray OCR character
            if plausible_cjk_name(token, index):
                out.append(token)
    return out


def pick_name(segments: list[Segment], index: DivisionIndex) -> str:
    """First labelled name; else the unlabelled name closest to a phone number."""
    for seg in segments:
        if seg.kind == NAME:
            name = clean_labelled_name(seg.text, seg.phones, index)
            if name:
                return name
    phone_lines = [s.line for s in segments if s.phones]
    best: tuple[int, int, str] | None = None
    for order, seg in enumerate(segments):
        if seg.kind in (NOISE, ADDRESS):
            continue
        for token in name_tokens(seg, index):
            distance = min((abs(seg.line - ln) for ln in phone_lines), default=0)
            key = (min(distance, 3), order, token)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else ""


# ---------------------------------------------------------------- phones
def pick_phone(segments: list[Segment]) -> str:
    """See ``phone.choose_phone``: first mobile, else the first number."""
    matches = [m for seg in segments if seg.kind not in (NOISE,) for m in seg.phones]
    return choose_phone(matches)


# ---------------------------------------------------------------- address
def looks_like_company(text: str) -> bool:
    return any(s in text for s in COMPANY_SUFFIXES)


def looks_like_noise(text: str) -> bool:
    """Dates, barcode digits, tracking codes, courier boiler-plate."""
    if DATE_RE.search(text):
        return True
    compact = text.replace(" ", "").strip("*#")
    if compact and not CJK_RE.search(compact):
        ascii_code = sum(ch.isdigit() or ch.isupper() for ch in compact)
        if ascii_code / len(compact) > 0.8 and sum(ch.isdigit() for ch in compact) >= 6:
            return True
    return any(word in text for word in NOISE_WORDS)


def has_address_hint(text: str) -> bool:
    if CJK_RE.search(text):
        return any(ch in ADDRESS_HINT_CHARS for ch in text) or any(w in text for w in ADDRESS_HINT_WORDS)
    return bool(re.search(r"\d", text) or "," in text or LATIN_ADDRESS_WORDS.search(text))


def is_continuation(seg: Segment, address_so_far: str, index: DivisionIndex) -> bool:
    """Whether an unlabelled block continues a wrapped address."""
    if seg.label is not None or seg.phones or not seg.text:
        return False
    text = seg.text
    if looks_like_noise(text) or looks_like_company(text) or "@" in text or "www" in text.lower():
        return False
    if plausible_cjk_name(text, index) or (text.isascii() and plausible_latin_name(text) and "," not in text):
        return False
    chinese = bool(CJK_RE.search(address_so_far))
    if chinese and not CJK_RE.search(text):
        return len(text) <= 6 and text.isalnum()  # a wrapped room number: "2817"
    if not chinese and CJK_RE.search(text):
        return False
    return has_address_hint(text) or (chinese and len(text) <= 6)


def join_address(parts: list[str]) -> str:
    """Chinese wraps join without a separator; Latin address lines with ', '."""
    if any(CJK_RE.search(p) for p in parts):
        return "".join(p.strip() for p in parts)
    return ", ".join(p.strip().rstrip(",") for p in parts if p.strip())


def compact_cjk_spaces(text: str) -> str:
    """Drop spaces next to Chinese characters (OCR and layouts insert them freely)."""
    return re.sub(r"(?<=[\u3400-\u9fff]) +| +(?=[\u3400-\u9fff])", "", text)


def split_address(text: str, index: DivisionIndex) -> ContactInfo:
    """Province/city/district from the division chain at the start, the rest as detail."""
    text = compact_cjk_spaces(text.strip(" ,;:"))
    for prefix in ("中华人民共和国", "中国"):
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip(" ,")
    parse = index.parse_prefix(text, 0) if CJK_RE.match(text[:1] or " ") else None
    if parse is None:
        return ContactInfo(detail_address=text)
    detail = text[parse.end :].strip(" ,，;:")
    return ContactInfo(province=parse.province, city=parse.city, district=parse.district, detail_address=detail)


def _address_start(seg: Segment, index: DivisionIndex, tail: str = "") -> int | None:
    """Where an unlabelled address begins in a segment, if it contains one.

    ``tail`` is the next block: an address wrapped inside its division chain
    (河南省济 / 源市工业路...) only parses once the two are joined.
    """
    text = seg.text
    if looks_like_company(text) or looks_like_noise(text):
        return None
    parse = index.find(text + tail)
    if parse is None or parse.start >= len(text):
        return None
    rest = (text + tail)[parse.end :]
    if parse.explicit >= 2 or (parse.n_short == 0 and has_address_hint(rest)):
        if any(m.end > parse.start for m in seg.phones):
            return None  # an address never contains a phone: it starts after the last one
        return parse.start
    return None


def pick_address(segments: list[Segment], index: DivisionIndex) -> ContactInfo:
    """Labelled address (plus continuation blocks), else the first block that parses as one."""
    start_k, start_text = None, ""
    for k, seg in enumerate(segments):
        if seg.kind == ADDRESS and seg.text:
            start_k, start_text = k, seg.text
            break
    if start_k is None:
        for k, seg in enumerate(segments):
            if seg.kind not in (None, NAME, PHONE, SECTION):
                continue
            pos = _address_start(seg, index)
            if pos is None and k + 1 < len(segments):
                nxt = segments[k + 1]
                if nxt.line == seg.line + 1 and is_continuation(nxt, seg.text, index):
                    pos = _address_start(seg, index, nxt.text)
            if pos is not None:
                start_k = k
                start_text = _strip_trailing_phone(seg.text[pos:], seg)
                break
    if start_k is None:
        return ContactInfo()
    parts = [start_text]
    last_line = segments[start_k].line
    per_line = Counter(seg.line for seg in segments)
    for seg in segments[start_k + 1 :]:
        if seg.line != last_line + 1 or len(parts) >= 4 or per_line[seg.line] > 1:
            break
        if not is_continuation(seg, join_address(parts), index):
            break
        parts.append(seg.text)
        last_line = seg.line
    return split_address(join_address(parts), index)


def _strip_trailing_phone(text: str, seg: Segment) -> str:
    for m in find_phones(text):
        return text[: m.start].strip()
    return text


# ---------------------------------------------------------------- entry point
def separate_section_mark(text: str, index: DivisionIndex) -> str:
    """``收林女士198...`` -> ``收 林女士198...``: OCR often drops the gap after a 收/寄 mark."""
    if len(text) < 4 or text[0] not in "收寄" or not is_cjk(text[1]):
        return text
    if any(text.startswith(lab.text) for lab in LABELS if len(lab.text) > 1):
        return text
    for length in (4, 3, 2):
        name, after = text[1 : 1 + length], text[1 + length : 2 + length]
        if plausible_cjk_name(name, index) and (not after or after in " +(" or after.isdigit()):
            return f"{text[0]} {text[1:]}"
    return text


def _phones(text: str, kind: str | None, region: str) -> list[PhoneMatch]:
    """CN rules (phone.py) on Chinese pages; elsewhere the country's valid numbers, CN mobiles and +numbers."""
    cn = find_phones(text, allow_local=kind == PHONE)
    if region == CN:
        return cn
    found = find_foreign_phones(text, region)
    found += [m for m in cn if m.kind in (MOBILE, INTERNATIONAL)
              and not any(m.start < f.end and f.start < m.end for f in found)]
    return sorted(found, key=lambda m: m.start)


def segment_lines(lines: Sequence[str], index: DivisionIndex, region: str = CN) -> list[Segment]:
    segments: list[Segment] = []
    for i, raw in enumerate(lines):
        text = separate_section_mark(normalize_line(raw), index)
        if text:
            segments.extend(segment_line(i, text))
    segments = attach_dangling_values(segments)
    for seg in segments:
        noise = seg.label is None and looks_like_noise(seg.text) and not _phones(seg.text, None, region)
        if seg.kind == NOISE or noise:
            continue
        seg.phones = _phones(seg.text, seg.kind, region)
    assign_roles(segments, index, region)
    return segments


def has_contact_block(segments: list[Segment]) -> bool:
    """A page carries a contact only with a phone number or a contact label (name, phone, address, 收/寄,
    Ship To ...): UI screens, articles and tables that merely mention a place or a surname do not."""
    return any(seg.phones or seg.kind in (NAME, PHONE, ADDRESS, SECTION) for seg in segments)


def pick_any_address(segments: list[Segment], index: DivisionIndex, region: str) -> ContactInfo:
    """The foreign address of the page's country when there is one, else the Chinese rules."""
    if region != CN:
        found = pick_foreign_address([s.text for s in segments if s.kind not in (NOISE, PHONE)], region)
        if found is not None:
            return ContactInfo(province=found.province, city=found.city, district=found.district,
                               detail_address=found.detail)
    return pick_address(segments, index)


def extract_contact(lines: Sequence[str], index: DivisionIndex | None = None) -> ContactInfo:
    """Extract the contact of a shipping label / business card from its text blocks."""
    index = index or default_index()
    region = detect_region([normalize_line(line) for line in lines])
    segments = segment_lines(lines, index, region)
    if not has_contact_block(segments):
        return ContactInfo()
    primary, fallback = choose_segments(segments)
    info = ContactInfo()
    info.name = pick_name(primary, index) or pick_name(fallback, index)
    info.phone = pick_phone(primary) or pick_phone(fallback)
    address = pick_any_address(primary, index, region)
    if not (address.detail_address or address.province or address.city):
        address = pick_any_address(fallback, index, region)
    info.province, info.city, info.district = address.province, address.city, address.district
    info.detail_address = address.detail_address
    return info
