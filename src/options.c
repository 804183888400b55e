/*
 * Option parsing. Each option has one small reader; unknown keys are errors.
 */
#include "options.h"
#include "php_vtws.h"
#include "zend_exceptions.h"

#define VTWS_MAX_RETRIES 10

static zend_result read_seconds(zval *value, const char *name, double *out)
{
	if (Z_TYPE_P(value) != IS_LONG && Z_TYPE_P(value) != IS_DOUBLE) {
		zend_type_error("Option \"%s\" must be of type int|float, %s given", name,
			zend_zval_type_name(value));
		return FAILURE;
	}
	double seconds = zval_get_double(value);
	if (!(seconds >= 0) || seconds > 86400.0 * 365) {
		zend_value_error("Option \"%s\" must be a number of seconds >= 0", name);
		return FAILURE;
	}
	*out = seconds;
	return SUCCESS;
}

zend_result vtws_option_bool(zval *value, const char *name, bool *out)
{
	if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
		zend_type_error("Option \"%s\" must be of type bool, %s given", name,
			zend_zval_type_name(value));
		return FAILURE;
	}
	*out = Z_TYPE_P(value) == IS_TRUE;
	return SUCCESS;
}

zend_result vtws_option_string(zval *value, const char *name, bool nullable, zend_string **out)
{
	if (nullable && Z_TYPE_P(value) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(value) != IS_STRING) {
		zend_type_error("Option \"%s\" must be of type %s, %s given", name,
			nullable ? "?string" : "string", zend_zval_type_name(value));
		return FAILURE;
	}
	if (memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value))) {
		zend_value_error("Option \"%s\" must not contain NUL bytes", name);
		return FAILURE;
	}
	if (*out) {
		zend_string_release(*out);
	}
	*out = zend_string_copy(Z_STR_P(value));
	return SUCCESS;
}

static zend_result read_count(zval *value, const char *name, zend_long max, zend_long *out)
{
	if (Z_TYPE_P(value) != IS_LONG) {
		zend_type_error("Option \"%s\" must be of type int, %s given", name,
			zend_zval_type_name(value));
		return FAILURE;
	}
	if (Z_LVAL_P(value) < 0 || Z_LVAL_P(value) > max) {
		zend_value_error("Option \"%s\" must be between 0 and " ZEND_LONG_FMT, name, max);
		return FAILURE;
	}
	*out = Z_LVAL_P(value);
	return SUCCESS;
}

zend_result vtws_option_readable_file(const char *name, const zend_string *path)
{
	if (VCWD_ACCESS(ZSTR_VAL(path), R_OK) != 0) {
		zend_value_error("Option \"%s\" names a file that cannot be read: %s", name,
			ZSTR_VAL(path));
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result read_ca_file(zval *value, zend_string **out)
{
	if (vtws_option_string(value, "ca_file", true, out) == FAILURE) {
		return FAILURE;
	}
	return *out ? vtws_option_readable_file("ca_file", *out) : SUCCESS;
}

static zend_result read_option(vtws_client_options *o, const zend_string *key, zval *value)
{
	const char *k = ZSTR_VAL(key);

	ZVAL_DEREF(value);
	if (zend_string_equals_literal(key, "timeout")) {
		return read_seconds(value, k, &o->http.timeout);
	} else if (zend_string_equals_literal(key, "connect_timeout")) {
		return read_seconds(value, k, &o->http.connect_timeout);
	} else if (zend_string_equals_literal(key, "verify_peer")) {
		return vtws_option_bool(value, k, &o->http.verify_peer);
	} else if (zend_string_equals_literal(key, "ca_file")) {
		return read_ca_file(value, &o->http.ca_file);
	} else if (zend_string_equals_literal(key, "user_agent")) {
		return vtws_option_string(value, k, false, &o->http.user_agent);
	} else if (zend_string_equals_literal(key, "proxy")) {
		return vtws_option_string(value, k, true, &o->http.proxy);
	} else if (zend_string_equals_literal(key, "retries")) {
		return read_count(value, k, VTWS_MAX_RETRIES, &o->http.retries);
	} else if (zend_string_equals_literal(key, "max_response_size")) {
		return read_count(value, k, ZEND_LONG_MAX, &o->http.max_response_size);
	} else if (zend_string_equals_literal(key, "auto_relogin")) {
		return vtws_option_bool(value, k, &o->auto_relogin);
	} else if (zend_string_equals_literal(key, "preserve_description")) {
		return vtws_option_bool(value, k, &o->preserve_description);
	} else if (zend_string_equals_literal(key, "typed")) {
		return vtws_option_bool(value, k, &o->typed);
	}
	zend_value_error("Unknown option \"%s\"; known options: timeout, connect_timeout, verify_peer, "
					 "ca_file, user_agent, proxy, retries, max_response_size, auto_relogin, "
					 "preserve_description, typed",
		k);
	return FAILURE;
}

static void apply_ini_defaults(vtws_client_options *o)
{
	vtws_http_options_init(&o->http);
	/* A negative INI value means "no limit", like 0, rather than a bogus deadline. */
	o->http.timeout = MAX(VTWS_G(default_timeout), 0);
	o->http.connect_timeout = MAX(VTWS_G(default_connect_timeout), 0);
	o->http.user_agent = zend_string_init(VTWS_G(user_agent) ? VTWS_G(user_agent) : "",
		VTWS_G(user_agent) ? strlen(VTWS_G(user_agent)) : 0, 0);
	if (VTWS_G(ca_file) && VTWS_G(ca_file)[0]) {
		o->http.ca_file = zend_string_init(VTWS_G(ca_file), strlen(VTWS_G(ca_file)), 0);
	}
	o->auto_relogin = true;
	o->preserve_description = true;
	o->typed = false;
}

/* Options that configure the HTTP exchange or the session: meaningless in-process. */
static bool is_http_only(const zend_string *key)
{
	static const char *const names[] = {"timeout", "connect_timeout", "verify_peer", "ca_file",
		"user_agent", "proxy", "retries", "max_response_size", "auto_relogin"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (zend_string_equals_cstr(key, names[i], strlen(names[i]))) {
			return true;
		}
	}
	return false;
}

static bool is_in_process(const zend_string *key)
{
	return zend_string_equals_literal(key, "preserve_description") ||
		zend_string_equals_literal(key, "typed");
}

static zend_result read_in_process_option(vtws_client_options *o, zend_string *key, zval *value)
{
	if (is_in_process(key)) {
		return read_option(o, key, value);
	}
	if (is_http_only(key)) {
		zend_value_error("Option \"%s\" applies to HTTP clients only; Client::inProcess() "
						 "accepts preserve_description, typed",
			ZSTR_VAL(key));
	} else {
		zend_value_error(
			"Unknown option \"%s\"; Client::inProcess() accepts preserve_description, typed",
			ZSTR_VAL(key));
	}
	return FAILURE;
}

zend_result vtws_client_options_parse_in_process(vtws_client_options *out, HashTable *options)
{
	zend_string *key;
	zval *value;

	apply_ini_defaults(out);
	/* There is nothing to log in again with. */
	out->auto_relogin = false;
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (!key) {
			zend_value_error("Options must be given by name, e.g. ['typed' => true]");
			vtws_http_options_dtor(&out->http);
			return FAILURE;
		}
		if (read_in_process_option(out, key, value) == FAILURE) {
			vtws_http_options_dtor(&out->http);
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

zend_result vtws_client_options_parse(vtws_client_options *out, HashTable *options)
{
	zend_string *key;
	zval *value;

	apply_ini_defaults(out);
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (!key) {
			zend_value_error("Options must be given by name, e.g. ['timeout' => 5]");
			vtws_http_options_dtor(&out->http);
			return FAILURE;
		}
		if (read_option(out, key, value) == FAILURE) {
			vtws_http_options_dtor(&out->http);
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}
