"""Schemathesis hooks for scripts/fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

Two media types of the document are JSON under another name, which schemathesis does not know:
- the v2 queue PATCH body, `application/openstack-messaging-v2.0-json-patch`, is sent as JSON
  text (without this the operation cannot be generated at all);
- the JSON-Home documents (`application/json-home`) are read as JSON, so their schema is
  checked like any other response's.
"""

import json

import schemathesis

schemathesis.serializer.alias("application/openstack-messaging-v2.0-json-patch", "application/json")


@schemathesis.deserializer("application/json-home")
def json_home(ctx, response):
    return json.loads(response.content)
