"""Folded phrase lexicons and patterns the classifier reads component texts with.

Everything here works on :func:`kb.text.normalize.fold` output (lower case, no diacritics, đ → d), so a
component typed without accents is read the same way. A head written WITH diacritics ("bản vẽ")
must also agree with an accented original ("Văn bản về việc …" is not a drawing). Lists are data;
the rules live in ``classify.py``.
"""

from __future__ import annotations

import re

# Heads of application forms: identity fields can be pre-filled from the population database.
FORM_HEADS = (
    "to khai",
    "giay khai",
    r"don(?! (?:vi|gia|hang|thuoc|le|gian|phuong|chiec)\b)",
    "phieu",
    "giay de nghi",
    "van ban de nghi",
    "van ban yeu cau",
    "cong van de nghi",
    "ban khai",
    "thong bao",
    "giay thong bao",
    "van ban thong bao",
    "giay dang ky",
    "ban dang ky",
    "van ban dang ky",
    "giay yeu cau",
    "mau don",
    "bieu mau",
    r"van ban cua [^.;:]{0,60}de nghi",
)

# Results that a state agency issues through another procedure: reusable from the e-storage.
RESULT_HEADS = (
    "giay phep",
    "chung chi hanh nghe",
    "giay chung nhan du dieu kien",
    "giay chung nhan dang ky dau tu",
    "giay chung nhan dau tu",
    "giay phep dau tu",
    "quyet dinh chi dinh",
    "quyet dinh thu hoi",
    "quyet dinh phe duyet",
    "quyet dinh chu truong dau tu",
    "quyet dinh thanh lap",
    "quyet dinh cong nhan",
    "quyet dinh cho phep",
    "quyet dinh cap",
    "giay chung nhan tham duyet",
    "van ban tham duyet",
    "van bang bao ho",
    "chung minh thu",
    "giay chung nhan dang ky hoat dong",
    "giay chung nhan dang ky luu hanh",
    "so dang ky luu hanh",
    "chung chi luu hanh",
)

# Heads that are results only when the text says a state agency issued them (see RESULT_MARKERS).
RESULT_COND_HEADS = (
    "quyet dinh",
    "giay chung nhan",
    "giay xac nhan",
    "van ban chap thuan",
    "van ban phe duyet",
    "van ban giao",
    "chung nhan",
    "van ban cho phep",
)
RESULT_MARKERS = re.compile(
    r"da (?:duoc )?cap(?! co tham quyen)|cua co quan (?:nha nuoc )?co tham quyen"
    r"|cua (?:so|bo|cuc|uy ban nhan dan|ubnd)\b(?! truong)"
    r"|do (?:so|bo|cuc|uy ban nhan dan|ubnd|co quan (?:nha nuoc )?co tham quyen|co quan dang ky)\b"
    r"[^.;]{0,60}cap"
)
# A result issued abroad or by a court is not in any Vietnamese administrative register.
NOT_ADMIN = re.compile(r"nuoc so tai|nuoc ngoai cap|co tham quyen (?:cua )?nuoc ngoai|toa an|trong tai")
MEDICAL = re.compile(r"\b(?:y te|suc khoe|kham benh|benh vien|benh an|giam dinh y khoa)\b")

# Papers with no data source (drawn up by the applicant or a third party).
KEEP_HEADS = (
    "hop dong",
    "bien ban",
    "bao cao",
    "danh sach",
    "bản vẽ",
    "thuyet minh",
    "sơ đồ",
    "bản đồ",
    "anh mau",
    r"\d+ anh",
    "anh chan dung",
    "anh the",
    "anh toan than",
    "anh chup",
    "phuong an",
    "ke hoach",
    "du thao",
    "dieu le",
    "cam ket",
    "ban cam ket",
    "giay kham suc khoe",
    "giay chung nhan suc khoe",
    "giay chung nhan du suc khoe",
    "giay xac nhan du suc khoe",
    "ket qua kham suc khoe",
    "to trinh",
    "cong ham",
    "hoa don",
    "chung tu",
    "bien lai",
    "ban dich",
    "van ban uy quyen",
    "giay uy quyen",
    "hop dong uy quyen",
    "giay gioi thieu",
    "tai lieu",
    "ho so thiet ke",
    "ban cong bo",
    "so yeu ly lich",
    "ban ke khai",
    "giay ra vien",
    "giay chung sinh",
    "van ban xac nhan",
    "de an",
    "du an",
    "nghi quyet",
    "thu moi",
    "the le",
    "mau dau",
    "bang tinh",
    "bang ke",
    "quy trinh",
    "quy che",
    "chung chi dao tao",
    "ban chinh giay to",
    "van ban y kien",
    "y kien",
    "quyet dinh bo nhiem",
    "quyet dinh tuyen dung",
    "quyet dinh cu",
    "ban an",
    "tien do",
    "bang du lieu",
    "quyet dinh cua toa an",
    "van ban cam ket",
)

# Words that show a component asks for some paper at all (absent → a note).
DOC_NOUNS = re.compile(
    r"\b(?:giay|ban|van ban|don|to khai|phieu|so|the|ho chieu|quyet dinh|hop dong|bien ban|bao cao|danh sach"
    r"|tai lieu|ho so|anh|chung tu|hoa don|bang|chung chi|ke hoach|phuong an|du thao|thuyet minh|ban ve"
    r"|so do|ban do|cong van|to trinh|thong bao|thu|cam ket|dieu le|de an|du an|mau)\b"
)

# Notes published as components: conditions, responsibilities, cross-references, legalisation rules.
NOTE_STARTS = re.compile(
    r"^(?:luu y|ghi chu|chu y|so luong ho so|gia tri su dung cua|nguoi mat nang luc"
    r"|nguoi [^.]{0,80}chiu trach nhiem)"
)
# Note markers that only count when no paper head was found.
NOTE_ANYWHERE = re.compile(
    r"phai (?:duoc )?hop phap hoa|tuong tu nhu (?:khoan|muc|diem)|^truong hop uy quyen"
)

# The text itself says the agency looks the data up and the paper is only a fallback.
DATA_FIRST = tuple(
    re.compile(p)
    for p in (
        r"(?:khong|chua) (?:the )?khai thac(?:,? su dung)? (?:duoc )?(?:cac |nhung )?(?:thong tin|du lieu)",
        r"khong (?:the )?khai thac duoc",
        r"khai thac (?:duoc )?(?:cac |nhung )?(?:thong tin|du lieu)[^.]{0,200}khong (?:phai|can)"
        r" (?:nop|xuat trinh|cung cap|co)",
        r"(?:da|duoc) khai thac duoc",
        r"duoc khai thac(?:,? su dung)? (?:tren|tu|trong) (?:cac )?(?:co so du lieu|csdl|he thong)",
        r"khai thac hoac su dung thong tin",
        r"khong (?:the )?khai thac(?:,? su dung)? duoc",
        r"khong (?:yeu cau|phai|can) (?:nop|xuat trinh)[^.]{0,80}(?:neu|khi) [^.]{0,40}"
        r"(?:tich hop|ket noi|chia se|co thong tin|co du lieu)",
        r"(?:co trach nhiem|thuc hien|chiu trach nhiem) (?:tra cuu|khai thac)",
        r"tra cuu (?:thong tin )?[^.]{0,80}(?:tren|trong|qua) (?:he thong|co so du lieu|csdl)",
        r"co quan [^.]{0,60}tra cuu",
        r"thay the (?:thanh phan ho so|bang du lieu|cho viec nop)",
        r"(?:da duoc|duoc) ket noi,? chia se",
        r"chua (?:duoc )?ket noi,? chia se",
        r"yeu cau co quan quan ly (?:co so )?du lieu",
        r"khong phai nop [^.]{0,120}(?:co so du lieu|du lieu dien tu|csdl)",
        r"(?:co so du lieu|csdl)[^.]{0,160}khong phai (?:nop|xuat trinh)",
        r"truong hop khong co thong tin [^.]{0,80}(?:co so du lieu|csdl)",
        r"chi thuc hien trong truong hop [^.]{0,80}khong the khai thac",
    )
)

# Context that makes an identity/civil-status paper foreign (no Vietnamese register holds it).
FOREIGN_AFTER = re.compile(
    r"nguoi nuoc ngoai|chuyen gia|nuoc ngoai cap|cua nuoc ngoai|co tham quyen cua nuoc ngoai"
    r"|to chuc nuoc ngoai|doanh nghiep nuoc ngoai|cong dan nuoc|nuoc lang gieng"
)
# Procedures for foreigners: the passports they ask for are foreign ones.
FOREIGN_PROCEDURE = re.compile(r"nguoi (?:lao dong )?nuoc ngoai|chuyen gia nuoc ngoai|nguoi khong quoc tich")
FOREIGN_PAPERS = frozenset({"xuat_nhap_canh", "ly_lich_tu_phap", "van_bang"})
FOREIGN_DBS = frozenset(
    {"dan_cu", "xuat_nhap_canh", "ho_tich", "ly_lich_tu_phap", "van_bang", "doanh_nghiep"}
)

# Qualifiers allowed in front of a head when deciding whether a fragment starts a new paper.
LEADING_QUALIFIERS = re.compile(
    r"(?:(?:\(?\d+\)?|[a-z]\)|[-+*!•]|ban sao|ban chinh|ban chup|ban goc|ban photo|ban scan|bao sao"
    r"|01 ban|02 ban|mot ban|hop le|co chung thuc|duoc chung thuc|hoac|cua|cac|mot trong cac"
    r"|kem theo)[ ,.:]*)*"
)

# A request verb before an evidence phrase makes that phrase the object, not a paper asked for.
ACTION_GAP = re.compile(
    r"\b(?:cap|cap lai|cap doi|de nghi|yeu cau|xin|thu hoi|gia han|dieu chinh|sua doi|dang ky|huy)\b"
)
# "… gồm các nội dung sau:" — the fragments that follow describe one paper's contents.
CONTENTS_INTRO = re.compile(
    r"(?:noi dung|thong tin)(?:[^.;:]{0,60}(?:sau(?: day)?|gom|bao gom|ve|chu yeu))?\s*$"
    r"|trong do (?:ghi|neu|co) ro|phai co (?:day du )?thong tin"
)
SUBMIT_VERB = re.compile(r"\b(?:nop lai|nop|xuat trinh|kem theo|bo sung)\b")
