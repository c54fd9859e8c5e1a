//! Domain vocabularies stored as text columns. Each value is parsed once, when a row is read,
//! so every layer above the store sees `ReviewState::Draft`, never `"draft"`. A stored value
//! outside the vocabulary (a hand-edited row, a downgrade) fails the read with a clear error
//! instead of being guessed at.

use crate::domain::catalog::{DependencyKind, Lifecycle, Tier};
use crate::domain::change::PrCheckPolicy;
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{
    Outcome, ResponseSource, ReviewDecision, ReviewState, SignOffDecision, WaiverState,
};
use crate::domain::scoring::Decision;
use crate::domain::slo::SliKind;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use std::sync::Arc;

/// A stored text that is not one of its column's values.
#[derive(Debug, thiserror::Error)]
#[error("stored value `{value}` is not a valid {type_name}")]
struct UnknownValue {
    type_name: &'static str,
    value: String,
}

/// Implements sea-orm's column traits for types with `as_str` and a parser from text.
macro_rules! text_column {
    ($($ty:ident => $parse:expr;)+) => {$(
        impl From<$ty> for Value {
            fn from(value: $ty) -> Self {
                value.as_str().into()
            }
        }

        impl TryGetable for $ty {
            fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
                let text = String::try_get_by(res, idx)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).ok_or_else(|| {
                    TryGetError::DbErr(DbErr::TryIntoErr {
                        from: "String",
                        into: stringify!($ty),
                        source: Arc::new(UnknownValue { type_name: stringify!($ty), value: text }),
                    })
                })
            }
        }

        impl ValueType for $ty {
            fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
                let text = <String as ValueType>::try_from(value)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).ok_or(ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($ty).to_owned()
            }

            fn array_type() -> ArrayType {
                ArrayType::String
            }

            fn column_type() -> ColumnType {
                ColumnType::String(StringLen::None)
            }
        }

        impl Nullable for $ty {
            fn null() -> Value {
                Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$ty> for $ty {
            fn into_active_value(self) -> sea_orm::ActiveValue<$ty> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    )+};
}

text_column! {
    Tier => |s| Tier::parse("tier", s).ok();
    Lifecycle => |s| Lifecycle::parse("lifecycle", s).ok();
    DependencyKind => |s| DependencyKind::parse("kind", s).ok();
    SliKind => |s| SliKind::parse("sli_kind", s).ok();
    Outcome => |s| Outcome::parse("outcome", s).ok();
    ResponseSource => |s| ResponseSource::parse("source", s).ok();
    ReviewState => |s| ReviewState::parse("state", s).ok();
    ReviewDecision => |s| ReviewDecision::parse("decision", s).ok();
    SignOffDecision => |s| SignOffDecision::parse("decision", s).ok();
    WaiverState => |s| WaiverState::parse("state", s).ok();
    NaAcceptance => |s| NaAcceptance::parse("na_acceptance", s).ok();
    Decision => Decision::parse;
    PrCheckPolicy => |s| PrCheckPolicy::parse("pr_check_policy", s).ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_their_stored_text() {
        for tier in Tier::ALL {
            let stored: Value = (*tier).into();
            assert_eq!(<Tier as ValueType>::try_from(stored).unwrap(), *tier);
        }
        let gate: Value = Decision::GoWithConditions.into();
        assert_eq!(
            <Decision as ValueType>::try_from(gate).unwrap(),
            Decision::GoWithConditions
        );
    }

    #[test]
    fn unknown_text_is_refused() {
        let stored = Value::String(Some("tier9".to_owned()));
        assert!(<Tier as ValueType>::try_from(stored).is_err());
    }
}
