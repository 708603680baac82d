use observability_exercise::process_order;

fn main() {
    // Plain-text logs on stdout; a service would use the `json` feature and a log shipper.
    tracing_subscriber::fmt().with_writer(std::io::stdout).without_time().with_target(false).init();

    let total = process_order(7, "4111111111111111", &[("tea", 2), ("mug", 1)]);
    println!("order 7: {total:?}");
    let rejected = process_order(8, "5500000000000004", &[("tea", 1), ("unicorn", 1)]);
    println!("order 8: {rejected:?}");
}
