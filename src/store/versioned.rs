//! Optimistic concurrency: a conditional `UPDATE … WHERE id = ? AND version = ?` that also
//! bumps the version, so two writers can never both win.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Applies `changes` to the row `id` only if its version is still `expected`, incrementing
/// the version. Returns whether a row was updated.
pub async fn update_if_version<E, C>(
    conn: &C,
    changes: E::ActiveModel,
    id_col: E::Column,
    id: i64,
    version_col: E::Column,
    expected: i64,
) -> Result<bool, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let result = E::update_many()
        .set(changes)
        .col_expr(version_col, Expr::col(version_col).add(1))
        .filter(id_col.eq(id))
        .filter(version_col.eq(expected))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Deletes the row `id` only if its version is still `expected`. Returns the deleted row, or
/// the version found instead (`None` when the row does not exist).
pub async fn delete_if_version<E, C>(
    conn: &C,
    id_col: E::Column,
    id: i64,
    version_col: E::Column,
    expected: i64,
    version_of: fn(&E::Model) -> i64,
) -> Result<Result<E::Model, Option<i64>>, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let Some(row) = E::find().filter(id_col.eq(id)).one(conn).await? else {
        return Ok(Err(None));
    };
    if version_of(&row) != expected {
        return Ok(Err(Some(version_of(&row))));
    }
    let deleted = E::delete_many()
        .filter(id_col.eq(id))
        .filter(version_col.eq(expected))
        .exec(conn)
        .await?;
    if deleted.rows_affected == 1 {
        Ok(Ok(row))
    } else {
        let current = E::find().filter(id_col.eq(id)).one(conn).await?;
        Ok(Err(current.as_ref().map(version_of)))
    }
}
