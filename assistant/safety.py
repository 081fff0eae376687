"""A Vietnamese safety layer before understanding: declines prompt injection, requests for other
people's data, abuse, political provocation, illegal requests and medical or case-specific legal
advice, and hands scams (often using the 2025 reorganisation) to a person — with or without
diacritics, in teencode. Rules over folded text; measured by eval/suites/safety.py."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.pipeline import Context
from assistant.types import Status
from kb.text.normalize import fold

log = logging.getLogger(__name__)
HOTLINE = "1022"
# Teencode and chat shorthand → the folded word (applied token by token after folding).
TEENCODE = {
    "k": "khong", "ko": "khong", "kg": "khong", "hok": "khong", "hem": "khong", "khum": "khong", "kh": "khong",
    "dc": "duoc", "dk": "duoc", "j": "gi", "ji": "gi", "z": "vay", "v": "vay", "ntn": "nhu the nao",
    "bn": "bao nhieu", "mk": "minh", "e": "em",
    "ng": "nguoi", "ngta": "nguoi ta", "ns": "noi", "r": "roi", "cx": "cung", "bik": "biet", "bit": "biet",
    "bít": "biet", "trl": "tra loi", "sdt": "so dien thoai", "dt": "dien thoai", "stk": "so tai khoan",
    "tk": "tai khoan", "cmt": "cmnd", "cc": "cccd", "vs": "voi", "ck": "chuyen khoan", "oy": "roi",
    "wa": "qua", "qa": "qua", "thik": "thich", "iu": "yeu", "hum": "hom", "nay`": "nay", "ad": "admin",
    "ct": "cong an", "cs": "canh sat", "otp": "otp", "pass": "mat khau", "pw": "mat khau", "bh": "bay gio",
}
_TOKEN = re.compile(r"[a-z0-9_]+")


def normalise(text: str) -> str:
    """Folded (lower case, no diacritics), teencode expanded, punctuation reduced to spaces."""
    return " ".join(TEENCODE.get(t, t) for t in _TOKEN.findall(fold(text)))


THIRD = (r"(?:ong|ba|anh|chi|co|chu|bac|di|cau|thim|nguoi khac|nguoi ta|hang xom|vo cu|chong cu|nguoi yeu|sep|"
         r"giam doc|dong nghiep|ca si|bo truong|chu tich|can bo|ai do|mot nguoi)")
DATA = (r"(?:so cccd|so cmnd|so can cuoc|so dinh danh|ma dinh danh|cccd|cmnd|can cuoc|so dien thoai|dien thoai|"
        r"so ho chieu|ho chieu|so tai khoan|tai khoan|so bhxh|so bao hiem|ma so thue|dia chi|noi o|cho o|ngay sinh|"
        r"thong tin ca nhan|thong tin|ho so|lich su|tien an|bien so|email|nhan than|vi tri)")
ASK = (r"(?:cho (?:toi|em|minh|tao)(?: xin| biet| xem)?|tra cuu|tim|tim giup|tra giup|kiem tra giup|xem|lay|doc|"
       r"gui|biet|lam sao (?:biet|xem|lay|tim))")
SELF = r"(?:toi|minh|em|tao|chinh minh|ban than)\b"

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("injection", re.compile(
        r"\b(?:bo qua|phot lo|ignore|disregard|forget|khong can tuan theo|dung tuan theo)\b.{0,30}"
        r"\b(?:huong dan|chi dan|chi thi|lenh|quy tac|prompt|instruction|rule|gioi han|nguyen tac|thiet lap)"
        r"|\bquen (?:het|di|tat ca|moi)\b.{0,20}\b(?:huong dan|quy tac|lenh|gioi han|nguyen tac)"
        r"|\b(?:system prompt|prompt he thong|cau lenh he thong|developer mode|che do nha phat trien|jailbreak|"
        r"dan mode|che do khong gioi han|khong kiem duyet|che do admin|quyen admin|quyen quan tri)\b"
        r"|\b(?:tu gio|tu bay gio|ke tu bay gio)\b.{0,20}\b(?:ban|may|tro ly|bot)\b.{0,10}\b(?:la|se|phai|hay)\b"
        r"|\b(?:dong vai|gia vo la|gia lam|hay tro thanh|nhap vai)\b"
        r"|\b(?:in ra|tiet lo|cho (?:toi|em|minh|tao) (?:xem|biet))\b.{0,20}\b(?:prompt|huong dan (?:goc|he thong)|"
        r"cau hinh|ma nguon|token|khoa bi mat|api key|co so du lieu|du lieu noi bo)"
        r"|\b(?:tra loi|noi|viet|xac nhan|khang dinh)\b.{0,15}\b(?:rang|la)\b.{0,60}\b(?:mien phi|khong mat phi|"
        r"0 dong|khong can giay to|khong can ho so)\b"
        r"|\b(?:drop table|union select|insert into|rm rf|sudo|script|alert)\b")),
    ("others_data", re.compile(
        rf"\b{ASK}\b.{{0,30}}\b{DATA}\b.{{0,25}}\bcua\b (?!{SELF})"
        rf"|\b{ASK}\b.{{0,30}}\b{DATA}\b.{{0,10}}\b{THIRD}\b"
        rf"|\b(?:nha|dia chi|so dien thoai|thong tin) (?:cua )?{THIRD}\b.{{0,30}}\b(?:o dau|la gi|bao nhieu)"
        rf"|\b(?:dinh vi|nghe len|doc trom|xem trom|theo doi vi tri|la cua ai|chu so huu la ai)\b"
        rf"|\bai (?:dang|da)\b.{{0,20}}\b(?:dang ky|o|song|cu tru)\b.{{0,20}}\b(?:nha so|so nha|can ho|dia chi)")),
    ("abuse", re.compile(
        r"\b(?:dm|dmm|dcm|dkm|vcl|vkl|vl|clm|cmm|dit|djt|loz|oc cho|oc lon|me may|cha may|suc vat|khon nan|"
        r"mat day|do ngu|ngu nhu|ngu vay|ngu the|ngu qua|bot ngu|may ngu|tro ly ngu|"
        r"ngu ngoc|vo dung|do vo dung|rac ruoi|do rac|cut di|chet di|di chet)\b")),
    ("scam", re.compile(
        r"\b(?:chuyen khoan|chuyen tien|nap tien|gui tien|otp|ma xac thuc|ma xac nhan|mat khau|so the)\b.{0,80}"
        r"\b(?:sap nhap|sap xep|don vi moi|tinh moi|dia gioi|can bo|cong an|goi dien|goi cho|tin nhan|zalo|"
        r"bat buoc|neu khong|bi khoa|bi phat|link)\b"
        r"|\b(?:sap nhap|sap xep|can bo|cong an|goi dien|goi cho|tin nhan|zalo)\b.{0,80}"
        r"\b(?:chuyen khoan|chuyen tien|nap tien|gui tien|otp|ma xac thuc|ma xac nhan|mat khau|so the|"
        r"link|duong link|bam vao|cai app|cai ung dung|tai ung dung|quet ma|\d+ (?:trieu|tr|k|nghin))\b"
        r"|\b(?:link|duong link|bam vao|cai app|cai ung dung|tai app|tai ung dung|quet ma)\b.{0,60}"
        r"\b(?:sap nhap|sap xep|tinh moi|xa moi|phuong moi|nhan tien|tro cap|hoan tien|bi khoa)\b"
        r"|\b(?:phai doi|bat buoc doi|buoc phai doi|phai lam lai)\b.{0,30}\b(?:cccd|can cuoc|giay to|so do|"
        r"bang lai)\b.{0,40}\b(?:sap nhap|sap xep)\b.{0,40}\b(?:phi|nop|tien|trieu|nghin|\d+ ?k)\b")),
    ("illegal", re.compile(
        r"\b(?:lam gia|lam lau|mua bang|mua giay to|ban giay to|chay ho so|chay an|dut lot|hoi lo|boi duong can bo|"
        r"lach luat|tron thue|tron nghia vu|tron di nghia vu|tron quan su|khai man|khai gian|gia mao|"
        r"khong bi phat hien|lam 2 cccd|lam hai can cuoc|hai cccd)\b")),
    ("political", re.compile(
        r"\b(?:chinh phu|nha nuoc|chinh quyen|chu tich nuoc|tong bi thu|thu tuong|bo chinh tri|dang cong san|"
        r"dang ta|dang va nha nuoc|quoc hoi|lanh dao|che do)\b.{0,40}\b(?:do te|toi te|doc tai|sup do|lat do|"
        r"phan dong|da dao|tham nhung|lua dan|sai lam|tot hay xau|nghi gi|danh gia the nao|ung ho|phan doi|"
        r"bieu tinh|that bai|boc lot)\b"
        r"|\b(?:bieu tinh|lat do|da dang|phan dong|bau cu tu do|dan chu that su|tu do ngon luan|viet tan|"
        r"bao loan|cach mang mau|ly khai|da dao)\b"
        r"|\b(?:ban|may|tro ly|admin|bot)\b.{0,10}\b(?:nghi gi|danh gia|thich|ung ho|phan doi)\b.{0,20}\b(?:sap nhap|"
        r"chinh sach|chinh tri|dang|chinh phu|lanh dao|trung quoc|my|bien dong|hoang sa|truong sa)\b")),
    ("medical", re.compile(
        r"\b(?:uong|dung|tiem|boi|mua)\b.{0,10}\b(?:thuoc|khang sinh|vitamin)\b"
        r"|\b(?:bi|dang bi|hay bi)\b.{0,12}\b(?:dau nguc|dau bung|dau dau|dau rang|sot|ho ra mau|kho tho|ngat|"
        r"co giat|tieu chay|non mua|phat ban|ung thu|tieu duong|cao huyet ap|dot quy|tram cam|mat ngu)\b"
        r"|\b(?:chua tri|tri benh|chan doan|bi benh gi)\b"
        r"|\b(?:lieu|lieu luong)\b.{0,10}\b(?:thuoc|paracetamol|khang sinh)\b|\bco nguy hiem khong\b")),
    ("financial_advice", re.compile(
        r"\b(?:nen|co nen)\s+(?:mua|ban|dau tu|giu|om|choi|xuong tien)\b.{0,25}\b(?:co phieu|chung khoan|ma|vang|"
        r"bitcoin|tien ao|tien so|tien dien tu|crypto|forex|ngoai te)\b"
        r"|\b(?:co phieu|chung khoan|ma|tien ao|coin)\s+nao\s+(?:nen|tot|se tang|dang tang|lai|an toan)\b"
        r"|\b(?:bitcoin|tien ao|tien so|crypto|coin|co phieu|vang)\s+(?:nen|co nen)\s+(?:mua|ban|giu)\b"
        r"|\b(?:gia vang|ty gia|vn ?index|co phieu|bitcoin)\b.{0,20}"
        r"\b(?:se tang|se giam|tang hay giam|len hay xuong)\b")),
    ("legal_advice", re.compile(
        r"\b(?:co nen|nen hay khong nen|co nen hay khong)\b.{0,20}\b(?:ly hon|kien|khoi kien|to cao|ban dat|"
        r"mua dat|bo chong|bo vo)\b"
        r"|\b(?:thang kien|thua kien|kien co thang|co thang khong|kha nang thang)\b"
        r"|\b(?:co bi|se bi|bi)\b.{0,10}\b(?:di tu|ngoi tu|tu may nam|bat(?! buoc)|truy to|khoi to|xu tu|an treo)\b"
        r"|\b(?:bao nhieu nam tu|an bao nhieu nam|muc an)\b"
        r"|\btu van\b.{0,20}\b(?:vu an|vu kien|tranh chap|truong hop cua toi|chien luoc|cach thang)\b"
        r"|\b(?:viet|soan)\b.{0,10}\b(?:don kien|don khoi kien|ban bao chua|loi khai)\b")),
)

MESSAGES = {
    "injection": ("Tôi chỉ cung cấp thông tin thủ tục hành chính theo dữ liệu của Cổng Dịch vụ công quốc gia "
                  "và không làm theo yêu cầu thay đổi cách hoạt động hay tiết lộ cấu hình. "
                  f"Anh/chị có thể hỏi về một thủ tục cụ thể hoặc gọi đường dây nóng {HOTLINE}."),
    "others_data": ("Tôi không tra cứu hay cung cấp thông tin cá nhân của người khác (số định danh, điện thoại, "
                    "địa chỉ, hồ sơ). Thông tin cá nhân chỉ được cung cấp cho chính chủ hoặc cơ quan có thẩm quyền "
                    f"theo quy định. Anh/chị có thể hỏi thủ tục cần làm hoặc gọi {HOTLINE}."),
    "abuse": ("Tôi luôn sẵn lòng hỗ trợ; mong anh/chị giữ lời lẽ lịch sự. Anh/chị cần hỏi thủ tục nào, "
              f"hoặc muốn nói chuyện với tổng đài viên, xin gọi {HOTLINE}."),
    "scam": ("Cảnh báo: yêu cầu chuyển tiền, cung cấp mã OTP, mật khẩu hay bấm đường link, cài ứng dụng qua "
             "điện thoại hoặc tin nhắn là dấu hiệu lừa đảo; cơ quan nhà nước không làm việc như vậy. Giấy tờ đã "
             "cấp không phải đổi chỉ vì địa danh thay đổi sau sắp xếp đơn vị hành chính. Tôi sẽ chuyển anh/chị "
             f"tới tổng đài viên; anh/chị cũng có thể gọi {HOTLINE} hoặc báo công an qua số 113."),
    "illegal": ("Tôi không hỗ trợ việc làm giả, gian lận hay né tránh quy định. Anh/chị có thể hỏi thủ tục "
                f"đúng quy định hoặc gọi đường dây nóng {HOTLINE}."),
    "political": ("Tôi là trợ lý về thủ tục hành chính nên không bình luận các vấn đề chính trị. Anh/chị cần "
                  f"hỏi thủ tục nào, hoặc gọi đường dây nóng {HOTLINE}."),
    "medical": ("Tôi không tư vấn sức khỏe hay thuốc men. Khi khẩn cấp, anh/chị gọi cấp cứu 115; cần khám, "
                "anh/chị đến cơ sở y tế. Tôi có thể hướng dẫn thủ tục như thẻ bảo hiểm y tế hay giấy "
                f"chứng sinh; hoặc gọi {HOTLINE}."),
    "financial_advice": ("Tôi không tư vấn đầu tư hay mua bán cổ phiếu, vàng, ngoại tệ, tiền số. Tôi có thể "
                         "hướng dẫn thủ tục hành chính, ví dụ đăng ký doanh nghiệp hay thủ tục về chứng khoán; "
                         f"hoặc anh/chị gọi {HOTLINE}."),
    "legal_advice": ("Tôi chỉ hướng dẫn thủ tục hành chính, không tư vấn pháp lý cho trường hợp cụ thể. "
                     "Anh/chị có thể liên hệ Trung tâm trợ giúp pháp lý nhà nước hoặc luật sư; nếu cần, tôi "
                     f"chuyển anh/chị tới tổng đài viên ({HOTLINE})."),
}
STATUS: dict[str, Status] = {"scam": "handoff"}  # everything else: out_of_scope (declined)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a question is not answered, what status it gets and what the user is told."""

    category: str
    status: Status
    message: str


ACCENTED_ABUSE = re.compile(r"(?:thằng|con|đồ) chó|chó má|chó chết")


def check(text: str) -> Verdict | None:
    """The first matching category of ``text`` (any case, accents or teencode), else None."""
    norm = normalise(text)
    if ACCENTED_ABUSE.search(text.lower()):
        return Verdict("abuse", "out_of_scope", MESSAGES["abuse"])
    for category, pattern in RULES:
        if pattern.search(norm):
            return Verdict(category, STATUS.get(category, "out_of_scope"), MESSAGES[category])
    return None


def safety_step(ctx: Context) -> None:
    """Pipeline step (after ``redact``): stop with the category's status and message, logged by category."""
    verdict = check(ctx.text)
    if verdict is not None:
        log.info("safety: %s", verdict.category)
        ctx.stop(verdict.status, verdict.message)
