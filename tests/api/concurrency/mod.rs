//! Concurrent writers: optimistic versions on updates, and "first insert" races.

mod conflicts;
mod races;
