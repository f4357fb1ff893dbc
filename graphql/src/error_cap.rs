//! A bounded error list. A document with thousands of duplicate directives, unknown
//! fields or repeated mistakes makes validation report one error each; the answer keeps
//! the first [`MAX_ERRORS`] and one more saying how many were dropped (code
//! `TOO_MANY_ERRORS`), so a small request cannot make a huge answer.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe,
};
use async_graphql::{ErrorExtensionValues, Pos, Response, ServerError};
use futures::StreamExt;
use futures::stream::BoxStream;

/// Errors an answer carries at most, besides the one that counts the rest.
pub const MAX_ERRORS: usize = 50;
pub const TOO_MANY_ERRORS: &str = "TOO_MANY_ERRORS";

/// Registered on the schema with `.extension(ErrorCap)`.
pub struct ErrorCap;

impl ExtensionFactory for ErrorCap {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCap)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCap {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        capped(next.run(ctx).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(capped).boxed()
    }
}

/// The response with at most [`MAX_ERRORS`] errors plus one counting the dropped ones.
pub fn capped(mut response: Response) -> Response {
    if response.errors.len() <= MAX_ERRORS {
        return response;
    }
    let dropped = response.errors.len() - MAX_ERRORS;
    response.errors.truncate(MAX_ERRORS);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", TOO_MANY_ERRORS);
    extensions.set("dropped", dropped);
    let mut summary = ServerError::new(
        format!("{dropped} more errors were not listed"),
        None::<Pos>,
    );
    summary.extensions = Some(extensions);
    response.errors.push(summary);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_errors(n: usize) -> Response {
        let errors = (0..n)
            .map(|i| ServerError::new(format!("error {i}"), None))
            .collect();
        Response::from_errors(errors)
    }

    #[test]
    fn up_to_the_cap_nothing_changes_and_past_it_one_error_counts_the_rest() {
        assert_eq!(capped(with_errors(MAX_ERRORS)).errors.len(), MAX_ERRORS);
        let r = capped(with_errors(3000));
        assert_eq!(r.errors.len(), MAX_ERRORS + 1);
        assert_eq!(r.errors[MAX_ERRORS - 1].message, "error 49");
        let last = &r.errors[MAX_ERRORS];
        assert_eq!(last.message, "2950 more errors were not listed");
        let ext = last.extensions.as_ref().map(|e| e.get("code").cloned());
        assert_eq!(ext, Some(Some(async_graphql::Value::from(TOO_MANY_ERRORS))));
    }
}
