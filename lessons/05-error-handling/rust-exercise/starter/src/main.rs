use error_handling_exercise::{import_orders, place_order, to_http, OrderError};
use std::collections::HashMap;

fn main() {
    let mut stock: HashMap<String, u32> =
        HashMap::from([("apples".to_string(), 10), ("pears".to_string(), 2)]);
    for (item, quantity) in [("apples", 3), ("plums", 1), ("apples", 0), ("pears", 5)] {
        match place_order(&mut stock, item, quantity) {
            Ok(left) => println!("{item} x{quantity}: 200, {left} left"),
            Err(error) => {
                let (status, body) = to_http(&error);
                println!("{item} x{quantity}: {status} {body}");
            }
        }
    }
    let down = OrderError::Unavailable(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "10.0.0.7:5432 timed out",
    ));
    let (status, body) = to_http(&down);
    println!("stock service down: {status} {body}");
    if let Err(error) = import_orders(&mut stock, &["apples,1", "pears,abc"]) {
        println!("import failed: {error:#}");
    }
}
