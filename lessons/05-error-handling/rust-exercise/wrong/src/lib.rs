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
    match err {
        OrderError::NotFound(_) => (404, err.to_string()),
        OrderError::InvalidQuantity(_) => (400, err.to_string()),
        // Everything else is a server problem.
        _ => (500, "service unavailable, try again later".to_string()),
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
    let left = stock.get_mut(item).ok_or_else(|| OrderError::NotFound(item.to_string()))?;
    if !(1..=100).contains(&quantity) {
        return Err(OrderError::InvalidQuantity(quantity));
    }
    let quantity = quantity as u32; // 1..=100 fits
    if *left < quantity {
        return Err(OrderError::OutOfStock { item: item.to_string(), available: *left });
    }
    *left -= quantity;
    Ok(*left)
}

/// Application code: places one order per line ("item,quantity") and returns the total quantity.
/// A failure must say which line failed: `line 2 ("pears,abc"): …` followed by the cause.
pub fn import_orders(stock: &mut HashMap<String, u32>, lines: &[&str]) -> anyhow::Result<u32> {
    use anyhow::Context;
    let mut total = 0;
    for (index, line) in lines.iter().enumerate() {
        let at = || format!("line {} ({line:?})", index + 1);
        let (item, quantity) = line
            .split_once(',')
            .ok_or_else(|| anyhow::anyhow!("expected item,quantity"))
            .with_context(at)?;
        let quantity: i64 = quantity.trim().parse().with_context(at)?;
        place_order(stock, item.trim(), quantity).with_context(at)?;
        total += quantity as u32;
    }
    Ok(total)
}
