/*
 * Typed results for Vtws\Client. The conversion itself is src/typed.c; this unit finds the
 * type map of the module a result belongs to and keeps one map per module for the life of
 * the client (clearCache() drops them with the describe results).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "client_typed.h"
#include "typed.h"
#include "vtql.h"

static const HashTable *type_map(vtws_client *client, zend_string *module)
{
	zval *cached, describe, map;

	if (client->type_maps && (cached = zend_hash_find(client->type_maps, module))) {
		return Z_ARRVAL_P(cached);
	}
	if (vtws_client_describe(client, module, &describe) == FAILURE) {
		return NULL;
	}
	ZVAL_ARR(&map, vtws_type_map_from_describe(Z_ARRVAL(describe)));
	zval_ptr_dtor(&describe);
	if (!client->type_maps) {
		client->type_maps = zend_new_array(8);
	}
	zend_hash_update(client->type_maps, module, &map);
	return Z_ARRVAL(map);
}

zend_result vtws_client_type_query_rows(vtws_client *client, const zend_string *statement,
	zval *rows)
{
	vtws_vtql_shape shape;

	if (!client->typed || Z_TYPE_P(rows) != IS_ARRAY) {
		return SUCCESS;
	}
	/* The server already accepted the statement, so a shape we cannot read only means we
	 * cannot type it; the rows stay as Vtiger sent them. */
	if (vtws_vtql_inspect(statement, &shape) == FAILURE) {
		zend_clear_exception();
		return SUCCESS;
	}
	if (shape.is_count || shape.module_len == 0) {
		return SUCCESS;
	}
	zend_string *module = zend_string_init(ZSTR_VAL(statement) + shape.module_start,
		shape.module_len, 0);
	const HashTable *map = type_map(client, module);
	zend_string_release(module);
	if (!map) {
		return FAILURE;
	}
	vtws_type_map_apply_rows(map, rows);
	return SUCCESS;
}

static bool has_prefix(zval *describe, const char *prefix, size_t len)
{
	zval *value = Z_TYPE_P(describe) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(describe), "idPrefix", sizeof("idPrefix") - 1)
		: NULL;
	return value && Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) == len &&
		memcmp(Z_STRVAL_P(value), prefix, len) == 0;
}

static zend_string *cached_module_of(vtws_client *client, const char *prefix, size_t len)
{
	zend_string *name;
	zval *describe;

	if (!client->describe_cache) {
		return NULL;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(client->describe_cache, name, describe) {
		if (name && has_prefix(describe, prefix, len)) {
			return zend_string_copy(name);
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

/* Vtiger's ids carry the module only as a number, so the first record of an unknown prefix
 * costs listtypes and the describes up to the right module; all of them stay cached. */
static zend_string *module_of_id(vtws_client *client, zend_string *id)
{
	const char *x = memchr(ZSTR_VAL(id), 'x', ZSTR_LEN(id));
	size_t len = x ? (size_t) (x - ZSTR_VAL(id)) : 0;
	zend_string *module = len ? cached_module_of(client, ZSTR_VAL(id), len) : NULL;
	zval types;

	if (module || len == 0) {
		return module;
	}
	if (vtws_client_call(client, "listtypes", VTWS_GET, NULL, &types) == FAILURE) {
		return NULL;
	}
	zval *list = Z_TYPE(types) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL(types), "types", 5) : NULL;
	if (list && Z_TYPE_P(list) == IS_ARRAY) {
		zval *name, describe;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(list), name) {
			if (Z_TYPE_P(name) != IS_STRING ||
				vtws_client_describe(client, Z_STR_P(name), &describe) == FAILURE) {
				/* A module the user may list but not describe is not the one we want. */
				zend_clear_exception();
				continue;
			}
			bool found = has_prefix(&describe, ZSTR_VAL(id), len);
			zval_ptr_dtor(&describe);
			if (found) {
				module = zend_string_copy(Z_STR_P(name));
				break;
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	zval_ptr_dtor(&types);
	return module;
}

zend_result vtws_client_type_record(vtws_client *client, zend_string *module, zval *record)
{
	if (!client->typed || Z_TYPE_P(record) != IS_ARRAY) {
		return SUCCESS;
	}
	zend_string *owned = NULL;
	if (!module) {
		zval *id = zend_hash_str_find(Z_ARRVAL_P(record), "id", 2);
		if (!id || Z_TYPE_P(id) != IS_STRING) {
			return SUCCESS;
		}
		owned = module = module_of_id(client, Z_STR_P(id));
		if (!module) {
			return EG(exception) ? FAILURE : SUCCESS;
		}
	}
	const HashTable *map = type_map(client, module);
	if (owned) {
		zend_string_release(owned);
	}
	if (!map) {
		return FAILURE;
	}
	vtws_type_map_apply_row(map, record);
	return SUCCESS;
}

zend_result vtws_client_type_records(vtws_client *client, zend_string *module, zval *records)
{
	zval *record;

	if (!client->typed || Z_TYPE_P(records) != IS_ARRAY) {
		return SUCCESS;
	}
	SEPARATE_ARRAY(records);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(records), record) {
		if (vtws_client_type_record(client, module, record) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

void vtws_client_typed_forget(vtws_client *client)
{
	if (client->type_maps) {
		zend_array_destroy(client->type_maps);
		client->type_maps = NULL;
	}
}
