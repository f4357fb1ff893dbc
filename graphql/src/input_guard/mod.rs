//! The one gate every GraphQL request passes (HTTP and WebSocket alike) before its text
//! reaches the parser and its strings reach a resolver: nesting is bounded before parsing,
//! and a NUL character anywhere in the document's literals or the variables is refused.
//!
//! A request nested too deep is not a GraphQL request we can read: it fails as
//! `BAD_REQUEST` (HTTP 400). A NUL in text is a bad argument: `BAD_USER_INPUT`.

mod nesting;
mod text;

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ErrorExtensionValues, Pos, Request, ServerError, ServerResult, Variables};

pub use nesting::depth_within;
pub use text::json_has_nul;

/// Deepest bracket nesting a document (or a variable's value) may reach. Real operations
/// stay far below: the selection depth limit is 12 and input objects add a few levels.
pub const MAX_NESTING: usize = 32;

/// The code of a request that cannot be read at all; the HTTP layer answers it with 400.
pub const BAD_REQUEST: &str = "BAD_REQUEST";

pub const NUL_MESSAGE: &str = "text must not contain the NUL character (U+0000)";

fn error(message: String, code: &str, pos: Option<Pos>) -> ServerError {
    let mut e = ServerError::new(message, pos);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    e.extensions = Some(extensions);
    e
}

/// Registered on the schema with `.extension(InputGuard)`.
pub struct InputGuard;

impl ExtensionFactory for InputGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(InputGuardExtension)
    }
}

struct InputGuardExtension;

#[async_trait::async_trait]
impl Extension for InputGuardExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        check_request(&request.query, &request.variables)?;
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        match text::nul_in_document(&doc) {
            Some(pos) => Err(error(NUL_MESSAGE.into(), "BAD_USER_INPUT", Some(pos))),
            None => Ok(doc),
        }
    }
}

/// The checks that need no parsing: the text's nesting and the variables.
fn check_request(query: &str, variables: &Variables) -> ServerResult<()> {
    let too_deep = || {
        error(
            format!("the request nests deeper than {MAX_NESTING} levels"),
            BAD_REQUEST,
            None,
        )
    };
    if depth_within(query, MAX_NESTING).is_none() {
        return Err(too_deep());
    }
    if variables
        .values()
        .any(|v| text::deeper_than(v, MAX_NESTING))
    {
        return Err(too_deep());
    }
    if variables
        .iter()
        .any(|(k, v)| k.contains('\0') || text::const_has_nul(v))
    {
        return Err(error(NUL_MESSAGE.into(), "BAD_USER_INPUT", None));
    }
    Ok(())
}
