//! Rows written with PostgreSQL's binary `COPY … FROM STDIN`: how a rebuild fills a fresh
//! shadow table with rows it knows are new. About twice as fast as the `unnest` upsert
//! (measured on 1M vouchers: no array unpacking, no speculative insertion per row), and the
//! values go in binary, encoded by sqlx exactly as they would be bound to a statement.
//!
//! Format (PostgreSQL docs, "COPY — Binary Format"): an 11-byte signature, flags and header
//! extension length (both 0); per row the field count (i16) and per field its length (i32,
//! -1 for NULL) and bytes; a trailer of -1 (i16).

use sqlx::encode::IsNull;
use sqlx::postgres::PgArgumentBuffer;
use sqlx::{Encode, PgConnection, Postgres};

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";
/// Bytes buffered before they are sent on: bounds memory, keeps the writes large.
const SEND_AT: usize = 1 << 20;

/// One binary COPY in progress: rows are encoded into a buffer that is sent in ~1 MB pieces.
pub struct CopyRows {
    fields: i16,
    buf: PgArgumentBuffer,
}

impl CopyRows {
    /// A COPY of rows with `fields` columns each.
    pub fn new(fields: usize) -> Self {
        let mut buf = PgArgumentBuffer::default();
        buf.extend_from_slice(SIGNATURE);
        buf.extend_from_slice(&0i32.to_be_bytes());
        buf.extend_from_slice(&0i32.to_be_bytes());
        Self {
            fields: i16::try_from(fields).expect("a table has fewer than 32,768 columns"),
            buf,
        }
    }

    /// Starts a row; exactly `fields` calls of [`CopyRows::field`] follow.
    pub fn row(&mut self) {
        self.buf.extend_from_slice(&self.fields.to_be_bytes());
    }

    /// One value, encoded as sqlx binds it (`None` is NULL).
    pub fn field<'q, T: Encode<'q, Postgres>>(&mut self, value: &T) -> sqlx::Result<()> {
        let at = self.buf.len();
        self.buf.extend_from_slice(&0i32.to_be_bytes());
        match value
            .encode_by_ref(&mut self.buf)
            .map_err(sqlx::Error::Encode)?
        {
            IsNull::Yes => {
                self.buf.truncate(at);
                self.buf.extend_from_slice(&(-1i32).to_be_bytes());
            }
            IsNull::No => {
                let len = i32::try_from(self.buf.len() - at - 4)
                    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                self.buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
            }
        }
        Ok(())
    }

    /// Copies `rows` into `table` (`columns` in the order each row writes its fields).
    pub async fn copy_into<R>(
        conn: &mut PgConnection,
        table: &str,
        columns: &[&str],
        rows: impl IntoIterator<Item = R>,
        write: impl Fn(&mut CopyRows, &R) -> sqlx::Result<()>,
    ) -> sqlx::Result<u64> {
        let statement = format!(
            "copy {table} ({}) from stdin with (format binary)",
            columns.join(", ")
        );
        let mut copy = CopyRows::new(columns.len());
        let mut sink = conn.copy_in_raw(&statement).await?;
        let written = async {
            for row in rows {
                copy.row();
                write(&mut copy, &row)?;
                if copy.buf.len() >= SEND_AT {
                    sink.send(copy.buf.as_slice()).await?;
                    copy.buf.clear();
                }
            }
            copy.buf.extend_from_slice(&(-1i16).to_be_bytes());
            sink.send(copy.buf.as_slice()).await?;
            Ok::<(), sqlx::Error>(())
        }
        .await;
        match written {
            Ok(()) => sink.finish().await,
            Err(e) => {
                // Ends the COPY so the connection is usable (and the transaction aborted).
                let _ = sink.abort(e.to_string()).await;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_its_field_count_then_length_prefixed_values_and_null_is_minus_one() {
        let mut copy = CopyRows::new(3);
        let header = copy.buf.len();
        copy.row();
        copy.field(&"ab").unwrap();
        copy.field(&None::<i64>).unwrap();
        copy.field(&7i32).unwrap();
        let mut expected = Vec::new();
        expected.extend_from_slice(&3i16.to_be_bytes());
        expected.extend_from_slice(&2i32.to_be_bytes());
        expected.extend_from_slice(b"ab");
        expected.extend_from_slice(&(-1i32).to_be_bytes());
        expected.extend_from_slice(&4i32.to_be_bytes());
        expected.extend_from_slice(&7i32.to_be_bytes());
        assert_eq!(&copy.buf[..header], b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0");
        assert_eq!(&copy.buf[header..], expected.as_slice());
    }
}
