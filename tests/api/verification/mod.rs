//! Automated verification: local repositories, every source end to end, the GitHub requests
//! a run costs and the background queue that runs it.

mod github_requests;
mod jobs;
mod local_repos;
mod sources;
