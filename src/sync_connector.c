/*
 * Vtws\Sync\Connector: loading a definition with its options, the debugging helpers
 * evaluate() and buildRequest(), and Vtws\Sync\Report.
 */
#include "sync_connector.h"
#include "sync_load.h"
#include "sync_request.h"
#include "sync_engine.h"
#include "sync_state.h"
#include "errors.h"
#include "client.h"
#include "php_vtws.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "main/php_streams.h"
#include "ext/standard/php_string.h"
#include "stubs/sync_arginfo.h"

zend_class_entry *vtws_ce_sync_load_exception;
zend_class_entry *vtws_ce_sync_connector;
zend_class_entry *vtws_ce_sync_report;

static zend_object_handlers connector_handlers;
static zend_object_handlers report_handlers;

typedef struct {
	zval data;
	zend_object std;
} vtws_sync_report;

static inline vtws_sync_report *report_from_obj(zend_object *obj)
{
	return (vtws_sync_report *) ((char *) obj - XtOffsetOf(vtws_sync_report, std));
}

/* ---- exceptions --------------------------------------------------------------------- */

void vtws_sync_throw_load(zend_long line, const char *element, const char *format, ...)
{
	va_list args;
	char *message;
	zend_object *ex;

	va_start(args, format);
	vspprintf(&message, 0, format, args);
	va_end(args);
	ex = zend_throw_exception(vtws_ce_sync_load_exception, message, 0);
	efree(message);
	zend_update_property_long(vtws_ce_sync_load_exception, ex, "xmlLine", sizeof("xmlLine") - 1,
		line);
	zend_update_property_string(vtws_ce_sync_load_exception, ex, "element", sizeof("element") - 1,
		element ? element : "");
}

/* ---- objects ------------------------------------------------------------------------ */

static zend_object *connector_create(zend_class_entry *ce)
{
	vtws_sync_connector *c = zend_object_alloc(sizeof(vtws_sync_connector), ce);

	zend_object_std_init(&c->std, ce);
	object_properties_init(&c->std, ce);
	c->std.handlers = &connector_handlers;
	ZVAL_UNDEF(&c->vtiger);
	ZVAL_UNDEF(&c->state);
	ZVAL_UNDEF(&c->progress);
	ZVAL_UNDEF(&c->logger);
	ZVAL_UNDEF(&c->clock);
	array_init(&c->config);
	array_init(&c->memory);
	array_init(&c->limits);
	array_init(&c->warnings);
	c->http.timeout = 30;
	c->http.verify_peer = true;
	c->records_from_months = 1;
	return &c->std;
}

static void connector_free(zend_object *obj)
{
	vtws_sync_connector *c = vtws_sync_connector_from_obj(obj);

	if (c->loaded) {
		sync_model_free(&c->model);
	}
	if (c->name) {
		zend_string_release(c->name);
	}
	if (c->bearer) {
		zend_string_release(c->bearer);
	}
	if (c->http.ca_file) {
		zend_string_release(c->http.ca_file);
	}
	zval_ptr_dtor(&c->vtiger);
	zval_ptr_dtor(&c->config);
	zval_ptr_dtor(&c->state);
	zval_ptr_dtor(&c->memory);
	zval_ptr_dtor(&c->progress);
	zval_ptr_dtor(&c->logger);
	zval_ptr_dtor(&c->clock);
	zval_ptr_dtor(&c->limits);
	zval_ptr_dtor(&c->warnings);
	zend_object_std_dtor(obj);
}

static HashTable *connector_get_gc(zend_object *obj, zval **table, int *n)
{
	vtws_sync_connector *c = vtws_sync_connector_from_obj(obj);
	zend_get_gc_buffer *buffer = zend_get_gc_buffer_create();

	zend_get_gc_buffer_add_zval(buffer, &c->vtiger);
	zend_get_gc_buffer_add_zval(buffer, &c->state);
	zend_get_gc_buffer_add_zval(buffer, &c->progress);
	zend_get_gc_buffer_add_zval(buffer, &c->logger);
	zend_get_gc_buffer_add_zval(buffer, &c->clock);
	zend_get_gc_buffer_use(buffer, table, n);
	return zend_std_get_properties(obj);
}

static zend_object *report_create(zend_class_entry *ce)
{
	vtws_sync_report *r = zend_object_alloc(sizeof(vtws_sync_report), ce);

	zend_object_std_init(&r->std, ce);
	object_properties_init(&r->std, ce);
	r->std.handlers = &report_handlers;
	array_init(&r->data);
	return &r->std;
}

static void report_free(zend_object *obj)
{
	vtws_sync_report *r = report_from_obj(obj);

	zval_ptr_dtor(&r->data);
	zend_object_std_dtor(obj);
}

void vtws_sync_report_create(zval *out, zval *report)
{
	vtws_sync_report *r;

	object_init_ex(out, vtws_ce_sync_report);
	r = report_from_obj(Z_OBJ_P(out));
	zval_ptr_dtor(&r->data);
	ZVAL_COPY_VALUE(&r->data, report);
}

void vtws_sync_minit(void)
{
	vtws_ce_sync_load_exception = register_class_Vtws_Sync_LoadException(spl_ce_RuntimeException,
		vtws_ce_exception);

	vtws_ce_sync_connector = register_class_Vtws_Sync_Connector();
	vtws_ce_sync_connector->create_object = connector_create;
	memcpy(&connector_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	connector_handlers.offset = XtOffsetOf(vtws_sync_connector, std);
	connector_handlers.free_obj = connector_free;
	connector_handlers.get_gc = connector_get_gc;
	connector_handlers.clone_obj = NULL;
	connector_handlers.compare = zend_objects_not_comparable;

	vtws_ce_sync_report = register_class_Vtws_Sync_Report();
	vtws_ce_sync_report->create_object = report_create;
	memcpy(&report_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	report_handlers.offset = XtOffsetOf(vtws_sync_report, std);
	report_handlers.free_obj = report_free;
	report_handlers.clone_obj = NULL;
}

/* ---- logging and time --------------------------------------------------------------- */

void vtws_sync_log(vtws_sync_connector *c, const char *level, zval *context, const char *format,
	...)
{
	va_list args;
	char *message;
	zval argv[3], retval;

	if (Z_ISUNDEF(c->logger) || EG(exception)) {
		return;
	}
	va_start(args, format);
	vspprintf(&message, 0, format, args);
	va_end(args);
	ZVAL_STRING(&argv[0], level);
	ZVAL_STRING(&argv[1], message);
	efree(message);
	if (context) {
		ZVAL_COPY(&argv[2], context);
	} else {
		array_init(&argv[2]);
	}
	ZVAL_UNDEF(&retval);
	if (Z_TYPE(c->logger) == IS_OBJECT && !zend_is_callable(&c->logger, 0, NULL)) {
		zend_string *method = zend_string_init("log", 3, 0);
		zend_call_method_if_exists(Z_OBJ(c->logger), method, &retval, 3, argv);
		zend_string_release(method);
	} else {
		call_user_function(NULL, NULL, &c->logger, &retval, 3, argv);
	}
	zval_ptr_dtor(&retval);
	zval_ptr_dtor(&argv[0]);
	zval_ptr_dtor(&argv[1]);
	zval_ptr_dtor(&argv[2]);
}

zend_long vtws_sync_now(vtws_sync_connector *c)
{
	zval retval;
	zend_long now;

	if (Z_ISUNDEF(c->clock)) {
		return (zend_long) time(NULL);
	}
	if (call_user_function(NULL, NULL, &c->clock, &retval, 0, NULL) == FAILURE ||
		Z_TYPE(retval) != IS_LONG) {
		zval_ptr_dtor(&retval);
		if (!EG(exception)) {
			zend_throw_error(zend_ce_type_error, "the clock option must return an int");
		}
		return 0;
	}
	now = Z_LVAL(retval);
	return now;
}

/* ---- options ------------------------------------------------------------------------ */

#define OPTION_LIST \
	"vtiger, config, state, conflict, budget, cron, progress, logger, clock, strict, name, " \
	"syncRecordsFrom, accessToken, urlencode, timeout, verifyPeer, caFile and " \
	"<MODULE>_<CONNECTOR>_SYNC_RECORDS_LIMIT[_CLI]"

static bool ends_with(const zend_string *s, const char *suffix)
{
	size_t len = strlen(suffix);
	return ZSTR_LEN(s) > len && !memcmp(ZSTR_VAL(s) + ZSTR_LEN(s) - len, suffix, len);
}

static zend_result option_callable(zval *value, const char *name, zval *slot, bool allow_log)
{
	if (zend_is_callable(value, 0, NULL) ||
		(allow_log && Z_TYPE_P(value) == IS_OBJECT &&
			zend_hash_str_exists(&Z_OBJCE_P(value)->function_table, "log", 3))) {
		ZVAL_COPY(slot, value);
		return SUCCESS;
	}
	zend_argument_value_error(2, "option \"%s\" must be callable%s", name,
		allow_log ? " or an object with a log() method" : "");
	return FAILURE;
}

static zend_result option_state(zval *value, zval *slot)
{
	if (Z_TYPE_P(value) != IS_OBJECT ||
		!instanceof_function(Z_OBJCE_P(value), vtws_ce_sync_state)) {
		zend_argument_value_error(2,
			"option \"state\" must be an object implementing Vtws\\Sync\\State, %s given",
			zend_zval_type_name(value));
		return FAILURE;
	}
	ZVAL_COPY(slot, value);
	return SUCCESS;
}

static zend_result option_config(vtws_sync_connector *c, zval *value)
{
	zend_string *key;
	zval *item;

	if (Z_TYPE_P(value) != IS_ARRAY) {
		zend_argument_value_error(2, "option \"config\" must be an array of field => value");
		return FAILURE;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(value), key, item) {
		ZVAL_DEREF(item);
		if (!key || (Z_TYPE_P(item) != IS_NULL && Z_TYPE_P(item) > IS_STRING)) {
			zend_argument_value_error(2,
				"option \"config\" must map field names to strings, numbers or booleans");
			return FAILURE;
		}
		if (Z_TYPE_P(item) != IS_NULL) {
			add_assoc_str_ex(&c->config, ZSTR_VAL(key), ZSTR_LEN(key), zval_get_string(item));
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result option_records_from(vtws_sync_connector *c, zval *value)
{
	if (Z_TYPE_P(value) == IS_STRING) {
		static const struct {
			const char *text;
			zend_long months;
		} choices[] = {{"1 month", 1}, {"3 months", 3}, {"6 months", 6}, {"all", -1}};
		for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
			if (zend_string_equals_cstr(Z_STR_P(value), choices[i].text, strlen(choices[i].text))) {
				c->records_from_months = choices[i].months;
				return SUCCESS;
			}
		}
	}
	zend_argument_value_error(2,
		"option \"syncRecordsFrom\" must be \"1 month\", \"3 months\", \"6 months\" or \"all\"");
	return FAILURE;
}

static zend_result option_bool(zval *value, const char *name, bool *slot)
{
	if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
		zend_argument_value_error(2, "option \"%s\" must be a bool", name);
		return FAILURE;
	}
	*slot = Z_TYPE_P(value) == IS_TRUE;
	return SUCCESS;
}

static zend_result option_string(zval *value, const char *name, zend_string **slot)
{
	if (Z_TYPE_P(value) != IS_STRING) {
		zend_argument_value_error(2, "option \"%s\" must be a string", name);
		return FAILURE;
	}
	if (*slot) {
		zend_string_release(*slot);
	}
	*slot = zend_string_copy(Z_STR_P(value));
	return SUCCESS;
}

static zend_result option_positive(zval *value, const char *name, zend_long *slot)
{
	if (Z_TYPE_P(value) != IS_LONG || Z_LVAL_P(value) < 1) {
		zend_argument_value_error(2, "option \"%s\" must be a positive int", name);
		return FAILURE;
	}
	*slot = Z_LVAL_P(value);
	return SUCCESS;
}

static zend_result apply_option(vtws_sync_connector *c, zend_string *key, zval *value)
{
	const char *k = ZSTR_VAL(key);

	ZVAL_DEREF(value);
	if (!strcmp(k, "vtiger")) {
		if (Z_TYPE_P(value) != IS_OBJECT ||
			!instanceof_function(Z_OBJCE_P(value), vtws_ce_client)) {
			zend_argument_value_error(2, "option \"vtiger\" must be a Vtws\\Client");
			return FAILURE;
		}
		ZVAL_COPY(&c->vtiger, value);
		return SUCCESS;
	}
	if (!strcmp(k, "config")) {
		return option_config(c, value);
	}
	if (!strcmp(k, "state")) {
		return option_state(value, &c->state);
	}
	if (!strcmp(k, "conflict")) {
		if (Z_TYPE_P(value) == IS_STRING) {
			if (zend_string_equals_literal(Z_STR_P(value), "newest")) {
				c->conflict = SYNC_CONFLICT_NEWEST;
				return SUCCESS;
			}
			if (zend_string_equals_literal(Z_STR_P(value), "service")) {
				c->conflict = SYNC_CONFLICT_SERVICE;
				return SUCCESS;
			}
			if (zend_string_equals_literal(Z_STR_P(value), "vtiger")) {
				c->conflict = SYNC_CONFLICT_VTIGER;
				return SUCCESS;
			}
		}
		zend_argument_value_error(2,
			"option \"conflict\" must be \"newest\", \"service\" or \"vtiger\"");
		return FAILURE;
	}
	if (!strcmp(k, "budget")) {
		return option_positive(value, k, &c->budget);
	}
	if (!strcmp(k, "cron")) {
		return option_bool(value, k, &c->cron);
	}
	if (!strcmp(k, "strict")) {
		return option_bool(value, k, &c->strict);
	}
	if (!strcmp(k, "urlencode")) {
		return option_bool(value, k, &c->urlencode);
	}
	if (!strcmp(k, "verifyPeer")) {
		return option_bool(value, k, &c->http.verify_peer);
	}
	if (!strcmp(k, "progress")) {
		return option_callable(value, k, &c->progress, false);
	}
	if (!strcmp(k, "logger")) {
		return option_callable(value, k, &c->logger, true);
	}
	if (!strcmp(k, "clock")) {
		return option_callable(value, k, &c->clock, false);
	}
	if (!strcmp(k, "name")) {
		return option_string(value, k, &c->name);
	}
	if (!strcmp(k, "accessToken")) {
		return option_string(value, k, &c->bearer);
	}
	if (!strcmp(k, "caFile")) {
		return option_string(value, k, &c->http.ca_file);
	}
	if (!strcmp(k, "syncRecordsFrom")) {
		return option_records_from(c, value);
	}
	if (!strcmp(k, "timeout")) {
		if ((Z_TYPE_P(value) != IS_LONG && Z_TYPE_P(value) != IS_DOUBLE) ||
			zval_get_double(value) <= 0) {
			zend_argument_value_error(2, "option \"timeout\" must be a positive number of seconds");
			return FAILURE;
		}
		c->http.timeout = zval_get_double(value);
		return SUCCESS;
	}
	if (ends_with(key, "_SYNC_RECORDS_LIMIT") || ends_with(key, "_SYNC_RECORDS_LIMIT_CLI")) {
		zend_long limit;
		if (option_positive(value, k, &limit) == FAILURE) {
			return FAILURE;
		}
		add_assoc_long_ex(&c->limits, ZSTR_VAL(key), ZSTR_LEN(key), limit);
		return SUCCESS;
	}
	zend_argument_value_error(2, "unknown option \"%s\"; known options: " OPTION_LIST, k);
	return FAILURE;
}

static zend_result apply_options(vtws_sync_connector *c, HashTable *options)
{
	zend_string *key;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (!key) {
			zend_argument_value_error(2, "must have option names as keys");
			return FAILURE;
		}
		if (apply_option(c, key, value) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

/* ---- loading ------------------------------------------------------------------------ */

/* Config values in force: the definition's defaults overlaid with the given values. */
static void effective_config(vtws_sync_connector *c)
{
	zval merged;

	array_init(&merged);
	for (uint32_t i = 0; i < c->model.config_count; i++) {
		const sync_config_field *f = &c->model.config[i];
		if (f->default_value) {
			add_assoc_str_ex(&merged, ZSTR_VAL(f->name), ZSTR_LEN(f->name),
				zend_string_copy(f->default_value));
		}
	}
	zend_hash_merge(Z_ARRVAL(merged), Z_ARRVAL(c->config), zval_add_ref, 1);
	zval_ptr_dtor(&c->config);
	ZVAL_COPY_VALUE(&c->config, &merged);
}

static void load_into(zval *return_value, const char *xml, size_t len, const char *source,
	HashTable *options)
{
	vtws_sync_connector *c;
	sync_load_result result;
	zval *warning;

	object_init_ex(return_value, vtws_ce_sync_connector);
	c = vtws_sync_connector_from_obj(Z_OBJ_P(return_value));
	if (options && apply_options(c, options) == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		return;
	}
	sync_load_result_init(&result);
	result.strict = c->strict;
	result.source = source;
	result.config = Z_ARRVAL(c->config);
	if (sync_load(&c->model, xml, len, &result) == FAILURE) {
		if (result.error_line > 0) {
			vtws_sync_throw_load(result.error_line, result.error_element, "%s%sline %ld%s%s%s: %s",
				source ? source : "", source ? ", " : "", (long) result.error_line,
				result.error_element[0] ? " <" : "", result.error_element,
				result.error_element[0] ? ">" : "", result.error);
		} else {
			vtws_sync_throw_load(0, result.error_element, "%s%s%s", source ? source : "",
				source ? ": " : "", result.error);
		}
		sync_load_result_dtor(&result);
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		return;
	}
	c->loaded = true;
	effective_config(c);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(result.warnings), warning) {
		zval *message = zend_hash_str_find(Z_ARRVAL_P(warning), "message", 7);
		Z_TRY_ADDREF_P(warning);
		add_next_index_zval(&c->warnings, warning);
		vtws_sync_log(c, "warning", warning, "%s", Z_STRVAL_P(message));
	}
	ZEND_HASH_FOREACH_END();
	sync_load_result_dtor(&result);
	if (EG(exception)) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		return;
	}
	if (!c->name) {
		c->name = zend_string_init("connector", sizeof("connector") - 1, 0);
	}
}

PHP_METHOD(Vtws_Sync_Connector, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

PHP_METHOD(Vtws_Sync_Connector, fromString)
{
	zend_string *xml;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(xml)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	load_into(return_value, ZSTR_VAL(xml), ZSTR_LEN(xml), NULL, options);
}

/* Connector name from a file name: base name without extension. */
static zend_string *name_of_path(const zend_string *path)
{
	zend_string *base = php_basename(ZSTR_VAL(path), ZSTR_LEN(path), NULL, 0);
	const char *dot = zend_memrchr(ZSTR_VAL(base), '.', ZSTR_LEN(base));

	if (dot && dot > ZSTR_VAL(base)) {
		zend_string *name = zend_string_init(ZSTR_VAL(base), dot - ZSTR_VAL(base), 0);
		zend_string_release(base);
		return name;
	}
	return base;
}

PHP_METHOD(Vtws_Sync_Connector, fromFile)
{
	zend_string *path, *contents;
	HashTable *options = NULL;
	php_stream *stream;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	stream = php_stream_open_wrapper(ZSTR_VAL(path), "rb", REPORT_ERRORS, NULL);
	if (!stream) {
		if (!EG(exception)) {
			vtws_sync_throw_load(0, "", "%s: the definition cannot be read", ZSTR_VAL(path));
		}
		RETURN_THROWS();
	}
	contents = php_stream_copy_to_mem(stream, PHP_STREAM_COPY_ALL, 0);
	php_stream_close(stream);
	if (!contents) {
		contents = ZSTR_EMPTY_ALLOC();
	}
	load_into(return_value, ZSTR_VAL(contents), ZSTR_LEN(contents), ZSTR_VAL(path), options);
	zend_string_release(contents);
	if (Z_TYPE_P(return_value) == IS_OBJECT) {
		vtws_sync_connector *c = vtws_sync_connector_from_obj(Z_OBJ_P(return_value));
		if (zend_string_equals_literal(c->name, "connector") &&
			!(options && zend_hash_str_exists(options, "name", 4))) {
			zend_string_release(c->name);
			c->name = name_of_path(path);
		}
	}
}

/* ---- evaluate() and buildRequest() -------------------------------------------------- */

static zend_result context_string(zval *value, const char *name, zend_string **slot)
{
	if (Z_TYPE_P(value) != IS_STRING) {
		zend_argument_value_error(2, "context \"%s\" must be a string", name);
		return FAILURE;
	}
	*slot = Z_STR_P(value);
	return SUCCESS;
}

/* Reads a context array into ctx; the strings and arrays stay owned by the array. */
static zend_result read_context(HashTable *context, sync_eval_ctx *ctx, zend_string **mode,
	uint32_t arg)
{
	zend_string *key;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(context, key, value) {
		const char *k = key ? ZSTR_VAL(key) : "";
		ZVAL_DEREF(value);
		if (!strcmp(k, "token") || !strcmp(k, "now")) {
			if (Z_TYPE_P(value) != IS_LONG) {
				zend_argument_value_error(arg, "context \"%s\" must be an int", k);
				return FAILURE;
			}
			*(k[0] == 't' ? &ctx->token : &ctx->now) = Z_LVAL_P(value);
		} else if (!strcmp(k, "syncmodule")) {
			if (context_string(value, k, &ctx->syncmodule) == FAILURE) {
				return FAILURE;
			}
		} else if (!strcmp(k, "recordId")) {
			if (context_string(value, k, &ctx->record_id) == FAILURE) {
				return FAILURE;
			}
		} else if (!strcmp(k, "id")) {
			if (context_string(value, k, &ctx->id) == FAILURE) {
				return FAILURE;
			}
		} else if (!strcmp(k, "mode") && mode) {
			if (context_string(value, k, mode) == FAILURE) {
				return FAILURE;
			}
		} else if (!strcmp(k, "records") || !strcmp(k, "record") || !strcmp(k, "config")) {
			if (Z_TYPE_P(value) != IS_ARRAY) {
				zend_argument_value_error(arg, "context \"%s\" must be an array", k);
				return FAILURE;
			}
			if (k[0] == 'c') {
				ctx->config = Z_ARRVAL_P(value);
			} else if (k[6] == 's') {
				ctx->records = value;
			} else {
				ctx->record = value;
			}
		} else if (!strcmp(k, "response")) {
			ctx->response = value;
		} else {
			zend_argument_value_error(arg,
				"unknown context key \"%s\"; known keys: token, now, syncmodule, records, record, "
				"recordId, id, response, config%s",
				k, mode ? ", mode" : "");
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

PHP_METHOD(Vtws_Sync_Connector, evaluate)
{
	zend_string *expression;
	HashTable *context = NULL;
	sync_eval_ctx ctx = {0};
	sync_expr expr;
	char *error;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(expression)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(context)
	ZEND_PARSE_PARAMETERS_END();

	ctx.now = (zend_long) time(NULL);
	if (context && read_context(context, &ctx, NULL, 2) == FAILURE) {
		RETURN_THROWS();
	}
	if (sync_expr_compile(&expr, ZSTR_VAL(expression), ZSTR_LEN(expression), NULL, SYNC_CTX_ANY,
			&error) == FAILURE) {
		vtws_sync_throw_load(0, "", "%s", error);
		efree(error);
		RETURN_THROWS();
	}
	sync_expr_eval(&expr, &ctx, return_value);
	sync_expr_dtor(&expr);
}

static vtws_sync_connector *connector_this(zval *this_zv)
{
	vtws_sync_connector *c = vtws_sync_connector_from_obj(Z_OBJ_P(this_zv));

	if (!c->loaded) {
		zend_throw_error(NULL, "Vtws\\Sync\\Connector was not loaded");
		return NULL;
	}
	return c;
}

static int mode_of(const zend_string *mode)
{
	static const char *const names[SYNC_MODE_COUNT] = {"create", "update", "delete"};

	for (int i = 0; i < SYNC_MODE_COUNT; i++) {
		if (zend_string_equals_cstr(mode, names[i], strlen(names[i]))) {
			return i;
		}
	}
	return -2;
}

static void request_to_array(sync_http_request *request, zval *out)
{
	array_init(out);
	add_assoc_str(out, "method", zend_string_copy(request->method));
	add_assoc_str(out, "url", zend_string_copy(request->url));
	Z_ADDREF(request->headers);
	add_assoc_zval(out, "headers", &request->headers);
	if (request->body) {
		add_assoc_str(out, "body", zend_string_copy(request->body));
	} else {
		add_assoc_null(out, "body");
	}
}

void vtws_sync_request_env(const vtws_sync_connector *c, sync_request_env *env)
{
	env->model = &c->model;
	env->config = Z_ARRVAL(c->config);
	env->bearer = c->bearer;
	env->urlencode = c->urlencode;
}

PHP_METHOD(Vtws_Sync_Connector, buildRequest)
{
	zend_string *pair_name, *direction, *mode_name = NULL;
	HashTable *context = NULL;
	vtws_sync_connector *c;
	sync_eval_ctx ctx = {0};
	sync_request_env env;
	sync_http_request request;
	const sync_direction *dir = NULL;
	int pair, mode = -1;
	char *error = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(pair_name)
		Z_PARAM_STR(direction)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(context)
	ZEND_PARSE_PARAMETERS_END();

	c = connector_this(ZEND_THIS);
	if (!c) {
		RETURN_THROWS();
	}
	pair = sync_model_find_pair(&c->model, ZSTR_VAL(pair_name), ZSTR_LEN(pair_name));
	if (pair < 0) {
		zend_argument_value_error(1, "must be the vtigermodule of a pair of this connector");
		RETURN_THROWS();
	}
	if (zend_string_equals_literal(direction, "pull")) {
		dir = &c->model.pull;
	} else if (zend_string_equals_literal(direction, "push")) {
		dir = &c->model.push;
	}
	if (!dir) {
		zend_argument_value_error(2, "must be \"pull\" or \"push\"");
		RETURN_THROWS();
	}
	if (!dir->present) {
		zend_argument_value_error(2, "names a direction the definition does not have");
		RETURN_THROWS();
	}
	ctx.now = vtws_sync_now(c);
	if (EG(exception) || (context && read_context(context, &ctx, &mode_name, 3) == FAILURE)) {
		RETURN_THROWS();
	}
	if (mode_name) {
		mode = mode_of(mode_name);
		if (mode < 0 || dir == &c->model.pull) {
			zend_argument_value_error(3,
				"context \"mode\" must be create, update or delete (push only)");
			RETURN_THROWS();
		}
	}
	ctx.config = Z_ARRVAL(c->config);
	ctx.syncmodule = c->model.pairs[pair].servicemodule;
	vtws_sync_request_env(c, &env);
	if (sync_build_request(&env, &c->model.pairs[pair], dir, mode, &ctx, &request, &error) ==
		FAILURE) {
		if (!EG(exception)) {
			vtws_sync_throw_load(0, "", "%s", error);
		}
		if (error) {
			efree(error);
		}
		RETURN_THROWS();
	}
	request_to_array(&request, return_value);
	sync_http_request_dtor(&request);
}

PHP_METHOD(Vtws_Sync_Connector, getWarnings)
{
	vtws_sync_connector *c;

	ZEND_PARSE_PARAMETERS_NONE();
	c = connector_this(ZEND_THIS);
	if (!c) {
		RETURN_THROWS();
	}
	RETURN_COPY(&c->warnings);
}

PHP_METHOD(Vtws_Sync_Connector, getPairs)
{
	vtws_sync_connector *c;

	ZEND_PARSE_PARAMETERS_NONE();
	c = connector_this(ZEND_THIS);
	if (!c) {
		RETURN_THROWS();
	}
	array_init(return_value);
	for (uint32_t i = 0; i < c->model.pair_count; i++) {
		add_next_index_str(return_value,
			zend_string_copy(c->model.pairs[c->model.order[i]].vtigermodule));
	}
}

PHP_METHOD(Vtws_Sync_Connector, getState)
{
	vtws_sync_connector *c;

	ZEND_PARSE_PARAMETERS_NONE();
	c = connector_this(ZEND_THIS);
	if (!c) {
		RETURN_THROWS();
	}
	RETURN_COPY(&c->memory);
}

PHP_METHOD(Vtws_Sync_Connector, run)
{
	HashTable *options = NULL;
	vtws_sync_connector *c;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	c = connector_this(ZEND_THIS);
	if (!c) {
		RETURN_THROWS();
	}
	vtws_sync_run(c, options, return_value);
}

/* ---- Report ------------------------------------------------------------------------- */

PHP_METHOD(Vtws_Sync_Report, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

PHP_METHOD(Vtws_Sync_Report, toArray)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_COPY(&report_from_obj(Z_OBJ_P(ZEND_THIS))->data);
}

PHP_METHOD(Vtws_Sync_Report, isComplete)
{
	zval *pairs, *pair;

	ZEND_PARSE_PARAMETERS_NONE();
	pairs = zend_hash_str_find(Z_ARRVAL(report_from_obj(Z_OBJ_P(ZEND_THIS))->data), "pairs", 5);
	if (!pairs || Z_TYPE_P(pairs) != IS_ARRAY) {
		RETURN_FALSE;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(pairs), pair) {
		zval *direction;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(pair), direction) {
			zval *complete;
			if (Z_TYPE_P(direction) != IS_ARRAY) {
				continue;
			}
			complete = zend_hash_str_find(Z_ARRVAL_P(direction), "complete", 8);
			if (!complete || Z_TYPE_P(complete) != IS_TRUE) {
				RETURN_FALSE;
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	ZEND_HASH_FOREACH_END();
	RETURN_TRUE;
}

PHP_METHOD(Vtws_Sync_Report, getFailures)
{
	zval *pairs, *pair;
	zend_string *pair_name;

	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	pairs = zend_hash_str_find(Z_ARRVAL(report_from_obj(Z_OBJ_P(ZEND_THIS))->data), "pairs", 5);
	if (!pairs || Z_TYPE_P(pairs) != IS_ARRAY) {
		return;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(pairs), pair_name, pair) {
		zend_string *direction_name;
		zval *direction;
		ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(pair), direction_name, direction) {
			zval *failures, *failure;
			if (Z_TYPE_P(direction) != IS_ARRAY) {
				continue;
			}
			failures = zend_hash_str_find(Z_ARRVAL_P(direction), "failures", 8);
			if (!failures || Z_TYPE_P(failures) != IS_ARRAY) {
				continue;
			}
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(failures), failure) {
				zval entry;
				ZVAL_DUP(&entry, failure);
				add_assoc_str(&entry, "pair", zend_string_copy(pair_name));
				add_assoc_str(&entry, "direction", zend_string_copy(direction_name));
				add_next_index_zval(return_value, &entry);
			}
			ZEND_HASH_FOREACH_END();
		}
		ZEND_HASH_FOREACH_END();
	}
	ZEND_HASH_FOREACH_END();
}

/* ---- LoadException ------------------------------------------------------------------ */

PHP_METHOD(Vtws_Sync_LoadException, getXmlLine)
{
	zval *value, rv;

	ZEND_PARSE_PARAMETERS_NONE();
	value = zend_read_property(vtws_ce_sync_load_exception, Z_OBJ_P(ZEND_THIS), "xmlLine",
		sizeof("xmlLine") - 1, 1, &rv);
	RETURN_LONG(zval_get_long(value));
}

PHP_METHOD(Vtws_Sync_LoadException, getElement)
{
	zval *value, rv;

	ZEND_PARSE_PARAMETERS_NONE();
	value = zend_read_property(vtws_ce_sync_load_exception, Z_OBJ_P(ZEND_THIS), "element",
		sizeof("element") - 1, 1, &rv);
	RETURN_STR(zval_get_string(value));
}
