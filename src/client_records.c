/*
 * Vtws\Client operations: metadata, records, query, sync, related records, files and
 * custom operations. Each method validates its arguments, builds the parameters Vtiger
 * registered for the operation and sends them by the registered HTTP method.
 */
#include "client.h"
#include "client_typed.h"
#include "encode.h"
#include "errors.h"
#include "vtql.h"
#include "row_iterator.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/date/php_date.h"

/* Fetches $this or returns from the method after the exception. */
#define VTWS_CLIENT_OR_RETURN(client) \
	vtws_client *client = vtws_client_this(ZEND_THIS); \
	if (!client) { \
		RETURN_THROWS(); \
	}

/* Calls the operation and frees the parameter array; the result lands in return_value. */
static zend_result call_with(vtws_client *client, const char *operation, vtws_http_method method,
	zval *params, zval *return_value)
{
	zend_result rc = vtws_client_call(client, operation, method,
		params && Z_TYPE_P(params) == IS_ARRAY ? Z_ARRVAL_P(params) : NULL, return_value);
	if (params) {
		zval_ptr_dtor(params);
	}
	return rc;
}

/* Most operations answer with an object; anything else is a protocol violation. */
static zend_result expect_array(const char *operation, zval *result)
{
	if (Z_TYPE_P(result) == IS_ARRAY) {
		return SUCCESS;
	}
	vtws_error_context ctx = {.operation = operation};
	vtws_throw_protocol_error(&ctx, -1, "%s: expected an object or list as result, got %s",
		operation, zend_zval_type_name(result));
	zval_ptr_dtor(result);
	ZVAL_NULL(result);
	return FAILURE;
}

static zend_result call_for_array(vtws_client *client, const char *operation,
	vtws_http_method method, zval *params, zval *return_value)
{
	if (call_with(client, operation, method, params, return_value) == FAILURE) {
		return FAILURE;
	}
	return expect_array(operation, return_value);
}

static bool is_word(const zend_string *s)
{
	if (ZSTR_LEN(s) == 0) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(s); i++) {
		char c = ZSTR_VAL(s)[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				c == '_')) {
			return false;
		}
	}
	return true;
}

static bool check_module(const zend_string *module, uint32_t arg)
{
	if (!is_word(module)) {
		zend_argument_value_error(arg, "must be a module name such as \"Contacts\"");
		return false;
	}
	return true;
}

static bool check_not_empty(const zend_string *value, uint32_t arg)
{
	if (ZSTR_LEN(value) == 0) {
		zend_argument_value_error(arg, "must not be empty");
		return false;
	}
	return true;
}

/* update and revise both name the record by element["id"]. */
static bool check_element_id(HashTable *element)
{
	zval *id = zend_hash_str_find_deref(element, "id", 2);
	if (!id || Z_TYPE_P(id) != IS_STRING || Z_STRLEN_P(id) == 0) {
		zend_argument_value_error(1,
			"must contain the record's \"id\" as a string such as \"12x34\"");
		return false;
	}
	return true;
}

/* On a failed conversion the half-converted result is dropped: the caller sees only the
 * exception, as for any other failure. */
static zend_result typed_or_release(zend_result typed, zval *result)
{
	if (typed == FAILURE) {
		zval_ptr_dtor(result);
		ZVAL_NULL(result);
	}
	return typed;
}

/* ---- metadata ---- */

ZEND_METHOD(Vtws_Client, listTypes)
{
	HashTable *field_types = NULL;
	zval params;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(field_types)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);

	array_init(&params);
	if (field_types && zend_hash_num_elements(field_types) > 0) {
		zval list;
		ZVAL_ARR(&list, zend_array_to_list(field_types));
		add_assoc_zval(&params, "fieldTypeList", &list);
	}
	call_for_array(client, "listtypes", VTWS_GET, &params, return_value);
}

zend_result vtws_client_describe(vtws_client *client, zend_string *module, zval *out)
{
	zval params, *cached;

	if (client->describe_cache && (cached = zend_hash_find(client->describe_cache, module))) {
		ZVAL_COPY(out, cached);
		return SUCCESS;
	}
	array_init(&params);
	add_assoc_str(&params, "elementType", zend_string_copy(module));
	if (call_for_array(client, "describe", VTWS_GET, &params, out) == FAILURE) {
		return FAILURE;
	}
	if (!client->describe_cache) {
		client->describe_cache = zend_new_array(8);
	}
	Z_TRY_ADDREF_P(out);
	zend_hash_update(client->describe_cache, module, out);
	return SUCCESS;
}

ZEND_METHOD(Vtws_Client, describe)
{
	zend_string *module;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(module)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_module(module, 1)) {
		RETURN_THROWS();
	}
	vtws_client_describe(client, module, return_value);
}

ZEND_METHOD(Vtws_Client, clearCache)
{
	ZEND_PARSE_PARAMETERS_NONE();
	VTWS_CLIENT_OR_RETURN(client);
	if (client->describe_cache) {
		zend_array_destroy(client->describe_cache);
		client->describe_cache = NULL;
	}
	vtws_client_typed_forget(client);
}

/* ---- records ---- */

static void add_element(zval *params, HashTable *element)
{
	zval copy;
	ZVAL_ARR(&copy, zend_array_dup(element));
	add_assoc_zval(params, "element", &copy);
}

ZEND_METHOD(Vtws_Client, create)
{
	zend_string *module;
	HashTable *element;
	zval params;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(module)
		Z_PARAM_ARRAY_HT(element)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_module(module, 1)) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "elementType", zend_string_copy(module));
	add_element(&params, element);
	if (call_for_array(client, "create", VTWS_POST, &params, return_value) == SUCCESS) {
		typed_or_release(vtws_client_type_record(client, module, return_value), return_value);
	}
}

static void send_by_id(INTERNAL_FUNCTION_PARAMETERS, const char *operation, vtws_http_method method)
{
	zend_string *id;
	zval params;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_not_empty(id, 1)) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "id", zend_string_copy(id));
	call_for_array(client, operation, method, &params, return_value);
}

ZEND_METHOD(Vtws_Client, retrieve)
{
	send_by_id(INTERNAL_FUNCTION_PARAM_PASSTHRU, "retrieve", VTWS_GET);
	if (!EG(exception)) {
		typed_or_release(vtws_client_type_record(Z_VTWS_CLIENT_P(ZEND_THIS), NULL, return_value),
			return_value);
	}
}

ZEND_METHOD(Vtws_Client, delete)
{
	send_by_id(INTERNAL_FUNCTION_PARAM_PASSTHRU, "delete", VTWS_POST);
	if (!EG(exception)) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
	}
}

/* The stored record, fetched when update() must complete or check the element. */
static zend_result retrieve_stored(vtws_client *client, zend_string *id, zval *stored)
{
	zval params;

	array_init(&params);
	add_assoc_str(&params, "id", zend_string_copy(id));
	call_for_array(client, "retrieve", VTWS_GET, &params, stored);
	return EG(exception) ? FAILURE : SUCCESS;
}

static zend_string *string_field(zval *record, const char *name)
{
	zval *value = zend_hash_str_find(Z_ARRVAL_P(record), name, strlen(name));
	return value && Z_TYPE_P(value) == IS_STRING ? Z_STR_P(value) : NULL;
}

/* Optimistic locking: a caller that read the record hands its modifiedtime back, and a newer
 * stored one means someone else wrote in between, so writing would silently undo their change. */
static zend_result check_not_modified(zend_string *id, HashTable *element, zval *stored)
{
	zval *expected = zend_hash_str_find(element, "modifiedtime", sizeof("modifiedtime") - 1);
	zend_string *now = string_field(stored, "modifiedtime");

	if (!expected || Z_TYPE_P(expected) != IS_STRING || !now ||
		zend_string_equals(Z_STR_P(expected), now)) {
		return SUCCESS;
	}
	vtws_throw_conflict(id, Z_STR_P(expected), now);
	return FAILURE;
}

/* Vtiger 8.0 re-saves an omitted description one htmlentities() level deeper on every
 * update (recorded in the fixtures), while an update that sends the current value back keeps
 * it byte for byte. So the stored value is sent along; the retrieve costs one round trip,
 * which is cheaper than a corrupted note. Returns the element to send, with a new reference. */
static HashTable *complete_update(vtws_client *client, HashTable *element)
{
	bool omits_description = client->preserve_description &&
		!zend_hash_str_exists(element, "description", sizeof("description") - 1);
	bool has_version = zend_hash_str_exists(element, "modifiedtime", sizeof("modifiedtime") - 1);
	zval *id = zend_hash_str_find(element, "id", sizeof("id") - 1);
	zval stored;

	if ((!omits_description && !has_version) || !id || Z_TYPE_P(id) != IS_STRING) {
		GC_TRY_ADDREF(element);
		return element;
	}
	if (retrieve_stored(client, Z_STR_P(id), &stored) == FAILURE) {
		return NULL;
	}
	if (check_not_modified(Z_STR_P(id), element, &stored) == FAILURE) {
		zval_ptr_dtor(&stored);
		return NULL;
	}
	HashTable *completed = zend_array_dup(element);
	zend_string *description = omits_description ? string_field(&stored, "description") : NULL;
	if (description && ZSTR_LEN(description) > 0) {
		zval copy;
		ZVAL_STR_COPY(&copy, description);
		zend_hash_str_update(completed, "description", sizeof("description") - 1, &copy);
	}
	zval_ptr_dtor(&stored);
	return completed;
}

/* update and revise: the element (completed first for update) is sent, and the record that
 * comes back is typed like any other. */
static void send_element(INTERNAL_FUNCTION_PARAMETERS, const char *operation, bool is_update)
{
	HashTable *element;
	zval params;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(element)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_element_id(element)) {
		RETURN_THROWS();
	}
	HashTable *to_send = is_update ? complete_update(client, element) : element;
	if (!to_send) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_element(&params, to_send);
	if (is_update) {
		zend_array_release(to_send);
	}
	if (call_for_array(client, operation, VTWS_POST, &params, return_value) == SUCCESS) {
		typed_or_release(vtws_client_type_record(client, NULL, return_value), return_value);
	}
}

ZEND_METHOD(Vtws_Client, update)
{
	send_element(INTERNAL_FUNCTION_PARAM_PASSTHRU, "update", true);
}

ZEND_METHOD(Vtws_Client, revise)
{
	send_element(INTERNAL_FUNCTION_PARAM_PASSTHRU, "revise", false);
}

ZEND_METHOD(Vtws_Client, convertLead)
{
	HashTable *element;
	zval params;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(element)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	array_init(&params);
	add_element(&params, element);
	call_for_array(client, "convertlead", VTWS_POST, &params, return_value);
}

/* ---- query ---- */

/* Binds and terminates a statement; NULL after an exception. */
static zend_string *prepare_query(const zend_string *vtql, HashTable *params, bool terminate)
{
	zend_string *bound = vtws_vtql_bind(vtql, params);
	if (!bound) {
		return NULL;
	}
	zend_string *out = terminate ? vtws_vtql_terminate(bound) : vtws_vtql_strip_terminator(bound);
	zend_string_release(bound);
	return out;
}

zend_result vtws_client_query(vtws_client *client, zend_string *statement, zval *rows)
{
	zval params;

	array_init(&params);
	add_assoc_str(&params, "query", zend_string_copy(statement));
	if (call_for_array(client, "query", VTWS_GET, &params, rows) == FAILURE) {
		return FAILURE;
	}
	return typed_or_release(vtws_client_type_query_rows(client, statement, rows), rows);
}

/* Parses (string $query, array $params = []) and binds them; NULL after an exception. */
/* options: where queryAll's third argument goes; NULL for query(), which takes two. */
static zend_string *statement_from_args(INTERNAL_FUNCTION_PARAMETERS, bool terminate,
	HashTable **options)
{
	zend_string *vtql;
	HashTable *params = NULL, *given_options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, options ? 3 : 2)
		Z_PARAM_STR(vtql)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_ARRAY_HT(given_options)
		ZEND_PARSE_PARAMETERS_END_EX(return NULL);

		if (options) {
			*options = given_options;
		}

		return prepare_query(vtql, params ? params : (HashTable *) &zend_empty_array, terminate);
}

ZEND_METHOD(Vtws_Client, query)
{
	zend_string *statement = statement_from_args(INTERNAL_FUNCTION_PARAM_PASSTHRU, true, NULL);
	if (!statement) {
		RETURN_THROWS();
	}
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (client) {
		vtws_client_query(client, statement, return_value);
	}
	zend_string_release(statement);
}

/* Nothing is sent here: the iterator asks for its first page when it is first used. */
ZEND_METHOD(Vtws_Client, queryAll)
{
	HashTable *options = NULL;
	zend_string *statement = statement_from_args(INTERNAL_FUNCTION_PARAM_PASSTHRU, false, &options);
	if (!statement) {
		RETURN_THROWS();
	}
	if (vtws_client_this(ZEND_THIS)) {
		vtws_row_iterator_create(return_value, ZEND_THIS, statement, options);
	}
	zend_string_release(statement);
}

static zend_result count_from_rows(zval *rows, zend_long *count)
{
	zval *first = Z_TYPE_P(rows) == IS_ARRAY ? zend_hash_index_find(Z_ARRVAL_P(rows), 0) : NULL;
	zval *value = first && Z_TYPE_P(first) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(first), "count", 5)
		: NULL;

	if (!value || (Z_TYPE_P(value) != IS_STRING && Z_TYPE_P(value) != IS_LONG)) {
		vtws_error_context ctx = {.operation = "query"};
		vtws_throw_protocol_error(&ctx, -1, "query: count(*) answered without a count");
		return FAILURE;
	}
	*count = zval_get_long(value);
	return SUCCESS;
}

ZEND_METHOD(Vtws_Client, count)
{
	zend_string *module, *where = NULL;
	HashTable *params = NULL;
	zval rows;
	zend_long count;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(module)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(where)
		Z_PARAM_ARRAY_HT(params)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_module(module, 1)) {
		RETURN_THROWS();
	}
	zend_string *vtql = where && ZSTR_LEN(where) > 0
		? zend_strpprintf(0, "SELECT count(*) FROM %s WHERE %s", ZSTR_VAL(module), ZSTR_VAL(where))
		: zend_strpprintf(0, "SELECT count(*) FROM %s", ZSTR_VAL(module));
	zend_string *statement = prepare_query(vtql, params ? params : (HashTable *) &zend_empty_array,
		true);
	zend_string_release(vtql);
	if (!statement) {
		RETURN_THROWS();
	}
	zend_result rc = vtws_client_query(client, statement, &rows);
	zend_string_release(statement);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	rc = count_from_rows(&rows, &count);
	zval_ptr_dtor(&rows);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_LONG(count);
}

/* ---- sync ---- */

static zend_result timestamp_of(zend_object *date, zend_long seconds, zend_long *out)
{
	if (date) {
		zval rv;
		zend_call_method_with_0_params(date, date->ce, NULL, "gettimestamp", &rv);
		if (EG(exception)) {
			return FAILURE;
		}
		seconds = zval_get_long(&rv);
		zval_ptr_dtor(&rv);
	}
	if (seconds <= 0) {
		/* Vtiger reads 0 as "missing" and fails with HTTP 500; say so before sending. */
		zend_argument_value_error(1, "must be a Unix time greater than 0");
		return FAILURE;
	}
	*out = seconds;
	return SUCCESS;
}

static zend_result sync_page(vtws_client *client, zend_long since, zend_string *module, zval *page)
{
	zval params;

	array_init(&params);
	add_assoc_long(&params, "modifiedTime", since);
	if (module) {
		add_assoc_str(&params, "elementType", zend_string_copy(module));
	}
	if (call_for_array(client, "sync", VTWS_GET, &params, page) == FAILURE) {
		return FAILURE;
	}
	zval *records = zend_hash_str_find(Z_ARRVAL_P(page), "updated", 7);
	if (records && vtws_client_type_records(client, module, records) == FAILURE) {
		return typed_or_release(FAILURE, page);
	}
	zval *updated = zend_hash_str_find(Z_ARRVAL_P(page), "updated", 7);
	zval *deleted = zend_hash_str_find(Z_ARRVAL_P(page), "deleted", 7);
	zval *last = zend_hash_str_find(Z_ARRVAL_P(page), "lastModifiedTime", 16);
	if (!updated || Z_TYPE_P(updated) != IS_ARRAY || !deleted || Z_TYPE_P(deleted) != IS_ARRAY ||
		!last || (Z_TYPE_P(last) != IS_LONG && Z_TYPE_P(last) != IS_STRING)) {
		vtws_error_context ctx = {.operation = "sync"};
		vtws_throw_protocol_error(&ctx, -1,
			"sync: the answer lacks updated, deleted or lastModifiedTime");
		zval_ptr_dtor(page);
		ZVAL_NULL(page);
		return FAILURE;
	}
	return SUCCESS;
}

/* options: where syncAll's third argument goes; NULL for sync(), which takes two. */
static bool parse_sync_args(INTERNAL_FUNCTION_PARAMETERS, zend_long *since, zend_string **module,
	HashTable **options)
{
	zend_object *date = NULL;
	zend_long seconds = 0;
	HashTable *given_options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, options ? 3 : 2)
		Z_PARAM_OBJ_OF_CLASS_OR_LONG(date, php_date_get_interface_ce(), seconds)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(*module)
		Z_PARAM_ARRAY_HT(given_options)
		ZEND_PARSE_PARAMETERS_END_EX(return false);

		if (options) {
			*options = given_options;
		}

		if (*module && !check_module(*module, 2)) {
			return false;
		}
		return timestamp_of(date, seconds, since) == SUCCESS;
}

ZEND_METHOD(Vtws_Client, sync)
{
	zend_long since;
	zend_string *module = NULL;

	if (!parse_sync_args(INTERNAL_FUNCTION_PARAM_PASSTHRU, &since, &module, NULL)) {
		RETURN_THROWS();
	}
	VTWS_CLIENT_OR_RETURN(client);
	sync_page(client, since, module, return_value);
}

/* Merges one page into the running result: a record's latest state wins, and a record
 * deleted after an update (or re-created after a delete) ends up in one list only. */
static void merge_sync_page(HashTable *updated, HashTable *deleted, zval *page)
{
	zval *record, *id;

	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(zend_hash_str_find(Z_ARRVAL_P(page), "updated", 7)), record) {
		if (Z_TYPE_P(record) != IS_ARRAY ||
			!(id = zend_hash_str_find(Z_ARRVAL_P(record), "id", 2)) || Z_TYPE_P(id) != IS_STRING) {
			continue;
		}
		zend_hash_del(deleted, Z_STR_P(id));
		Z_TRY_ADDREF_P(record);
		zend_hash_update(updated, Z_STR_P(id), record);
	}
	ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(zend_hash_str_find(Z_ARRVAL_P(page), "deleted", 7)), id) {
		if (Z_TYPE_P(id) != IS_STRING) {
			continue;
		}
		zend_hash_del(updated, Z_STR_P(id));
		Z_TRY_ADDREF_P(id);
		zend_hash_update(deleted, Z_STR_P(id), id);
	}
	ZEND_HASH_FOREACH_END();
}

static bool page_has_more(zval *page)
{
	zval *more = zend_hash_str_find(Z_ARRVAL_P(page), "more", 4);
	return more && zend_is_true(more);
}

static void build_sync_result(zval *out, HashTable *updated, HashTable *deleted, zend_long last,
	zend_long pages)
{
	zval list;

	array_init(out);
	ZVAL_ARR(&list, zend_array_to_list(updated));
	add_assoc_zval(out, "updated", &list);
	ZVAL_ARR(&list, zend_array_to_list(deleted));
	add_assoc_zval(out, "deleted", &list);
	add_assoc_long(out, "lastModifiedTime", last);
	add_assoc_long(out, "pages", pages);
}

typedef struct {
	zval checkpoint; /* callable(int $lastModifiedTime, array $page) or UNDEF */
	zval progress; /* callable(int $done, ?int $total) or UNDEF */
} vtws_sync_callbacks;

static zend_result sync_callback_option(HashTable *options, const char *name, zval *out)
{
	zval *given = zend_hash_str_find(options, name, strlen(name));

	ZVAL_UNDEF(out);
	if (!given || Z_TYPE_P(given) == IS_NULL) {
		return SUCCESS;
	}
	if (!zend_is_callable(given, 0, NULL)) {
		zend_argument_type_error(3, "option \"%s\" must be callable, %s given", name,
			zend_zval_type_name(given));
		return FAILURE;
	}
	ZVAL_COPY_VALUE(out, given);
	return SUCCESS;
}

/* The callables are borrowed from the options array, which lives for the whole call. */
static zend_result sync_callbacks_from_options(HashTable *options, vtws_sync_callbacks *callbacks)
{
	zend_string *key;

	ZVAL_UNDEF(&callbacks->checkpoint);
	ZVAL_UNDEF(&callbacks->progress);
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY(options, key) {
		if (!key ||
			(!zend_string_equals_literal(key, "checkpoint") &&
				!zend_string_equals_literal(key, "progress"))) {
			zend_argument_value_error(3, "has an unknown option \"%s\"",
				key ? ZSTR_VAL(key) : "(integer key)");
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	if (sync_callback_option(options, "checkpoint", &callbacks->checkpoint) == FAILURE) {
		return FAILURE;
	}
	return sync_callback_option(options, "progress", &callbacks->progress);
}

static zend_result call_user_callback(zval *callable, uint32_t argc, zval *argv)
{
	zval ignored;

	if (call_user_function(NULL, NULL, callable, &ignored, argc, argv) == FAILURE) {
		return FAILURE;
	}
	zval_ptr_dtor(&ignored);
	return EG(exception) ? FAILURE : SUCCESS;
}

/* The checkpoint runs after a page is merged and before the next is asked for, so a job that
 * persists lastModifiedTime there and resumes from it sees every change at least once: a page
 * is only ever repeated, never skipped. An exception from a callback stops the sync. */
static zend_result report_sync_page(vtws_sync_callbacks *callbacks, zend_long next, zval *page,
	zend_long pages, uint32_t records)
{
	zval args[2];

	if (Z_TYPE(callbacks->checkpoint) != IS_UNDEF) {
		ZVAL_LONG(&args[0], next);
		ZVAL_COPY_VALUE(&args[1], page);
		if (call_user_callback(&callbacks->checkpoint, 2, args) == FAILURE) {
			return FAILURE;
		}
	}
	if (Z_TYPE(callbacks->progress) != IS_UNDEF) {
		ZVAL_LONG(&args[0], records);
		ZVAL_NULL(&args[1]);
		return call_user_callback(&callbacks->progress, 2, args);
	}
	return SUCCESS;
}

ZEND_METHOD(Vtws_Client, syncAll)
{
	zend_long since, pages = 0;
	zend_string *module = NULL;
	zval page;
	bool more = true;
	HashTable *options = NULL;
	vtws_sync_callbacks callbacks;

	if (!parse_sync_args(INTERNAL_FUNCTION_PARAM_PASSTHRU, &since, &module, &options)) {
		RETURN_THROWS();
	}
	VTWS_CLIENT_OR_RETURN(client);
	if (sync_callbacks_from_options(options, &callbacks) == FAILURE) {
		RETURN_THROWS();
	}

	HashTable *updated = zend_new_array(0), *deleted = zend_new_array(0);
	while (more) {
		if (sync_page(client, since, module, &page) == FAILURE) {
			break;
		}
		pages++;
		merge_sync_page(updated, deleted, &page);
		zend_long next = zval_get_long(zend_hash_str_find(Z_ARRVAL(page), "lastModifiedTime", 16));
		more = page_has_more(&page);
		zend_result reported = report_sync_page(&callbacks, next, &page, pages,
			zend_hash_num_elements(updated) + zend_hash_num_elements(deleted));
		zval_ptr_dtor(&page);
		if (reported == FAILURE) {
			break;
		}
		if (more && next <= since) {
			/* A server that does not advance would make this loop forever. */
			vtws_error_context ctx = {.operation = "sync"};
			vtws_throw_protocol_error(&ctx, -1,
				"sync: more pages announced but lastModifiedTime did not advance past " ZEND_LONG_FMT,
				since);
			break;
		}
		since = next;
	}
	if (!EG(exception)) {
		build_sync_result(return_value, updated, deleted, since, pages);
	}
	zend_array_destroy(updated);
	zend_array_destroy(deleted);
}

/* ---- related records ---- */

ZEND_METHOD(Vtws_Client, relatedTypes)
{
	zend_string *module;
	zval params;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(module)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_module(module, 1)) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "elementType", zend_string_copy(module));
	call_for_array(client, "relatedtypes", VTWS_GET, &params, return_value);
}

ZEND_METHOD(Vtws_Client, retrieveRelated)
{
	zend_string *id, *type, *label = NULL;
	zval params;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(id)
		Z_PARAM_STR(type)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(label)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_not_empty(id, 1) || !check_module(type, 2)) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "id", zend_string_copy(id));
	add_assoc_str(&params, "relatedType", zend_string_copy(type));
	add_assoc_str(&params, "relatedLabel", zend_string_copy(label ? label : type));
	call_for_array(client, "retrieve_related", VTWS_GET, &params, return_value);
}

/* The relation label defaults to the module after FROM, as Vtiger names most relations. */
static zend_string *default_relation_label(const zend_string *statement)
{
	vtws_vtql_shape shape;
	if (vtws_vtql_inspect(statement, &shape) == FAILURE) {
		return NULL;
	}
	if (shape.module_len == 0) {
		zend_argument_value_error(1, "must name a module after FROM");
		return NULL;
	}
	return zend_string_init(ZSTR_VAL(statement) + shape.module_start, shape.module_len, 0);
}

ZEND_METHOD(Vtws_Client, queryRelated)
{
	zend_string *vtql, *id, *label = NULL;
	HashTable *bind = NULL;
	zval params;

	ZEND_PARSE_PARAMETERS_START(2, 4)
		Z_PARAM_STR(vtql)
		Z_PARAM_STR(id)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(label)
		Z_PARAM_ARRAY_HT(bind)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_not_empty(id, 2)) {
		RETURN_THROWS();
	}
	/* query_related splices its own condition into the text: it must not end with ';'. */
	zend_string *statement = prepare_query(vtql, bind ? bind : (HashTable *) &zend_empty_array,
		false);
	if (!statement) {
		RETURN_THROWS();
	}
	zend_string *relation = label ? zend_string_copy(label) : default_relation_label(statement);
	if (!relation) {
		zend_string_release(statement);
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "query", statement);
	add_assoc_str(&params, "id", zend_string_copy(id));
	add_assoc_str(&params, "relatedLabel", relation);
	call_for_array(client, "query_related", VTWS_GET, &params, return_value);
}

ZEND_METHOD(Vtws_Client, addRelated)
{
	zend_string *source, *related, *label = NULL;
	zval params;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(source)
		Z_PARAM_STR(related)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(label)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_not_empty(source, 1) || !check_not_empty(related, 2)) {
		RETURN_THROWS();
	}
	array_init(&params);
	add_assoc_str(&params, "sourceRecordId", zend_string_copy(source));
	add_assoc_str(&params, "relatedRecordId", zend_string_copy(related));
	if (label) {
		add_assoc_str(&params, "relationIdLabel", zend_string_copy(label));
	}
	call_for_array(client, "add_related", VTWS_POST, &params, return_value);
}

/* ---- custom operations ---- */

static bool check_operation_name(const zend_string *name)
{
	if (ZSTR_LEN(name) == 0 || ZSTR_LEN(name) > 128) {
		zend_argument_value_error(1, "must be an operation name of 1 to 128 characters");
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(name); i++) {
		char c = ZSTR_VAL(name)[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				c == '_' || c == '.')) {
			zend_argument_value_error(1, "must contain only letters, digits, '_' and '.'");
			return false;
		}
	}
	return true;
}

static bool check_custom_params(HashTable *params)
{
	zend_string *key;

	ZEND_HASH_FOREACH_STR_KEY(params, key) {
		if (!key) {
			zend_argument_value_error(2, "must be an array keyed by parameter name");
			return false;
		}
		if (zend_string_equals_literal(key, "operation") ||
			zend_string_equals_literal(key, "sessionName")) {
			zend_argument_value_error(2, "must not set \"%s\": the client sends it", ZSTR_VAL(key));
			return false;
		}
	}
	ZEND_HASH_FOREACH_END();
	return true;
}

static bool parse_method(const zend_string *method, vtws_http_method *out)
{
	if (zend_string_equals_literal_ci(method, "GET")) {
		*out = VTWS_GET;
	} else if (zend_string_equals_literal_ci(method, "POST")) {
		*out = VTWS_POST;
	} else {
		zend_argument_value_error(3, "must be \"GET\" or \"POST\"");
		return false;
	}
	return true;
}

ZEND_METHOD(Vtws_Client, call)
{
	zend_string *operation, *method_name = NULL;
	HashTable *params = NULL;
	vtws_http_method method = VTWS_POST;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(operation)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_STR(method_name)
	ZEND_PARSE_PARAMETERS_END();
	VTWS_CLIENT_OR_RETURN(client);
	if (!check_operation_name(operation) || (params && !check_custom_params(params)) ||
		(method_name && !parse_method(method_name, &method))) {
		RETURN_THROWS();
	}
	vtws_client_call(client, ZSTR_VAL(operation), method, params, return_value);
}
