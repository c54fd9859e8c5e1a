//! Small schema-builder helpers shared by the migrations.
//!
//! Released migrations depend on these, so their behaviour must never change.

use sea_orm_migration::prelude::*;

/// Creates an index named `name` on `table(columns)`, `UNIQUE` if `unique`.
pub(crate) async fn create_index<T, C, const N: usize>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: [C; N],
    unique: bool,
) -> Result<(), DbErr>
where
    T: IntoIden,
    C: IntoIden,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

/// Drops `tables` in the given order (callers list children before parents).
pub(crate) async fn drop_tables<I>(manager: &SchemaManager<'_>, tables: I) -> Result<(), DbErr>
where
    I: IntoIterator<Item = DynIden>,
{
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}
