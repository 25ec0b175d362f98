"""Consortium roles: which organization types fit them and what they need by default.

Codes are those of the directory's capability seed (``directory/data/capabilities.py``); the
engine takes them as plain strings, and a code the given taxonomy lacks only meets itself.
"""

from __future__ import annotations

TYPE_FIT: dict[str, dict[str, float]] = {
    # A bank or fund finances; a state-owned investment group sometimes does; nobody else.
    "financier": {"financial": 1.0, "soe": 0.4},
    "investor": {"soe": 1.0, "enterprise": 0.9, "financial": 0.9, "government": 0.3},
    "developer": {"soe": 1.0, "enterprise": 1.0, "government": 0.2},
    "epc": {"enterprise": 1.0, "soe": 1.0, "research": 0.3},
    "equipment_supplier": {"enterprise": 1.0, "soe": 0.9, "research": 0.3},
    "om": {"enterprise": 1.0, "soe": 1.0, "research": 0.2},
    "offtaker": {"enterprise": 1.0, "soe": 1.0, "government": 0.5},
    "local_partner": {
        "enterprise": 1.0,
        "soe": 1.0,
        "government": 1.0,
        "financial": 0.8,
        "research": 0.6,
        "association": 0.6,
    },
    "government_agency": {"government": 1.0, "association": 0.3},
    "recycler": {"enterprise": 1.0, "soe": 0.8, "research": 0.3},
}
"""role → organization type → fit in [0, 1]; a type missing from a role's row does not fit
(0, never recommended for it). Roles not listed accept every type."""

PROJECT_ROOTS: dict[str, tuple[str, ...]] = {
    "wind": ("wind",),
    "pv": ("pv",),
    "hydro": ("hydro",),
    "pumped_storage": ("hydro-pumped",),
    "battery_storage": ("storage",),
    "renewable_storage": ("storage", "pv"),
    "cell_manufacturing": ("battery", "materials"),
    "equipment_manufacturing": ("wind", "pv"),
    "battery_recycling": ("recycling-battery",),
    "grid": ("grid-transmission", "grid-distribution"),
    "charging": ("grid-charging",),
    "hydrogen": ("hydrogen",),
}
EQUIPMENT: dict[str, tuple[str, ...]] = {
    "wind": ("wind-turbines",),
    "pv": ("pv-modules", "pv-inverters"),
    "hydro": ("hydro-equipment",),
    "pumped_storage": ("hydro-equipment",),
    "battery_storage": ("storage-systems", "storage-pcs"),
    "renewable_storage": ("storage-systems", "pv-modules"),
    "cell_manufacturing": ("battery-cells",),
    "battery_recycling": ("recycling-battery",),
    "grid": ("grid-transmission",),
    "charging": ("grid-charging",),
    "hydrogen": ("hydrogen-electrolysers",),
}


def type_fit(role: str | None, org_type: str) -> float:
    """How well an organization type fits a role (1.0 when the role is unknown or None)."""
    if role is None or role not in TYPE_FIT:
        return 1.0
    return TYPE_FIT[role].get(org_type, 0.0)


def role_needs(role: str, project_type: str) -> frozenset[str]:
    """The capabilities a role needs by default for a project type."""
    roots = PROJECT_ROOTS.get(project_type, ())
    needs: tuple[str, ...]
    if role == "financier":
        needs = ("finance-lending",)
    elif role == "investor":
        needs = ("finance-equity", *roots)
    elif role in ("developer", "offtaker"):
        needs = roots
    elif role == "epc":
        needs = ("epc-contracting",)
    elif role == "equipment_supplier":
        needs = EQUIPMENT.get(project_type, roots)
    elif role == "om":
        needs = ("om", *roots)
    elif role in ("local_partner", "government_agency"):
        needs = ("services-investment-promotion",)
    elif role == "recycler":
        needs = ("recycling",)
    else:
        needs = roots
    return frozenset(needs)
