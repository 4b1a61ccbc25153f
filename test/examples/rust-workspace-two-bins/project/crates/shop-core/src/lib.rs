//! Shared domain code of the shop: what both the API and the worker need.

/// The stock level below which the worker reorders an item.
pub const REORDER_BELOW: u32 = 5;

/// One line of the catalogue.
pub struct Item {
    pub sku: &'static str,
    pub stock: u32,
}

/// The catalogue (a database in the real thing).
pub fn catalogue() -> Vec<Item> {
    vec![
        Item { sku: "mug-blue", stock: 12 },
        Item { sku: "mug-red", stock: 3 },
    ]
}

/// Items that need reordering.
pub fn to_reorder() -> Vec<&'static str> {
    catalogue().into_iter().filter(|item| item.stock < REORDER_BELOW).map(|item| item.sku).collect()
}
