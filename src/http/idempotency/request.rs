//! What the idempotency layer needs from a request: the `Idempotency-Key` header (checked)
//! and, for a mutation, its operation (root field names) and fingerprint.

use async_graphql::parser::types::{OperationType, Selection};
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
const MAX_LEN: usize = 255;

/// The key, if the request carries one; an error message when it is unusable.
pub fn key(headers: &HeaderMap) -> Result<Option<String>, String> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| "Idempotency-Key must be visible ASCII".to_string())?
        .trim();
    if text.is_empty() || text.len() > MAX_LEN {
        return Err(format!("Idempotency-Key must be 1 to {MAX_LEN} characters"));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("Idempotency-Key must be visible ASCII without spaces".into());
    }
    Ok(Some(text.to_string()))
}

/// A mutation the key applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// Root field names, e.g. `createPayment` (fragments count as `…`).
    pub operation: String,
    /// sha256 of operation name, query and variables.
    pub fingerprint: String,
}

/// `Some` when the request runs a mutation. Queries have no effect to repeat, and a body
/// that does not parse runs as usual (and fails there with the parser's message).
pub fn intent(req: &async_graphql::Request) -> Option<Intent> {
    // Parsed before the schema's input guard runs: bound the nesting first, or a hostile
    // document would recurse the parser off the stack here. Too deep = not keyed; the guard
    // then refuses it.
    tagih_graphql::input_guard::depth_within(&req.query, tagih_graphql::input_guard::MAX_NESTING)?;
    let doc = async_graphql::parser::parse_query(&req.query).ok()?;
    let op = doc.operations.iter().find_map(|(name, op)| {
        let wanted = match (&req.operation_name, name) {
            (None, _) => true,
            (Some(w), Some(n)) => w.as_str() == n.as_str(),
            (Some(_), None) => false,
        };
        wanted.then_some(op)
    })?;
    if op.node.ty != OperationType::Mutation {
        return None;
    }
    let fields: Vec<&str> = op
        .node
        .selection_set
        .node
        .items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(f) => f.node.name.node.as_str(),
            _ => "…",
        })
        .collect();
    let variables = serde_json::to_string(&req.variables).unwrap_or_default();
    let mut hash = Sha256::new();
    for part in [
        req.operation_name.as_deref().unwrap_or(""),
        &req.query,
        &variables,
    ] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    Some(Intent {
        operation: fields.join(","),
        fingerprint: hex::encode(hash.finalize()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{Request, Variables};

    fn with_key(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HEADER, v.parse().unwrap());
        h
    }

    #[test]
    fn a_key_is_visible_ascii_of_at_most_255_characters() {
        assert_eq!(key(&HeaderMap::new()), Ok(None));
        assert_eq!(key(&with_key("a1-B2_c3")), Ok(Some("a1-B2_c3".into())));
        assert!(key(&with_key("has space")).is_err());
        assert!(key(&with_key(&"x".repeat(256))).is_err());
        assert!(key(&with_key("  ")).is_err());
    }

    #[test]
    fn only_mutations_have_an_intent_named_by_their_root_fields() {
        let q = Request::new("{ payments { id } }");
        assert_eq!(intent(&q), None);
        let m = Request::new(
            "mutation($i:String!){ createPayment(invoiceId:$i, method:\"x\") { paymentId } }",
        )
        .variables(Variables::from_json(serde_json::json!({"i": "inv-1"})));
        let i = intent(&m).unwrap();
        assert_eq!(i.operation, "createPayment");
        let same = intent(&m).unwrap();
        assert_eq!(i.fingerprint, same.fingerprint);
        let other = Request::new(m.query.clone())
            .variables(Variables::from_json(serde_json::json!({"i": "inv-2"})));
        assert_ne!(intent(&other).unwrap().fingerprint, i.fingerprint);
    }

    #[test]
    fn the_named_operation_decides() {
        let doc = "query A { me { id } } mutation B { logout }";
        let a = Request::new(doc).operation_name("A");
        assert_eq!(intent(&a), None);
        let b = Request::new(doc).operation_name("B");
        assert_eq!(intent(&b).unwrap().operation, "logout");
    }
}
