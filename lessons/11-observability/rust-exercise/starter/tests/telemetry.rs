//! Lesson-owned check. A small `tracing_subscriber::Layer` records every event with its fields
//! and the fields of the spans around it. It is installed with `with_default`, for the current
//! thread only, so tests running in parallel never see each other's events (no global subscriber).

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use observability_exercise::{process_order, OrderError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

type Fields = BTreeMap<String, String>;

#[derive(Debug, Clone)]
struct Logged {
    level: Level,
    message: String,
    fields: Fields,
    /// Enclosing spans, outermost first: (name, fields).
    spans: Vec<(String, Fields)>,
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Logged>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        ctx.span(id).expect("span exists").extensions_mut().insert(fields);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("span exists");
        let mut ext = span.extensions_mut();
        if let Some(fields) = ext.get_mut::<Fields>() {
            values.record(&mut Visitor(fields));
        }
    }
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        let message = fields.remove("message").unwrap_or_default();
        let spans = ctx
            .event_scope(event)
            .map(|scope| {
                scope
                    .from_root()
                    .map(|s| {
                        (
                            s.name().to_string(),
                            s.extensions().get::<Fields>().cloned().unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.0.lock().unwrap().push(Logged {
            level: *event.metadata().level(),
            message,
            fields,
            spans,
        });
    }
}

fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<Logged>) {
    let recorder = Recorder::default();
    let subscriber = tracing_subscriber::registry().with(recorder.clone());
    let out = tracing::subscriber::with_default(subscriber, f);
    let logged = recorder.0.lock().unwrap().clone();
    (out, logged)
}

fn events<'a>(logged: &'a [Logged], message: &str) -> Vec<&'a Logged> {
    logged.iter().filter(|l| l.message == message).collect()
}

fn field<'a>(event: &'a Logged, name: &str) -> &'a str {
    event.fields.get(name).map(String::as_str).unwrap_or_else(|| {
        panic!("event {:?} has no field `{name}`; its fields are {:?}", event.message, event.fields)
    })
}

/// The `order` span around an event; panics with a helpful message if there is none.
fn order_span<'a>(event: &'a Logged) -> &'a Fields {
    event.spans.iter().find(|(name, _)| name == "order").map(|(_, f)| f).unwrap_or_else(|| {
        panic!(
            "event {:?} was not recorded inside a span named `order` (enclosing spans: {:?}). Is the span entered while the work runs? `let _ = span.enter()` drops the guard at once; bind it to a named variable such as `_guard`",
            event.message, event.spans
        )
    })
}

const CARD: &str = "4111111111111111";

#[test]
fn each_line_is_an_event_with_fields() {
    let (total, logged) = record(|| process_order(7, CARD, &[("tea", 2), ("mug", 1)]));
    assert_eq!(total, Ok(2100), "the total itself must not change");
    let priced = events(&logged, "item priced");
    assert_eq!(priced.len(), 2, "expected one `item priced` event per line; recorded: {logged:#?}");
    assert_eq!(priced[0].level, Level::INFO, "`item priced` is an INFO event");
    assert_eq!(
        (field(priced[0], "sku"), field(priced[0], "quantity"), field(priced[0], "cents")),
        ("tea", "2", "900")
    );
    assert_eq!(
        (field(priced[1], "sku"), field(priced[1], "quantity"), field(priced[1], "cents")),
        ("mug", "1", "1200")
    );
    let done = events(&logged, "order priced");
    assert_eq!(
        done.len(),
        1,
        "expected one `order priced` event at the end; recorded: {logged:#?}"
    );
    assert_eq!(field(done[0], "total_cents"), "2100");
}

#[test]
fn events_happen_inside_the_order_span() {
    let (_, logged) = record(|| process_order(7, CARD, &[("tea", 2)]));
    assert!(
        !logged.is_empty(),
        "no tracing events were recorded: use tracing::info!/warn!, not println!"
    );
    for event in &logged {
        let span = order_span(event);
        assert_eq!(
            span.get("order_id").map(String::as_str),
            Some("7"),
            "the `order` span needs the field `order_id`"
        );
        assert_eq!(
            span.get("card_last4").map(String::as_str),
            Some("1111"),
            "the `order` span needs the field `card_last4`"
        );
    }
}

#[test]
fn a_rejected_order_is_a_warning() {
    let (result, logged) = record(|| process_order(8, CARD, &[("tea", 1), ("unicorn", 1)]));
    assert_eq!(result, Err(OrderError::UnknownSku("unicorn".to_string())));
    let rejected = events(&logged, "order rejected");
    assert_eq!(rejected.len(), 1, "expected one `order rejected` event; recorded: {logged:#?}");
    assert_eq!(rejected[0].level, Level::WARN, "`order rejected` is a WARN event");
    assert_eq!(field(rejected[0], "sku"), "unicorn");
    assert_eq!(field(rejected[0], "reason"), "unknown sku unicorn", "`reason` is the error's text");
    assert_eq!(order_span(rejected[0]).get("order_id").map(String::as_str), Some("8"));
    assert!(events(&logged, "order priced").is_empty(), "a rejected order is not `order priced`");

    let (result, logged) = record(|| process_order(9, CARD, &[("mug", 0)]));
    assert_eq!(result, Err(OrderError::ZeroQuantity("mug".to_string())));
    let rejected = events(&logged, "order rejected");
    assert_eq!(rejected.len(), 1, "a zero quantity is rejected too; recorded: {logged:#?}");
    assert_eq!(field(rejected[0], "reason"), "quantity of mug must be at least 1");
}

#[test]
fn the_card_number_is_never_logged() {
    let (_, logged) = record(|| process_order(7, CARD, &[("tea", 1), ("unicorn", 1)]));
    for event in &logged {
        let all = event.fields.values().chain(event.spans.iter().flat_map(|(_, f)| f.values()));
        for value in all.chain(std::iter::once(&event.message)) {
            assert!(
                !value.contains(CARD),
                "the full card number appears in a log record: {event:?}"
            );
        }
    }
}
