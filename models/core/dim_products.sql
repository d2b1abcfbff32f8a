/* One row per product of the in-game catalogue (seeds/products.csv, written by generator/catalogue.py). */
MODEL (
  name core.dim_products,
  kind SEED (
    path '../../seeds/products.csv'
  ),
  owner warehouse,
  grain item_sku,
  columns (
    item_sku TEXT,
    item_name TEXT,
    category TEXT,
    price_usd DOUBLE
  ),
  column_descriptions (
    item_sku = 'product id, as purchases.item_sku',
    item_name = 'display name',
    category = 'product family, e.g. currency or cosmetic',
    price_usd = 'list price in USD'
  ),
  audits (
    assert_contract(
      grain := item_sku,
      not_null := (item_sku, item_name, category, price_usd),
      checks := (
        price_usd >= 0
      )
    )
  ),
  tags (
    core
  )
)
