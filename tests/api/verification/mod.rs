//! Automated verification: local repositories, every source end to end, the GitHub requests
//! a run costs, the background queue that runs it, and `orrery verify`.

mod cli;
mod github_requests;
mod jobs;
mod local_repos;
mod sources;
