/*
 * Vtws\Client: construction, the request cycle, session handling (login, re-login,
 * logout, extendsession) and the curated debug view.
 */
#include "client.h"
#include "client_typed.h"
#include "auth.h"
#include "decode.h"
#include "encode.h"
#include "errors.h"
#include "options.h"
#include "transport_local.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/random/php_random.h"

zend_class_entry *vtws_ce_client;
static zend_object_handlers client_handlers;

/* How many times login asks for a fresh challenge. Vtiger keeps one token per user, so a
 * concurrent login by the same user can invalidate ours between the two steps; with a
 * handful of processes starting at once (workers after a deploy) a few rounds are needed
 * before each has had a quiet moment. */
#define VTWS_LOGIN_ATTEMPTS 6

static void release_str(zend_string **s)
{
	if (*s) {
		zend_string_release(*s);
		*s = NULL;
	}
}

static void forget_session(vtws_client *client)
{
	release_str(&client->session_name);
	release_str(&client->user_id);
	release_str(&client->vtiger_version);
	release_str(&client->api_version);
}

static void forget_credentials(vtws_client *client)
{
	release_str(&client->username);
	if (client->access_key) {
		/* Wipe the secret before the memory is reused. */
		if (!ZSTR_IS_INTERNED(client->access_key) && GC_REFCOUNT(client->access_key) == 1) {
			ZEND_SECURE_ZERO(ZSTR_VAL(client->access_key), ZSTR_LEN(client->access_key));
		}
		release_str(&client->access_key);
	}
}

static zend_object *client_create(zend_class_entry *ce)
{
	vtws_client *client = zend_object_alloc(sizeof(vtws_client), ce);

	zend_object_std_init(&client->std, ce);
	object_properties_init(&client->std, ce);
	client->std.handlers = &client_handlers;
	vtws_session_pool_init(&client->pool);
	return &client->std;
}

static void client_free(zend_object *obj)
{
	vtws_client *client = vtws_client_from_obj(obj);

	/* Extra sessions were opened by the client itself: nobody else can log them out. */
	vtws_session_pool_release(client);
	vtws_http_dtor(&client->http);
	vtws_local_free(client->local);
	release_str(&client->endpoint);
	forget_session(client);
	forget_credentials(client);
	if (client->describe_cache) {
		zend_array_destroy(client->describe_cache);
		client->describe_cache = NULL;
	}
	vtws_client_typed_forget(client);
	zend_object_std_dtor(obj);
}

static HashTable *client_get_gc(zend_object *obj, zval **table, int *n)
{
	vtws_client *client = vtws_client_from_obj(obj);

	*table = NULL;
	*n = 0;
	return client->describe_cache;
}

static void add_optional_str(zval *arr, const char *key, const zend_string *value)
{
	if (value) {
		add_assoc_str(arr, key, zend_string_copy((zend_string *) value));
	} else {
		add_assoc_null(arr, key);
	}
}

static void add_masked(zval *arr, const char *key, const zend_string *secret)
{
	if (secret) {
		add_assoc_string(arr, key, "***");
	} else {
		add_assoc_null(arr, key);
	}
}

/* var_dump/print_r show this view: what is useful to debug, never a secret. */
static HashTable *client_get_debug_info(zend_object *obj, int *is_temp)
{
	vtws_client *client = vtws_client_from_obj(obj);
	zval info;

	array_init(&info);
	add_optional_str(&info, "url", client->endpoint);
	add_assoc_bool(&info, "loggedIn", client->session_name != NULL);
	add_optional_str(&info, "username", client->username);
	add_optional_str(&info, "userId", client->user_id);
	add_optional_str(&info, "vtigerVersion", client->vtiger_version);
	add_masked(&info, "sessionName", client->session_name);
	add_masked(&info, "accessKey", client->access_key);
	add_assoc_double(&info, "timeout", client->http.options.timeout);
	add_assoc_double(&info, "connect_timeout", client->http.options.connect_timeout);
	add_assoc_bool(&info, "verify_peer", client->http.options.verify_peer);
	add_assoc_long(&info, "retries", client->http.options.retries);
	add_assoc_bool(&info, "auto_relogin", client->auto_relogin);
	add_assoc_bool(&info, "preserve_description", client->preserve_description);
	add_assoc_bool(&info, "typed", client->typed);
	*is_temp = 1;
	return Z_ARRVAL(info);
}

void vtws_client_setup_class(zend_class_entry *ce)
{
	ce->create_object = client_create;
	memcpy(&client_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	client_handlers.offset = XtOffsetOf(vtws_client, std);
	client_handlers.free_obj = client_free;
	client_handlers.get_gc = client_get_gc;
	client_handlers.get_debug_info = client_get_debug_info;
	client_handlers.clone_obj = NULL; /* a clone would copy the session and access key */
	client_handlers.compare = zend_objects_not_comparable;
}

vtws_client *vtws_client_this(zval *this_zv)
{
	vtws_client *client = Z_VTWS_CLIENT_P(this_zv);

	if (!client->constructed) {
		zend_throw_error(NULL, "Vtws\\Client has not been constructed");
		return NULL;
	}
	return client;
}

/* ---- the request cycle ---- */

zend_string *vtws_client_payload(const char *operation, HashTable *params,
	const zend_string *session)
{
	smart_str form = {0};

	vtws_form_add(&form, "operation", operation, strlen(operation));
	if (session) {
		vtws_form_add(&form, "sessionName", ZSTR_VAL(session), ZSTR_LEN(session));
	}
	if (params) {
		zend_string *name;
		zval *value;
		ZEND_HASH_FOREACH_STR_KEY_VAL(params, name, value) {
			if (!name) {
				zend_value_error("%s: parameters must be given by name", operation);
				smart_str_free(&form);
				return NULL;
			}
			if (vtws_form_add_value(&form, ZSTR_VAL(name), value) == FAILURE) {
				smart_str_free(&form);
				return NULL;
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	smart_str_0(&form);
	return form.s;
}

bool vtws_client_is_session_error(const vtws_api_error *error)
{
	if (Z_TYPE(error->code) != IS_STRING) {
		return false;
	}
	return zend_string_equals_literal(Z_STR(error->code), "INVALID_SESSIONID") ||
		zend_string_equals_literal(Z_STR(error->code), "SESSION_EXPIRED") ||
		zend_string_equals_literal(Z_STR(error->code), "SESSION_LEFT_IDLE");
}

/* Operations that never carry or renew a session. */
static bool is_session_free(const char *operation)
{
	return strcmp(operation, "getchallenge") == 0 || strcmp(operation, "login") == 0;
}

bool vtws_client_may_relogin(const vtws_client *client, const char *operation)
{
	return client->auto_relogin && client->username && client->access_key &&
		!is_session_free(operation) && strcmp(operation, "logout") != 0 &&
		strcmp(operation, "extendsession") != 0;
}

vtws_envelope_status vtws_client_read_answer(const char *operation,
	const vtws_http_response *response, const zend_string *secret, zval *result,
	vtws_api_error *error)
{
	vtws_error_context ctx = {
		.operation = operation,
		.http_status = response->status,
		.body = response->body.s ? ZSTR_VAL(response->body.s) : "",
		.body_len = response->body.s ? ZSTR_LEN(response->body.s) : 0,
		.secret = secret,
	};
	ZVAL_NULL(result);
	if (response->status != 200) {
		vtws_throw_transport_error(&ctx, "%s: the server answered HTTP %ld", operation,
			response->status);
		return VTWS_ENVELOPE_INVALID;
	}
	return vtws_unwrap_envelope(&ctx, result, error);
}

/* One exchange. Returns the envelope status; api errors are left to the caller. */
static vtws_envelope_status exchange(vtws_client *client, const char *operation,
	vtws_http_method method, HashTable *params, zval *result, vtws_api_error *error)
{
	if (client->local) {
		return vtws_local_exchange(client->local, operation, method, params, result, error);
	}
	zend_string *payload = vtws_client_payload(operation, params,
		is_session_free(operation) ? NULL : client->session_name);
	vtws_http_response response;

	ZVAL_NULL(result);
	if (!payload) {
		return VTWS_ENVELOPE_INVALID;
	}
	vtws_http_request request = {
		.method = method,
		.url = ZSTR_VAL(client->endpoint),
		.payload = payload,
		.operation = operation,
		.secret = client->session_name,
	};
	if (vtws_http_perform(&client->http, &request, &response) == FAILURE) {
		zend_string_release(payload);
		return VTWS_ENVELOPE_INVALID;
	}
	zend_string_release(payload);
	vtws_envelope_status status = vtws_client_read_answer(operation, &response,
		client->session_name, result, error);
	vtws_http_response_dtor(&response);
	return status;
}

zend_result vtws_client_call(vtws_client *client, const char *operation, vtws_http_method method,
	HashTable *params, zval *result)
{
	vtws_api_error error;
	bool relogged = false;

	for (;;) {
		vtws_envelope_status status = exchange(client, operation, method, params, result, &error);
		if (status == VTWS_ENVELOPE_SUCCESS) {
			return SUCCESS;
		}
		if (status == VTWS_ENVELOPE_INVALID) {
			return FAILURE;
		}
		if (!relogged && vtws_client_is_session_error(&error) &&
			vtws_client_may_relogin(client, operation)) {
			vtws_api_error_dtor(&error);
			relogged = true;
			if (vtws_client_relogin(client) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		vtws_throw_api_error(operation, &error.code, error.message);
		vtws_api_error_dtor(&error);
		return FAILURE;
	}
}

/* ---- login ---- */

static zend_result fetch_challenge(vtws_client *client, const zend_string *username,
	zend_string **token)
{
	zval params, result;

	array_init(&params);
	add_assoc_str(&params, "username", zend_string_copy((zend_string *) username));
	zend_result rc = vtws_client_call(client, "getchallenge", VTWS_GET, Z_ARRVAL(params), &result);
	zval_ptr_dtor(&params);
	if (rc == FAILURE) {
		return FAILURE;
	}
	zval *value = Z_TYPE(result) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL(result), "token", 5)
											 : NULL;
	if (!value || Z_TYPE_P(value) != IS_STRING || Z_STRLEN_P(value) == 0) {
		vtws_error_context ctx = {.operation = "getchallenge"};
		vtws_throw_protocol_error(&ctx, -1, "getchallenge: the answer has no token");
		zval_ptr_dtor(&result);
		return FAILURE;
	}
	*token = zend_string_copy(Z_STR_P(value));
	zval_ptr_dtor(&result);
	return SUCCESS;
}

static zend_string *result_string(zval *result, const char *key)
{
	zval *value = zend_hash_str_find(Z_ARRVAL_P(result), key, strlen(key));
	if (!value || Z_TYPE_P(value) != IS_STRING) {
		return NULL;
	}
	return zend_string_copy(Z_STR_P(value));
}

static zend_result adopt_session(vtws_client *client, zval *result, const char *operation)
{
	zend_string *session = Z_TYPE_P(result) == IS_ARRAY ? result_string(result, "sessionName")
														: NULL;

	if (!session || ZSTR_LEN(session) == 0) {
		vtws_error_context ctx = {.operation = operation};
		vtws_throw_protocol_error(&ctx, -1, "%s: the answer has no sessionName", operation);
		if (session) {
			zend_string_release(session);
		}
		return FAILURE;
	}
	forget_session(client);
	client->session_name = session;
	client->user_id = result_string(result, "userId");
	client->api_version = result_string(result, "version");
	client->vtiger_version = result_string(result, "vtigerVersion");
	return SUCCESS;
}

/* A failed login worth repeating with a fresh challenge: another process took the token. */
static bool is_token_race(void)
{
	zend_object *ex = EG(exception);
	if (!ex || !instanceof_function(ex->ce, vtws_ce_api_exception)) {
		return false;
	}
	zval rv;
	zval *code = zend_read_property(ex->ce, ex, "vtigerCode", sizeof("vtigerCode") - 1, true, &rv);
	return Z_TYPE_P(code) == IS_STRING &&
		(zend_string_equals_literal(Z_STR_P(code), "INVALID_AUTH_TOKEN") ||
			zend_string_equals_literal(Z_STR_P(code), "INVALID_USER_CREDENTIALS"));
}

static void login_params(const zend_string *username, const zend_string *key,
	const zend_string *token, zval *params)
{
	char digest[VTWS_DIGEST_HEX_LEN + 1];

	vtws_auth_digest(token, key, digest);
	array_init(params);
	add_assoc_str(params, "username", zend_string_copy((zend_string *) username));
	add_assoc_stringl(params, "accessKey", digest, VTWS_DIGEST_HEX_LEN);
	ZEND_SECURE_ZERO(digest, sizeof(digest));
}

static zend_result login_once(vtws_client *client, zend_string *username, zend_string *key,
	zval *result)
{
	zend_string *token = NULL;
	zval params;

	ZVAL_NULL(result);
	if (fetch_challenge(client, username, &token) == FAILURE) {
		return FAILURE;
	}
	login_params(username, key, token, &params);
	zend_string_release(token);
	zend_result rc = vtws_client_call(client, "login", VTWS_POST, Z_ARRVAL(params), result);
	zval_ptr_dtor(&params);
	if (rc == FAILURE) {
		return FAILURE;
	}
	return adopt_session(client, result, "login");
}

/* Competing processes spread further apart after every collision: a random wait in a window
 * that doubles each time (40 ms, 80 ms, ... 640 ms), so one after another finds the
 * token untouched between its getchallenge and its login. */
static void login_backoff(int attempt)
{
	zend_long window = 40000L << (attempt < 6 ? attempt - 1 : 5);

	usleep((useconds_t) php_mt_rand_range(window / 4, window));
}

static zend_result login_with_retries(vtws_client *client, zend_string *username, zend_string *key,
	zval *result)
{
	for (int attempt = 1;; attempt++) {
		if (login_once(client, username, key, result) == SUCCESS) {
			return SUCCESS;
		}
		if (attempt >= VTWS_LOGIN_ATTEMPTS || !is_token_race()) {
			return FAILURE;
		}
		zend_clear_exception();
		zval_ptr_dtor(result);
		login_backoff(attempt);
	}
}

zend_result vtws_client_relogin(vtws_client *client)
{
	zval result;
	zend_string *username = zend_string_copy(client->username);
	zend_string *key = zend_string_copy(client->access_key);

	zend_result rc = login_with_retries(client, username, key, &result);
	zend_string_release(username);
	zend_string_release(key);
	zval_ptr_dtor(&result);
	return rc;
}

zend_result vtws_client_challenge(vtws_client *client, zend_string **token)
{
	return fetch_challenge(client, client->username, token);
}

void vtws_client_login_params(vtws_client *client, const zend_string *token, zval *params)
{
	login_params(client->username, client->access_key, token, params);
}

zend_string *vtws_client_session_of(const zval *login_result)
{
	zend_string *session = Z_TYPE_P(login_result) == IS_ARRAY
		? result_string((zval *) login_result, "sessionName")
		: NULL;
	if (session && ZSTR_LEN(session) == 0) {
		zend_string_release(session);
		return NULL;
	}
	return session;
}

static zend_result open_session_once(vtws_client *client, zend_string **session)
{
	zend_string *token = NULL;
	zval params, result;

	if (vtws_client_challenge(client, &token) == FAILURE) {
		return FAILURE;
	}
	vtws_client_login_params(client, token, &params);
	zend_string_release(token);
	zend_result rc = vtws_client_call(client, "login", VTWS_POST, Z_ARRVAL(params), &result);
	zval_ptr_dtor(&params);
	if (rc == FAILURE) {
		return FAILURE;
	}
	*session = vtws_client_session_of(&result);
	zval_ptr_dtor(&result);
	if (!*session) {
		vtws_error_context ctx = {.operation = "login"};
		vtws_throw_protocol_error(&ctx, -1, "login: the answer has no sessionName");
		return FAILURE;
	}
	return SUCCESS;
}

zend_result vtws_client_open_session(vtws_client *client, zend_string **session)
{
	*session = NULL;
	if (!client->username || !client->access_key) {
		vtws_error_context ctx = {.operation = "login"};
		vtws_throw_transport_error(&ctx, "login: the client has no credentials to log in with");
		return FAILURE;
	}
	for (int attempt = 1;; attempt++) {
		if (open_session_once(client, session) == SUCCESS) {
			return SUCCESS;
		}
		if (attempt >= VTWS_LOGIN_ATTEMPTS || !is_token_race()) {
			return FAILURE;
		}
		zend_clear_exception();
		usleep((useconds_t) php_mt_rand_range(20000, 120000));
	}
}

/* ---- URL ---- */

static bool has_php_suffix(const char *url, size_t len)
{
	return len >= 4 && strncasecmp(url + len - 4, ".php", 4) == 0;
}

/* libcurl forgives "https:/host" and "http:///path"; the endpoint is built from the text as
 * given, so the text itself must spell scheme://host. */
static bool spells_scheme_and_host(const zend_string *url)
{
	const char *s = ZSTR_VAL(url);
	size_t skip = strncasecmp(s, "http://", 7) == 0 ? 7
		: strncasecmp(s, "https://", 8) == 0		? 8
													: 0;

	return skip > 0 && ZSTR_LEN(url) > skip && s[skip] != '/';
}

static bool parsed_as_http(CURLU *parsed, const zend_string *url)
{
	char *scheme = NULL, *host = NULL;
	bool ok = ZSTR_LEN(url) > 0 && !memchr(ZSTR_VAL(url), '\0', ZSTR_LEN(url)) &&
		spells_scheme_and_host(url) &&
		curl_url_set(parsed, CURLUPART_URL, ZSTR_VAL(url), 0) == CURLUE_OK &&
		curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		(strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
		curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] != '\0';
	curl_free(scheme);
	curl_free(host);
	return ok;
}

static bool has_part(CURLU *parsed, CURLUPart part)
{
	char *value = NULL;
	bool present = curl_url_get(parsed, part, &value, 0) == CURLUE_OK;
	curl_free(value);
	return present;
}

/* Accepts the CRM base URL or the full .../webservice.php URL, with or without trailing
 * slashes; anything after the path would end up in every request, so it is refused. */
static zend_string *endpoint_from_url(const zend_string *url)
{
	CURLU *parsed = curl_url();
	zend_string *endpoint = NULL;

	if (!parsed_as_http(parsed, url)) {
		zend_argument_value_error(1, "must be an http:// or https:// URL of the Vtiger CRM");
	} else if (has_part(parsed, CURLUPART_QUERY) || has_part(parsed, CURLUPART_FRAGMENT)) {
		zend_argument_value_error(1, "must not contain a query string or fragment");
	} else {
		size_t len = ZSTR_LEN(url);
		while (len > 0 && ZSTR_VAL(url)[len - 1] == '/') {
			len--;
		}
		endpoint = has_php_suffix(ZSTR_VAL(url), len)
			? zend_string_init(ZSTR_VAL(url), len, 0)
			: zend_string_concat2(ZSTR_VAL(url), len, "/webservice.php", 15);
	}
	curl_url_cleanup(parsed);
	return endpoint;
}

/* ---- methods ---- */

ZEND_METHOD(Vtws_Client, __construct)
{
	zend_string *url;
	HashTable *options = NULL;
	vtws_client *client = Z_VTWS_CLIENT_P(ZEND_THIS);
	vtws_client_options parsed;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(url)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (client->constructed) {
		zend_throw_error(NULL, "Vtws\\Client is already constructed");
		RETURN_THROWS();
	}
	zend_string *endpoint = endpoint_from_url(url);
	if (!endpoint) {
		RETURN_THROWS();
	}
	if (vtws_client_options_parse(&parsed, options) == FAILURE) {
		zend_string_release(endpoint);
		RETURN_THROWS();
	}
	if (vtws_http_init(&client->http, &parsed.http) == FAILURE) {
		zend_string_release(endpoint);
		RETURN_THROWS();
	}
	client->endpoint = endpoint;
	client->auto_relogin = parsed.auto_relogin;
	client->preserve_description = parsed.preserve_description;
	client->typed = parsed.typed;
	client->constructed = true;
}

ZEND_METHOD(Vtws_Client, login)
{
	zend_string *username, *key;
	vtws_client *client;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(username)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(client = vtws_client_this(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ZSTR_LEN(username) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	/* Extra sessions belong to the previous login. */
	vtws_session_pool_release(client);
	if (login_with_retries(client, username, key, return_value) == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		RETURN_THROWS();
	}
	forget_credentials(client);
	client->username = zend_string_copy(username);
	client->access_key = zend_string_init(ZSTR_VAL(key), ZSTR_LEN(key), 0);
}

ZEND_METHOD(Vtws_Client, useSession)
{
	zend_string *session, *user_id = NULL;
	vtws_client *client;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(session)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(user_id)
	ZEND_PARSE_PARAMETERS_END();

	if (!(client = vtws_client_this(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ZSTR_LEN(session) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	if (client->local) {
		vtws_local_refuse_session("useSession");
		RETURN_THROWS();
	}
	vtws_session_pool_release(client);
	forget_session(client);
	client->session_name = zend_string_copy(session);
	client->user_id = user_id ? zend_string_copy(user_id) : NULL;
}

ZEND_METHOD(Vtws_Client, logout)
{
	vtws_client *client;
	zval result;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(client = vtws_client_this(ZEND_THIS))) {
		RETURN_THROWS();
	}
	vtws_session_pool_release(client);
	if (!client->session_name) {
		return;
	}
	zend_result rc = vtws_client_call(client, "logout", VTWS_POST, NULL, &result);
	zval_ptr_dtor(&result);
	/* After an explicit logout nothing may log in again behind the caller's back. */
	forget_credentials(client);
	forget_session(client);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
}

ZEND_METHOD(Vtws_Client, extendSession)
{
	vtws_client *client;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(client = vtws_client_this(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (vtws_client_call(client, "extendsession", VTWS_POST, NULL, return_value) == FAILURE ||
		adopt_session(client, return_value, "extendsession") == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		RETURN_THROWS();
	}
}

ZEND_METHOD(Vtws_Client, isLoggedIn)
{
	ZEND_PARSE_PARAMETERS_NONE();
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (!client) {
		RETURN_THROWS();
	}
	RETURN_BOOL(client->session_name != NULL || client->local != NULL);
}

#define VTWS_STRING_ACCESSOR(method, field) \
	ZEND_METHOD(Vtws_Client, method) \
	{ \
		ZEND_PARSE_PARAMETERS_NONE(); \
		vtws_client *client = vtws_client_this(ZEND_THIS); \
		if (!client) { \
			RETURN_THROWS(); \
		} \
		if (client->field) { \
			RETURN_STR_COPY(client->field); \
		} \
		RETURN_NULL(); \
	}

VTWS_STRING_ACCESSOR(getSessionName, session_name)
VTWS_STRING_ACCESSOR(getUserId, user_id)
VTWS_STRING_ACCESSOR(getVtigerVersion, vtiger_version)
VTWS_STRING_ACCESSOR(getApiVersion, api_version)

ZEND_METHOD(Vtws_Client, getUrl)
{
	ZEND_PARSE_PARAMETERS_NONE();
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (!client) {
		RETURN_THROWS();
	}
	RETURN_STR_COPY(client->endpoint);
}
