"""Slot fillers for the browser page templates (``browser_templates/*.html``): ``{{kind}}`` → text.

Vocabulary written for web pages (shop, app, news, shipping); deliberately not the lists the
Pillow generator (web_pages.py) draws from, so that a rule tuned on one is tested on the other.
Thai UI phrases are written here; longer Thai text adds words from the vendored pythainlp list.
"""

from __future__ import annotations

import random
from collections.abc import Callable

EN_WORDS = (
    "account activity address alerts analytics archive available backup balance basket billing brand browse "
    "calendar camera cancel category change checkout city classic cloud collection comfort comment community "
    "confirm connect contact cotton coupon create customer daily dashboard data delete delivery design details "
    "device discover display document download draft edit email energy estimate event export favorite feature "
    "feedback file filter fitness folder follow garden gift global guest health help history home invoice item "
    "journey kitchen language latest leather library light limited list location login manage market member "
    "message mobile monthly music network news notes notice offer online order outdoor overview package page "
    "password payment photo plan policy popular premium preview price privacy product profile project quality "
    "quick rating receipt recent refund region reply report request return review reward room sale saved "
    "schedule search security select service session settings share shipping size smart sound sport status "
    "storage store style subscribe summary support sync team theme ticket today total track travel trending "
    "update upload usage user video view volume wallet weather weekly wireless workspace"
).split()
FIRST = ("Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan", "Chloe", "Daniel",
         "Grace", "Henry", "Zoe", "Owen", "Ruby", "Jack", "Ella", "Leo")
LAST = ("Wilson", "Carter", "Nguyen", "Patel", "Brooks", "Garcia", "Kim", "Turner", "Reed", "Murphy", "Ward",
        "Hughes", "Foster", "Price", "Bennett", "Chen", "Lopez", "Hayes", "Morgan", "Shaw")
CN_WORDS = ("首页", "分类", "购物车", "我的", "设置", "消息", "通知", "账号安全", "隐私政策", "帮助中心", "意见反馈",
            "退出登录", "订单详情", "物流信息", "已签收", "待付款", "待发货", "待收货", "退款售后", "优惠活动",
            "领取优惠券", "限时秒杀", "爆款推荐", "猜你喜欢", "销量", "价格", "筛选", "综合排序", "新品", "好评率",
            "店铺", "关注", "客服", "立即下单", "加入收藏", "分享", "评论", "点赞", "转发", "阅读全文", "相关推荐",
            "热门话题", "今日头条", "财经", "科技", "体育", "娱乐", "天气预报", "空气质量", "北京", "上海", "广州",
            "深圳", "杭州", "成都", "南京", "武汉", "西安", "重庆", "配送范围", "预计送达", "运费", "合计",
            "实付款", "收货人", "联系电话", "详细地址", "备注", "发票", "数量", "规格", "颜色", "尺码", "库存",
            "编辑资料", "修改密码", "绑定手机", "清除缓存", "版本更新", "关于我们", "服务条款", "会员中心",
            "积分", "余额", "钱包", "充值", "提现", "账单", "扫一扫", "搜索", "历史记录", "热门搜索")
CN_CLAUSES = ("随着天气逐渐转暖", "各地游客数量明显增加", "相关部门表示将进一步加强管理", "本次活动持续到月底",
              "用户可在应用内查看详细规则", "新款产品采用更轻薄的设计", "续航时间提升了百分之二十",
              "专家建议市民注意防暑降温", "城市公共交通线路将作出调整", "部分商品已经售罄",
              "会员可享受额外折扣", "我们将在三个工作日内处理您的申请", "请保持手机畅通以便快递员联系",
              "该项目预计明年年底完工", "市场整体表现较为平稳", "图书馆周末延长开放时间",
              "报名截止日期为下周五", "居民可通过线上平台预约办理")
TH_PHRASES = ("หน้าแรก", "หมวดหมู่", "ตะกร้าสินค้า", "บัญชีของฉัน", "ตั้งค่า", "ข้อความ", "การแจ้งเตือน",
              "ออกจากระบบ", "เข้าสู่ระบบ", "สมัครสมาชิก", "ค้นหาสินค้า", "สินค้าขายดี", "ราคาพิเศษ", "ลดราคา",
              "ส่งฟรี", "สั่งซื้อเลย", "เพิ่มลงตะกร้า", "รายละเอียดสินค้า", "รีวิวจากลูกค้า", "ติดต่อเรา",
              "นโยบายความเป็นส่วนตัว", "ช่วยเหลือ", "คำสั่งซื้อของฉัน", "ที่อยู่จัดส่ง", "ชำระเงิน", "ยืนยัน",
              "ยกเลิก", "บันทึก", "แก้ไข", "ลบ", "ดูทั้งหมด", "โปรโมชั่น", "คูปองส่วนลด", "สินค้าใหม่",
              "ข่าวล่าสุด", "กรุงเทพมหานคร", "เชียงใหม่", "ภูเก็ต", "ขอนแก่น", "พยากรณ์อากาศ", "วันนี้",
              "เมื่อวาน", "สัปดาห์นี้", "ร้านอาหาร", "กาแฟสด", "เปิดทุกวัน", "ยินดีต้อนรับ", "ทางออก",
              "ห้ามสูบบุหรี่", "ห้องน้ำ", "ที่จอดรถ", "โรงพยาบาล", "สถานีรถไฟฟ้า", "ประชาสัมพันธ์",
              "กรุณารอสักครู่", "จัดส่งภายใน", "วันทำการ", "สมาชิกรับส่วนลดเพิ่ม", "ขอบคุณที่ใช้บริการ")


def _th_words() -> list[str]:
    from scripts.synthesis.thai.thai_text import _words

    return _words()


def _en(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(lo, hi)))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(12, 28))]
    for i in range(3, len(words) - 2, rng.randint(5, 9)):
        if rng.random() < 0.4:
            words[i] += ","
    return _cap(" ".join(words)) + rng.choice(".!.")


def _th(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(TH_PHRASES)
    return "".join(rng.choice(_th_words()) for _ in range(rng.randint(1, 2)))


def _th_sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 7)):
        parts.append(rng.choice(TH_PHRASES) if rng.random() < 0.4 else rng.choice(_th_words()))
        if rng.random() < 0.35:
            parts.append(" ")
    return "".join(parts).strip()


def _price(rng: random.Random) -> str:
    cur = rng.choice(("$", "$", "¥", "฿", "€"))
    return f"{cur}{rng.randrange(1, 2000):,}.{rng.randrange(100):02d}"


def _date(rng: random.Random) -> str:
    y, m, d = rng.randrange(2019, 2027), rng.randrange(1, 13), rng.randrange(1, 29)
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{months[m - 1]} {d}, {y}", f"{d:02d}/{m:02d}/{y}", f"{y}年{m}月{d}日"))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"({rng.randrange(201, 990)}) {rng.randrange(200, 999)}-{rng.randrange(10000):04d}"
    return f"1{rng.choice('3578')}{rng.randrange(10)}-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}"


def _cn_sentence(rng: random.Random) -> str:
    return "，".join(rng.sample(CN_CLAUSES, rng.randint(2, 3))) + "。"


FILLERS: dict[str, Callable[[random.Random], str]] = {
    "word": lambda r: _cap(r.choice(EN_WORDS)),
    "en": lambda r: _cap(_en(r, 2, 4)),
    "title": lambda r: " ".join(_cap(w) for w in _en(r, 3, 6).split()),
    "sentence": _sentence,
    "name": lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}",
    "cn": lambda r: r.choice(CN_WORDS),
    "cn2": lambda r: "".join(r.sample(CN_WORDS, 2)),
    "cn_sentence": _cn_sentence,
    "th": _th,
    "th_sentence": _th_sentence,
    "price": _price,
    "num": lambda r: str(r.randrange(1, 10000)),
    "qty": lambda r: str(r.randrange(1, 20)),
    "pct": lambda r: f"{r.randrange(1, 100)}%",
    "date": _date,
    "time": lambda r: f"{r.randrange(24):02d}:{r.randrange(60):02d}",
    "phone": _phone,
    "order": lambda r: f"#{r.choice('ABCDEFGHJK')}{r.randrange(10**5, 10**7)}",
    "code": lambda r: f"{r.choice(('SKU', 'ID', 'REF', 'INV'))}-{r.randrange(10**3, 10**6)}",
    "email": lambda r: f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}@example.com",
    "tracking": lambda r: f"{r.choice(('SF', 'YT', 'JD', '1Z'))}{r.randrange(10**9, 10**12)}",
    "zip": lambda r: f"{r.randrange(10000, 99999)}",
}
