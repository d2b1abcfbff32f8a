"""The product catalogue: every item_sku a purchase can carry.

The warehouse loads the same list from seeds/products.csv as core.dim_products; a test
checks that the file reads exactly as `seed_csv()` writes it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Product:
    item_sku: str
    item_name: str
    category: str
    price_usd: float


CATALOGUE: tuple[Product, ...] = (
    Product("cur_500", "500 Credits", "currency", 4.99),
    Product("cur_1100", "1100 Credits", "currency", 9.99),
    Product("cur_2400", "2400 Credits", "currency", 19.99),
    Product("cur_6000", "6000 Credits", "currency", 49.99),
    Product("cur_13000", "13000 Credits", "currency", 99.99),
    Product("bp_s1", "Season 1 Battle Pass", "battle_pass", 9.99),
    Product("bp_s1_tiers", "Season 1 Battle Pass + 25 Tiers", "battle_pass", 24.99),
    Product("pack_starter", "Starter Pack", "bundle", 4.99),
    Product("pack_founder", "Founder's Pack", "bundle", 29.99),
    Product("pack_legendary", "Legendary Operator Bundle", "bundle", 79.99),
    Product("skin_rare", "Rare Operator Skin", "cosmetic", 7.99),
    Product("skin_epic", "Epic Operator Skin", "cosmetic", 14.99),
    Product("skin_weapon", "Weapon Blueprint", "cosmetic", 11.99),
    Product("charm_weapon", "Weapon Charm", "cosmetic", 2.99),
    Product("boost_xp_1h", "1-Hour XP Boost", "boost", 1.99),
    Product("boost_xp_24h", "24-Hour XP Boost", "boost", 4.99),
    Product("svc_name_change", "Name Change", "service", 2.99),
)

SKUS = np.array([p.item_sku for p in CATALOGUE])
PRICES = np.array([p.price_usd for p in CATALOGUE])
# Price bands that spender classes choose between (params.Spending.band_weights).
BAND_UPPER_USD = (5.0, 10.0, 20.0, 50.0, float("inf"))
BAND = np.searchsorted(np.array(BAND_UPPER_USD), PRICES, side="left")


def seed_csv() -> str:
    """seeds/products.csv as it must read (header, one product a line, \\n endings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["item_sku", "item_name", "category", "price_usd"])
    writer.writerows((p.item_sku, p.item_name, p.category, f"{p.price_usd:.2f}") for p in CATALOGUE)
    return out.getvalue()

