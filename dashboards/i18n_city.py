"""Strings for city scoping on a platform shared by several municipalities (共同利用)."""

from __future__ import annotations

JA: dict[str, str] = {
    "role.prefecture": "広域(全市町村)",
    "header.city": "表示中の団体: {code}",
    "header.city_switch": "団体を切り替え",
    "header.city_label": "団体コード",
    "header.city_apply": "表示",
}

EN: dict[str, str] = {
    "role.prefecture": "Prefecture (all municipalities)",
    "header.city": "Municipality shown: {code}",
    "header.city_switch": "Switch municipality",
    "header.city_label": "Municipality code",
    "header.city_apply": "Show",
}
