/*
 * Vtws\Synergy\Records: the Record API of one definition (create, get, patch, delete,
 * query, count, authenticate) and Vtws\Synergy\RecordIterator, which streams every page
 * of a query.
 */
#include "synergy.h"
#include "synergy_filter.h"
#include "errors.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"
#include "ext/standard/url.h"

#define PAGE_LIMIT 100

typedef struct {
	zval client;
	zend_string *definition;
	HashTable *types; /* property => x-synergy-type, NULL when unknown */
	zend_object std;
} synergy_records;

static zend_object_handlers records_handlers;
static zend_object_handlers iterator_handlers;

static inline synergy_records *records_from_obj(zend_object *obj)
{
	return (synergy_records *) ((char *) obj - XtOffsetOf(synergy_records, std));
}

static zend_object *records_create_object(zend_class_entry *ce)
{
	synergy_records *records = zend_object_alloc(sizeof(synergy_records), ce);

	zend_object_std_init(&records->std, ce);
	object_properties_init(&records->std, ce);
	records->std.handlers = &records_handlers;
	ZVAL_UNDEF(&records->client);
	return &records->std;
}

static void records_free(zend_object *obj)
{
	synergy_records *records = records_from_obj(obj);

	zval_ptr_dtor(&records->client);
	if (records->definition) {
		zend_string_release(records->definition);
	}
	if (records->types) {
		zend_array_release(records->types);
	}
	zend_object_std_dtor(obj);
}

static HashTable *records_get_gc(zend_object *obj, zval **table, int *n)
{
	synergy_records *records = records_from_obj(obj);

	*table = &records->client;
	*n = 1;
	return NULL;
}

static HashTable *records_get_debug_info(zend_object *obj, int *is_temp)
{
	synergy_records *records = records_from_obj(obj);
	zval info;

	array_init(&info);
	if (records->definition) {
		add_assoc_str(&info, "definition", zend_string_copy(records->definition));
	}
	if (records->types) {
		add_assoc_array(&info, "types", zend_array_dup(records->types));
	}
	*is_temp = 1;
	return Z_ARRVAL(info);
}

void vtws_synergy_records_setup_class(zend_class_entry *ce)
{
	ce->create_object = records_create_object;
	memcpy(&records_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	records_handlers.offset = XtOffsetOf(synergy_records, std);
	records_handlers.free_obj = records_free;
	records_handlers.get_gc = records_get_gc;
	records_handlers.get_debug_info = records_get_debug_info;
	records_handlers.clone_obj = NULL;
	records_handlers.compare = zend_objects_not_comparable;
}

void vtws_synergy_records_create(zval *out, zval *client, zend_string *definition, HashTable *types)
{
	object_init_ex(out, vtws_ce_synergy_records);
	synergy_records *records = records_from_obj(Z_OBJ_P(out));
	ZVAL_COPY(&records->client, client);
	records->definition = zend_string_copy(definition);
	records->types = types;
}

/* The Records behind $this with its client; NULL after throwing. */
static synergy_records *records_this(zval *this_zv, vtws_synergy_client **client)
{
	synergy_records *records = records_from_obj(Z_OBJ_P(this_zv));

	if (Z_TYPE(records->client) != IS_OBJECT) {
		zend_throw_error(NULL, "Vtws\\Synergy\\Records is created by Client::records()");
		return NULL;
	}
	*client = vtws_synergy_client_of(Z_OBJ(records->client));
	return *client ? records : NULL;
}

#define RECORDS_OR_RETURN(records, client) \
	vtws_synergy_client *client; \
	synergy_records *records = records_this(ZEND_THIS, &client); \
	if (!records) { \
		RETURN_THROWS(); \
	}

/* ---- paths and ids ---- */

static zend_string *record_path(const vtws_synergy_client *client, const synergy_records *records,
	const char *tail, const zend_string *id, const char *after)
{
	smart_str path = {0};

	smart_str_appends(&path, "/apis/record.database/v1/accounts");
	vtws_synergy_path_add(&path, ZSTR_VAL(client->account), ZSTR_LEN(client->account));
	vtws_synergy_path_add(&path, ZSTR_VAL(records->definition), ZSTR_LEN(records->definition));
	smart_str_appends(&path, tail);
	if (id) {
		vtws_synergy_path_add(&path, ZSTR_VAL(id), ZSTR_LEN(id));
	}
	if (after) {
		smart_str_appends(&path, after);
	}
	smart_str_0(&path);
	return path.s;
}

/* A record id: a positive integer, given as int or decimal string. NULL after throwing. */
static zend_string *record_id(zend_string *text, zend_long number, uint32_t arg)
{
	if (!text) {
		if (number > 0) {
			return zend_long_to_str(number);
		}
	} else if (ZSTR_LEN(text) > 0 && ZSTR_LEN(text) <= 19 && ZSTR_VAL(text)[0] != '0') {
		bool digits = true;
		for (size_t i = 0; i < ZSTR_LEN(text); i++) {
			digits = digits && ZSTR_VAL(text)[i] >= '0' && ZSTR_VAL(text)[i] <= '9';
		}
		if (digits) {
			return zend_string_copy(text);
		}
	}
	zend_argument_value_error(arg, "must be a positive record id");
	return NULL;
}

static zend_result send_request(vtws_synergy_client *client, const char *operation,
	vtws_http_method method, zend_string *path, const zend_string *query, zval *body,
	bool idempotent, zval *result)
{
	vtws_synergy_request request = {
		.operation = operation,
		.method = method,
		.path = path,
		.query = query,
		.body = body,
		.idempotent = idempotent,
	};
	zend_result rc = vtws_synergy_send(client, &request, result);
	zend_string_release(path);
	if (rc == SUCCESS && method != VTWS_DELETE && Z_TYPE_P(result) != IS_ARRAY) {
		vtws_error_context ctx = {.operation = operation, .http_status = 200};
		vtws_throw_protocol_error(&ctx, -1, "%s: the answer is not a JSON object", operation);
		rc = FAILURE;
	}
	if (rc == FAILURE) {
		zval_ptr_dtor(result);
		ZVAL_NULL(result);
	}
	return rc;
}

/* ---- Records methods ---- */

ZEND_METHOD(Vtws_Synergy_Records, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(Vtws_Synergy_Records, getDefinition)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RECORDS_OR_RETURN(records, client);
	RETURN_STR_COPY(records->definition);
}

ZEND_METHOD(Vtws_Synergy_Records, create)
{
	zval *values;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(values)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	/* Not idempotent: a create sent twice may store two records (unless an update key
	 * makes the second one a 409), so only a 429 is retried. */
	send_request(client, "createRecord", VTWS_POST,
		record_path(client, records, "/records", NULL, NULL), NULL, values, false, return_value);
}

ZEND_METHOD(Vtws_Synergy_Records, get)
{
	zend_string *id_text;
	zend_long id_number = 0;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR_OR_LONG(id_text, id_number)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	zend_string *id_str = record_id(id_text, id_number, 1);
	if (!id_str) {
		RETURN_THROWS();
	}
	send_request(client, "getRecord", VTWS_GET,
		record_path(client, records, "/records", id_str, NULL), NULL, NULL, true, return_value);
	zend_string_release(id_str);
}

/* "fields=a,b" for patch; NULL after throwing. */
static zend_string *fields_query(HashTable *fields)
{
	smart_str list = {0}, query = {0};
	zval *field;

	ZEND_HASH_FOREACH_VAL(fields, field) {
		ZVAL_DEREF(field);
		if (Z_TYPE_P(field) != IS_STRING || Z_STRLEN_P(field) == 0 ||
			memchr(Z_STRVAL_P(field), ',', Z_STRLEN_P(field))) {
			smart_str_free(&list);
			zend_argument_value_error(3, "must be a list of property names");
			return NULL;
		}
		if (list.s) {
			smart_str_appendc(&list, ',');
		}
		smart_str_append(&list, Z_STR_P(field));
	}
	ZEND_HASH_FOREACH_END();
	smart_str_appends(&query, "fields=");
	if (list.s) {
		zend_string *encoded = php_raw_url_encode(ZSTR_VAL(list.s), ZSTR_LEN(list.s));
		smart_str_append(&query, encoded);
		zend_string_release(encoded);
		smart_str_free(&list);
	}
	smart_str_0(&query);
	return query.s;
}

ZEND_METHOD(Vtws_Synergy_Records, patch)
{
	zend_string *id_text;
	zend_long id_number = 0;
	zval *values;
	HashTable *fields = NULL;
	zend_string *query = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR_OR_LONG(id_text, id_number)
		Z_PARAM_ARRAY(values)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT_OR_NULL(fields)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	zend_string *id_str = record_id(id_text, id_number, 1);
	if (!id_str) {
		RETURN_THROWS();
	}
	if (fields && !(query = fields_query(fields))) {
		zend_string_release(id_str);
		RETURN_THROWS();
	}
	send_request(client, "patchRecord", VTWS_PATCH,
		record_path(client, records, "/records", id_str, NULL), query, values, true, return_value);
	zend_string_release(id_str);
	if (query) {
		zend_string_release(query);
	}
}

ZEND_METHOD(Vtws_Synergy_Records, delete)
{
	zend_string *id_text;
	zend_long id_number = 0;
	zval result;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR_OR_LONG(id_text, id_number)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	zend_string *id_str = record_id(id_text, id_number, 1);
	if (!id_str) {
		RETURN_THROWS();
	}
	send_request(client, "deleteRecord", VTWS_DELETE,
		record_path(client, records, "/records", id_str, NULL), NULL, NULL, true, &result);
	zval_ptr_dtor(&result);
	zend_string_release(id_str);
}

ZEND_METHOD(Vtws_Synergy_Records, authenticate)
{
	zend_string *id_text;
	zend_long id_number = 0;
	zval body, result;
	zend_string *property, *password;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR_OR_LONG(id_text, id_number)
		Z_PARAM_STR(property)
		Z_PARAM_STR(password)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	zend_string *id_str = record_id(id_text, id_number, 1);
	if (!id_str) {
		RETURN_THROWS();
	}
	array_init(&body);
	add_assoc_str(&body, "propertyName", zend_string_copy(property));
	add_assoc_str(&body, "value", zend_string_copy(password));
	zend_result rc = send_request(client, "authenticate", VTWS_POST,
		record_path(client, records, "/records", id_str, "/authenticate"), NULL, &body, true,
		&result);
	zval_ptr_dtor(&body);
	zend_string_release(id_str);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	zval *answer = zend_hash_str_find(Z_ARRVAL(result), "result", sizeof("result") - 1);
	if (!answer || Z_TYPE_P(answer) != IS_STRING) {
		vtws_error_context ctx = {.operation = "authenticate", .http_status = 200};
		vtws_throw_protocol_error(&ctx, -1, "authenticate: the answer has no result");
		zval_ptr_dtor(&result);
		RETURN_THROWS();
	}
	RETVAL_STR_COPY(Z_STR_P(answer));
	zval_ptr_dtor(&result);
}

/* ---- query and count ---- */

typedef struct {
	zval filter; /* prepared, UNDEF when empty */
	zval order; /* list, UNDEF when not given */
	zend_long limit; /* 0: not sent */
	zend_long offset;
} query_spec;

static void query_spec_dtor(query_spec *spec)
{
	zval_ptr_dtor(&spec->filter);
	zval_ptr_dtor(&spec->order);
	ZVAL_UNDEF(&spec->filter);
	ZVAL_UNDEF(&spec->order);
}

static zend_result prepare_filter(const synergy_records *records, HashTable *filter,
	query_spec *spec)
{
	ZVAL_UNDEF(&spec->filter);
	ZVAL_UNDEF(&spec->order);
	if (!filter || zend_hash_num_elements(filter) == 0) {
		return SUCCESS;
	}
	return vtws_synergy_filter_prepare(filter, records->types, 1, &spec->filter);
}

static zend_result read_limit(zval *value, const char *name, zend_long min, zend_long max,
	zend_long *out)
{
	if (Z_TYPE_P(value) != IS_LONG) {
		zend_argument_type_error(2, "option \"%s\" must be of type int, %s given", name,
			zend_zval_type_name(value));
		return FAILURE;
	}
	if (Z_LVAL_P(value) < min || Z_LVAL_P(value) > max) {
		zend_argument_value_error(2,
			"option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, name, min, max);
		return FAILURE;
	}
	*out = Z_LVAL_P(value);
	return SUCCESS;
}

/* Options of query() (limit, offset, order) or of queryAll() (page_size, order). */
static zend_result read_query_options(const synergy_records *records, HashTable *options, bool all,
	query_spec *spec)
{
	zend_string *key;
	zval *value;

	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		zend_result rc;
		ZVAL_DEREF(value);
		if (key && zend_string_equals_literal(key, "order")) {
			rc = vtws_synergy_order_check(value, records->types, 2);
			if (rc == SUCCESS) {
				zval_ptr_dtor(&spec->order);
				ZVAL_COPY(&spec->order, value);
			}
		} else if (key && !all && zend_string_equals_literal(key, "limit")) {
			rc = read_limit(value, "limit", 1, PAGE_LIMIT, &spec->limit);
		} else if (key && !all && zend_string_equals_literal(key, "offset")) {
			rc = read_limit(value, "offset", 0, ZEND_LONG_MAX, &spec->offset);
		} else if (key && all && zend_string_equals_literal(key, "page_size")) {
			rc = read_limit(value, "page_size", 1, PAGE_LIMIT, &spec->limit);
		} else {
			zend_argument_value_error(2, "has an unknown option \"%s\"; known options: %s",
				key ? ZSTR_VAL(key) : "(integer key)",
				all ? "order, page_size" : "limit, offset, order");
			rc = FAILURE;
		}
		if (rc == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

/* {filter?, order?, limit?, offset?}; filter: the one to send (UNDEF for none). */
static void query_body(query_spec *spec, zval *filter, zval *body)
{
	array_init(body);
	if (filter && Z_TYPE_P(filter) != IS_UNDEF) {
		Z_TRY_ADDREF_P(filter);
		add_assoc_zval(body, "filter", filter);
	}
	if (Z_TYPE(spec->order) != IS_UNDEF) {
		Z_TRY_ADDREF(spec->order);
		add_assoc_zval(body, "order", &spec->order);
	}
	if (spec->limit > 0) {
		add_assoc_long(body, "limit", spec->limit);
	}
	if (spec->offset > 0) {
		add_assoc_long(body, "offset", spec->offset);
	}
}

static zend_result run_query(vtws_synergy_client *client, const synergy_records *records,
	query_spec *spec, zval *filter, zval *result)
{
	zval body;

	query_body(spec, filter, &body);
	zend_result rc = send_request(client, "queryRecords", VTWS_POST,
		record_path(client, records, "/query", NULL, NULL), NULL, &body, true, result);
	zval_ptr_dtor(&body);
	return rc;
}

ZEND_METHOD(Vtws_Synergy_Records, query)
{
	HashTable *filter = NULL, *options = NULL;
	query_spec spec = {0};

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(filter)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	if (prepare_filter(records, filter, &spec) == FAILURE ||
		read_query_options(records, options, false, &spec) == FAILURE) {
		query_spec_dtor(&spec);
		RETURN_THROWS();
	}
	run_query(client, records, &spec, &spec.filter, return_value);
	query_spec_dtor(&spec);
}

ZEND_METHOD(Vtws_Synergy_Records, count)
{
	HashTable *filter = NULL;
	query_spec spec = {0};
	zval body, result;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(filter)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	if (prepare_filter(records, filter, &spec) == FAILURE) {
		RETURN_THROWS();
	}
	query_body(&spec, &spec.filter, &body);
	zend_result rc = send_request(client, "countRecords", VTWS_POST,
		record_path(client, records, "/count", NULL, NULL), NULL, &body, true, &result);
	zval_ptr_dtor(&body);
	query_spec_dtor(&spec);
	if (rc == FAILURE) {
		RETURN_THROWS();
	}
	zval *count = zend_hash_str_find(Z_ARRVAL(result), "count", sizeof("count") - 1);
	if (!count || Z_TYPE_P(count) != IS_LONG) {
		vtws_error_context ctx = {.operation = "countRecords", .http_status = 200};
		vtws_throw_protocol_error(&ctx, -1, "countRecords: the answer has no integer count");
		zval_ptr_dtor(&result);
		RETURN_THROWS();
	}
	RETVAL_LONG(Z_LVAL_P(count));
	zval_ptr_dtor(&result);
}

/* ---- RecordIterator ---- */

typedef struct {
	zval records; /* the Records object */
	query_spec spec;
	bool keyset; /* page by id_gt rather than by offset */
	/* iteration */
	zval page; /* items of the current page */
	HashPosition pos;
	zend_long key;
	zend_long pages;
	zend_long next_offset;
	zval last_id; /* keyset: id of the last record of the pages so far */
	bool has_more;
	bool started;
	zend_object std;
} synergy_iterator;

static inline synergy_iterator *iterator_from_obj(zend_object *obj)
{
	return (synergy_iterator *) ((char *) obj - XtOffsetOf(synergy_iterator, std));
}

static zend_object *iterator_create_object(zend_class_entry *ce)
{
	synergy_iterator *it = zend_object_alloc(sizeof(synergy_iterator), ce);

	zend_object_std_init(&it->std, ce);
	object_properties_init(&it->std, ce);
	it->std.handlers = &iterator_handlers;
	ZVAL_UNDEF(&it->records);
	ZVAL_UNDEF(&it->spec.filter);
	ZVAL_UNDEF(&it->spec.order);
	ZVAL_UNDEF(&it->page);
	ZVAL_UNDEF(&it->last_id);
	return &it->std;
}

static void iterator_free(zend_object *obj)
{
	synergy_iterator *it = iterator_from_obj(obj);

	zval_ptr_dtor(&it->records);
	query_spec_dtor(&it->spec);
	zval_ptr_dtor(&it->page);
	zval_ptr_dtor(&it->last_id);
	zend_object_std_dtor(obj);
}

static HashTable *iterator_get_gc(zend_object *obj, zval **table, int *n)
{
	synergy_iterator *it = iterator_from_obj(obj);
	zend_get_gc_buffer *buffer = zend_get_gc_buffer_create();

	zend_get_gc_buffer_add_zval(buffer, &it->records);
	zend_get_gc_buffer_add_zval(buffer, &it->spec.filter);
	zend_get_gc_buffer_add_zval(buffer, &it->spec.order);
	zend_get_gc_buffer_add_zval(buffer, &it->page);
	zend_get_gc_buffer_use(buffer, table, n);
	return NULL;
}

void vtws_synergy_record_iterator_setup_class(zend_class_entry *ce)
{
	ce->create_object = iterator_create_object;
	memcpy(&iterator_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	iterator_handlers.offset = XtOffsetOf(synergy_iterator, std);
	iterator_handlers.free_obj = iterator_free;
	iterator_handlers.get_gc = iterator_get_gc;
	iterator_handlers.clone_obj = NULL;
	iterator_handlers.compare = zend_objects_not_comparable;
}

/* Whether pages can follow the id: the order is by id ascending (or none) and the filter
 * leaves room for one more key of its own. */
static bool can_page_by_id(const query_spec *spec)
{
	if (Z_TYPE(spec->order) != IS_UNDEF) {
		HashTable *order = Z_ARRVAL(spec->order);
		zval *first = zend_hash_index_find(order, 0);
		if (zend_hash_num_elements(order) > 1 ||
			(first &&
				!(Z_TYPE_P(first) == IS_STRING &&
					zend_string_equals_literal(Z_STR_P(first), "id_asc")))) {
			return false;
		}
	}
	if (Z_TYPE(spec->filter) == IS_ARRAY) {
		return zend_hash_num_elements(Z_ARRVAL(spec->filter)) < VTWS_SYNERGY_FILTER_MAX_KEYS &&
			!zend_hash_str_exists(Z_ARRVAL(spec->filter), "id_gt", sizeof("id_gt") - 1);
	}
	return true;
}

ZEND_METHOD(Vtws_Synergy_Records, queryAll)
{
	HashTable *filter = NULL, *options = NULL;
	query_spec spec = {0};

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(filter)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();
	RECORDS_OR_RETURN(records, client);
	(void) client;
	spec.limit = PAGE_LIMIT;
	if (prepare_filter(records, filter, &spec) == FAILURE ||
		read_query_options(records, options, true, &spec) == FAILURE) {
		query_spec_dtor(&spec);
		RETURN_THROWS();
	}
	object_init_ex(return_value, vtws_ce_synergy_record_iterator);
	synergy_iterator *it = iterator_from_obj(Z_OBJ_P(return_value));
	ZVAL_COPY(&it->records, ZEND_THIS);
	it->keyset = can_page_by_id(&spec);
	if (it->keyset && Z_TYPE(spec.order) == IS_UNDEF) {
		array_init(&spec.order);
		add_next_index_string(&spec.order, "id_asc");
	}
	it->spec = spec;
}

/* The filter of the next page: the caller's, plus id_gt past the last record seen. */
static void page_filter(synergy_iterator *it, zval *out)
{
	if (!it->keyset || Z_TYPE(it->last_id) == IS_UNDEF) {
		ZVAL_COPY(out, &it->spec.filter);
		return;
	}
	if (Z_TYPE(it->spec.filter) == IS_ARRAY) {
		ZVAL_ARR(out, zend_array_dup(Z_ARRVAL(it->spec.filter)));
	} else {
		array_init(out);
	}
	Z_TRY_ADDREF(it->last_id);
	add_assoc_zval(out, "id_gt", &it->last_id);
}

static bool page_has_more(zval *result)
{
	zval *metadata = zend_hash_str_find(Z_ARRVAL_P(result), "metadata", sizeof("metadata") - 1);
	zval *more = metadata && Z_TYPE_P(metadata) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(metadata), "hasMore", sizeof("hasMore") - 1)
		: NULL;
	return more && Z_TYPE_P(more) == IS_TRUE;
}

/* Remembers where the next page starts. */
static void note_position(synergy_iterator *it)
{
	HashTable *items = Z_ARRVAL(it->page);

	it->next_offset += zend_hash_num_elements(items);
	if (!it->keyset || zend_hash_num_elements(items) == 0) {
		return;
	}
	zval *last = zend_hash_index_find(items, zend_hash_num_elements(items) - 1);
	zval *id = last && Z_TYPE_P(last) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(last), "id", sizeof("id") - 1)
		: NULL;
	zval_ptr_dtor(&it->last_id);
	if (id && (Z_TYPE_P(id) == IS_LONG || Z_TYPE_P(id) == IS_STRING)) {
		ZVAL_COPY(&it->last_id, id);
	} else {
		/* Without ids the pages cannot follow them: stop rather than loop. */
		ZVAL_UNDEF(&it->last_id);
		it->has_more = false;
	}
}

static zend_result fetch_page(synergy_iterator *it)
{
	synergy_records *records = records_from_obj(Z_OBJ(it->records));
	vtws_synergy_client *client = vtws_synergy_client_of(Z_OBJ(records->client));
	zval filter, result;

	if (!client) {
		return FAILURE;
	}
	page_filter(it, &filter);
	it->spec.offset = it->keyset ? 0 : it->next_offset;
	zend_result rc = run_query(client, records, &it->spec, &filter, &result);
	zval_ptr_dtor(&filter);
	it->pages++;
	zval_ptr_dtor(&it->page);
	ZVAL_UNDEF(&it->page);
	it->has_more = false;
	if (rc == FAILURE) {
		return FAILURE;
	}
	zval *items = zend_hash_str_find(Z_ARRVAL(result), "items", sizeof("items") - 1);
	if (items && Z_TYPE_P(items) == IS_ARRAY) {
		ZVAL_COPY(&it->page, items);
	} else {
		array_init(&it->page);
	}
	/* An empty page ends the walk even if the server says more exist. */
	it->has_more = page_has_more(&result) && zend_hash_num_elements(Z_ARRVAL(it->page)) > 0;
	zval_ptr_dtor(&result);
	zend_hash_internal_pointer_reset_ex(Z_ARRVAL(it->page), &it->pos);
	note_position(it);
	return SUCCESS;
}

static synergy_iterator *iterator_this(zval *this_zv)
{
	synergy_iterator *it = iterator_from_obj(Z_OBJ_P(this_zv));

	if (Z_TYPE(it->records) != IS_OBJECT) {
		zend_throw_error(NULL, "Vtws\\Synergy\\RecordIterator is created by Records::queryAll()");
		return NULL;
	}
	return it;
}

#define ITERATOR_OR_RETURN(it) \
	synergy_iterator *it = iterator_this(ZEND_THIS); \
	if (!it) { \
		RETURN_THROWS(); \
	}

static void ensure_started(synergy_iterator *it)
{
	if (!it->started) {
		it->started = true;
		fetch_page(it);
	}
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, rewind)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	/* A second walk asks the server again from the start. */
	it->started = true;
	it->key = 0;
	it->next_offset = 0;
	zval_ptr_dtor(&it->last_id);
	ZVAL_UNDEF(&it->last_id);
	fetch_page(it);
}

static zval *current_item(synergy_iterator *it)
{
	if (Z_TYPE(it->page) != IS_ARRAY) {
		return NULL;
	}
	return zend_hash_get_current_data_ex(Z_ARRVAL(it->page), &it->pos);
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, valid)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	ensure_started(it);
	RETURN_BOOL(current_item(it) != NULL);
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, current)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	ensure_started(it);
	zval *item = current_item(it);
	if (item) {
		RETURN_COPY(item);
	}
	RETURN_NULL();
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, key)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	ensure_started(it);
	if (!current_item(it)) {
		RETURN_NULL();
	}
	RETURN_LONG(it->key);
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, next)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	ensure_started(it);
	if (!current_item(it)) {
		return;
	}
	it->key++;
	zend_hash_move_forward_ex(Z_ARRVAL(it->page), &it->pos);
	if (!current_item(it) && it->has_more) {
		fetch_page(it);
	}
}

ZEND_METHOD(Vtws_Synergy_RecordIterator, getPageCount)
{
	ZEND_PARSE_PARAMETERS_NONE();
	ITERATOR_OR_RETURN(it);
	RETURN_LONG(it->pages);
}
