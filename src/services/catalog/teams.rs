//! Use cases for teams.

use crate::domain::FieldError;
use crate::domain::access::{OWNER_ROLE, Subject};
use crate::domain::ids::Slug;
use crate::domain::records;
use crate::domain::review::WaiverState;
use crate::domain::validation::{http_url, optional_prose, optional_text, required_text};
use crate::error::{AppError, AppResult};
use crate::services::access::roles::grant;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::{team, waiver};
use crate::store::unique::insert_unless_taken;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};

/// Input for creating a team.
#[derive(Debug, Clone, Default)]
pub struct NewTeam {
    /// URL-safe identifier.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What the team owns.
    pub description: Option<String>,
    /// Where to reach the team, e.g. `#checkout-oncall`.
    pub contact_channel: Option<String>,
    /// On-call schedule URL.
    pub oncall_url: Option<String>,
}

/// A waiver in force on a service's current review that runs out soon.
#[derive(Debug, Clone)]
pub struct ExpiringWaiver {
    /// The service whose review it belongs to.
    pub service_id: i64,
    /// The template version the review is pinned to (for the item's title).
    pub template_id: i64,
    /// The waiver.
    pub waiver: records::Waiver,
}

/// Changes to a team; `None` leaves a field as it is, an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct TeamChanges {
    /// New display name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New contact channel.
    pub contact_channel: Option<String>,
    /// New on-call URL.
    pub oncall_url: Option<String>,
}

fn oncall(value: Option<&str>) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => Ok(Some(http_url("oncall_url", v)?)),
    }
}

/// Slugs that name pages rather than teams (`/teams/new`).
const RESERVED_TEAM_SLUGS: [&str; 1] = ["new"];

/// A team slug: a valid slug that is not reserved.
fn team_slug(value: &str) -> Result<Slug, FieldError> {
    let slug = Slug::parse("slug", value)?;
    if RESERVED_TEAM_SLUGS.contains(&slug.as_str()) {
        return Err(FieldError::new(
            "slug",
            format!("`{slug}` is reserved; choose another slug"),
        ));
    }
    Ok(slug)
}

/// Every problem with a new team's fields, without touching the database (forms show them
/// all at once; `create_team` stops at the first).
pub fn check_team_input(input: &NewTeam) -> Vec<FieldError> {
    [
        team_slug(&input.slug).err(),
        required_text("name", &input.name, 200).err(),
        optional_prose("description", input.description.as_deref(), 4000).err(),
        optional_text("contact_channel", input.contact_channel.as_deref(), 200).err(),
        oncall(input.oncall_url.as_deref())
            .err()
            .and_then(|e| match e {
                AppError::Validation(f) => Some(f),
                _ => None,
            }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

impl Services {
    /// Registers a team.
    pub async fn create_team(&self, actor: &Actor, input: NewTeam) -> AppResult<records::Team> {
        let slug = team_slug(&input.slug)?;
        let name = required_text("name", &input.name, 200)?;
        let description = optional_prose("description", input.description.as_deref(), 4000)?;
        let contact = optional_text("contact_channel", input.contact_channel.as_deref(), 200)?;
        let oncall_url = oncall(input.oncall_url.as_deref())?;
        let w = self.write(actor).await?;
        let now = w.now();
        let row = team::ActiveModel {
            id: NotSet,
            slug: Set(slug.to_string()),
            name: Set(name),
            description: Set(description),
            contact_channel: Set(contact),
            oncall_url: Set(oncall_url),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        // Also refuses a team with the same slug created concurrently, precisely.
        let Some(created) = insert_unless_taken(w.txn(), row, [team::Column::Slug]).await? else {
            return Err(AppError::conflict(format!(
                "a team with slug `{slug}` already exists"
            )));
        };
        w.audit(Change::new("team.create", ("team", &created.slug)).after(&created))
            .await?;
        // Whoever creates a team owns it (and can add the other owners).
        let maker = Subject::Login(actor.login().to_owned());
        grant(&w, OWNER_ROLE, created.id, &maker).await?;
        w.commit().await?;
        Ok(created.into())
    }

    /// Edits a team if `expected_version` is still current.
    pub async fn update_team(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: i64,
        changes: TeamChanges,
    ) -> AppResult<records::Team> {
        let expected = check_version(expected_version)?;
        let mut am = team::ActiveModel {
            ..Default::default()
        };
        if let Some(name) = &changes.name {
            am.name = Set(required_text("name", name, 200)?);
        }
        if let Some(d) = &changes.description {
            am.description = Set(optional_prose("description", Some(d), 4000)?);
        }
        if let Some(c) = &changes.contact_channel {
            am.contact_channel = Set(optional_text("contact_channel", Some(c), 200)?);
        }
        if let Some(u) = &changes.oncall_url {
            am.oncall_url = Set(oncall(Some(u))?);
        }
        let w = self.write(actor).await?;
        am.updated_at = Set(w.now());
        let before = self
            .find_team(w.txn(), slug)
            .await?
            .ok_or_else(|| AppError::not_found("team", slug))?;
        self.authorize_owner(w.txn(), actor, before.id, "edit the team")
            .await?;
        let after = w
            .update::<team::Entity>("team", before.id, expected, am)
            .await?;
        w.done(
            Change::new("team.update", ("team", slug))
                .before(&before)
                .after(&after),
            None,
        )
        .await?;
        Ok(after.into())
    }

    /// A team by slug.
    pub async fn team(&self, slug: &str) -> AppResult<records::Team> {
        self.find_team(self.db.conn(), slug)
            .await?
            .ok_or_else(|| AppError::not_found("team", slug))
    }

    /// All teams, by slug.
    pub async fn teams(&self) -> AppResult<Vec<records::Team>> {
        Ok(team::Entity::find()
            .order_by_asc(team::Column::Slug)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub(crate) async fn find_team<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
    ) -> AppResult<Option<records::Team>> {
        // Nothing that is not a slug names a team; it never reaches the database.
        let Ok(slug) = crate::domain::ids::Slug::parse("slug", slug) else {
            return Ok(None);
        };
        Ok(team::Entity::find()
            .filter(team::Column::Slug.eq(slug.as_str()))
            .one(conn)
            .await?
            .map(Into::into))
    }

    /// Approved waivers on the current reviews of `service_ids` that are in force now and
    /// expire at or before `until`, soonest first: what a team must renew or fix.
    pub async fn waivers_expiring(
        &self,
        service_ids: &[i64],
        until: DateTime<Utc>,
    ) -> AppResult<Vec<ExpiringWaiver>> {
        let reviews = self.current_reviews_by_service_ids(service_ids).await?;
        if reviews.is_empty() {
            return Ok(Vec::new());
        }
        let rows = waiver::Entity::find()
            .filter(waiver::Column::ReviewId.is_in(reviews.values().map(|r| r.id)))
            .filter(waiver::Column::State.eq(WaiverState::Approved.as_str()))
            .filter(waiver::Column::ExpiresAt.gt(self.now()))
            .filter(waiver::Column::ExpiresAt.lte(until))
            .order_by_asc(waiver::Column::ExpiresAt)
            .order_by_asc(waiver::Column::Id)
            .all(self.db.conn())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|w| {
                let review = reviews.values().find(|r| r.id == w.review_id)?;
                Some(ExpiringWaiver {
                    service_id: review.service_id,
                    template_id: review.template_id,
                    waiver: w.into(),
                })
            })
            .collect())
    }
}
