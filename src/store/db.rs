//! Connecting to SQLite or PostgreSQL with production settings, and starting write
//! transactions the way each backend needs.

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Counts SQL statements executed, for `/metrics` and for N+1 regression tests.
#[derive(Debug, Default)]
pub struct StatementCounter {
    total: AtomicU64,
    failed: AtomicU64,
}

impl StatementCounter {
    /// Statements executed so far.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// Statements that returned an error so far.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }
}

/// A connection pool plus the facts about it the rest of the app needs.
#[derive(Clone, Debug)]
pub struct Database {
    conn: DatabaseConnection,
    statements: Arc<StatementCounter>,
}

impl Database {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). SQLite files are created if missing
    /// and run with WAL, `synchronous=NORMAL`, foreign keys and a 5 s busy timeout.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        if url.starts_with("sqlite:") {
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            // One writer at a time is SQLite's rule anyway; WAL lets readers proceed meanwhile.
            opts.max_connections(if in_memory { 1 } else { 8 })
                .min_connections(1);
            opts.map_sqlx_sqlite_opts(move |o| {
                let o = o
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .create_if_missing(true);
                if in_memory {
                    o
                } else {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                }
            });
        } else {
            opts.max_connections(16).min_connections(1);
        }
        let mut conn = sea_orm::Database::connect(opts).await?;
        let statements = Arc::new(StatementCounter::default());
        let counter = statements.clone();
        conn.set_metric_callback(move |info| {
            counter.total.fetch_add(1, Ordering::Relaxed);
            tracing::trace!(target: "orrery::sql", elapsed_us = info.elapsed.as_micros() as u64, failed = info.failed, sql = %info.statement, "statement");
            if info.failed {
                counter.failed.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(Self { conn, statements })
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    /// The pool, for reads.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Statement counters.
    pub fn statements(&self) -> &StatementCounter {
        &self.statements
    }

    /// `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        match self.conn.get_database_backend() {
            DatabaseBackend::Sqlite => "sqlite",
            DatabaseBackend::Postgres => "postgres",
            _ => "other",
        }
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so a transaction that
    /// reads before it writes cannot fail with SQLITE_BUSY half way.
    pub async fn write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
    }

    /// Checks the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}
