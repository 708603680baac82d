//! Prices an order and tells the operator about it with `tracing`: one span per order carrying
//! its identity, and events inside it that add only what is new.

use std::fmt;

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

/// Prices `lines` (sku, quantity) and returns the total in cents, inside an `order` span.
pub fn process_order(
    order_id: u32,
    card_number: &str,
    lines: &[(&str, u32)],
) -> Result<u64, OrderError> {
    let span = info_span!("order", order_id, card_last4 = last4(card_number));
    // The guard keeps the span entered until the function returns.
    let _guard = span.enter();
    let mut total = 0;
    for &(sku, quantity) in lines {
        let error = if quantity == 0 {
            OrderError::ZeroQuantity(sku.to_string())
        } else if let Some(unit) = unit_price(sku) {
            let cents = unit * u64::from(quantity);
            info!(sku, quantity, cents, "item priced");
            total += cents;
            continue;
        } else {
            OrderError::UnknownSku(sku.to_string())
        };
        warn!(sku, reason = %error, "order rejected");
        return Err(error);
    }
    info!(total_cents = total, "order priced");
    Ok(total)
}
