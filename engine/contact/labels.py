"""The labels of a contact block (收件人, 电话, Tel:, Address: ...) and where they stand in a line."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME, PHONE, ADDRESS, NOISE, SECTION = "name", "phone", "address", "noise", "section"
RECEIVER, SENDER = "receiver", "sender"


@dataclass(frozen=True)
class Label:
    text: str
    kind: str
    role: str | None = None
    needs_colon: bool = False  # short or English labels only count when followed by ':'


def _labels(kind: str, role: str | None, words: str, needs_colon: bool = False, sep: str | None = None) -> list[Label]:
    return [Label(w, kind, role, needs_colon) for w in words.split(sep)]


LABELS: list[Label] = [
    *_labels(NAME, RECEIVER, "收件人姓名 收货人姓名 收件人 收货人 收件方 收方"),
    *_labels(NAME, SENDER, "寄件人姓名 发件人姓名 寄件人 发件人 发货人 寄件方 寄方"),
    *_labels(NAME, None, "联系人姓名 联系人 姓名 客户姓名"),
    *_labels(NAME, RECEIVER, "Recipient Receiver Consignee To", needs_colon=True),
    *_labels(NAME, SENDER, "Sender Shipper From", needs_colon=True),
    *_labels(NAME, None, "Name Contact", needs_colon=True),
    *_labels(NAME, None, "客户", needs_colon=True),  # delivery notes: 客户: 张三
    *_labels(PHONE, RECEIVER, "收件人电话 收件人手机 收货人电话 收货人手机 收件电话 收件手机"),
    *_labels(PHONE, SENDER, "寄件人电话 寄件人手机 发件人电话 发件人手机 寄件电话 寄件手机"),
    *_labels(PHONE, None, "联系电话 电话号码 手机号码 手机号 联系方式 移动电话 电话 手机 座机 固话"),
    *_labels(PHONE, None, "Telephone Tel Phone Mobile Mob Cell T M", needs_colon=True),
    *_labels(ADDRESS, RECEIVER, "收件人地址 收货人地址 收件地址 收货地址"),
    *_labels(ADDRESS, SENDER, "寄件人地址 发件人地址 寄件地址 发件地址 发货地址"),
    *_labels(ADDRESS, None, "详细地址 联系地址 通讯地址 所在地址 地址 住址"),
    *_labels(ADDRESS, None, "Address Addr Add", needs_colon=True),
    *_labels(
        NOISE,
        None,
        "订单编号 商品编号 编号 订单号 运单号 快递单号 单号 "
        "下单时间 寄件时间 日期 时间 重量 件数 备注 传真 邮编 邮政编码 "
        "邮箱 网址 微信 物品 内件 托寄物 付款方式 代收货款 金额 数量 公司 单位 职位 职务 部门 签收人 签名 "
        "始发地 目的地 原寄地",
    ),
    *_labels(
        NOISE,
        None,
        "Fax Email E-mail Web Website QQ WeChat Company Title Order No Date Zip Postcode Weight",
        needs_colon=True,
    ),
    *_labels(SECTION, RECEIVER, "收件人信息 收件信息 收货信息 收货人信息"),
    *_labels(SECTION, SENDER, "寄件人信息 寄件信息 发货信息 发件人信息"),
    *_labels(SECTION, RECEIVER, "收", needs_colon=True),
    *_labels(SECTION, SENDER, "寄", needs_colon=True),
    *_labels(SECTION, RECEIVER, "收件 收货", needs_colon=True),
    *_labels(SECTION, SENDER, "寄件 发件", needs_colon=True),
    *_labels(SECTION, RECEIVER, "Ship To|Deliver To|Bill To|Sold To|Shipping Address|Delivery Address",
             needs_colon=True, sep="|"),
    *_labels(SECTION, SENDER, "Return Address|Return To|Ship From|Origin ID|Remitter", needs_colon=True, sep="|"),
    # Thai carriers' labels (ผู้รับ receiver, ผู้ส่ง sender, โทร phone, ที่อยู่ address).
    *_labels(NAME, RECEIVER, "ผู้รับ"),
    *_labels(NAME, SENDER, "ผู้ส่ง"),
    *_labels(PHONE, None, "โทรศัพท์ โทร เบอร์โทร"),
    *_labels(ADDRESS, None, "ที่อยู่"),
]
# Upper-case TO / FROM opening a block (FedEx, UPS: ``TO RACHEL MITCHELL``) count without a colon.
BARE_OPENERS = (Label("TO", NAME, RECEIVER, True), Label("FROM", NAME, SENDER, True))
# Longest first, so that 收货地址 wins over 地址 and 联系电话 over 电话.
LABELS.sort(key=lambda lab: len(lab.text), reverse=True)

COLON_CHARS = ":"
CJK_RE = re.compile(r"[\u3400-\u9fff]")
THAI_RE = re.compile(r"[\u0e00-\u0e7f]")


def is_cjk(ch: str) -> bool:
    return bool(CJK_RE.match(ch))


def _bare_label_ok(label: Label) -> bool:
    """Labels that count without a colon at a block start or after a space: Chinese or Thai, 2+ chars."""
    return not label.needs_colon and len(label.text) >= 2 and bool(CJK_RE.match(label.text[0]) or
                                                                   THAI_RE.match(label.text[0]))


def _label_boundary_ok(text: str, start: int, label: Label) -> bool:
    """A Latin label must not be the tail of a longer word (e-Mail, Hotel)."""
    if start == 0:
        return True
    prev = text[start - 1]
    if label.text.isascii():
        if len(label.text) == 1:
            return prev in " |/,;"
        return not prev.isalnum()
    return True


OCR_LATIN_FOLD = str.maketrans({"1": "l", "|": "l", "I": "l", "0": "o"})


def fold_latin(text: str) -> str:
    """Case- and OCR-insensitive form of a Latin label (Mobi1e, Te1, Emai1 -> mobile, tel, email)."""
    return text.translate(OCR_LATIN_FOLD).lower()


def find_labels(text: str) -> list[tuple[int, int, Label]]:
    """(start, value_start, label) for every label in a normalised block.

    A label counts when a colon follows it, or -- for Chinese labels of two or
    more characters -- when it opens the block or follows a space
    (``电话 138...``, ``地址广东省...``).
    """
    hits: list[tuple[int, int, Label]] = []
    for colon in (i for i, ch in enumerate(text) if ch in COLON_CHARS):
        head = text[:colon].rstrip()
        for label in LABELS:
            tail = head[-len(label.text) :]
            matched = len(head) >= len(label.text) and fold_latin(tail) == fold_latin(label.text)
            if matched:
                start = len(head) - len(label.text)
                if _label_boundary_ok(text, start, label):
                    hits.append((start, colon + 1, label))
                    break
    taken = [(s, e) for s, e, _ in hits]
    for label in LABELS:  # 收 张三 138... / a 收 or 寄件 block of its own: a section mark opening the block
        if label.kind == SECTION and CJK_RE.match(label.text) and len(label.text) <= 2 and not taken and (
                text == label.text or text.startswith(label.text + " ")):
            hits.append((0, len(label.text) + 1, label))
            taken.append((0, len(label.text) + 1))
    for label in BARE_OPENERS:
        after = text[len(label.text) + 1 : len(label.text) + 2]
        if not taken and text.startswith(label.text + " ") and after.isupper():
            hits.append((0, len(label.text) + 1, label))
            taken.append((0, len(label.text) + 1))
    for pos in [0] + [i + 1 for i, ch in enumerate(text) if ch == " "]:
        if any(s <= pos < e for s, e in taken):
            continue
        for label in LABELS:
            if not _bare_label_ok(label):
                continue
            if text.startswith(label.text, pos):
                hits.append((pos, pos + len(label.text), label))
                break
    hits.sort()
    pruned: list[tuple[int, int, Label]] = []
    for hit in hits:
        if pruned and hit[0] < pruned[-1][1]:
            continue
        pruned.append(hit)
    return pruned
