//! A place in the log in commit order: (writing transaction id, position).
//!
//! Readers order by this pair, not by position alone: a transaction may take its xid
//! before it allocates positions, so a position-only reader can pass an in-flight event
//! forever (docs/adr/0002-gap-safe-reading.md).

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct LogCursor {
    pub tx_id: i64,
    pub position: i64,
}

impl LogCursor {
    pub const START: LogCursor = LogCursor {
        tx_id: 0,
        position: 0,
    };

    pub fn new(tx_id: i64, position: i64) -> Self {
        Self { tx_id, position }
    }

    /// `tx:position`, as carried in `projections` notifications.
    pub fn encode(self) -> String {
        format!("{}:{}", self.tx_id, self.position)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (tx, pos) = s.split_once(':')?;
        Some(Self {
            tx_id: tx.parse().ok()?,
            position: pos.parse().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_order_by_transaction_then_position() {
        assert!(LogCursor::new(5, 100) < LogCursor::new(6, 1));
        assert!(LogCursor::new(6, 1) < LogCursor::new(6, 2));
    }

    #[test]
    fn cursors_round_trip_through_text() {
        let c = LogCursor::new(812, 99);
        assert_eq!(LogCursor::decode(&c.encode()), Some(c));
        assert_eq!(LogCursor::decode("x:1"), None);
    }
}
