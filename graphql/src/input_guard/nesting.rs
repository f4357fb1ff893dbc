//! How deeply a GraphQL document nests, measured on the raw text before the parser sees it.
//!
//! The parser (pest) and everything after it (AST conversion, validation, `Drop`) recurse
//! once per `[`, `{` or `(`, so `{ me(x: [[[…]]]) }` two thousand levels deep overflows a
//! worker's stack and aborts the process. Every recursive production in the grammar —
//! selection sets, argument lists, list and object values, list types in variable
//! definitions and defaults — opens one of those brackets, so counting them (outside
//! strings and comments) bounds all of it in one linear pass that cannot itself recurse.

/// The deepest bracket nesting the text reaches, or `None` once it passes `limit` (the
/// scan stops there, so a hostile document costs no more than its first `limit` opens).
pub fn depth_within(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return None;
                }
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'#' => i = skip_comment(bytes, i),
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = skip_block_string(bytes, i),
            b'"' => i = skip_string(bytes, i),
            _ => {}
        }
        i += 1;
    }
    Some(deepest)
}

/// Index of the line end that closes a `#` comment.
fn skip_comment(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| matches!(b, b'\n' | b'\r'))
        .map_or(bytes.len(), |n| start + n)
}

/// Index of the quote that closes a `"…"` string (a string may not span lines).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' | b'\n' | b'\r' => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Index of the last quote of the `"""` that closes a block string (`\"""` is escaped).
fn skip_block_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 3;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\\"\"\"") {
            i += 4;
            continue;
        }
        if bytes[i..].starts_with(b"\"\"\"") {
            return i + 2;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_of_every_kind_count() {
        assert_eq!(depth_within("{ me { id } }", 32), Some(2));
        assert_eq!(depth_within("{ a(x: [[{b: 1}]]) { id } }", 32), Some(5));
        assert_eq!(
            depth_within("query($v: [[Int]] = [[1]]) { a }", 32),
            Some(3)
        );
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let text = "{ a(x: \"[[[[\", y: \"\\\"{{{{\") # ((((\n { id } }";
        assert_eq!(depth_within(text, 3), Some(2));
        let block = "{ a(x: \"\"\"[[[[ \\\"\"\" {{{{ \"\"\") }";
        assert_eq!(depth_within(block, 3), Some(2));
    }

    #[test]
    fn the_scan_stops_at_the_limit() {
        let deep = format!(
            "{{ me(x: {}1{}) {{ id }} }}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(depth_within(&deep, 32), None);
        assert_eq!(depth_within(&"{".repeat(33), 32), None);
        assert_eq!(depth_within(&"{".repeat(32), 32), Some(32));
    }

    #[test]
    fn an_unterminated_string_or_comment_ends_the_scan() {
        assert_eq!(depth_within("{ a(x: \"[[[", 2), Some(2));
        assert_eq!(depth_within("{ \"[[[", 1), Some(1));
        assert_eq!(depth_within("{ # [[[", 1), Some(1));
    }
}
