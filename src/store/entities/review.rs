//! `reviews`: readiness reviews of a service against a checklist template.

use sea_orm::entity::prelude::*;

/// A row of `reviews`: a readiness review of a service against one
/// checklist template version, with its state and final decision.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i64,
    pub template_id: i64,
    pub state: crate::domain::review::ReviewState,
    pub target_date: Option<chrono::NaiveDate>,
    pub decision: Option<crate::domain::review::ReviewDecision>,
    #[sea_orm(column_type = "Text")]
    pub decision_notes: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub gate_at_decision: Option<crate::domain::scoring::Decision>,
    pub approved_over_no_go: bool,
    #[sea_orm(column_type = "Text")]
    pub override_reason: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub decision_conditions: Option<serde_json::Value>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service::Entity",
        from = "Column::ServiceId",
        to = "super::service::Column::Id",
        on_delete = "Cascade"
    )]
    Service,
    #[sea_orm(
        belongs_to = "super::checklist_template::Entity",
        from = "Column::TemplateId",
        to = "super::checklist_template::Column::Id",
        on_delete = "Restrict"
    )]
    Template,
    #[sea_orm(has_many = "super::item_response::Entity")]
    ItemResponses,
    #[sea_orm(has_many = "super::waiver::Entity")]
    Waivers,
    #[sea_orm(has_many = "super::sign_off::Entity")]
    SignOffs,
}

impl Related<super::service::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Service.def()
    }
}

impl Related<super::checklist_template::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Template.def()
    }
}

impl Related<super::item_response::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ItemResponses.def()
    }
}

impl Related<super::waiver::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Waivers.def()
    }
}

impl Related<super::sign_off::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SignOffs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
