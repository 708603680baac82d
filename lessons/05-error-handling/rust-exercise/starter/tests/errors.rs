use error_handling_exercise::{import_orders, place_order, to_http, OrderError};
use std::collections::HashMap;

fn stock() -> HashMap<String, u32> {
    HashMap::from([("apples".to_string(), 10), ("pears".to_string(), 2)])
}

fn down() -> OrderError {
    OrderError::Unavailable(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "db-7.internal:5432 timed out",
    ))
}

#[test]
fn each_error_has_its_status() {
    let cases = [
        (OrderError::NotFound("plums".into()), 404),
        (OrderError::InvalidQuantity(0), 400),
        (OrderError::OutOfStock { item: "pears".into(), available: 2 }, 409),
        (down(), 503),
    ];
    for (error, want) in cases {
        assert_eq!(to_http(&error).0, want, "{error:?} must be HTTP {want}");
    }
}

#[test]
fn a_server_error_does_not_leak_its_cause() {
    let (_, body) = to_http(&down());
    assert_eq!(
        body, "service unavailable, try again later",
        "a 503 body must not show the internal cause"
    );
    let (_, body) = to_http(&OrderError::OutOfStock { item: "pears".into(), available: 2 });
    assert_eq!(body, "only 2 of pears left", "a client error's body is its Display text");
}

#[test]
fn place_order_checks_before_taking() {
    let mut stock = stock();
    assert_eq!(place_order(&mut stock, "apples", 3).ok(), Some(7), "3 of 10 apples leaves 7");
    for quantity in [0, -1, 101] {
        let got = place_order(&mut stock, "apples", quantity);
        assert!(
            matches!(got, Err(OrderError::InvalidQuantity(q)) if q == quantity),
            "quantity {quantity} must be InvalidQuantity, got {got:?}"
        );
    }
    let got = place_order(&mut stock, "pears", 5);
    assert!(
        matches!(&got, Err(OrderError::OutOfStock { item, available: 2 }) if item == "pears"),
        "5 pears when 2 are left must be OutOfStock {{ available: 2 }}, got {got:?}"
    );
    assert_eq!(stock["pears"], 2, "a refused order must leave the stock unchanged");
    assert_eq!(stock["apples"], 7, "refused quantities must not touch the stock");
}

#[test]
fn import_says_which_line_failed() {
    let mut stock = stock();
    let error = import_orders(&mut stock, &["apples,1", "pears,abc"])
        .expect_err("pears,abc is not a quantity");
    assert_eq!(
        format!("{error:#}"),
        "line 2 (\"pears,abc\"): invalid digit found in string",
        "the error must name the line number and text, then the cause"
    );
    let error = import_orders(&mut stock, &["pears,3"]).expect_err("only 2 pears");
    assert_eq!(
        format!("{error:#}"),
        "line 1 (\"pears,3\"): only 2 of pears left",
        "context on place_order's error too"
    );
    assert!(
        error.downcast_ref::<OrderError>().is_some(),
        "context keeps the OrderError reachable by downcast_ref"
    );
    assert_eq!(
        import_orders(&mut stock, &["apples,2", "pears,1"]).ok(),
        Some(3),
        "2 + 1 = 3 ordered"
    );
}
