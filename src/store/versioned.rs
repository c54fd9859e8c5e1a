//! Optimistic concurrency: a conditional `UPDATE … WHERE id = ? AND version = ?` that also
//! bumps the version, so two writers can never both win.

use super::entities;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// A table whose rows carry an `id` and a `version` bumped by every change.
pub trait Versioned: EntityTrait {
    /// The primary key column.
    const ID: Self::Column;
    /// The version column.
    const VERSION: Self::Column;
    /// A row's version.
    fn version_of(row: &Self::Model) -> i64;
}

macro_rules! versioned {
    ($($table:ident),+ $(,)?) => {$(
        impl Versioned for entities::$table::Entity {
            const ID: Self::Column = entities::$table::Column::Id;
            const VERSION: Self::Column = entities::$table::Column::Version;
            fn version_of(row: &Self::Model) -> i64 {
                row.version
            }
        }
    )+};
}

versioned!(
    action_item,
    capacity_plan,
    dependency,
    item_response,
    review,
    service,
    service_manifest,
    slo,
    team,
    verification_result,
    waiver,
);

/// What a versioned update or delete found.
#[derive(Debug)]
pub enum Checked<M> {
    /// The change was applied; the row as it is now (as it was, for a delete).
    Done(M),
    /// Someone changed the row first; the row as it is now.
    Stale(M),
    /// There is no such row.
    Missing,
}

/// Applies `changes` to the row `id` only if its version is still `expected`, incrementing
/// the version, and reads the row back.
pub async fn update_checked<E: Versioned, C: ConnectionTrait>(
    conn: &C,
    id: i64,
    expected: i64,
    changes: E::ActiveModel,
) -> Result<Checked<E::Model>, DbErr> {
    let result = E::update_many()
        .set(changes)
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(expected))
        .exec(conn)
        .await?;
    let current = E::find().filter(E::ID.eq(id)).one(conn).await?;
    Ok(match current {
        Some(row) if result.rows_affected == 1 => Checked::Done(row),
        Some(row) => Checked::Stale(row),
        None => Checked::Missing,
    })
}

/// Deletes the row `id` only if its version is still `expected`; `Done` holds the row as it
/// was.
pub async fn delete_checked<E: Versioned, C: ConnectionTrait>(
    conn: &C,
    id: i64,
    expected: i64,
) -> Result<Checked<E::Model>, DbErr> {
    let Some(row) = E::find().filter(E::ID.eq(id)).one(conn).await? else {
        return Ok(Checked::Missing);
    };
    if E::version_of(&row) != expected {
        return Ok(Checked::Stale(row));
    }
    let deleted = E::delete_many()
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(expected))
        .exec(conn)
        .await?;
    if deleted.rows_affected == 1 {
        return Ok(Checked::Done(row));
    }
    Ok(match E::find().filter(E::ID.eq(id)).one(conn).await? {
        Some(row) => Checked::Stale(row),
        None => Checked::Missing,
    })
}
