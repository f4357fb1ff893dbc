//! Test support: every field path an event enum can hold, found by driving its serde
//! `Deserialize` with a tracing deserializer (no sample events to keep up to date). Each
//! variant of every enum met is visited. A `#[serde(flatten)]` struct does not list its
//! fields to the deserializer: its own fields are learnt from its "missing field" errors,
//! and the flattened part is fed from sample values the caller gives (JSON objects whose
//! keys and values the flattened type accepts); the caller traces that type on its own too.
//!
//! Paths look like `LocationCreated.password_enc`, `PaymentCallbackReceived.headers.*`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::Rc;

use serde::de::value::{Error, StrDeserializer, U32Deserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

#[derive(Default)]
struct State {
    paths: BTreeSet<String>,
    /// enum name → (variants, how many times entered, variants visited)
    enums: BTreeMap<&'static str, (usize, usize, BTreeSet<usize>)>,
    /// flattening struct (its `expecting`) → the keys learnt so far
    flatten_keys: BTreeMap<String, Vec<String>>,
    /// Entries fed to every flattening struct, with their values.
    samples: Vec<(String, serde_json::Value)>,
    /// `expecting` texts of flattening structs met (their inner types are not traced here)
    flattening: BTreeSet<String>,
    /// The top-level variant of the current run.
    top: &'static str,
}

type Shared = Rc<RefCell<State>>;

/// What tracing one event enum found.
pub struct Traced {
    /// Every field path, e.g. `LocationCreated.password_enc`.
    pub paths: BTreeSet<String>,
    /// The serde descriptions of `#[serde(flatten)]` structs met: their inner types' own
    /// field names are learnt only up to the first value that needs a real sample, so the
    /// caller traces those types too.
    pub flattening: BTreeSet<String>,
    /// Top-level variants no run could get through, with the last error.
    pub failed: BTreeMap<String, String>,
}

/// Traces the event enum `T` until every variant of every enum met has been visited.
pub fn trace<T: DeserializeOwned>() -> Traced {
    trace_with::<T>(&[])
}

/// [`trace`], feeding flattening structs the entries of `flattened` (JSON objects).
pub fn trace_with<T: DeserializeOwned>(flattened: &[serde_json::Value]) -> Traced {
    let st: Shared = Rc::default();
    st.borrow_mut().samples = flattened
        .iter()
        .filter_map(|v| v.as_object())
        .flat_map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    let mut passed = BTreeSet::new();
    let mut failed = BTreeMap::new();
    // Stop once many runs in a row found nothing new (every variant rotates through).
    let mut quiet = 0;
    let progress = |s: &State| {
        s.paths.len()
            + s.flatten_keys.values().map(Vec::len).sum::<usize>()
            + s.enums.values().map(|e| e.2.len()).sum::<usize>()
    };
    for _ in 0..20_000 {
        let before = progress(&st.borrow());
        let result = T::deserialize(De {
            st: st.clone(),
            path: String::new(),
            depth: 0,
        });
        let top = st.borrow().top.to_string();
        match result {
            Ok(_) => {
                passed.insert(top);
            }
            Err(e) => {
                failed.insert(top, e.to_string());
            }
        }
        quiet = if progress(&st.borrow()) == before {
            quiet + 1
        } else {
            0
        };
        if quiet > 500 {
            break;
        }
    }
    failed.retain(|variant, _| !passed.contains(variant));
    let s = st.borrow();
    Traced {
        paths: s.paths.clone(),
        flattening: s.flattening.clone(),
        failed,
    }
}

struct De {
    st: Shared,
    path: String,
    depth: usize,
}

impl De {
    fn child(&self, segment: &str) -> De {
        let path = if self.path.is_empty() {
            segment.to_string()
        } else {
            format!("{}.{segment}", self.path)
        };
        self.st.borrow_mut().paths.insert(path.clone());
        De {
            st: self.st.clone(),
            path,
            depth: self.depth + 1,
        }
    }
}

/// What a visitor says it expects, to pick a string it will accept.
struct Expecting<'a, V>(&'a V);
impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

fn sample(expecting: &str) -> &'static str {
    let e = expecting.to_ascii_lowercase();
    if e.contains("time") {
        "2026-01-01T00:00:00Z"
    } else if e.contains("date") {
        "2026-01-01"
    } else if e.contains("uuid") {
        "00000000-0000-0000-0000-000000000000"
    } else if e.contains("decimal") || e.contains("number") {
        "1"
    } else {
        "x"
    }
}

fn missing_field(e: &Error) -> Option<String> {
    let text = e.to_string();
    let rest = text.strip_prefix("missing field `")?;
    Some(rest.trim_end_matches('`').to_string())
}

impl<'de> de::Deserializer<'de> for De {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let s = sample(&Expecting(&v).to_string());
        v.visit_str(s)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_any(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str("x")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bool(false)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(1)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(1)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(1)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(1)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(1)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(1)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(1)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(1)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(1.0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(1.0)
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_char('x')
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bytes(b"x")
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bytes(b"x")
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let child = self.child("[]");
        v.visit_seq(Seq {
            de: Some(child),
            left: 1,
        })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Error> {
        v.visit_seq(Seq {
            de: Some(self),
            left: len,
        })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_seq(Seq {
            de: Some(self),
            left: len,
        })
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let expecting = Expecting(&v).to_string();
        if expecting.starts_with("struct ") {
            // A struct with a `#[serde(flatten)]` field.
            self.st.borrow_mut().flattening.insert(expecting);
            return self.visit_struct(&[], v);
        }
        let child = self.child("*");
        v.visit_map(Fields {
            de: child,
            keys: vec![("k".into(), None)].into_iter(),
            own: false,
            next: None,
        })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.visit_struct(fields, v)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        if self.depth > 24 {
            return Err(de::Error::custom("too deep"));
        }
        let index = {
            let mut s = self.st.borrow_mut();
            let entry = s
                .enums
                .entry(name)
                .or_insert((variants.len(), 0, BTreeSet::new()));
            let index = entry.1 % variants.len().max(1);
            entry.1 += 1;
            entry.2.insert(index);
            if self.depth == 0 {
                s.top = variants.get(index).copied().unwrap_or("");
            }
            index
        };
        v.visit_enum(Variant {
            de: self,
            index,
            name: variants.get(index).copied().unwrap_or(""),
        })
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

impl De {
    /// Gives a struct visitor its fields, plus the keys learnt from its "missing field"
    /// errors (a flattening struct does not list its fields to the deserializer).
    fn visit_struct<'de, V: Visitor<'de>>(self, fields: &[&str], v: V) -> Result<V::Value, Error> {
        let expecting = Expecting(&v).to_string();
        let flattening = self.st.borrow().flattening.contains(&expecting);
        let mut keys: Vec<(String, Option<serde_json::Value>)> =
            fields.iter().map(|f| (f.to_string(), None)).collect();
        let learnt = self
            .st
            .borrow()
            .flatten_keys
            .get(&expecting)
            .cloned()
            .unwrap_or_default();
        let samples = if flattening {
            self.st.borrow().samples.clone()
        } else {
            Vec::new()
        };
        for k in learnt {
            if !keys.iter().any(|(f, _)| *f == k) && !samples.iter().any(|(f, _)| *f == k) {
                keys.push((k, None));
            }
        }
        keys.extend(samples.into_iter().map(|(k, v)| (k, Some(v))));
        for (k, _) in &keys {
            self.child(k);
        }
        let st = self.st.clone();
        let result = v.visit_map(Fields {
            de: self,
            keys: keys.into_iter(),
            own: true,
            next: None,
        });
        if let Err(Some(field)) = result.as_ref().map_err(missing_field) {
            let mut s = st.borrow_mut();
            let known = s.flatten_keys.entry(expecting).or_default();
            if !known.contains(&field) {
                known.push(field);
            }
        }
        result
    }

    fn clone_path(&self) -> De {
        De {
            st: self.st.clone(),
            path: self.path.clone(),
            depth: self.depth + 1,
        }
    }
}

struct Seq {
    de: Option<De>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Seq {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let de = self
            .de
            .as_ref()
            .map(De::clone_path)
            .ok_or_else(|| de::Error::custom("no element"))?;
        seed.deserialize(de).map(Some)
    }
}

struct Fields {
    de: De,
    /// Keys, each with a sample value when it belongs to a flattened part.
    keys: std::vec::IntoIter<(String, Option<serde_json::Value>)>,
    /// Struct fields (paths get the key) rather than map entries (the path already has `*`).
    own: bool,
    next: Option<(String, Option<serde_json::Value>)>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, sample)) = self.keys.next() else {
            return Ok(None);
        };
        let value = seed.deserialize(StrDeserializer::<Error>::new(&key))?;
        self.next = Some((key, sample));
        Ok(Some(value))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (key, sample) = self.next.take().unwrap_or_default();
        if let Some(sample) = sample {
            return seed.deserialize(sample).map_err(de::Error::custom);
        }
        let de = if self.own {
            self.de.child(&key)
        } else {
            self.de.clone_path()
        };
        seed.deserialize(de)
    }
}

struct Variant {
    de: De,
    index: usize,
    name: &'static str,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let index = u32::try_from(self.index).map_err(de::Error::custom)?;
        let de: U32Deserializer<Error> = index.into_deserializer();
        Ok((seed.deserialize(de)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.de.child(self.name))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Error> {
        v.visit_seq(Seq {
            de: Some(self.de.child(self.name)),
            left: len,
        })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.de.child(self.name).visit_struct(fields, v)
    }
}
