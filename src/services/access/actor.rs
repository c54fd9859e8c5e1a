//! [`Actor`]: who performs a use case, and how they proved it.

use crate::domain::ids::Login;

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenScope {
    /// Queries only.
    Read,
    /// Queries and mutations.
    Write,
}

impl TokenScope {
    /// Wire spelling, e.g. `READ`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Write => "WRITE",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "READ" => Some(Self::Read),
            "WRITE" => Some(Self::Write),
            _ => None,
        }
    }
}

/// How the actor was identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorKind {
    /// A person identified by sign-in, a trusted proxy or the command line.
    Person,
    /// Local (trial) mode: a name the person gave; everyone may do what an admin may.
    Trial,
    /// An API token (`id`) acting as a person or a service account.
    Token {
        /// The token's id.
        id: i64,
        /// Whether it may write.
        scopes: Vec<TokenScope>,
    },
    /// Orrery itself (template loads, background jobs).
    System,
}

/// Who performs a use case: a login, the groups the identity provider reports, and how
/// they were identified. Recorded in audit events, answers, waivers and sign-offs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    login: Login,
    groups: Vec<String>,
    kind: ActorKind,
}

impl Actor {
    /// A person with the roles granted to their login (the command line, tests).
    pub fn new(login: Login) -> Self {
        Self::signed_in(login, Vec::new())
    }

    /// A person who signed in (or was vouched for by a trusted proxy) with `groups`.
    pub fn signed_in(login: Login, groups: Vec<String>) -> Self {
        Self {
            login,
            groups,
            kind: ActorKind::Person,
        }
    }

    /// Someone in local (trial) mode, named by themselves.
    pub fn trial(login: Login) -> Self {
        Self {
            login,
            groups: Vec::new(),
            kind: ActorKind::Trial,
        }
    }

    /// An API token acting as `login`.
    pub fn token(login: Login, id: i64, scopes: Vec<TokenScope>) -> Self {
        Self {
            login,
            groups: Vec::new(),
            kind: ActorKind::Token { id, scopes },
        }
    }

    /// Orrery itself.
    pub fn system() -> Self {
        Self {
            login: Login::from_trusted("orrery".into()),
            groups: Vec::new(),
            kind: ActorKind::System,
        }
    }

    /// The actor's login.
    pub fn login(&self) -> &str {
        self.login.as_str()
    }

    /// The actor's login, typed.
    pub fn login_id(&self) -> &Login {
        &self.login
    }

    /// Groups the identity provider reports for the actor.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// How the actor was identified.
    pub fn kind(&self) -> &ActorKind {
        &self.kind
    }

    /// Whether the actor may change anything at all (read-only tokens may not).
    pub fn can_write(&self) -> bool {
        match &self.kind {
            ActorKind::Token { scopes, .. } => scopes.contains(&TokenScope::Write),
            _ => true,
        }
    }

    /// The token the actor came with, if any.
    pub fn token_id(&self) -> Option<i64> {
        match self.kind {
            ActorKind::Token { id, .. } => Some(id),
            _ => None,
        }
    }
}
