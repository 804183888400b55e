/*
 * Vtws\Synergy\Client: construction and options, the curated debug view, and the
 * ApiDefinition, OpenApi and DatabaseDefinition operations.
 */
#include "synergy.h"
#include "synergy_auth.h"
#include "errors.h"
#include "options.h"
#include "php_vtws.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_attributes.h"
#include "ext/spl/spl_exceptions.h"
#include "ext/standard/url.h"
#include "../stubs/synergy_arginfo.h"

zend_class_entry *vtws_ce_synergy_client;
zend_class_entry *vtws_ce_synergy_records;
zend_class_entry *vtws_ce_synergy_record_iterator;
static zend_object_handlers client_handlers;

#define DEFAULT_AUTH_URL "https://auth.paas.crmstyle.com/oauth2/token"
#define DEFAULT_API_URL "https://db.paas.crmstyle.com"
#define DEFAULT_AUDIENCE "https://db.paas.crmstyle.com"
#define DEFAULT_SCOPES "db:apidefinition:design db:openapi:read db:record:execute db:record:read"
#define DEFAULT_RATE 50.0
#define DEFAULT_BURST 200
#define DEFAULT_RETRIES 3
#define MAX_RETRIES 10
#define LIST_PAGE_LIMIT "100"

#define KNOWN_OPTIONS \
	"auth_url, api_url, audience, scopes, timeout, connect_timeout, rate, burst, retries, " \
	"verify_peer, ca_file, user_agent, proxy, max_response_size"

static void release_str(zend_string **s)
{
	if (*s) {
		zend_string_release(*s);
		*s = NULL;
	}
}

static zend_object *client_create(zend_class_entry *ce)
{
	vtws_synergy_client *client = zend_object_alloc(sizeof(vtws_synergy_client), ce);

	zend_object_std_init(&client->std, ce);
	object_properties_init(&client->std, ce);
	client->std.handlers = &client_handlers;
	return &client->std;
}

static void client_free(zend_object *obj)
{
	vtws_synergy_client *client = vtws_synergy_client_from_obj(obj);

	if (client->constructed) {
		vtws_http_dtor(&client->http);
	}
	release_str(&client->auth_url);
	release_str(&client->api_url);
	release_str(&client->audience);
	release_str(&client->account);
	release_str(&client->client_id);
	if (client->secret) {
		if (GC_REFCOUNT(client->secret) == 1 && !ZSTR_IS_INTERNED(client->secret)) {
			ZEND_SECURE_ZERO(ZSTR_VAL(client->secret), ZSTR_LEN(client->secret));
		}
		release_str(&client->secret);
	}
	release_str(&client->scopes);
	release_str(&client->token_key);
	zend_object_std_dtor(obj);
}

static void add_str_or_null(zval *arr, const char *key, const zend_string *value)
{
	if (value) {
		add_assoc_str(arr, key, zend_string_copy((zend_string *) value));
	} else {
		add_assoc_null(arr, key);
	}
}

/* var_dump/print_r show this view: what helps to debug, never the secret or a token. */
static HashTable *client_get_debug_info(zend_object *obj, int *is_temp)
{
	vtws_synergy_client *client = vtws_synergy_client_from_obj(obj);
	zval info;

	array_init(&info);
	add_str_or_null(&info, "accountCode", client->account);
	add_str_or_null(&info, "clientId", client->client_id);
	if (client->secret) {
		add_assoc_string(&info, "clientSecret", "***");
	} else {
		add_assoc_null(&info, "clientSecret");
	}
	add_str_or_null(&info, "authUrl", client->auth_url);
	add_str_or_null(&info, "apiUrl", client->api_url);
	add_str_or_null(&info, "scopes", client->scopes);
	add_assoc_bool(&info, "tokenCached", client->constructed && vtws_synergy_token_cached(client));
	add_assoc_double(&info, "timeout", client->http.options.timeout);
	add_assoc_double(&info, "rate", client->bucket.rate);
	add_assoc_long(&info, "burst", (zend_long) client->bucket.burst);
	add_assoc_long(&info, "retries", client->retries);
	add_assoc_bool(&info, "verify_peer", client->http.options.verify_peer);
	*is_temp = 1;
	return Z_ARRVAL(info);
}

vtws_synergy_client *vtws_synergy_client_of(zend_object *obj)
{
	vtws_synergy_client *client = vtws_synergy_client_from_obj(obj);

	if (!client->constructed) {
		zend_throw_error(NULL, "Vtws\\Synergy\\Client has not been constructed");
		return NULL;
	}
	return client;
}

void vtws_synergy_minit(void)
{
	vtws_ce_synergy_api_exception = register_class_Vtws_Synergy_ApiException(
		spl_ce_RuntimeException, vtws_ce_exception);
	vtws_ce_synergy_client = register_class_Vtws_Synergy_Client();
	vtws_ce_synergy_client->create_object = client_create;
	memcpy(&client_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	client_handlers.offset = XtOffsetOf(vtws_synergy_client, std);
	client_handlers.free_obj = client_free;
	client_handlers.get_debug_info = client_get_debug_info;
	client_handlers.clone_obj = NULL; /* a clone would copy the secret */
	client_handlers.compare = zend_objects_not_comparable;
	vtws_ce_synergy_records = register_class_Vtws_Synergy_Records();
	vtws_synergy_records_setup_class(vtws_ce_synergy_records);
	vtws_ce_synergy_record_iterator = register_class_Vtws_Synergy_RecordIterator(zend_ce_iterator);
	vtws_synergy_record_iterator_setup_class(vtws_ce_synergy_record_iterator);
}

/* ---- options ---- */

typedef struct {
	vtws_http_options http;
	zend_string *auth_url;
	zend_string *api_url;
	zend_string *audience;
	zend_string *scopes;
	double rate;
	zend_long burst;
	zend_long retries;
} synergy_options;

static void options_dtor(synergy_options *o)
{
	vtws_http_options_dtor(&o->http);
	release_str(&o->auth_url);
	release_str(&o->api_url);
	release_str(&o->audience);
	release_str(&o->scopes);
}

static zend_result option_type_error(const char *name, const char *type, zval *value)
{
	zend_type_error("Option \"%s\" must be of type %s, %s given", name, type,
		zend_zval_type_name(value));
	return FAILURE;
}

static zend_result read_number(zval *value, const char *name, double max, double *out)
{
	if (Z_TYPE_P(value) != IS_LONG && Z_TYPE_P(value) != IS_DOUBLE) {
		return option_type_error(name, "int|float", value);
	}
	double number = zval_get_double(value);
	if (!(number >= 0) || number > max) {
		zend_value_error("Option \"%s\" must be a number between 0 and %.0f", name, max);
		return FAILURE;
	}
	*out = number;
	return SUCCESS;
}

static zend_result read_int(zval *value, const char *name, zend_long min, zend_long max,
	zend_long *out)
{
	if (Z_TYPE_P(value) != IS_LONG) {
		return option_type_error(name, "int", value);
	}
	if (Z_LVAL_P(value) < min || Z_LVAL_P(value) > max) {
		zend_value_error("Option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, name,
			min, max);
		return FAILURE;
	}
	*out = Z_LVAL_P(value);
	return SUCCESS;
}

/* Like vtws_option_string(), except that null clears the option. */
static zend_result read_text(zval *value, const char *name, bool nullable, zend_string **out)
{
	if (nullable && Z_TYPE_P(value) == IS_NULL) {
		release_str(out);
		return SUCCESS;
	}
	return vtws_option_string(value, name, nullable, out);
}

/* http(s)://host..., no query or fragment; trailing slashes dropped. */
static zend_result read_url(zval *value, const char *name, zend_string **out)
{
	if (read_text(value, name, false, out) == FAILURE) {
		return FAILURE;
	}
	const char *s = ZSTR_VAL(*out);
	size_t skip = strncasecmp(s, "http://", 7) == 0 ? 7
		: strncasecmp(s, "https://", 8) == 0		? 8
													: 0;
	if (skip == 0 || ZSTR_LEN(*out) == skip || s[skip] == '/' || strpbrk(s, "?# \t\r\n")) {
		zend_value_error("Option \"%s\" must be an http:// or https:// URL without query string",
			name);
		return FAILURE;
	}
	size_t len = ZSTR_LEN(*out);
	while (len > skip && s[len - 1] == '/') {
		len--;
	}
	if (len != ZSTR_LEN(*out)) {
		zend_string *trimmed = zend_string_init(s, len, 0);
		zend_string_release(*out);
		*out = trimmed;
	}
	return SUCCESS;
}

static bool is_scope_name(const zend_string *scope)
{
	if (ZSTR_LEN(scope) == 0) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(scope); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(scope)[i];
		if (c <= 0x20 || c >= 0x7F) {
			return false;
		}
	}
	return true;
}

/* A list of scope names, sent space-separated. */
static zend_result read_scopes(zval *value, zend_string **out)
{
	smart_str joined = {0};
	zval *scope;

	if (Z_TYPE_P(value) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(value))) {
		return option_type_error("scopes", "list of strings", value);
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), scope) {
		ZVAL_DEREF(scope);
		if (Z_TYPE_P(scope) != IS_STRING || !is_scope_name(Z_STR_P(scope))) {
			smart_str_free(&joined);
			zend_value_error("Option \"scopes\" must hold scope names such as "
							 "\"db:record:read\" (printable, no spaces)");
			return FAILURE;
		}
		if (joined.s) {
			smart_str_appendc(&joined, ' ');
		}
		smart_str_append(&joined, Z_STR_P(scope));
	}
	ZEND_HASH_FOREACH_END();
	if (!joined.s) {
		zend_value_error("Option \"scopes\" must name at least one scope");
		return FAILURE;
	}
	release_str(out);
	*out = smart_str_extract(&joined);
	return SUCCESS;
}

static zend_result read_ca_file(zval *value, zend_string **out)
{
	if (read_text(value, "ca_file", true, out) == FAILURE) {
		return FAILURE;
	}
	return *out ? vtws_option_readable_file("ca_file", *out) : SUCCESS;
}

static zend_result read_option(synergy_options *o, const zend_string *key, zval *value)
{
	const char *k = ZSTR_VAL(key);

	ZVAL_DEREF(value);
	if (zend_string_equals_literal(key, "auth_url")) {
		return read_url(value, k, &o->auth_url);
	} else if (zend_string_equals_literal(key, "api_url")) {
		return read_url(value, k, &o->api_url);
	} else if (zend_string_equals_literal(key, "audience")) {
		return read_text(value, k, false, &o->audience);
	} else if (zend_string_equals_literal(key, "scopes")) {
		return read_scopes(value, &o->scopes);
	} else if (zend_string_equals_literal(key, "timeout")) {
		return read_number(value, k, 86400.0 * 365, &o->http.timeout);
	} else if (zend_string_equals_literal(key, "connect_timeout")) {
		return read_number(value, k, 86400.0 * 365, &o->http.connect_timeout);
	} else if (zend_string_equals_literal(key, "rate")) {
		return read_number(value, k, 1e6, &o->rate);
	} else if (zend_string_equals_literal(key, "burst")) {
		return read_int(value, k, 1, 1000000, &o->burst);
	} else if (zend_string_equals_literal(key, "retries")) {
		return read_int(value, k, 0, MAX_RETRIES, &o->retries);
	} else if (zend_string_equals_literal(key, "verify_peer")) {
		return vtws_option_bool(value, k, &o->http.verify_peer);
	} else if (zend_string_equals_literal(key, "ca_file")) {
		return read_ca_file(value, &o->http.ca_file);
	} else if (zend_string_equals_literal(key, "user_agent")) {
		return read_text(value, k, false, &o->http.user_agent);
	} else if (zend_string_equals_literal(key, "proxy")) {
		return read_text(value, k, true, &o->http.proxy);
	} else if (zend_string_equals_literal(key, "max_response_size")) {
		return read_int(value, k, 0, ZEND_LONG_MAX, &o->http.max_response_size);
	}
	zend_value_error("Unknown option \"%s\"; known options: " KNOWN_OPTIONS, k);
	return FAILURE;
}

static void option_defaults(synergy_options *o)
{
	memset(o, 0, sizeof(*o));
	vtws_http_options_init(&o->http);
	/* The vendor recommends 30 s or more; the INI default is 30. */
	o->http.timeout = MAX(VTWS_G(default_timeout), 0);
	o->http.connect_timeout = MAX(VTWS_G(default_connect_timeout), 0);
	o->http.user_agent = zend_string_init(VTWS_G(user_agent) ? VTWS_G(user_agent) : "",
		VTWS_G(user_agent) ? strlen(VTWS_G(user_agent)) : 0, 0);
	if (VTWS_G(ca_file) && VTWS_G(ca_file)[0]) {
		o->http.ca_file = zend_string_init(VTWS_G(ca_file), strlen(VTWS_G(ca_file)), 0);
	}
	o->auth_url = zend_string_init(DEFAULT_AUTH_URL, sizeof(DEFAULT_AUTH_URL) - 1, 0);
	o->api_url = zend_string_init(DEFAULT_API_URL, sizeof(DEFAULT_API_URL) - 1, 0);
	o->audience = zend_string_init(DEFAULT_AUDIENCE, sizeof(DEFAULT_AUDIENCE) - 1, 0);
	o->scopes = zend_string_init(DEFAULT_SCOPES, sizeof(DEFAULT_SCOPES) - 1, 0);
	o->rate = DEFAULT_RATE;
	o->burst = DEFAULT_BURST;
	o->retries = DEFAULT_RETRIES;
}

static zend_result parse_options(synergy_options *o, HashTable *options)
{
	zend_string *key;
	zval *value;

	option_defaults(o);
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (!key) {
			zend_value_error("Options must be given by name, e.g. ['timeout' => 30]");
			options_dtor(o);
			return FAILURE;
		}
		if (read_option(o, key, value) == FAILURE) {
			options_dtor(o);
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

/* ---- construction ---- */

static bool is_account_code(const zend_string *code)
{
	if (ZSTR_LEN(code) == 0) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(code); i++) {
		if (ZSTR_VAL(code)[i] < 'a' || ZSTR_VAL(code)[i] > 'z') {
			return false;
		}
	}
	return true;
}

static bool check_credentials(const zend_string *account, const zend_string *id,
	const zend_string *secret)
{
	if (!is_account_code(account)) {
		zend_argument_value_error(1, "must match ^[a-z]+$");
		return false;
	}
	if (ZSTR_LEN(id) == 0 || memchr(ZSTR_VAL(id), ':', ZSTR_LEN(id)) ||
		memchr(ZSTR_VAL(id), '\0', ZSTR_LEN(id))) {
		zend_argument_value_error(2, "must be a non-empty client id without ':' or NUL bytes");
		return false;
	}
	if (ZSTR_LEN(secret) == 0 || memchr(ZSTR_VAL(secret), '\0', ZSTR_LEN(secret))) {
		zend_argument_value_error(3, "must be a non-empty secret without NUL bytes");
		return false;
	}
	return true;
}

ZEND_METHOD(Vtws_Synergy_Client, __construct)
{
	zend_string *account, *id, *secret;
	HashTable *options = NULL;
	vtws_synergy_client *client = vtws_synergy_client_from_obj(Z_OBJ_P(ZEND_THIS));
	synergy_options parsed;

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(account)
		Z_PARAM_STR(id)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (client->constructed) {
		zend_throw_error(NULL, "Vtws\\Synergy\\Client is already constructed");
		RETURN_THROWS();
	}
	if (!check_credentials(account, id, secret) || parse_options(&parsed, options) == FAILURE) {
		RETURN_THROWS();
	}
	if (vtws_http_init(&client->http, &parsed.http) == FAILURE) {
		options_dtor(&parsed);
		RETURN_THROWS();
	}
	client->auth_url = parsed.auth_url;
	client->api_url = parsed.api_url;
	client->audience = parsed.audience;
	client->scopes = parsed.scopes;
	client->account = zend_string_copy(account);
	client->client_id = zend_string_copy(id);
	/* A copy of our own, so that it can be wiped when the client goes. */
	client->secret = zend_string_init(ZSTR_VAL(secret), ZSTR_LEN(secret), 0);
	client->retries = parsed.retries;
	client->token_key = vtws_synergy_token_key(client);
	vtws_synergy_bucket_init(&client->bucket, parsed.rate, (double) parsed.burst);
	client->constructed = true;
}

ZEND_METHOD(Vtws_Synergy_Client, forgetTokens)
{
	ZEND_PARSE_PARAMETERS_NONE();
	vtws_synergy_tokens_forget();
}

#define CLIENT_OR_RETURN(var) \
	vtws_synergy_client *var = vtws_synergy_client_of(Z_OBJ_P(ZEND_THIS)); \
	if (!var) { \
		RETURN_THROWS(); \
	}

ZEND_METHOD(Vtws_Synergy_Client, getAccountCode)
{
	ZEND_PARSE_PARAMETERS_NONE();
	CLIENT_OR_RETURN(client);
	RETURN_STR_COPY(client->account);
}

/* ---- ApiDefinition, OpenApi, DatabaseDefinition ---- */

static void definition_path(smart_str *path, const vtws_synergy_client *client)
{
	smart_str_appends(path, "/apis/apidefinition.database/v1/accounts");
	vtws_synergy_path_add(path, ZSTR_VAL(client->account), ZSTR_LEN(client->account));
}

static bool check_name(const zend_string *name, uint32_t arg)
{
	if (ZSTR_LEN(name) == 0) {
		zend_argument_value_error(arg, "must not be empty");
		return false;
	}
	return true;
}

/* One call on .../{collection}[/{name}][/{tail}]. */
static zend_result definition_call(vtws_synergy_client *client, const char *operation,
	vtws_http_method method, const char *collection, const zend_string *name, const char *tail,
	zval *body, zval *result)
{
	smart_str path = {0};

	definition_path(&path, client);
	smart_str_appendc(&path, '/');
	smart_str_appends(&path, collection);
	if (name) {
		vtws_synergy_path_add(&path, ZSTR_VAL(name), ZSTR_LEN(name));
	}
	if (tail) {
		smart_str_appends(&path, tail);
	}
	smart_str_0(&path);
	vtws_synergy_request request = {
		.operation = operation,
		.method = method,
		.path = path.s,
		.body = body,
		.idempotent = true, /* get, put (replace) and delete can all be repeated */
	};
	zend_result rc = vtws_synergy_send(client, &request, result);
	smart_str_free(&path);
	return rc;
}

static zval *list_member(zval *page, const char *key, int type)
{
	zval *value = Z_TYPE_P(page) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(page), key, strlen(key))
		: NULL;
	return value && Z_TYPE_P(value) == type ? value : NULL;
}

/* The continueToken of a list page, or NULL on the last page. */
static zend_string *continue_token(zval *page)
{
	zval *metadata = list_member(page, "metadata", IS_ARRAY);
	zval *token = metadata ? list_member(metadata, "continueToken", IS_STRING) : NULL;
	return token && Z_STRLEN_P(token) > 0 ? Z_STR_P(token) : NULL;
}

/* Every item of a cursor-paged list: pages of 100 until no continueToken comes back. */
static zend_result list_all(vtws_synergy_client *client, const char *operation,
	const char *collection, zval *items)
{
	smart_str path = {0};
	zend_string *token = NULL;
	zend_result rc = SUCCESS;

	definition_path(&path, client);
	smart_str_appendc(&path, '/');
	smart_str_appends(&path, collection);
	smart_str_0(&path);
	array_init(items);
	do {
		smart_str query = {0};
		zval page;
		smart_str_appends(&query, "limit=" LIST_PAGE_LIMIT);
		if (token) {
			zend_string *encoded = php_raw_url_encode(ZSTR_VAL(token), ZSTR_LEN(token));
			smart_str_appends(&query, "&continueToken=");
			smart_str_append(&query, encoded);
			zend_string_release(encoded);
			zend_string_release(token);
			token = NULL;
		}
		smart_str_0(&query);
		vtws_synergy_request request = {
			.operation = operation,
			.method = VTWS_GET,
			.path = path.s,
			.query = query.s,
			.idempotent = true,
		};
		rc = vtws_synergy_send(client, &request, &page);
		smart_str_free(&query);
		if (rc == FAILURE) {
			break;
		}
		zval *page_items = list_member(&page, "items", IS_ARRAY);
		if (page_items) {
			zval *item;
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(page_items), item) {
				Z_TRY_ADDREF_P(item);
				add_next_index_zval(items, item);
			}
			ZEND_HASH_FOREACH_END();
		}
		token = continue_token(&page);
		if (token) {
			zend_string_addref(token);
		}
		zval_ptr_dtor(&page);
	} while (token);
	smart_str_free(&path);
	if (rc == FAILURE) {
		zval_ptr_dtor(items);
		ZVAL_NULL(items);
	}
	return rc;
}

static void return_array_or_throw(zend_result rc, zval *return_value, const char *operation)
{
	if (rc == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		return;
	}
	if (Z_TYPE_P(return_value) != IS_ARRAY) {
		vtws_error_context ctx = {.operation = operation, .http_status = 200};
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		vtws_throw_protocol_error(&ctx, -1, "%s: the answer is not a JSON object", operation);
	}
}

ZEND_METHOD(Vtws_Synergy_Client, listApiDefinitions)
{
	ZEND_PARSE_PARAMETERS_NONE();
	CLIENT_OR_RETURN(client);
	list_all(client, "listApiDefinition", "apidefinitions", return_value);
}

ZEND_METHOD(Vtws_Synergy_Client, listDatabaseDefinitions)
{
	ZEND_PARSE_PARAMETERS_NONE();
	CLIENT_OR_RETURN(client);
	list_all(client, "listDatabaseDefinition", "databasedefinitions", return_value);
}

static void get_by_name(INTERNAL_FUNCTION_PARAMETERS, const char *operation, const char *collection)
{
	zend_string *name;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	CLIENT_OR_RETURN(client);
	if (!check_name(name, 1)) {
		RETURN_THROWS();
	}
	zend_result rc = definition_call(client, operation, VTWS_GET, collection, name, NULL, NULL,
		return_value);
	return_array_or_throw(rc, return_value, operation);
}

ZEND_METHOD(Vtws_Synergy_Client, getApiDefinition)
{
	get_by_name(INTERNAL_FUNCTION_PARAM_PASSTHRU, "getApiDefinition", "apidefinitions");
}

ZEND_METHOD(Vtws_Synergy_Client, getDatabaseDefinition)
{
	get_by_name(INTERNAL_FUNCTION_PARAM_PASSTHRU, "getDatabaseDefinition", "databasedefinitions");
}

ZEND_METHOD(Vtws_Synergy_Client, putApiDefinition)
{
	zend_string *name;
	zval *definition;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_ARRAY(definition)
	ZEND_PARSE_PARAMETERS_END();
	CLIENT_OR_RETURN(client);
	if (!check_name(name, 1)) {
		RETURN_THROWS();
	}
	zend_result rc = definition_call(client, "putApiDefinition", VTWS_PUT, "apidefinitions", name,
		NULL, definition, return_value);
	return_array_or_throw(rc, return_value, "putApiDefinition");
}

ZEND_METHOD(Vtws_Synergy_Client, deleteApiDefinition)
{
	zend_string *name;
	zval result;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	CLIENT_OR_RETURN(client);
	if (!check_name(name, 1)) {
		RETURN_THROWS();
	}
	definition_call(client, "deleteApiDefinition", VTWS_DELETE, "apidefinitions", name, NULL, NULL,
		&result);
	zval_ptr_dtor(&result);
}

ZEND_METHOD(Vtws_Synergy_Client, getOpenApi)
{
	zend_string *name = NULL, *format = NULL;
	smart_str path = {0};

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(name)
		Z_PARAM_STR(format)
	ZEND_PARSE_PARAMETERS_END();
	CLIENT_OR_RETURN(client);
	bool yaml = format && zend_string_equals_literal_ci(format, "yaml");
	if (format && !yaml && !zend_string_equals_literal_ci(format, "json")) {
		zend_argument_value_error(2, "must be \"json\" or \"yaml\"");
		RETURN_THROWS();
	}
	if (name && !check_name(name, 1)) {
		RETURN_THROWS();
	}
	definition_path(&path, client);
	if (name) {
		smart_str_appends(&path, "/apidefinitions");
		vtws_synergy_path_add(&path, ZSTR_VAL(name), ZSTR_LEN(name));
	}
	smart_str_appends(&path, "/openapiv3");
	smart_str_0(&path);
	const char *operation = name ? "getOpenApi" : "getAllOpenApi";
	vtws_synergy_request request = {
		.operation = operation,
		.method = VTWS_GET,
		.path = path.s,
		.accept = yaml ? "application/yaml" : NULL,
		.idempotent = true,
	};
	zend_result rc = vtws_synergy_send(client, &request, return_value);
	smart_str_free(&path);
	if (yaml) {
		if (rc == SUCCESS && Z_TYPE_P(return_value) != IS_STRING) {
			zval_ptr_dtor(return_value);
			RETURN_EMPTY_STRING();
		}
		return;
	}
	return_array_or_throw(rc, return_value, operation);
}

/* ---- records ---- */

/* The property => x-synergy-type map of a stored definition. */
static HashTable *types_of(const zval *definition)
{
	zval *spec = list_member((zval *) definition, "spec", IS_ARRAY);
	zval *schema = spec ? list_member(spec, "schema", IS_ARRAY) : NULL;
	zval *properties = schema ? list_member(schema, "properties", IS_ARRAY) : NULL;
	HashTable *types = zend_new_array(8);
	zend_string *key;
	zval *property;

	if (!properties) {
		return types;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(properties), key, property) {
		zval *type = key ? list_member(property, "x-synergy-type", IS_STRING) : NULL;
		if (type) {
			Z_ADDREF_P(type);
			zend_hash_update(types, key, type);
		}
	}
	ZEND_HASH_FOREACH_END();
	return types;
}

/* The types option: an explicit map, or true to read the definition. NULL (no exception)
 * when not given. */
static zend_result read_types(vtws_synergy_client *client, zend_string *definition,
	HashTable *options, HashTable **types)
{
	zend_string *key;
	zval *value;

	*types = NULL;
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		ZVAL_DEREF(value);
		if (!key || !zend_string_equals_literal(key, "types")) {
			zend_argument_value_error(2, "has an unknown option \"%s\"; known options: types",
				key ? ZSTR_VAL(key) : "(integer key)");
			return FAILURE;
		}
		if (Z_TYPE_P(value) == IS_TRUE) {
			zval stored;
			if (definition_call(client, "getApiDefinition", VTWS_GET, "apidefinitions", definition,
					NULL, NULL, &stored) == FAILURE) {
				zval_ptr_dtor(&stored);
				return FAILURE;
			}
			*types = types_of(&stored);
			zval_ptr_dtor(&stored);
		} else if (Z_TYPE_P(value) == IS_ARRAY) {
			zval *type;
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), type) {
				if (Z_TYPE_P(type) != IS_STRING) {
					zend_argument_type_error(2,
						"option \"types\" must map property names to "
						"x-synergy-type strings");
					return FAILURE;
				}
			}
			ZEND_HASH_FOREACH_END();
			*types = zend_array_dup(Z_ARRVAL_P(value));
		} else {
			zend_argument_type_error(2, "option \"types\" must be of type array|true, %s given",
				zend_zval_type_name(value));
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

ZEND_METHOD(Vtws_Synergy_Client, records)
{
	zend_string *definition;
	HashTable *options = NULL, *types = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(definition)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();
	CLIENT_OR_RETURN(client);
	if (!check_name(definition, 1) || read_types(client, definition, options, &types) == FAILURE) {
		RETURN_THROWS();
	}
	vtws_synergy_records_create(return_value, ZEND_THIS, definition, types);
}
