"""The two demo alliances (fictional)."""

from __future__ import annotations

import datetime as dt

#: The main alliance, modelled on the seed documents' "Three New" alliance.
MAIN_ALLIANCE = {
    "slug": "sanxin-southwest",
    "name_zh": "“新能源·新基建·新产业”联盟（三新联盟·西南）",
    "name_en": "New Energy, New Infrastructure, New Industry Alliance (Sanxin Southwest)",
    "name_vi": "Liên minh Năng lượng mới, Hạ tầng mới, Công nghiệp mới (Liên minh Tam Tân Tây Nam)",
    "description_zh": (
        "联盟以“能源+基建+产业”为纽带，以产融结合项目为载体，聚焦新能源、新基建、新产业、"
        "新材料融合发展，依托西南地区丰富的资源和越南广阔的市场，推动成员单位共商共建、"
        "融合创新，让合作项目真正落地。"
    ),
    "description_en": (
        "Linked by “energy + infrastructure + industry”, the alliance brings manufacturers, "
        "developers, EPC contractors, banks, research institutes and host governments together "
        "around concrete projects in new energy, new infrastructure, new industry and new "
        "materials — in Sichuan, Chongqing, Yunnan, Guizhou and Vietnam."
    ),
    "description_vi": (
        "Liên minh kết nối “năng lượng + hạ tầng + công nghiệp”, lấy các dự án kết hợp sản xuất "
        "và tài chính làm trọng tâm, đưa doanh nghiệp, ngân hàng, viện nghiên cứu và chính quyền "
        "địa phương cùng hợp tác tại Tứ Xuyên, Trùng Khánh, Vân Nam, Quý Châu và Việt Nam."
    ),
    "fields": ("new-energy", "new-infrastructure", "new-industry", "new-materials"),
    "regions": ("CN-SC", "CN-CQ", "CN-YN", "CN-GZ"),
    "all_current_vietnam": True,
    "confidentiality": "public",
    "founded": dt.date(2022, 6, 18),
    "secretariat": "sw-sanxin-invest",
}

#: A small second alliance, so that "a member of another alliance" means something.
BATTERY_GROUP = {
    "slug": "vn-cn-battery-plus",
    "name_zh": "越中“电池+”合作组",
    "name_en": "Vietnam–China Battery+ Cooperation Group",
    "name_vi": "Nhóm Hợp tác Pin+ Việt Nam – Trung Quốc",
    "description_zh": "围绕电池生产、电动两轮车配套和退役电池回收开展越中企业合作。",
    "description_en": (
        "Vietnamese and Chinese companies working together on battery production, batteries "
        "for electric two-wheelers and the collection and recycling of used batteries."
    ),
    "description_vi": (
        "Doanh nghiệp Việt Nam và Trung Quốc hợp tác về sản xuất pin, pin cho xe máy điện "
        "và thu gom, tái chế pin đã qua sử dụng."
    ),
    "fields": ("new-energy", "new-materials"),
    "regions": ("VN-31", "VN-24", "VN-01"),
    "all_current_vietnam": False,
    "confidentiality": "alliance",
    "founded": dt.date(2024, 9, 12),
    "secretariat": "hp-battery-assoc",
}
