"""Fictional administrations and name pools for the demo (no real country is named)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdministrationSpec:
    code: str
    name: str
    country: str  # the fictional country's short name, used in national competency texts
    time_zone: str
    language: str
    shares_regional_analytics: bool = True
    self_assessment_requires_validation: bool = True


#: The fully populated administration comes first; the 23 smaller members follow.
BIG = AdministrationSpec("kasumi", "Kasumi Customs (霞税関)", "Kasumi", "Asia/Tokyo", "ja")
#: The second administration that gets a training-manager persona.
SECOND_CODE = "sarnavia"

SMALL: tuple[AdministrationSpec, ...] = (
    AdministrationSpec("aldovia", "Customs Service of Aldovia", "Aldovia", "Asia/Manila", "en"),
    AdministrationSpec("belmora", "Belmora Customs Administration", "Belmora", "Asia/Jakarta", "en"),
    AdministrationSpec("corandel", "Royal Corandel Customs", "Corandel", "Asia/Thimphu", "en", False),
    AdministrationSpec("drevania", "Drevania Revenue and Customs", "Drevania", "Asia/Kolkata", "en"),
    AdministrationSpec("estoria", "Department of Customs of Estoria", "Estoria", "Asia/Colombo", "en"),
    AdministrationSpec(
        "fenwick", "Fenwick Islands Customs Service", "Fenwick Islands", "Pacific/Fiji", "en", True, False
    ),
    AdministrationSpec(
        "galdoria", "Galdoria Border and Customs Agency", "Galdoria", "Australia/Sydney", "en"
    ),
    AdministrationSpec("halvaria", "Customs Service of Halvaria", "Halvaria", "Asia/Kathmandu", "en", False),
    AdministrationSpec("istrelia", "Istrelia Customs Department", "Istrelia", "Asia/Kuala_Lumpur", "en"),
    AdministrationSpec(
        "jorvania", "General Customs Directorate of Jorvania", "Jorvania", "Asia/Ulaanbaatar", "en"
    ),
    AdministrationSpec("kelloria", "Kelloria Customs Service", "Kelloria", "Asia/Seoul", "en"),
    AdministrationSpec(
        "lumeria", "General Administration of Customs of Lumeria", "Lumeria", "Asia/Shanghai", "zh"
    ),
    AdministrationSpec("marovia", "Marovia Customs", "Marovia", "Indian/Maldives", "en", False, False),
    AdministrationSpec("norvale", "Norvale Customs Service", "Norvale", "Pacific/Auckland", "en"),
    AdministrationSpec("orrenia", "Orrenia Customs and Excise", "Orrenia", "Pacific/Port_Moresby", "en"),
    AdministrationSpec("palvoria", "Palvoria Customs Administration", "Palvoria", "Asia/Dhaka", "en"),
    AdministrationSpec(
        "quintara", "Quintara Customs and Excise Department", "Quintara", "Asia/Hong_Kong", "zh"
    ),
    AdministrationSpec(
        "rosmark", "Rosmark Customs Division", "Rosmark", "Pacific/Tongatapu", "en", False, False
    ),
    AdministrationSpec("sarnavia", "Sarnavia Customs Department", "Sarnavia", "Asia/Bangkok", "th"),
    AdministrationSpec("tavaria", "Tavaria Customs Administration", "Tavaria", "Asia/Taipei", "zh"),
    AdministrationSpec("umberland", "Umberland Customs Office", "Umberland", "Pacific/Apia", "en"),
    AdministrationSpec("valdoria", "Valdoria Customs Department", "Valdoria", "Asia/Ho_Chi_Minh", "en"),
    AdministrationSpec("wessaria", "Wessaria Customs Service", "Wessaria", "Asia/Yangon", "en", False),
)

# (native script, romanised) pairs; the romanised form also builds e-mail addresses.
JA_FAMILY = (
    ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("伊藤", "Ito"),
    ("渡辺", "Watanabe"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"),
    ("加藤", "Kato"), ("吉田", "Yoshida"), ("山田", "Yamada"), ("佐々木", "Sasaki"), ("山口", "Yamaguchi"),
    ("松本", "Matsumoto"), ("井上", "Inoue"), ("木村", "Kimura"), ("林", "Hayashi"), ("斎藤", "Saito"),
    ("清水", "Shimizu"), ("山崎", "Yamazaki"), ("森", "Mori"), ("池田", "Ikeda"), ("橋本", "Hashimoto"),
    ("阿部", "Abe"), ("石川", "Ishikawa"), ("山下", "Yamashita"), ("中島", "Nakajima"), ("石井", "Ishii"),
    ("小川", "Ogawa"), ("前田", "Maeda"), ("岡田", "Okada"), ("長谷川", "Hasegawa"), ("藤田", "Fujita"),
    ("後藤", "Goto"), ("近藤", "Kondo"), ("村上", "Murakami"), ("遠藤", "Endo"), ("青木", "Aoki"),
    ("坂本", "Sakamoto"), ("藤井", "Fujii"), ("西村", "Nishimura"), ("福田", "Fukuda"), ("太田", "Ota"),
    ("三浦", "Miura"), ("岡本", "Okamoto"), ("松田", "Matsuda"), ("中川", "Nakagawa"),
)  # fmt: skip
JA_GIVEN = (
    ("翔太", "Shota"), ("大輔", "Daisuke"), ("健太", "Kenta"), ("拓也", "Takuya"), ("直樹", "Naoki"),
    ("誠", "Makoto"), ("浩", "Hiroshi"), ("隆", "Takashi"), ("剛", "Tsuyoshi"), ("亮", "Ryo"),
    ("大樹", "Daiki"), ("和也", "Kazuya"), ("達也", "Tatsuya"), ("修", "Osamu"), ("健一", "Kenichi"),
    ("正人", "Masato"), ("雄一", "Yuichi"), ("悠斗", "Yuto"), ("蓮", "Ren"), ("陽介", "Yosuke"),
    ("陽子", "Yoko"), ("恵子", "Keiko"), ("美咲", "Misaki"), ("由美", "Yumi"), ("直美", "Naomi"),
    ("麻衣", "Mai"), ("彩", "Aya"), ("奈々", "Nana"), ("真由美", "Mayumi"), ("愛", "Ai"),
    ("優子", "Yuko"), ("智子", "Tomoko"), ("明美", "Akemi"), ("久美子", "Kumiko"), ("さくら", "Sakura"),
    ("千尋", "Chihiro"), ("香織", "Kaori"), ("里奈", "Rina"), ("結衣", "Yui"), ("美穂", "Miho"),
)  # fmt: skip
TH_FAMILY = (
    ("ศรีสุข", "Srisuk"), ("วงศ์สวัสดิ์", "Wongsawat"), ("แก้วมณี", "Kaewmanee"), ("ทองดี", "Thongdee"),
    ("สุขสวัสดิ์", "Suksawat"), ("บุญมา", "Boonma"), ("จันทร์เพ็ญ", "Chanpen"), ("รัตนพันธ์", "Rattanaphan"),
    ("ศักดิ์ดี", "Sakdee"), ("พงษ์ไพบูลย์", "Pongpaiboon"), ("มีสุข", "Meesuk"), ("ใจดี", "Jaidee"),
)  # fmt: skip
TH_GIVEN = (
    ("สมชาย", "Somchai"), ("สมศักดิ์", "Somsak"), ("วิชัย", "Wichai"), ("ประเสริฐ", "Prasert"),
    ("ธนพล", "Thanaphon"), ("อนุชา", "Anucha"), ("สุดารัตน์", "Sudarat"), ("กาญจนา", "Kanchana"),
    ("นภา", "Napha"), ("พรทิพย์", "Phonthip"), ("วรรณา", "Wanna"), ("ศิริพร", "Siriporn"),
)  # fmt: skip
ZH_FAMILY = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("林", "Lin"), ("郭", "Guo"),
)  # fmt: skip
ZH_GIVEN = (
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"),
    ("洋", "Yang"), ("婷", "Ting"), ("杰", "Jie"), ("俊", "Jun"), ("慧", "Hui"), ("强", "Qiang"),
    ("明", "Ming"), ("丽", "Li"),
)  # fmt: skip
_EN_FAMILY = (
    "Perera", "Fernando", "Silva", "Rahman", "Hossain", "Khan", "Sharma", "Singh", "Kumar", "Santos",
    "Reyes", "Cruz", "Tan", "Lim", "Ng", "Wong", "Nguyen", "Tran", "Pham", "Kim", "Lee", "Park",
    "Batbayar", "Ganbold", "Dorji", "Wangchuk", "Shrestha", "Thapa", "Gurung", "Tupou", "Fonua",
    "Ioane", "Faleolo", "Naidu", "Prasad", "Smith", "Brown", "Wilson", "Hassan", "Ismail", "Aung", "Win",
)  # fmt: skip
_EN_GIVEN = (
    "Anil", "Priya", "Nimal", "Kamala", "Rajesh", "Sunita", "Farhana", "Imran", "Maria", "Jose", "Ana",
    "Miguel", "Mei Ling", "Wei Jie", "Siti", "Ahmad", "Nurul", "Thi Lan", "Van Minh", "Ji-woo", "Min-jun",
    "Bat-Erdene", "Oyunchimeg", "Karma", "Pema", "Sita", "Bikash", "Sione", "Mele", "Tevita", "Losa",
    "Ravi", "Sarah", "James", "Emma", "Daniel", "Aisha", "Kyaw", "Hnin",
)  # fmt: skip
EN_FAMILY = tuple((n, n) for n in _EN_FAMILY)
EN_GIVEN = tuple((n, n) for n in _EN_GIVEN)

NAME_POOLS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "ja": (JA_FAMILY, JA_GIVEN),
    "th": (TH_FAMILY, TH_GIVEN),
    "zh": (ZH_FAMILY, ZH_GIVEN),
    "en": (EN_FAMILY, EN_GIVEN),
}

# Fictional places of the big administration: (romanised, kanji).
JA_PLACES = (
    ("Kitahama", "北浜"), ("Minatogawa", "港川"), ("Shirasagi", "白鷺"), ("Aokura", "青倉"),
    ("Higashikado", "東門"), ("Tsurugaoka", "鶴ヶ丘"), ("Nishikaze", "西風"), ("Oshiro", "尾城"),
    ("Minamiura", "南浦"), ("Asagiri", "朝霧"), ("Wakaba", "若葉"), ("Sakuradai", "桜台"),
    ("Shiomi", "潮見"), ("Matsukaze", "松風"), ("Tsukioka", "月岡"), ("Hoshikawa", "星川"),
    ("Kumoide", "雲出"), ("Yukihara", "雪原"), ("Hotarugawa", "蛍川"), ("Kazamachi", "風町"),
    ("Isonami", "磯波"), ("Takasaki-ura", "高崎浦"), ("Hananoe", "花ノ江"), ("Komorebi", "木漏日"),
    ("Kasugadai", "春日台"), ("Mizuho-ura", "瑞穂浦"), ("Akatsuki", "暁"), ("Shinonome", "東雲"),
    ("Tomoebashi", "巴橋"), ("Kirinoe", "霧ノ江"), ("Murasaki", "紫"), ("Ginbara", "銀原"),
    ("Nagisa", "渚"), ("Sazanami", "細波"), ("Uminoko", "海ノ子"), ("Koharu", "小春"),
    ("Tamakaze", "玉風"), ("Hirugano", "昼ヶ野"), ("Sekirei", "鶺鴒"), ("Ikarigawa", "碇川"),
    ("Funaoka", "船岡"), ("Mitsuura", "三津浦"), ("Otowa", "音羽"), ("Kagamino", "鏡野"),
    ("Hibarigaoka", "雲雀丘"), ("Chidori", "千鳥"), ("Tsubame", "燕"), ("Kamome", "鴎"),
    ("Aoshima-ura", "青島浦"), ("Kurenai", "紅"), ("Yamabuki", "山吹"), ("Hagino", "萩野"),
    ("Fujinami", "藤波"), ("Kiriura", "桐浦"), ("Satsuki", "皐月"), ("Minazuki", "水無月"),
    ("Tachibana-ura", "橘浦"), ("Ayame", "菖蒲"), ("Sumire", "菫"), ("Hinode", "日出"),
    ("Kaede", "楓"), ("Tsubaki", "椿"), ("Yuzuriha", "譲葉"), ("Shiranami", "白波"),
    ("Asahigaoka", "朝日丘"), ("Yuhigaura", "夕日浦"), ("Kogane", "黄金"), ("Ruri", "瑠璃"),
)  # fmt: skip
EN_PLACES = (
    "North Harbour", "Eastport", "Westgate", "Southbay", "Riverside", "Hillcrest", "Lakeside",
    "Airport", "Border Crossing", "Free Zone", "Inland Depot", "Seaport", "Mail Centre",
)  # fmt: skip
