//! Prices an order. It works, but what it tells the operator goes through `println!`: no levels,
//! no fields to filter on, nothing tying a line to its order, and the full card number in the log.
//! Replace it with `tracing`: one span per order carrying its identity, events inside it.

use std::fmt;

#[allow(unused_imports)] // you will need them
use tracing::{info, info_span, warn};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    UnknownSku(String),
    ZeroQuantity(String),
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderError::UnknownSku(sku) => write!(f, "unknown sku {sku}"),
            OrderError::ZeroQuantity(sku) => write!(f, "quantity of {sku} must be at least 1"),
        }
    }
}
impl std::error::Error for OrderError {}

/// Unit price in cents.
pub fn unit_price(sku: &str) -> Option<u64> {
    match sku {
        "tea" => Some(450),
        "mug" => Some(1200),
        "spoon" => Some(150),
        _ => None,
    }
}

/// The last four characters of a card number: the only part that may be logged.
pub fn last4(card_number: &str) -> &str {
    let start = card_number.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    &card_number[start..]
}

/// Prices `lines` (sku, quantity) and returns the total in cents.
///
/// TODO, with `tracing` instead of `println!`:
/// - everything happens inside an INFO span named `order` with the fields `order_id` and
///   `card_last4` (never the whole card number);
/// - each line priced: an INFO event `item priced` with the fields `sku`, `quantity`, `cents`;
/// - success: an INFO event `order priced` with the field `total_cents`;
/// - a rejected line: a WARN event `order rejected` with the fields `sku` and `reason`
///   (the error's text), then return the error.
pub fn process_order(
    order_id: u32,
    card_number: &str,
    lines: &[(&str, u32)],
) -> Result<u64, OrderError> {
    println!("processing order {order_id} for card {card_number}");
    let mut total = 0;
    for &(sku, quantity) in lines {
        let error = if quantity == 0 {
            OrderError::ZeroQuantity(sku.to_string())
        } else if let Some(unit) = unit_price(sku) {
            let cents = unit * u64::from(quantity);
            println!("{sku} x{quantity}: {cents}");
            total += cents;
            continue;
        } else {
            OrderError::UnknownSku(sku.to_string())
        };
        println!("order {order_id} failed: {error}");
        return Err(error);
    }
    println!("order {order_id}: {total}");
    Ok(total)
}
