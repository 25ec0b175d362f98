"""Seed of the platform-wide industry chain templates.

Each template: (slug, (en, zh-hans, vi), (description en, zh, vi), project types, stages).
Each stage is a tuple of nodes drawn in one column of the diagram; each node:
(key, (en, zh-hans, vi), capability codes of the directory taxonomy, project types).

A node's capability codes say which organizations stand at that link of the chain (an
organization with any of them is there; a parent code also counts its children). A node's
project types attach projects of that type to the node (see ``domain/coverage.py``).
"""

from __future__ import annotations

Names = tuple[str, str, str]
NodeSeed = tuple[str, Names, tuple[str, ...], tuple[str, ...]]
TemplateSeed = tuple[str, Names, Names, tuple[str, ...], tuple[tuple[NodeSeed, ...], ...]]

BATTERY: TemplateSeed = (
    "battery",
    ("Battery+", "电池+", "Pin+"),
    (
        "From minerals to cells, packs and storage systems, their operation, second life and "
        "recycling.",
        "从矿产材料到电芯、电池包和储能系统，再到运营、梯次利用和回收。",
        "Từ khoáng sản, vật liệu đến tế bào pin, bộ pin và hệ thống lưu trữ, vận hành, tái sử "
        "dụng và tái chế.",
    ),
    (
        "battery_storage",
        "renewable_storage",
        "cell_manufacturing",
        "battery_recycling",
        "charging",
    ),
    (
        (
            (
                "minerals",
                ("Minerals and materials", "矿产与材料", "Khoáng sản và vật liệu"),
                ("materials-minerals",),
                (),
            ),
        ),
        (
            ("cathode", ("Cathode", "正极材料", "Vật liệu cực dương"), ("materials-cathode",), ()),
            ("anode", ("Anode", "负极材料", "Vật liệu cực âm"), ("materials-anode",), ()),
            (
                "electrolyte",
                ("Electrolyte", "电解液", "Chất điện phân"),
                ("materials-electrolyte",),
                (),
            ),
            ("separator", ("Separator", "隔膜", "Màng ngăn"), ("materials-separator",), ()),
        ),
        (
            (
                "cells",
                ("Cells", "电芯", "Tế bào pin"),
                ("battery-cells", "battery-sodium", "battery-lead-acid"),
                ("cell_manufacturing",),
            ),
        ),
        (
            (
                "packs",
                ("Modules, packs and BMS", "模组、电池包与BMS", "Mô-đun, bộ pin và BMS"),
                ("battery-packs",),
                (),
            ),
        ),
        (
            (
                "pcs-integration",
                (
                    "PCS and storage integration",
                    "储能变流器与系统集成",
                    "PCS và tích hợp hệ thống lưu trữ",
                ),
                ("storage-pcs", "storage-integration", "storage-systems"),
                (),
            ),
        ),
        (
            (
                "operation",
                (
                    "EVs and storage operation",
                    "电动汽车与储能运营",
                    "Xe điện và vận hành lưu trữ",
                ),
                ("storage-operation", "ev-cars", "ev-electric-two-wheelers", "grid-charging"),
                ("battery_storage", "renewable_storage", "charging"),
            ),
        ),
        (
            (
                "second-life",
                ("Second life", "梯次利用", "Tái sử dụng pin"),
                ("recycling-second-life",),
                (),
            ),
        ),
        (
            (
                "recycling",
                (
                    "Recycling and material recovery",
                    "回收与材料再生",
                    "Tái chế và thu hồi vật liệu",
                ),
                ("recycling-battery",),
                ("battery_recycling",),
            ),
        ),
    ),
)

WIND: TemplateSeed = (
    "wind",
    ("Wind power", "风电", "Điện gió"),
    (
        "From castings and key components to turbines, wind farms, their operation and repowering.",
        "从铸锻件和核心部件到整机、风电场建设运营及改造回收。",
        "Từ đúc rèn và linh kiện chính đến tua-bin, trang trại gió, vận hành và thay mới.",
    ),
    ("wind", "equipment_manufacturing"),
    (
        (
            (
                "castings",
                ("Castings and materials", "铸锻件与材料", "Đúc rèn và vật liệu"),
                ("wind-castings",),
                (),
            ),
        ),
        (
            ("bearings", ("Bearings", "轴承", "Ổ trục"), ("wind-bearings",), ()),
            ("gearboxes", ("Gearboxes", "齿轮箱", "Hộp số"), ("wind-gearboxes",), ()),
            ("generators", ("Generators", "发电机", "Máy phát điện"), ("wind-generators",), ()),
        ),
        (
            ("blades", ("Blades", "叶片", "Cánh quạt"), ("wind-blades",), ()),
            ("towers", ("Towers", "塔筒", "Tháp gió"), ("wind-towers",), ()),
        ),
        (
            (
                "turbines",
                ("Turbine makers", "整机制造", "Nhà sản xuất tua-bin"),
                ("wind-turbines", "wind-offshore"),
                ("equipment_manufacturing",),
            ),
        ),
        (
            (
                "epc",
                ("EPC", "工程总承包", "Tổng thầu EPC"),
                ("epc-contracting", "epc-design", "epc-civil"),
                (),
            ),
        ),
        (
            (
                "operation",
                ("Operation and O&M", "运营与运维", "Vận hành và bảo trì"),
                ("om-wind-pv", "om-monitoring"),
                ("wind",),
            ),
        ),
        (
            (
                "repowering",
                ("Repowering and recycling", "技改与回收", "Thay mới và tái chế"),
                ("recycling-wind-pv",),
                (),
            ),
        ),
    ),
)

PV: TemplateSeed = (
    "pv",
    ("Solar PV", "光伏", "Điện mặt trời"),
    (
        "From polysilicon and wafers to cells, modules, inverters, power plants and module "
        "recycling.",
        "从多晶硅、硅片到电池片、组件、逆变器、电站及组件回收。",
        "Từ polysilicon, tấm wafer đến tế bào, tấm pin, biến tần, nhà máy điện và tái chế tấm pin.",
    ),
    ("pv", "renewable_storage"),
    (
        (
            (
                "polysilicon",
                ("Polysilicon and wafers", "多晶硅与硅片", "Polysilicon và tấm wafer"),
                ("pv-polysilicon",),
                (),
            ),
        ),
        (("cells", ("Cells", "电池片", "Tế bào quang điện"), ("pv-cells",), ()),),
        (("modules", ("Modules", "组件", "Tấm pin"), ("pv-modules",), ()),),
        (
            ("inverters", ("Inverters", "逆变器", "Biến tần"), ("pv-inverters",), ()),
            (
                "mounting",
                ("Mounting and trackers", "支架与跟踪系统", "Giá đỡ và hệ bám"),
                ("pv-mounting",),
                (),
            ),
        ),
        (
            (
                "epc",
                (
                    "EPC and distributed PV",
                    "工程总承包与分布式光伏",
                    "Tổng thầu EPC và điện mặt trời áp mái",
                ),
                ("epc-contracting", "epc-design", "pv-distributed"),
                (),
            ),
        ),
        (
            (
                "operation",
                ("Operation and O&M", "运营与运维", "Vận hành và bảo trì"),
                ("om-wind-pv", "om-monitoring"),
                ("pv", "renewable_storage"),
            ),
        ),
        (
            (
                "recycling",
                ("Module recycling", "组件回收", "Tái chế tấm pin"),
                ("recycling-wind-pv",),
                (),
            ),
        ),
    ),
)

HYDRO: TemplateSeed = (
    "hydro",
    ("Hydropower", "水电", "Thủy điện"),
    (
        "From survey and design to turbines and hydro equipment, construction, operation and "
        "pumped storage.",
        "从勘察设计、水轮机及水电设备到工程建设、运营和抽水蓄能。",
        "Từ khảo sát thiết kế, tua-bin và thiết bị đến xây dựng, vận hành và thủy điện tích năng.",
    ),
    ("hydro", "pumped_storage"),
    (
        (
            (
                "design",
                ("Survey and design", "勘察设计", "Khảo sát và thiết kế"),
                ("epc-design",),
                (),
            ),
        ),
        (
            (
                "equipment",
                (
                    "Turbines and hydro equipment",
                    "水轮机及水电设备",
                    "Tua-bin và thiết bị thủy điện",
                ),
                ("hydro-equipment",),
                (),
            ),
        ),
        (
            (
                "construction",
                ("Civil works and EPC", "土建与工程总承包", "Xây dựng và tổng thầu EPC"),
                ("epc-civil", "epc-contracting"),
                (),
            ),
        ),
        (
            (
                "plants",
                ("Hydropower plants", "水电站", "Nhà máy thủy điện"),
                ("hydro-conventional", "hydro-small"),
                ("hydro",),
            ),
            (
                "pumped",
                ("Pumped storage", "抽水蓄能", "Thủy điện tích năng"),
                ("hydro-pumped",),
                ("pumped_storage",),
            ),
        ),
        (
            (
                "operation",
                ("Operation and monitoring", "运营与监测", "Vận hành và giám sát"),
                ("om-monitoring",),
                (),
            ),
        ),
    ),
)

HYDROGEN: TemplateSeed = (
    "hydrogen",
    ("Hydrogen", "氢能", "Năng lượng hydro"),
    (
        "From green power and electrolysers to hydrogen storage and transport, fuel cells and "
        "hydrogen vehicles.",
        "从绿电、电解槽到储运氢、燃料电池和氢能车辆。",
        "Từ điện xanh, máy điện phân đến lưu trữ và vận chuyển hydro, pin nhiên liệu và xe hydro.",
    ),
    ("hydrogen",),
    (
        (
            (
                "green-power",
                ("Green power supply", "绿电供应", "Nguồn điện xanh"),
                ("wind-turbines", "pv-modules", "hydro-conventional"),
                (),
            ),
        ),
        (
            (
                "electrolysers",
                ("Electrolysers", "电解槽", "Máy điện phân"),
                ("hydrogen-electrolysers",),
                ("hydrogen",),
            ),
        ),
        (
            (
                "storage-transport",
                ("Storage and transport", "储运氢", "Lưu trữ và vận chuyển"),
                ("hydrogen-storage", "services-logistics"),
                (),
            ),
        ),
        (
            (
                "fuel-cells",
                ("Fuel cells", "燃料电池", "Pin nhiên liệu"),
                ("hydrogen-fuel-cells",),
                (),
            ),
        ),
        (
            (
                "applications",
                ("Vehicles and industrial use", "氢能车辆与工业应用", "Xe và ứng dụng công nghiệp"),
                ("ev-cars",),
                (),
            ),
        ),
    ),
)

GRID: TemplateSeed = (
    "grid",
    ("Grid and charging infrastructure", "电网与充电基础设施", "Lưới điện và hạ tầng sạc"),
    (
        "From design and equipment to transmission, distribution and microgrids, smart grids "
        "and EV charging networks.",
        "从设计与装备到输变电、配电与微电网、智能电网和充电网络。",
        "Từ thiết kế, thiết bị đến truyền tải, phân phối và lưới điện siêu nhỏ, lưới điện thông "
        "minh và mạng lưới sạc xe điện.",
    ),
    ("grid", "charging"),
    (
        (
            (
                "design",
                ("Planning and design", "规划设计", "Quy hoạch và thiết kế"),
                ("epc-design",),
                (),
            ),
        ),
        (
            (
                "transmission",
                ("Transmission and substations", "输变电", "Truyền tải và trạm biến áp"),
                ("grid-transmission",),
                ("grid",),
            ),
            (
                "distribution",
                ("Distribution and microgrids", "配电与微电网", "Phân phối và lưới điện siêu nhỏ"),
                ("grid-distribution",),
                (),
            ),
        ),
        (
            (
                "smart-grid",
                (
                    "Smart grid and digital energy",
                    "智能电网与数字能源",
                    "Lưới điện thông minh và năng lượng số",
                ),
                ("grid-digital",),
                (),
            ),
        ),
        (
            (
                "charging",
                ("Charging networks", "充电网络", "Mạng lưới sạc"),
                ("grid-charging",),
                ("charging",),
            ),
        ),
        (
            (
                "operation",
                ("Operation and monitoring", "运营与监测", "Vận hành và giám sát"),
                ("om-monitoring",),
                (),
            ),
        ),
    ),
)

TEMPLATES: tuple[TemplateSeed, ...] = (BATTERY, WIND, PV, HYDRO, HYDROGEN, GRID)
