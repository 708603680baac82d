//! A typed error for the library (thiserror), its HTTP mapping, and context for the application (anyhow).
use std::collections::HashMap;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum OrderError {
    #[error("no such item: {0}")]
    NotFound(String),
    #[error("invalid quantity {0}: must be 1 to 100")]
    InvalidQuantity(i64),
    #[error("only {available} of {item} left")]
    OutOfStock { item: String, available: u32 },
    /// The stock service could not be reached; the cause stays reachable through `source()`.
    #[error("stock service unavailable")]
    Unavailable(#[source] std::io::Error),
}

/// The HTTP status and the body text a client sees for an error. Client errors explain themselves
/// (their Display text); a server error says only "service unavailable, try again later" and never
/// shows the cause. Statuses: NotFound 404, InvalidQuantity 400, OutOfStock 409, Unavailable 503.
pub fn to_http(err: &OrderError) -> (u16, String) {
    // TODO: one arm per variant and no `_`, so adding a variant is a compile error here.
    match err {
        OrderError::NotFound(_) => (404, err.to_string()),
        _ => (500, err.to_string()),
    }
}

/// Takes `quantity` of `item` out of `stock` and returns how many are left.
/// Errors: NotFound if the item is not stocked, InvalidQuantity unless 1 <= quantity <= 100,
/// OutOfStock if there are fewer than `quantity` (the stock is then left unchanged).
pub fn place_order(
    stock: &mut HashMap<String, u32>,
    item: &str,
    quantity: i64,
) -> Result<u32, OrderError> {
    // TODO: check the quantity and the stock before taking anything.
    let left = stock.get_mut(item).ok_or_else(|| OrderError::NotFound(item.to_string()))?;
    *left -= quantity as u32;
    Ok(*left)
}

/// Application code: places one order per line ("item,quantity") and returns the total quantity.
/// A failure must say which line failed: `line 2 ("pears,abc"): …` followed by the cause.
pub fn import_orders(stock: &mut HashMap<String, u32>, lines: &[&str]) -> anyhow::Result<u32> {
    // TODO: add context naming the line (anyhow::Context) to both places that can fail.
    let mut total = 0;
    for line in lines {
        let (item, quantity) =
            line.split_once(',').ok_or_else(|| anyhow::anyhow!("expected item,quantity"))?;
        let quantity: i64 = quantity.trim().parse()?;
        place_order(stock, item.trim(), quantity)?;
        total += quantity as u32;
    }
    Ok(total)
}
