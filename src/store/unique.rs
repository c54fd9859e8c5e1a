//! "First insert" writes that concurrent requests may race: insert a row unless its unique
//! key is already taken, without letting the database raise a unique-key violation.
//!
//! A check-then-insert (`SELECT` finds nothing, then `INSERT`) is not enough on PostgreSQL:
//! two transactions can both find nothing, and the later insert then fails with a unique
//! violation that also aborts its transaction, so the loser could not even read what won.
//! `INSERT … ON CONFLICT (key) DO NOTHING` waits for the concurrent writer instead and
//! inserts nothing when it committed; the transaction stays usable and the caller reads the
//! winning row to say precisely what conflicts.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, SqlErr};

/// The model type of an active model's entity.
pub type ModelOf<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// Inserts `row` unless a row with the same values in the unique key `key` exists or is
/// committed concurrently while this insert waits. Returns the inserted row, or `None` when
/// the key is taken (the transaction stays usable). Violations of other constraints are
/// errors as usual.
pub async fn insert_unless_taken<A, C, I>(
    conn: &C,
    row: A,
    key: I,
) -> Result<Option<ModelOf<A>>, DbErr>
where
    A: ActiveModelTrait,
    ModelOf<A>: IntoActiveModel<A>,
    C: ConnectionTrait,
    I: IntoIterator<Item = <A::Entity as EntityTrait>::Column>,
{
    if !conn.support_returning() {
        return Err(DbErr::BackendNotSupported {
            db: "a backend without INSERT … RETURNING",
            ctx: "insert_unless_taken",
        });
    }
    // With RETURNING, "no row came back" means ON CONFLICT skipped the insert; sea-orm
    // reports that as `RecordNotFound` (or `RecordNotInserted`).
    let inserted = A::Entity::insert(row)
        .on_conflict(OnConflict::columns(key).do_nothing().to_owned())
        .exec_with_returning(conn)
        .await;
    match inserted {
        Ok(model) => Ok(Some(model)),
        Err(DbErr::RecordNotFound(_) | DbErr::RecordNotInserted) => Ok(None),
        Err(err) => Err(err),
    }
}

/// Whether `err` is a unique-key violation, for writes that cannot use
/// [`insert_unless_taken`] (an `UPDATE` that changes a unique column). On PostgreSQL the
/// transaction is aborted afterwards: report the conflict without further statements.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
