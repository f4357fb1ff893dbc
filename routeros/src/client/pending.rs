//! One command awaiting its `!done`: what it collected so far and where the outcome goes.

use std::fmt;

use tokio::sync::{mpsc, oneshot};

use super::command::Record;
use super::error::{RouterError, Trap};
use crate::proto::Sentence;

/// The outcome of a finished command.
pub(crate) type CallResult = Result<Vec<Record>, RouterError>;
/// One item of a `listen` stream.
pub(crate) type Row = Result<Record, RouterError>;

/// Why a session ended. Kept as text so that every pending command can get its own
/// error value from it.
#[derive(Debug, Clone)]
pub(crate) enum Death {
    /// The router sent `!fatal` with this reason.
    Fatal(String),
    /// The byte stream failed, closed, or carried something undecodable.
    Lost(String),
}

impl Death {
    /// The error for a command that was sent: it may have run.
    pub fn for_pending(&self) -> RouterError {
        match self {
            Death::Fatal(reason) => RouterError::Fatal(reason.clone()),
            Death::Lost(reason) => RouterError::ConnectionLost(reason.clone()),
        }
    }

    /// The error for a command offered after the end: it was never sent.
    pub fn for_new(&self) -> RouterError {
        RouterError::Unreachable(format!("session closed: {self}"))
    }
}

impl fmt::Display for Death {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Death::Fatal(reason) => write!(f, "router sent !fatal: {reason}"),
            Death::Lost(reason) => f.write_str(reason),
        }
    }
}

/// The sending side of a `listen` stream. Bounded, and never waited on: the reader must
/// not wait on one consumer (a stalled stream would stall every other command on the
/// session). The channel holds `rows + 1` items and rows may fill only `rows` of them, so
/// the one error that ends the stream always fits. When a consumer falls `rows` behind,
/// the next row is dropped and the stream ends with [`RouterError::ListenOverflow`]: a
/// listener that lost a change must resync with a `print`, and a silent gap would be worse.
pub(crate) struct StreamSink {
    tx: mpsc::Sender<Row>,
    rows: usize,
    overflowed: bool,
}

impl StreamSink {
    /// A sink for `rows` rows, and the receiver of its stream.
    pub fn new(rows: usize) -> (Self, mpsc::Receiver<Row>) {
        let rows = rows.max(1);
        let (tx, rx) = mpsc::channel(rows + 1);
        let sink = StreamSink {
            tx,
            rows,
            overflowed: false,
        };
        (sink, rx)
    }

    fn row(&mut self, record: Record) {
        if self.overflowed {
            return;
        }
        // One producer (the session's reader), so the free slots cannot shrink under us.
        if self.tx.capacity() <= 1 {
            self.overflowed = true;
            let _ = self
                .tx
                .try_send(Err(RouterError::ListenOverflow(self.rows)));
            return;
        }
        // A dropped stream is being cancelled; its rows have nowhere to go.
        let _ = self.tx.try_send(Ok(record));
    }

    fn end(&self, error: RouterError) {
        if !self.overflowed {
            let _ = self.tx.try_send(Err(error));
        }
    }
}

/// Where a command's replies go.
pub(crate) enum Sink {
    /// An ordinary command: rows are collected and handed over whole at `!done`.
    Call(oneshot::Sender<CallResult>),
    /// A `listen` (or other endless) command: each row is handed over as it arrives.
    Stream(StreamSink),
}

/// A command between being sent and its `!done`.
pub(crate) struct Pending {
    sink: Sink,
    rows: Vec<Record>,
    traps: Vec<Trap>,
    /// The `profile` the command named, for [`RouterError::UnknownProfile`].
    profile: Option<String>,
}

impl Pending {
    pub fn new(sink: Sink, profile: Option<String>) -> Self {
        Pending {
            sink,
            rows: Vec::new(),
            traps: Vec::new(),
            profile,
        }
    }

    /// A `!re` arrived.
    pub fn row(&mut self, reply: &Sentence) {
        let record = record(reply);
        match &mut self.sink {
            Sink::Call(_) => self.rows.push(record),
            Sink::Stream(sink) => sink.row(record),
        }
    }

    /// A `!trap` arrived. It is kept until `!done`, which always follows and may be
    /// preceded by further traps (routeros.md §1.5).
    pub fn trap(&mut self, reply: &Sentence) {
        self.traps.push(Trap {
            category: reply.get("category").and_then(|c| c.trim().parse().ok()),
            message: reply.get("message").unwrap_or_default().to_owned(),
        });
    }

    /// `!done` arrived: deliver the outcome. Data on the `!done` itself (`=ret=` after
    /// `add` or `count-only`) becomes the last record.
    pub fn finish(mut self, done: &Sentence) {
        let error = self.error();
        match self.sink {
            Sink::Call(tx) => {
                let result = match error {
                    Some(error) => Err(error),
                    None => {
                        let done = record(done);
                        if !done.is_empty() {
                            self.rows.push(done);
                        }
                        Ok(self.rows)
                    }
                };
                let _ = tx.send(result);
            }
            Sink::Stream(sink) => {
                if let Some(error) = error {
                    sink.end(error);
                }
            }
        }
    }

    /// The session ended before `!done`.
    pub fn fail(self, death: &Death) {
        match self.sink {
            Sink::Call(tx) => {
                let _ = tx.send(Err(death.for_pending()));
            }
            Sink::Stream(sink) => sink.end(death.for_pending()),
        }
    }

    /// The error the command ended in, if any. The `interrupted` trap of a `/cancel` is
    /// how a cancelled stream normally ends, so for streams it is no error, and for calls
    /// a real failure reported next to it (librouteros#19) takes precedence.
    fn error(&mut self) -> Option<RouterError> {
        let profile = self.profile.as_deref();
        let index = self
            .traps
            .iter()
            .position(|t| !t.is_interrupted())
            .or(match self.sink {
                Sink::Call(_) if !self.traps.is_empty() => Some(0),
                _ => None,
            })?;
        Some(self.traps.swap_remove(index).into_error(profile))
    }
}

/// The `=key=value` words of a reply as a record.
fn record(reply: &Sentence) -> Record {
    reply.attributes.iter().cloned().collect()
}
