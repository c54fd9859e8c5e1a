//! Unit tests of the renderers.
