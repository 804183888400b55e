/*
 * Vtws\Client bulk helpers: createMany, reviseMany, deleteMany.
 *
 * Every element is validated before anything is sent, so a wrong argument throws and
 * changes nothing. Then up to `concurrency` requests run at once over the client's session
 * pool (see pool.h); each element gets its own outcome and one failure never stops the
 * others. Results keep the keys and the order of the input.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "client.h"
#include "errors.h"
#include "pool.h"

#define VTWS_DEFAULT_CONCURRENCY 4

typedef enum { BULK_CREATE, BULK_REVISE, BULK_DELETE } bulk_kind;

typedef struct {
	bulk_kind kind;
	zend_string *module; /* createMany only */
	uint32_t elements_arg; /* argument numbers, for error messages */
	uint32_t options_arg;
	zend_long concurrency;
	zval *progress; /* borrowed from the options array, or NULL */
} bulk_job;

/* ---- arguments ---- */

static zend_result parse_bulk_options(HashTable *options, bulk_job *job)
{
	zend_string *key;
	zval *value;

	job->concurrency = VTWS_DEFAULT_CONCURRENCY;
	job->progress = NULL;
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		ZVAL_DEREF(value);
		if (key && zend_string_equals_literal(key, "concurrency")) {
			if (Z_TYPE_P(value) != IS_LONG) {
				zend_argument_type_error(job->options_arg,
					"option \"concurrency\" must be of type int, %s given",
					zend_zval_type_name(value));
				return FAILURE;
			}
			if (Z_LVAL_P(value) < 1 || Z_LVAL_P(value) > VTWS_MAX_CONCURRENCY) {
				zend_argument_value_error(job->options_arg,
					"option \"concurrency\" must be between 1 and %d", VTWS_MAX_CONCURRENCY);
				return FAILURE;
			}
			job->concurrency = Z_LVAL_P(value);
		} else if (key && zend_string_equals_literal(key, "progress")) {
			if (Z_TYPE_P(value) == IS_NULL) {
				job->progress = NULL;
			} else if (!zend_is_callable(value, 0, NULL)) {
				zend_argument_type_error(job->options_arg,
					"option \"progress\" must be callable, %s given", zend_zval_type_name(value));
				return FAILURE;
			} else {
				job->progress = value;
			}
		} else {
			zend_argument_value_error(job->options_arg,
				"has an unknown option \"%s\"; known options: concurrency, progress",
				key ? ZSTR_VAL(key) : "(integer key)");
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result check_element(const bulk_job *job, zval *value, zval *key)
{
	zend_string *key_text = zval_get_string(key);
	zend_result rc = SUCCESS;

	ZVAL_DEREF(value);
	if (job->kind == BULK_DELETE) {
		if (Z_TYPE_P(value) != IS_STRING) {
			zend_argument_type_error(job->elements_arg,
				"must contain id strings, %s given at key \"%s\"", zend_zval_type_name(value),
				ZSTR_VAL(key_text));
			rc = FAILURE;
		} else if (Z_STRLEN_P(value) == 0) {
			zend_argument_value_error(job->elements_arg,
				"must not contain an empty id (key \"%s\")", ZSTR_VAL(key_text));
			rc = FAILURE;
		}
	} else if (Z_TYPE_P(value) != IS_ARRAY) {
		zend_argument_type_error(job->elements_arg, "must contain arrays, %s given at key \"%s\"",
			zend_zval_type_name(value), ZSTR_VAL(key_text));
		rc = FAILURE;
	} else if (job->kind == BULK_REVISE) {
		zval *id = zend_hash_str_find_deref(Z_ARRVAL_P(value), "id", 2);
		if (!id || Z_TYPE_P(id) != IS_STRING || Z_STRLEN_P(id) == 0) {
			zend_argument_value_error(job->elements_arg,
				"must contain elements with their \"id\" as a string such as \"12x34\" (key \"%s\")",
				ZSTR_VAL(key_text));
			rc = FAILURE;
		}
	}
	zend_string_release(key_text);
	return rc;
}

/* Appends [key, value] to items after checking the value. */
static zend_result add_item(const bulk_job *job, zval *items, zval *key, zval *value)
{
	zval pair;

	if (Z_TYPE_P(key) != IS_LONG && Z_TYPE_P(key) != IS_STRING) {
		zend_argument_type_error(job->elements_arg, "must have int or string keys, %s given",
			zend_zval_type_name(key));
		return FAILURE;
	}
	if (check_element(job, value, key) == FAILURE) {
		return FAILURE;
	}
	ZVAL_DEREF(value);
	array_init_size(&pair, 2);
	Z_TRY_ADDREF_P(key);
	add_next_index_zval(&pair, key);
	Z_TRY_ADDREF_P(value);
	add_next_index_zval(&pair, value);
	add_next_index_zval(items, &pair);
	return SUCCESS;
}

static zend_result items_of_array(const bulk_job *job, HashTable *input, zval *items)
{
	zend_ulong index;
	zend_string *name;
	zval *value, key;

	ZEND_HASH_FOREACH_KEY_VAL(input, index, name, value) {
		if (name) {
			ZVAL_STR(&key, name);
		} else {
			ZVAL_LONG(&key, (zend_long) index);
		}
		if (add_item(job, items, &key, value) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result items_of_traversable(const bulk_job *job, zval *input, zval *items)
{
	zend_class_entry *ce = Z_OBJCE_P(input);
	zend_object_iterator *iter = ce->get_iterator(ce, input, 0);
	zend_result rc = FAILURE;

	if (!iter || EG(exception)) {
		if (iter) {
			zend_iterator_dtor(iter);
		}
		return FAILURE;
	}
	iter->index = 0;
	if (iter->funcs->rewind) {
		iter->funcs->rewind(iter);
	}
	while (!EG(exception) && iter->funcs->valid(iter) == SUCCESS) {
		zval *value = iter->funcs->get_current_data(iter);
		zval key;
		if (EG(exception) || !value) {
			break;
		}
		if (iter->funcs->get_current_key) {
			iter->funcs->get_current_key(iter, &key);
			if (EG(exception)) {
				break;
			}
		} else {
			ZVAL_LONG(&key, (zend_long) iter->index);
		}
		zend_result added = add_item(job, items, &key, value);
		zval_ptr_dtor(&key);
		if (added == FAILURE) {
			break;
		}
		iter->index++;
		iter->funcs->move_forward(iter);
	}
	rc = EG(exception) ? FAILURE : SUCCESS;
	zend_iterator_dtor(iter);
	return rc;
}

/* ---- calls ---- */

static vtws_call *call_for_item(const bulk_job *job, zval *value, zend_long index)
{
	zval params, element;

	array_init(&params);
	switch (job->kind) {
		case BULK_CREATE:
			add_assoc_str(&params, "elementType", zend_string_copy(job->module));
			ZVAL_ARR(&element, zend_array_dup(Z_ARRVAL_P(value)));
			add_assoc_zval(&params, "element", &element);
			return vtws_call_create("create", VTWS_POST, &params, index);
		case BULK_REVISE:
			ZVAL_ARR(&element, zend_array_dup(Z_ARRVAL_P(value)));
			add_assoc_zval(&params, "element", &element);
			return vtws_call_create("revise", VTWS_POST, &params, index);
		case BULK_DELETE:
		default:
			add_assoc_str(&params, "id", zend_string_copy(Z_STR_P(value)));
			return vtws_call_create("delete", VTWS_POST, &params, index);
	}
}

/* Moves the exception just thrown into an outcome. */
static void take_thrown(zval *error)
{
	ZVAL_OBJ(error, EG(exception));
	GC_ADDREF(EG(exception));
	zend_clear_exception();
}

static void outcome_of(const bulk_job *job, vtws_call *call, zval *outcome)
{
	zval error;

	array_init_size(outcome, 2);
	if (call->exception) {
		add_assoc_bool(outcome, "ok", false);
		ZVAL_OBJ(&error, call->exception);
		call->exception = NULL;
		add_assoc_zval(outcome, "error", &error);
		return;
	}
	if (job->kind != BULK_DELETE && Z_TYPE(call->result) != IS_ARRAY) {
		vtws_error_context ctx = {.operation = call->operation};
		vtws_throw_protocol_error(&ctx, -1, "%s: expected an object as result, got %s",
			call->operation, zend_zval_type_name(&call->result));
		take_thrown(&error);
		add_assoc_bool(outcome, "ok", false);
		add_assoc_zval(outcome, "error", &error);
		return;
	}
	add_assoc_bool(outcome, "ok", true);
	if (job->kind == BULK_DELETE) {
		add_assoc_null(outcome, "result");
	} else {
		add_assoc_zval(outcome, "result", &call->result);
		ZVAL_UNDEF(&call->result);
	}
}

static zend_result report_progress(const bulk_job *job, zend_long done, zend_long total)
{
	zval args[2], ignored;

	if (!job->progress) {
		return SUCCESS;
	}
	ZVAL_LONG(&args[0], done);
	ZVAL_LONG(&args[1], total);
	if (call_user_function(NULL, NULL, job->progress, &ignored, 2, args) == FAILURE) {
		return FAILURE;
	}
	zval_ptr_dtor(&ignored);
	return EG(exception) ? FAILURE : SUCCESS;
}

static zval *item_part(HashTable *items, zend_long index, zend_ulong part)
{
	zval *pair = zend_hash_index_find(items, (zend_ulong) index);
	return zend_hash_index_find(Z_ARRVAL_P(pair), part);
}

/* Takes the finished calls out of the running set and records their outcomes. */
static zend_result harvest(const bulk_job *job, vtws_call **running, HashTable *items,
	HashTable *results, zend_long *done, zend_long total)
{
	for (zend_long i = 0; i < job->concurrency; i++) {
		vtws_call *call = running[i];
		if (!call || !call->done) {
			continue;
		}
		zval outcome;
		outcome_of(job, call, &outcome);
		array_set_zval_key(results, item_part(items, call->tag, 0), &outcome);
		zval_ptr_dtor(&outcome);
		vtws_call_free(call);
		running[i] = NULL;
		(*done)++;
		if (report_progress(job, *done, total) == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

static void run_items(const bulk_job *job, vtws_client *client, HashTable *items, zval *results)
{
	vtws_call *running[VTWS_MAX_CONCURRENCY] = {NULL};
	zend_long total = zend_hash_num_elements(items), next = 0, done = 0;
	vtws_batch batch;
	zval placeholder;

	/* Outcomes land in input order whatever order they finish in. */
	array_init_size(results, (uint32_t) total);
	ZVAL_NULL(&placeholder);
	for (zend_long i = 0; i < total; i++) {
		array_set_zval_key(Z_ARRVAL_P(results), item_part(items, i, 0), &placeholder);
	}
	if (total > 1 && job->concurrency > 1) {
		vtws_session_pool_grow(client, (uint32_t) MIN(job->concurrency, total));
	}
	vtws_batch_init(&batch, client);
	while (done < total) {
		for (zend_long i = 0; i < job->concurrency && next < total; i++) {
			if (!running[i]) {
				running[i] = call_for_item(job, item_part(items, next, 1), next);
				next++;
				vtws_batch_submit(&batch, running[i]);
			}
		}
		vtws_batch_run(&batch, true);
		if (harvest(job, running, items, Z_ARRVAL_P(results), &done, total) == FAILURE) {
			break;
		}
	}
	/* Only after a progress callback threw: what is still running is abandoned. */
	for (zend_long i = 0; i < job->concurrency; i++) {
		if (running[i]) {
			vtws_call_free(running[i]);
		}
	}
	if (EG(exception)) {
		zval_ptr_dtor(results);
		ZVAL_NULL(results);
	}
}

static void bulk(INTERNAL_FUNCTION_PARAMETERS, bulk_job *job, zval *input, HashTable *options)
{
	vtws_client *client = vtws_client_this(ZEND_THIS);
	zval items;

	if (!client || parse_bulk_options(options, job) == FAILURE) {
		RETURN_THROWS();
	}
	array_init(&items);
	zend_result collected = Z_TYPE_P(input) == IS_ARRAY
		? items_of_array(job, Z_ARRVAL_P(input), &items)
		: items_of_traversable(job, input, &items);
	if (collected == FAILURE) {
		zval_ptr_dtor(&items);
		RETURN_THROWS();
	}
	run_items(job, client, Z_ARRVAL(items), return_value);
	zval_ptr_dtor(&items);
}

static bool is_module_name(const zend_string *module)
{
	if (ZSTR_LEN(module) == 0) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(module); i++) {
		char c = ZSTR_VAL(module)[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				c == '_')) {
			return false;
		}
	}
	return true;
}

ZEND_METHOD(Vtws_Client, createMany)
{
	zend_string *module;
	zval *elements;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(module)
		Z_PARAM_ITERABLE(elements)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!is_module_name(module)) {
		zend_argument_value_error(1, "must be a module name such as \"Contacts\"");
		RETURN_THROWS();
	}
	bulk_job job = {.kind = BULK_CREATE, .module = module, .elements_arg = 2, .options_arg = 3};
	bulk(INTERNAL_FUNCTION_PARAM_PASSTHRU, &job, elements, options);
}

ZEND_METHOD(Vtws_Client, reviseMany)
{
	zval *elements;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ITERABLE(elements)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	bulk_job job = {.kind = BULK_REVISE, .elements_arg = 1, .options_arg = 2};
	bulk(INTERNAL_FUNCTION_PARAM_PASSTHRU, &job, elements, options);
}

ZEND_METHOD(Vtws_Client, deleteMany)
{
	zval *ids;
	HashTable *options = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ITERABLE(ids)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	bulk_job job = {.kind = BULK_DELETE, .elements_arg = 1, .options_arg = 2};
	bulk(INTERNAL_FUNCTION_PARAM_PASSTHRU, &job, ids, options);
}
