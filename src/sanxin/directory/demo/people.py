"""Demo people: one sign-in account per role (demo passwords, never for production)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    username: str
    password: str | None  # None: cannot sign in (a person who only appears in the data)
    role: str  # PersonRole value
    organization: str | None  # key of the demo organization
    display_name: str
    language: str
    description: str  # the role, in English, as printed by `sanxin demo`
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@demo.sanxin.example"


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "admin",
        "demo-admin-2026",
        "member",
        None,
        "Platform Administrator",
        "en",
        "Platform admin, sees everything",
        is_superuser=True,
    ),
    DemoPerson(
        "secretariat",
        "demo-secretariat-2026",
        "secretariat",
        "sw-sanxin-invest",
        "王明远",
        "zh-hans",
        "Alliance secretariat, runs the Sanxin alliance",
    ),
    DemoPerson(
        "gearbox.admin",
        "demo-gearbox-2026",
        "org_admin",
        "shuling-gear",
        "李振华",
        "zh-hans",
        "Organization admin, the gearbox maker",
    ),
    DemoPerson(
        "battery.member",
        "demo-battery-2026",
        "member",
        "yusheng-battery",
        "陈思雨",
        "zh-hans",
        "Organization member, the battery maker",
    ),
    DemoPerson(
        "epc.partner",
        "demo-partner-2026",
        "org_admin",
        "rongchen-epc",
        "赵建国",
        "zh-hans",
        "Consortium partner, admin of the EPC contractor",
    ),
    DemoPerson(
        "vn.other",
        "demo-other-2026",
        "org_admin",
        "lamgiang-emotor",
        "Nguyễn Văn Hùng",
        "vi",
        "Member of another alliance only (Battery+ group)",
    ),
    DemoPerson(
        "guest",
        "demo-guest-2026",
        "guest",
        None,
        "Guest Visitor",
        "en",
        "Guest",
    ),
    # Appears in the data only: the admin of the organization whose application is pending.
    DemoPerson(
        "qianfeng.admin",
        None,
        "org_admin",
        "qianfeng-blades",
        "杨帆",
        "zh-hans",
        "Organization admin of the applicant, cannot sign in",
    ),
)
