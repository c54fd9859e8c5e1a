"""Schemathesis hooks for Orrery's fuzz tests (tests/api/fuzz/mod.rs loads them through
SCHEMATHESIS_HOOKS): a strategy for the `NaiveDate` scalar and the check the run applies."""

import json

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# `NaiveDate` is a `%Y-%m-%d` date: mostly valid ones, some arbitrary text to probe parsing.
schemathesis.graphql.scalar(
    "NaiveDate",
    st.one_of(
        st.dates().map(lambda d: nodes.String(d.isoformat())),
        st.text(max_size=20).map(nodes.String),
    ),
)


@schemathesis.check
def orrery_no_internal_error(ctx, response, case):
    """Fails on a 5xx, a body that is not JSON, or an error coded INTERNAL or not coded.

    Orrery answers the caller's mistakes with errors that carry a stable `extensions.code`
    (VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN, ...): to fuzzed input those are the expected
    answers, so schemathesis's own `not_a_server_error`, which counts every resolver error as
    a server error, does not apply. Only the server's own failures are findings here.
    """
    if response.status_code >= 500:
        raise AssertionError(f"status {response.status_code}: {response.text[:500]}")
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"status {response.status_code}, body is not JSON: {exc}")
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code is None or code == "INTERNAL":
            raise AssertionError(f"error with code {code!r}: {json.dumps(error)[:500]}")
