//! Escape on output. Data from the URL or from the database is text, and must reach the page as
//! text: `<script>` from a user should be shown, never run.

/// Escapes the five characters that are special in HTML text and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Every value that goes into the page passes through `escape`, whatever its origin.
pub fn render_results(q: &str, names: &[&str]) -> String {
    let items: String = names.iter().map(|n| format!("<li>{}</li>", escape(n))).collect();
    format!(
        "<input name=\"q\" value=\"{}\"><p>Results for {}</p><ul>{items}</ul>",
        escape(q),
        escape(q)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_come_back_as_text() {
        let page = render_results("<script>alert(1)</script>", &["<img src=x onerror=alert(1)>"]);
        assert!(!page.contains("<script>") && !page.contains("<img"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn quotes_cannot_break_out_of_an_attribute() {
        let page = render_results("\" autofocus onfocus=\"alert(1)", &[]);
        assert!(page.contains("value=\"&quot; autofocus onfocus=&quot;alert(1)\""), "{page}");
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape("O'Brien & Sons"), "O&#39;Brien &amp; Sons");
        assert_eq!(escape("héllo"), "héllo");
    }
}
