//! Shadow tables for rebuilds: created with only their primary key (bulk loads do not
//! maintain secondary indexes row by row), indexed once when loaded, swapped in under the
//! live table's names — indexes included, so names never drift across rebuilds.

use sqlx::PgConnection;

pub const SUFFIX: &str = "__rebuild";

/// The live table's secondary indexes: (name, definition).
async fn secondary_indexes(
    conn: &mut PgConnection,
    table: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "select c.relname::text, pg_get_indexdef(i.indexrelid)
           from pg_index i join pg_class c on c.oid = i.indexrelid
          where i.indrelid = $1::regclass and not i.indisprimary order by c.relname",
    )
    .bind(table)
    .fetch_all(conn)
    .await
}

async fn primary_key(conn: &mut PgConnection, table: &str) -> sqlx::Result<(String, String)> {
    sqlx::query_as(
        "select c.conname::text, string_agg(a.attname, ', ' order by k.ord)
           from pg_constraint c
           cross join unnest(c.conkey) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
          where c.conrelid = $1::regclass and c.contype = 'p' group by c.conname",
    )
    .bind(table)
    .fetch_one(conn)
    .await
}

/// `{table}__rebuild`, empty, with the live columns and primary key only.
pub async fn create(conn: &mut PgConnection, table: &str) -> sqlx::Result<()> {
    let shadow = format!("{table}{SUFFIX}");
    sqlx::query(&format!("drop table if exists {shadow}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "create table {shadow} (like {table} including defaults including constraints)"
    ))
    .execute(&mut *conn)
    .await?;
    let (_, columns) = primary_key(conn, table).await?;
    sqlx::query(&format!(
        "alter table {shadow} add constraint {shadow}_pkey primary key ({columns})"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The statements that build the live table's secondary indexes on the loaded shadow
/// (under suffixed names), one per index: independent of each other, so a caller may run
/// them side by side.
pub async fn index_statements(conn: &mut PgConnection, table: &str) -> sqlx::Result<Vec<String>> {
    Ok(secondary_indexes(conn, table)
        .await?
        .into_iter()
        .map(|(name, def)| {
            def.replacen(
                &format!("INDEX {name} ON "),
                &format!("INDEX {name}{SUFFIX} ON "),
                1,
            )
            .replacen(
                &format!(".{table} USING"),
                &format!(".{table}{SUFFIX} USING"),
                1,
            )
        })
        .collect())
}

/// Replaces the live table by its shadow, giving the shadow's indexes the live names.
pub async fn swap(conn: &mut PgConnection, table: &str) -> sqlx::Result<()> {
    let indexes = secondary_indexes(conn, table).await?;
    let (pkey, _) = primary_key(conn, table).await?;
    sqlx::query(&format!("drop table {table}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("alter table {table}{SUFFIX} rename to {table}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "alter index {table}{SUFFIX}_pkey rename to {pkey}"
    ))
    .execute(&mut *conn)
    .await?;
    for (name, _) in indexes {
        sqlx::query(&format!(
            "alter index if exists {name}{SUFFIX} rename to {name}"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
