//! Typed form posts: [`PostedForm`] reads an `application/x-www-form-urlencoded` body into a
//! `#[derive(Deserialize)]` struct the way the forms have always been read, which
//! `axum::Form` (serde_urlencoded) cannot: a name posted more than once fills a `Vec<String>`
//! field with every value in order (repeated rows such as `link_kind` or `title`), and a
//! single-valued field takes the first value (or the last, see [`LastValueForm`]) instead
//! of refusing the post. With `#[serde(default)]` on the struct an absent field is empty.

use super::error::WebError;
use axum::Form;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use std::collections::HashMap;

/// A form post read into `T`; a name posted twice keeps its first value in a single-valued
/// field unless `LAST_WINS`. A body that is not a form is refused as `axum::Form` refuses it.
#[derive(Debug, Clone)]
pub struct PostedForm<T, const LAST_WINS: bool = false>(pub T);

/// A [`PostedForm`] whose single-valued fields keep the last value of a repeated name.
pub type LastValueForm<T> = PostedForm<T, true>;

impl<S, T, const LAST_WINS: bool> FromRequest<S> for PostedForm<T, LAST_WINS>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        decode(pairs, LAST_WINS)
            .map(PostedForm)
            .map_err(|e| WebError::BadRequest(format!("The form could not be read: {e}.")))
            .map_err(IntoResponse::into_response)
    }
}

/// Reads posted pairs into `T` (see [`PostedForm`]).
pub fn decode<T: DeserializeOwned>(
    pairs: Vec<(String, String)>,
    last_wins: bool,
) -> Result<T, Error> {
    let mut fields: HashMap<String, Values> = HashMap::new();
    for (name, value) in pairs {
        fields
            .entry(name)
            .or_insert_with(|| Values {
                all: Vec::new(),
                last_wins,
            })
            .all
            .push(value);
    }
    T::deserialize(MapDeserializer::new(fields.into_iter()))
}

/// Every value posted under one name.
struct Values {
    all: Vec<String>,
    last_wins: bool,
}

impl<'de> Deserializer<'de> for Values {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut all = self.all.into_iter();
        let one = if self.last_wins {
            all.next_back()
        } else {
            all.next()
        };
        visitor.visit_string(one.unwrap_or_default())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::new(self.all.into_iter()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl IntoDeserializer<'_, Error> for Values {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Post {
        name: String,
        note: Option<String>,
        row: Vec<String>,
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn repeated_names_fill_lists_and_single_fields_take_the_first_or_last() {
        let posted = pairs(&[
            ("row", "a"),
            ("name", "first"),
            ("row", ""),
            ("name", "last"),
            ("other", "ignored"),
            ("row", "c"),
        ]);
        let first: Post = decode(posted.clone(), false).unwrap();
        assert_eq!(first.name, "first");
        assert_eq!(first.row, ["a", "", "c"]);
        assert_eq!(first.note, None);
        let last: Post = decode(posted, true).unwrap();
        assert_eq!(last.name, "last");
    }

    #[test]
    fn absent_fields_are_empty() {
        let post: Post = decode(pairs(&[("note", "")]), false).unwrap();
        assert_eq!(post.name, "");
        assert!(post.row.is_empty());
        assert_eq!(post.note.as_deref(), Some(""));
    }
}
