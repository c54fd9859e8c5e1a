//! Automated verification: local repositories, every source end to end, and the background
//! queue that runs it.

mod jobs;
mod local_repos;
mod sources;
