/*
 * mcp_schema.c — holds a tool's arguments to its input schema before
 * anything runs: the part of JSON Schema the schemas in mcp_tools.c use,
 * no more, so every argument a tool reads has the type it expects.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mcp.h"

static const char *
type_of(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static bool
is_type(json_t *v, const char *type)
{
	if (strcmp(type, "object") == 0)
		return json_is_object(v);
	if (strcmp(type, "array") == 0)
		return json_is_array(v);
	if (strcmp(type, "string") == 0)
		return json_is_string(v);
	if (strcmp(type, "boolean") == 0)
		return json_is_boolean(v);
	if (strcmp(type, "null") == 0)
		return json_is_null(v);
	if (strcmp(type, "number") == 0)
		return json_is_number(v);
	/* 3.0 is an integer to JSON Schema, as it is to a JSON reader. */
	if (strcmp(type, "integer") == 0)
		return json_is_integer(v) || (json_is_real(v) &&
		    floor(json_real_value(v)) == json_real_value(v));
	return false;
}

static bool
fail(struct mcp_bad_args *bad, const char *path, const char *what)
{
	snprintf(bad->message, sizeof(bad->message), "%s %s", path, what);
	return false;
}

static bool
check_type(json_t *schema, json_t *v, const char *path,
    struct mcp_bad_args *bad)
{
	json_t *t = json_object_get(schema, "type"), *x;
	char what[200];
	size_t i, n = 0;

	if (t == NULL)
		return true;
	if (json_is_string(t)) {
		if (is_type(v, json_string_value(t)))
			return true;
		snprintf(what, sizeof(what), "must be %s%s, not %s",
		    strchr("aeiou", json_string_value(t)[0]) ? "an " : "a ",
		    json_string_value(t), type_of(v));
		return fail(bad, path, what);
	}
	json_array_foreach(t, i, x)
		if (is_type(v, json_string_value(x)))
			return true;
	n = (size_t)snprintf(what, sizeof(what), "must be ");
	json_array_foreach(t, i, x)
		n += (size_t)snprintf(what + n, n < sizeof(what) ?
		    sizeof(what) - n : 0, "%s%s", i == 0 ? "" :
		    i + 1 == json_array_size(t) ? " or " : ", ",
		    json_string_value(x));
	if (n < sizeof(what))
		snprintf(what + n, sizeof(what) - n, ", not %s", type_of(v));
	return fail(bad, path, what);
}

static bool
check_bounds(json_t *schema, json_t *v, const char *path,
    struct mcp_bad_args *bad)
{
	json_t *min = json_object_get(schema, "minimum");
	json_t *max = json_object_get(schema, "maximum");
	json_t *minlen = json_object_get(schema, "minLength");
	char what[100];

	if (json_is_number(v) && min && json_number_value(v) <
	    json_number_value(min)) {
		snprintf(what, sizeof(what), "must be at least %g",
		    json_number_value(min));
		return fail(bad, path, what);
	}
	if (json_is_number(v) && max && json_number_value(v) >
	    json_number_value(max)) {
		snprintf(what, sizeof(what), "must be at most %g",
		    json_number_value(max));
		return fail(bad, path, what);
	}
	if (json_is_string(v) && minlen && json_string_length(v) <
	    (size_t)json_integer_value(minlen))
		return fail(bad, path, "must not be empty");
	return true;
}

static bool
check_object(json_t *schema, json_t *v, const char *path,
    struct mcp_bad_args *bad)
{
	json_t *props = json_object_get(schema, "properties");
	json_t *extra = json_object_get(schema, "additionalProperties");
	json_t *req = json_object_get(schema, "required"), *x, *sub;
	const char *key;
	char inner[300];
	size_t i;

	json_array_foreach(req, i, x)
		if (json_object_get(v, json_string_value(x)) == NULL) {
			snprintf(inner, sizeof(inner), "'%s' is missing",
			    json_string_value(x));
			return fail(bad, path, inner);
		}
	json_object_foreach(v, key, x) {
		snprintf(inner, sizeof(inner), "%s.%.100s", path, key);
		sub = json_object_get(props, key);
		if (sub == NULL && json_is_false(extra)) {
			snprintf(inner, sizeof(inner), "has no argument "
			    "'%.100s'", key);
			return fail(bad, path, inner);
		}
		if (sub == NULL && json_is_object(extra))
			sub = extra;
		if (sub && !mcp_schema_check(sub, x, inner, bad))
			return false;
	}
	return true;
}

bool
mcp_schema_check(json_t *schema, json_t *value, const char *path,
    struct mcp_bad_args *bad)
{
	json_t *items = json_object_get(schema, "items"), *x;
	char inner[300];
	size_t i;

	if (!check_type(schema, value, path, bad) ||
	    !check_bounds(schema, value, path, bad))
		return false;
	if (json_is_object(value))
		return check_object(schema, value, path, bad);
	if (json_is_array(value) && items)
		json_array_foreach(value, i, x) {
			snprintf(inner, sizeof(inner), "%s[%zu]", path, i);
			if (!mcp_schema_check(items, x, inner, bad))
				return false;
		}
	return true;
}
