/*
 * The sync engine. Vtiger is reached through the methods of the Vtws\Client given as the
 * vtiger option (so its own re-login and error handling apply), the service through
 * sync_http.c, and the state through the load()/apply() methods of the state option. The
 * id map is kept in memory for the run (both directions) and every change is handed to the
 * state store as soon as it is made: after each pulled record and each pushed batch.
 */
#include "sync_engine.h"
#include "sync_crypto.h"
#include "errors.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/json/php_json.h"
#include "ext/standard/php_string.h"

#define PAGE_SIZE 100
#define MAX_PULL_RETRIES 3

typedef struct {
	vtws_sync_connector *c;
	sync_request_env env;
	zval doc; /* the state document */
	zval by_vtiger; /* pair => vtiger id => entry */
	zval by_service; /* pair => service id => vtiger id */
	zval references; /* module => field => [referenced modules] */
	zval report;
	zend_long now;
	zend_string *user_id;
	vtws_http http; /* the service connection of the run */
	bool http_open;
} run_ctx;

typedef struct {
	zend_string *code; /* Vtiger error code, NULL for others */
	zend_string *message;
	bool stop; /* the transport failed: stop this direction */
} call_error;

static void call_error_dtor(call_error *e)
{
	if (e->code) {
		zend_string_release(e->code);
	}
	if (e->message) {
		zend_string_release(e->message);
	}
	memset(e, 0, sizeof(*e));
}

/* ---- small array helpers ------------------------------------------------------------ */

/* The array at key inside an array, created when missing or not an array. */
static zval *sub_array(zval *parent, const char *key)
{
	zval *found = zend_symtable_str_find(Z_ARRVAL_P(parent), key, strlen(key));

	if (found) {
		ZVAL_DEREF(found);
	}
	if (!found || Z_TYPE_P(found) != IS_ARRAY) {
		zval empty;
		array_init(&empty);
		found = zend_symtable_str_update(Z_ARRVAL_P(parent), key, strlen(key), &empty);
	}
	SEPARATE_ARRAY(found);
	return found;
}

static zval *sub_array_str(zval *parent, zend_string *key)
{
	return sub_array(parent, ZSTR_VAL(key));
}

static void add_count(zval *report, const char *key, zend_long n)
{
	zval *slot = zend_hash_str_find(Z_ARRVAL_P(report), key, strlen(key));
	if (slot) {
		ZVAL_LONG(slot, zval_get_long(slot) + n);
	}
}

static bool nullable_long(zval *value, zend_long *out)
{
	if (!value || Z_TYPE_P(value) == IS_NULL) {
		return false;
	}
	*out = zval_get_long(value);
	return true;
}

static zend_string *string_of(zval *value)
{
	return Z_TYPE_P(value) == IS_ARRAY ? sync_json_encode(value) : zval_get_string(value);
}

/* ---- state -------------------------------------------------------------------------- */

static zval *dir_state(run_ctx *r, zend_string *pair, const char *dir)
{
	return sub_array(sub_array_str(sub_array(&r->doc, "pairs"), pair), dir);
}

static void index_entry(run_ctx *r, zend_string *pair, zval *entry)
{
	zval *vid = zend_hash_str_find(Z_ARRVAL_P(entry), "vtiger", 6);
	zval *sid = zend_hash_str_find(Z_ARRVAL_P(entry), "service", 7);
	zval *by_v = sub_array_str(&r->by_vtiger, pair);
	zval *by_s = sub_array_str(&r->by_service, pair);
	zval *old;
	zend_string *v, *s;

	if (!vid || !sid) {
		return;
	}
	v = zval_get_string(vid);
	s = zval_get_string(sid);
	/* A put replaces any entry of the pair with the same vtiger or service id. */
	old = zend_symtable_find(Z_ARRVAL_P(by_v), v);
	if (old) {
		zval *old_sid = zend_hash_str_find(Z_ARRVAL_P(old), "service", 7);
		if (old_sid) {
			zend_string *os = zval_get_string(old_sid);
			zend_symtable_del(Z_ARRVAL_P(by_s), os);
			zend_string_release(os);
		}
	}
	old = zend_symtable_find(Z_ARRVAL_P(by_s), s);
	if (old) {
		zend_string *ov = zval_get_string(old);
		zend_symtable_del(Z_ARRVAL_P(by_v), ov);
		zend_string_release(ov);
	}
	Z_TRY_ADDREF_P(entry);
	zend_symtable_update(Z_ARRVAL_P(by_v), v, entry);
	add_assoc_str_ex(by_s, ZSTR_VAL(s), ZSTR_LEN(s), zend_string_copy(v));
	zend_string_release(v);
	zend_string_release(s);
}

static void unindex(run_ctx *r, zend_string *pair, zend_string *vid)
{
	zval *by_v = sub_array_str(&r->by_vtiger, pair);
	zval *entry = zend_symtable_find(Z_ARRVAL_P(by_v), vid);

	if (entry) {
		zval *sid = zend_hash_str_find(Z_ARRVAL_P(entry), "service", 7);
		if (sid) {
			zend_string *s = zval_get_string(sid);
			zend_symtable_del(Z_ARRVAL_P(sub_array_str(&r->by_service, pair)), s);
			zend_string_release(s);
		}
		zend_symtable_del(Z_ARRVAL_P(by_v), vid);
	}
}

static void build_indexes(run_ctx *r)
{
	zval *idmap = zend_hash_str_find(Z_ARRVAL(r->doc), "idmap", 5);
	zend_string *pair;
	zval *entries;

	if (!idmap || Z_TYPE_P(idmap) != IS_ARRAY) {
		return;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(idmap), pair, entries) {
		zval *entry;
		if (!pair || Z_TYPE_P(entries) != IS_ARRAY) {
			continue;
		}
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(entries), entry) {
			if (Z_TYPE_P(entry) == IS_ARRAY) {
				index_entry(r, pair, entry);
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	ZEND_HASH_FOREACH_END();
}

/* Writes the in-memory id map back into the document (lists per pair). */
static void store_idmap(run_ctx *r)
{
	zval idmap;
	zend_string *pair;
	zval *entries;

	array_init(&idmap);
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(r->by_vtiger), pair, entries) {
		zval list, *entry;
		if (!pair || zend_hash_num_elements(Z_ARRVAL_P(entries)) == 0) {
			continue;
		}
		array_init(&list);
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(entries), entry) {
			Z_TRY_ADDREF_P(entry);
			add_next_index_zval(&list, entry);
		}
		ZEND_HASH_FOREACH_END();
		add_assoc_zval_ex(&idmap, ZSTR_VAL(pair), ZSTR_LEN(pair), &list);
	}
	ZEND_HASH_FOREACH_END();
	zend_symtable_str_update(Z_ARRVAL(r->doc), "idmap", 5, &idmap);
}

/* A unit of change: 'pairs' => [pair => [dir => [key => value]]], 'idmap' => [ops]. */
static void change_set(zval *changes, zend_string *pair, const char *dir, const char *key,
	zval *value)
{
	zval *d = sub_array(sub_array_str(sub_array(changes, "pairs"), pair), dir);
	zend_symtable_str_update(Z_ARRVAL_P(d), key, strlen(key), value);
}

static void change_put(zval *changes, zend_string *pair, zend_string *vid, zend_string *sid,
	const zend_long *vtiger_mtime, const zend_long *service_mtime)
{
	zval op;

	array_init(&op);
	add_assoc_string(&op, "op", "put");
	add_assoc_str(&op, "pair", zend_string_copy(pair));
	add_assoc_str(&op, "vtiger", zend_string_copy(vid));
	add_assoc_str(&op, "service", zend_string_copy(sid));
	if (vtiger_mtime) {
		add_assoc_long(&op, "vtigerMtime", *vtiger_mtime);
	} else {
		add_assoc_null(&op, "vtigerMtime");
	}
	if (service_mtime) {
		add_assoc_long(&op, "serviceMtime", *service_mtime);
	} else {
		add_assoc_null(&op, "serviceMtime");
	}
	add_next_index_zval(sub_array(changes, "idmap"), &op);
}

static void change_remove(zval *changes, zend_string *pair, zend_string *vid)
{
	zval op;

	array_init(&op);
	add_assoc_string(&op, "op", "remove");
	add_assoc_str(&op, "pair", zend_string_copy(pair));
	add_assoc_str(&op, "vtiger", zend_string_copy(vid));
	add_next_index_zval(sub_array(changes, "idmap"), &op);
}

/* Hands the changes to the state store, then applies them to the run's copy. */
static zend_result commit(run_ctx *r, zval *changes)
{
	zval *pairs, *ops;

	if (zend_hash_num_elements(Z_ARRVAL_P(changes)) == 0) {
		return SUCCESS;
	}
	if (!Z_ISUNDEF(r->c->state)) {
		zval retval;
		zend_string *method = zend_string_init("apply", 5, 0);
		ZVAL_UNDEF(&retval);
		zend_call_method_if_exists(Z_OBJ(r->c->state), method, &retval, 1, changes);
		zend_string_release(method);
		zval_ptr_dtor(&retval);
		if (EG(exception)) {
			return FAILURE;
		}
	}
	pairs = zend_hash_str_find(Z_ARRVAL_P(changes), "pairs", 5);
	if (pairs) {
		zend_string *pair;
		zval *dirs;
		ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(pairs), pair, dirs) {
			zend_string *dir;
			zval *keys;
			ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(dirs), dir, keys) {
				zval *target = dir_state(r, pair, ZSTR_VAL(dir));
				zend_hash_merge(Z_ARRVAL_P(target), Z_ARRVAL_P(keys), zval_add_ref, 1);
			}
			ZEND_HASH_FOREACH_END();
		}
		ZEND_HASH_FOREACH_END();
	}
	for (const char *key = "connector"; key; key = strcmp(key, "connector") ? NULL : "synctype") {
		zval *value = zend_hash_str_find(Z_ARRVAL_P(changes), key, strlen(key));
		if (value) {
			Z_TRY_ADDREF_P(value);
			zend_hash_str_update(Z_ARRVAL(r->doc), key, strlen(key), value);
		}
	}
	ops = zend_hash_str_find(Z_ARRVAL_P(changes), "idmap", 5);
	if (ops) {
		zval *op;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(ops), op) {
			zval *kind = zend_hash_str_find(Z_ARRVAL_P(op), "op", 2);
			zend_string *p = zval_get_string(zend_hash_str_find(Z_ARRVAL_P(op), "pair", 4));
			if (kind && zend_string_equals_literal(Z_STR_P(kind), "put")) {
				zval entry;
				array_init(&entry);
				zend_hash_copy(Z_ARRVAL(entry), Z_ARRVAL_P(op), zval_add_ref);
				zend_hash_str_del(Z_ARRVAL(entry), "op", 2);
				zend_hash_str_del(Z_ARRVAL(entry), "pair", 4);
				index_entry(r, p, &entry);
				zval_ptr_dtor(&entry);
			} else {
				zend_string *v = zval_get_string(zend_hash_str_find(Z_ARRVAL_P(op), "vtiger", 6));
				unindex(r, p, v);
				zend_string_release(v);
			}
			zend_string_release(p);
		}
		ZEND_HASH_FOREACH_END();
	}
	return SUCCESS;
}

static zend_result commit_and_clear(run_ctx *r, zval *changes)
{
	zend_result result = commit(r, changes);
	zval_ptr_dtor(changes);
	array_init(changes);
	return result;
}

static zval *entry_by_vtiger(run_ctx *r, zend_string *pair, zend_string *vid)
{
	return zend_symtable_find(Z_ARRVAL_P(sub_array_str(&r->by_vtiger, pair)), vid);
}

static zval *entry_by_service(run_ctx *r, zend_string *pair, zend_string *sid)
{
	zval *vid = zend_symtable_find(Z_ARRVAL_P(sub_array_str(&r->by_service, pair)), sid);
	zend_string *v;
	zval *entry;

	if (!vid) {
		return NULL;
	}
	v = zval_get_string(vid);
	entry = entry_by_vtiger(r, pair, v);
	zend_string_release(v);
	return entry;
}

static bool entry_time(zval *entry, const char *key, zend_long *out)
{
	return nullable_long(zend_hash_str_find(Z_ARRVAL_P(entry), key, strlen(key)), out);
}

/* ---- report ------------------------------------------------------------------------- */

static zval *direction_report(run_ctx *r, zend_string *pair, const char *dir)
{
	zval *pairs = sub_array(&r->report, "pairs");
	zval *p = sub_array_str(pairs, pair);
	zval *d = zend_hash_str_find(Z_ARRVAL_P(p), dir, strlen(dir));
	zval fresh, failures;

	if (d) {
		return d;
	}
	array_init(&fresh);
	add_assoc_string(&fresh, "status", "ran");
	add_assoc_long(&fresh, "requests", 0);
	add_assoc_long(&fresh, "created", 0);
	add_assoc_long(&fresh, "updated", 0);
	add_assoc_long(&fresh, "deleted", 0);
	add_assoc_long(&fresh, "skipped", 0);
	array_init(&failures);
	add_assoc_zval(&fresh, "failures", &failures);
	add_assoc_bool(&fresh, "complete", false);
	add_assoc_null(&fresh, "token");
	return zend_hash_str_update(Z_ARRVAL_P(p), dir, strlen(dir), &fresh);
}

static void report_failure(zval *rep, zend_string *id, zend_string *code, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 4, 5);

static void report_failure(zval *rep, zend_string *id, zend_string *code, const char *format, ...)
{
	va_list args;
	char *message;
	zval failure;

	va_start(args, format);
	vspprintf(&message, 0, format, args);
	va_end(args);
	array_init(&failure);
	if (id) {
		add_assoc_str(&failure, "id", zend_string_copy(id));
	} else {
		add_assoc_null(&failure, "id");
	}
	if (code) {
		add_assoc_str(&failure, "code", zend_string_copy(code));
	} else {
		add_assoc_null(&failure, "code");
	}
	add_assoc_string(&failure, "message", message);
	efree(message);
	add_next_index_zval(sub_array(rep, "failures"), &failure);
}

/* Tells the progress callable where the run is: one array argument with pair, direction,
 * event (page or batch), done (records handled so far), total (the budget), requests. */
static void progress(run_ctx *r, zend_string *pair, const char *dir, zval *rep, zend_long budget)
{
	static const char *const counted[] = {"created", "updated", "deleted", "skipped"};
	zval event, retval, *failures;
	zend_long done = 0;

	if (Z_ISUNDEF(r->c->progress) || EG(exception)) {
		return;
	}
	for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++) {
		done += zval_get_long(zend_hash_str_find(Z_ARRVAL_P(rep), counted[i], strlen(counted[i])));
	}
	failures = zend_hash_str_find(Z_ARRVAL_P(rep), "failures", 8);
	done += failures ? zend_hash_num_elements(Z_ARRVAL_P(failures)) : 0;
	array_init(&event);
	add_assoc_str(&event, "pair", zend_string_copy(pair));
	add_assoc_string(&event, "direction", dir);
	add_assoc_string(&event, "event", strcmp(dir, "pull") ? "batch" : "page");
	add_assoc_long(&event, "done", done);
	add_assoc_long(&event, "total", budget);
	add_assoc_long(&event, "requests",
		zval_get_long(zend_hash_str_find(Z_ARRVAL_P(rep), "requests", 8)));
	call_user_function(NULL, NULL, &r->c->progress, &retval, 1, &event);
	zval_ptr_dtor(&retval);
	zval_ptr_dtor(&event);
}

/* ---- Vtiger ------------------------------------------------------------------------- */

static zend_string *exception_message(zend_object *ex)
{
	zval rv;
	zval *message = zend_read_property(ex->ce, ex, "message", sizeof("message") - 1, 1, &rv);
	return zval_get_string(message);
}

/* Calls a method of the client. Vtiger's API errors and transport failures become a
 * call_error; anything else (a bug, a state store failure) stays thrown. */
static zend_result call_vtiger(run_ctx *r, const char *method, zval *retval, uint32_t argc,
	zval *args, call_error *error)
{
	zend_string *name = zend_string_init(method, strlen(method), 0);
	zend_object *ex;

	ZVAL_UNDEF(retval);
	zend_call_method_if_exists(Z_OBJ(r->c->vtiger), name, retval, argc, args);
	zend_string_release(name);
	if (!EG(exception)) {
		return SUCCESS;
	}
	ex = EG(exception);
	if (instanceof_function(ex->ce, vtws_ce_api_exception)) {
		zval rv;
		zval *code = zend_read_property(ex->ce, ex, "vtigerCode", sizeof("vtigerCode") - 1, 1, &rv);
		error->code = zval_get_string(code);
	} else if (!instanceof_function(ex->ce, vtws_ce_exception)) {
		return FAILURE;
	} else {
		error->stop = !instanceof_function(ex->ce, vtws_ce_conflict_exception);
	}
	error->message = exception_message(ex);
	zend_clear_exception();
	zval_ptr_dtor(retval);
	ZVAL_UNDEF(retval);
	return FAILURE;
}

/* field => [modules] of the reference fields of a module, from describe (cached). */
static zval *references_of(run_ctx *r, zend_string *module)
{
	zval *cached = zend_hash_find(Z_ARRVAL(r->references), module);
	zval arg, result, refs;
	call_error error = {0};

	if (cached) {
		return cached;
	}
	array_init(&refs);
	ZVAL_STR_COPY(&arg, module);
	if (call_vtiger(r, "describe", &result, 1, &arg, &error) == SUCCESS) {
		zval *fields = Z_TYPE(result) == IS_ARRAY
			? zend_hash_str_find(Z_ARRVAL(result), "fields", 6)
			: NULL;
		if (fields && Z_TYPE_P(fields) == IS_ARRAY) {
			zval *field;
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(fields), field) {
				zval *name, *type, *refers;
				if (Z_TYPE_P(field) != IS_ARRAY) {
					continue;
				}
				name = zend_hash_str_find(Z_ARRVAL_P(field), "name", 4);
				type = zend_hash_str_find(Z_ARRVAL_P(field), "type", 4);
				refers = type && Z_TYPE_P(type) == IS_ARRAY
					? zend_hash_str_find(Z_ARRVAL_P(type), "refersTo", 8)
					: NULL;
				if (name && Z_TYPE_P(name) == IS_STRING && refers && Z_TYPE_P(refers) == IS_ARRAY) {
					Z_ADDREF_P(refers);
					zend_hash_update(Z_ARRVAL(refs), Z_STR_P(name), refers);
				}
			}
			ZEND_HASH_FOREACH_END();
		}
		zval_ptr_dtor(&result);
	} else if (!EG(exception)) {
		vtws_sync_log(r->c, "warning", NULL,
			"describe %s failed (%s); reference fields are not translated", ZSTR_VAL(module),
			error.message ? ZSTR_VAL(error.message) : "");
	}
	call_error_dtor(&error);
	zval_ptr_dtor(&arg);
	return zend_hash_update(Z_ARRVAL(r->references), module, &refs);
}

/* Translates a reference through the id maps of the pairs of the referenced modules.
 * to_service: Vtiger id -> service id; otherwise service id -> Vtiger id. */
static zend_string *translate(run_ctx *r, zval *modules, zend_string *id, bool to_service)
{
	zval *module;

	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(modules), module) {
		zval *entry;
		if (Z_TYPE_P(module) != IS_STRING ||
			sync_model_find_pair(&r->c->model, Z_STRVAL_P(module), Z_STRLEN_P(module)) < 0) {
			continue;
		}
		entry = to_service ? entry_by_vtiger(r, Z_STR_P(module), id)
						   : entry_by_service(r, Z_STR_P(module), id);
		if (entry) {
			zval *other = zend_hash_str_find(Z_ARRVAL_P(entry), to_service ? "service" : "vtiger",
				to_service ? 7 : 6);
			if (other) {
				return zval_get_string(other);
			}
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_long vtiger_time(run_ctx *r, zval *record)
{
	zval *mtime = Z_TYPE_P(record) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(record), "modifiedtime", 12)
		: NULL;
	zend_long ts = 0;

	if (!mtime || !sync_parse_time(mtime, r->now, &ts)) {
		return 0;
	}
	return ts;
}

/* ---- mapping ------------------------------------------------------------------------ */

static void map_fields_to_vtiger(run_ctx *r, const sync_field *fields, uint32_t count, zval *refs,
	zval *source, zval *element)
{
	for (uint32_t i = 0; i < count; i++) {
		zval *value = sync_path_find(source, fields[i].servicefield);
		zval *modules = refs ? zend_hash_find(Z_ARRVAL_P(refs), fields[i].vtigerfield) : NULL;
		if (!value) {
			continue;
		}
		if (modules && Z_TYPE_P(value) != IS_NULL && Z_TYPE_P(value) != IS_ARRAY) {
			zend_string *sid = zval_get_string(value);
			zend_string *vid = ZSTR_LEN(sid) ? translate(r, modules, sid, false) : NULL;
			add_assoc_str_ex(element, ZSTR_VAL(fields[i].vtigerfield),
				ZSTR_LEN(fields[i].vtigerfield), vid ? vid : ZSTR_EMPTY_ALLOC());
			zend_string_release(sid);
		} else if (Z_TYPE_P(value) == IS_NULL) {
			add_assoc_str_ex(element, ZSTR_VAL(fields[i].vtigerfield),
				ZSTR_LEN(fields[i].vtigerfield), ZSTR_EMPTY_ALLOC());
		} else if (Z_TYPE_P(value) == IS_ARRAY) {
			add_assoc_str_ex(element, ZSTR_VAL(fields[i].vtigerfield),
				ZSTR_LEN(fields[i].vtigerfield), sync_json_encode(value));
		} else {
			Z_TRY_ADDREF_P(value);
			add_assoc_zval_ex(element, ZSTR_VAL(fields[i].vtigerfield),
				ZSTR_LEN(fields[i].vtigerfield), value);
		}
	}
}

/* Line items point at products and services: their pairs' maps translate productid. */
static void line_refs(zval *refs)
{
	zval modules;

	array_init(refs);
	array_init(&modules);
	add_next_index_string(&modules, "Products");
	add_next_index_string(&modules, "Services");
	add_assoc_zval(refs, "productid", &modules);
}

/* Service record -> Vtiger element (mapped fields only). */
static void map_to_vtiger(run_ctx *r, const sync_pair *pair, zval *record, zval *element)
{
	const sync_mapping *m = pair->mapping;
	zval *refs;

	array_init(element);
	if (!m) {
		return;
	}
	refs = references_of(r, pair->vtigermodule);
	map_fields_to_vtiger(r, m->fields, m->field_count, refs, record, element);
	if (m->has_lineitems) {
		zval *items = sync_path_find(record, m->lineitems_service);
		if (items && Z_TYPE_P(items) == IS_ARRAY) {
			zval list, *item, lrefs;
			line_refs(&lrefs);
			array_init(&list);
			ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(items), item) {
				zval line;
				array_init(&line);
				map_fields_to_vtiger(r, m->line_fields, m->line_field_count, &lrefs, item, &line);
				add_next_index_zval(&list, &line);
			}
			ZEND_HASH_FOREACH_END();
			add_assoc_zval(element, "LineItems", &list);
			zval_ptr_dtor(&lrefs);
		}
	}
}

static zend_result map_fields_to_service(run_ctx *r, const sync_field *fields, uint32_t count,
	zval *refs, zval *source, zval *out)
{
	sync_eval_ctx ctx = {0};

	ctx.now = r->now;
	ctx.config = Z_ARRVAL(r->c->config);
	for (uint32_t i = 0; i < count; i++) {
		zval *found = zend_symtable_find(Z_ARRVAL_P(source), fields[i].vtigerfield);
		zval *modules = refs ? zend_hash_find(Z_ARRVAL_P(refs), fields[i].vtigerfield) : NULL;
		zval value;
		if (!found) {
			continue;
		}
		if (modules) {
			zend_string *vid = zval_get_string(found);
			zend_string *sid = ZSTR_LEN(vid) ? translate(r, modules, vid, true) : NULL;
			if (sid) {
				ZVAL_STR(&value, sid);
			} else {
				ZVAL_NULL(&value);
			}
			zend_string_release(vid);
		} else {
			ZVAL_COPY_DEREF(&value, found);
		}
		if (sync_formats_apply(&fields[i].serviceformat, &ctx, &value) == FAILURE) {
			zval_ptr_dtor(&value);
			return FAILURE;
		}
		sync_path_set(out, fields[i].servicefield, &value);
	}
	return SUCCESS;
}

/* The record as retrieve() returns it (UNDEF when that fails: the line items stay empty). */
static void retrieve_full(run_ctx *r, zval *record, zval *full)
{
	zval *id = zend_hash_str_find(Z_ARRVAL_P(record), "id", 2);
	call_error error = {0};
	zval arg;

	ZVAL_UNDEF(full);
	if (!id || Z_TYPE_P(id) != IS_STRING) {
		return;
	}
	ZVAL_COPY(&arg, id);
	if (call_vtiger(r, "retrieve", full, 1, &arg, &error) == FAILURE && !EG(exception)) {
		vtws_sync_log(r->c, "warning", NULL, "retrieve %s for its line items failed: %s",
			Z_STRVAL(arg), error.message ? ZSTR_VAL(error.message) : "");
	}
	if (Z_TYPE_P(full) != IS_ARRAY) {
		zval_ptr_dtor(full);
		ZVAL_UNDEF(full);
	}
	call_error_dtor(&error);
	zval_ptr_dtor(&arg);
}

/* Vtiger's LineItems -> the service's line-item array. */
static zend_result map_line_items(run_ctx *r, const sync_mapping *m, zval *record, zval *out)
{
	zval *items = zend_hash_str_find(Z_ARRVAL_P(record), "LineItems", 9);
	zval list, lrefs;

	if (!items) {
		items = zend_hash_find(Z_ARRVAL_P(record), m->lineitems_vtiger);
	}
	array_init(&list);
	line_refs(&lrefs);
	if (items && Z_TYPE_P(items) == IS_ARRAY) {
		zval *item;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(items), item) {
			zval line;
			array_init(&line);
			if (Z_TYPE_P(item) == IS_ARRAY &&
				map_fields_to_service(r, m->line_fields, m->line_field_count, &lrefs, item,
					&line) == FAILURE) {
				zval_ptr_dtor(&line);
				zval_ptr_dtor(&list);
				zval_ptr_dtor(&lrefs);
				return FAILURE;
			}
			add_next_index_zval(&list, &line);
		}
		ZEND_HASH_FOREACH_END();
	}
	zval_ptr_dtor(&lrefs);
	sync_path_set(out, m->lineitems_service, &list);
	return SUCCESS;
}

/* Vtiger record -> service record (section 6, with serviceformat). */
static zend_result map_to_service(run_ctx *r, const sync_pair *pair, zval *record, zval *out)
{
	const sync_mapping *m = pair->mapping;
	zval *refs;

	array_init(out);
	if (!m || Z_TYPE_P(record) != IS_ARRAY) {
		return SUCCESS;
	}
	refs = references_of(r, pair->vtigermodule);
	if (map_fields_to_service(r, m->fields, m->field_count, refs, record, out) == FAILURE) {
		return FAILURE;
	}
	if (m->has_lineitems) {
		zval full;
		zend_result result;
		ZVAL_UNDEF(&full);
		if (!zend_hash_str_exists(Z_ARRVAL_P(record), "LineItems", 9)) {
			/* sync answers without line items: they come with the full record. */
			retrieve_full(r, record, &full);
		}
		result = map_line_items(r, m, Z_ISUNDEF(full) ? record : &full, out);
		zval_ptr_dtor(&full);
		return result;
	}
	return SUCCESS;
}

/* ---- service exchanges -------------------------------------------------------------- */

static zend_string *excerpt(const zend_string *body)
{
	if (!body || ZSTR_LEN(body) == 0) {
		return zend_string_init("(empty body)", sizeof("(empty body)") - 1, 0);
	}
	return vtws_body_excerpt(ZSTR_VAL(body), ZSTR_LEN(body), NULL);
}

/* The decoded body (null when empty or not JSON). */
static void decode_body(const zend_string *body, zval *out)
{
	ZVAL_NULL(out);
	if (body && ZSTR_LEN(body) > 0) {
		if (php_json_decode_ex(out, ZSTR_VAL(body), ZSTR_LEN(body), PHP_JSON_OBJECT_AS_ARRAY,
				512) == FAILURE) {
			ZVAL_NULL(out);
		}
	}
}

static zend_string *error_text(const sync_direction *dir, const sync_http_response *response,
	zval *decoded)
{
	if (dir->error.kind == SYNC_USE_PATH && Z_TYPE_P(decoded) == IS_ARRAY) {
		zval *message = sync_path_find(decoded, dir->error.path);
		if (message && Z_TYPE_P(message) != IS_NULL) {
			return string_of(message);
		}
	}
	return excerpt(response->body);
}

static zval *use_value(const sync_use *use, zval *root)
{
	switch (use->kind) {
		case SYNC_USE_RESPONSE:
			return root;
		case SYNC_USE_PATH:
			return sync_path_find(root, use->path);
		default:
			return NULL;
	}
}

static void send_request(run_ctx *r, sync_http_request *request, sync_http_response *response,
	zval *rep)
{
	vtws_sync_log(r->c, "debug", NULL, "%s %s", ZSTR_VAL(request->method), ZSTR_VAL(request->url));
	vtws_sync_http_send(r->http_open ? &r->http : NULL, &r->c->http, request, response);
	add_count(rep, "requests", response->attempts);
}

static zend_string *eval_text(const sync_expr *expr, run_ctx *r)
{
	sync_eval_ctx ctx = {0};
	zval value;
	zend_string *text;

	if (!expr) {
		return NULL;
	}
	ctx.config = Z_ARRVAL(r->c->config);
	ctx.now = r->now;
	sync_expr_eval(expr, &ctx, &value);
	text = zval_get_string(&value);
	zval_ptr_dtor(&value);
	return text;
}

/* Decrypts a pull body in place when the response says so. */
static zend_result decrypt_body(run_ctx *r, const sync_direction *dir, sync_http_response *response,
	char **error)
{
	zend_string *algo, *key, *iv, *plain;

	if (!dir->decrypt) {
		return SUCCESS;
	}
	algo = eval_text(dir->algo, r);
	key = eval_text(dir->key, r);
	iv = eval_text(dir->iv, r);
	{
		/* A JSON string body may escape the "/" of Base64 as "\/": decode it first. */
		zval text;
		decode_body(response->body, &text);
		if (Z_TYPE(text) == IS_STRING) {
			plain = sync_decrypt(algo, key, iv, Z_STRVAL(text), Z_STRLEN(text), error);
		} else {
			plain = sync_decrypt(algo, key, iv, ZSTR_VAL(response->body), ZSTR_LEN(response->body),
				error);
		}
		zval_ptr_dtor(&text);
	}
	if (algo) {
		zend_string_release(algo);
	}
	if (key) {
		zend_string_release(key);
	}
	if (iv) {
		zend_string_release(iv);
	}
	if (!plain) {
		return FAILURE;
	}
	zend_string_release(response->body);
	response->body = plain;
	return SUCCESS;
}

/* ---- budgets and tokens ------------------------------------------------------------- */

static zend_long budget_of(run_ctx *r, const sync_pair *pair)
{
	vtws_sync_connector *c = r->c;
	zend_string *key;
	zval *limit;
	char *wanted;
	zend_long budget = c->budget ? c->budget : (c->cron ? 500 : 100);

	spprintf(&wanted, 0, "%s_%s_SYNC_RECORDS_LIMIT%s", ZSTR_VAL(pair->vtigermodule),
		ZSTR_VAL(c->name), c->cron ? "_CLI" : "");
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(c->limits), key, limit) {
		if (key && !strcasecmp(ZSTR_VAL(key), wanted)) {
			budget = Z_LVAL_P(limit);
		}
	}
	ZEND_HASH_FOREACH_END();
	efree(wanted);
	return budget;
}

static zend_long initial_token(run_ctx *r)
{
	char relative[32];
	zend_long ts;

	if (r->c->records_from_months < 0) {
		return 0;
	}
	snprintf(relative, sizeof(relative), "-%ld months", (long) r->c->records_from_months);
	if (!sync_strtotime(relative, strlen(relative), r->now, &ts)) {
		return 0;
	}
	return ts;
}

static zend_long stored_token(run_ctx *r, zval *st)
{
	zend_long token;

	if (nullable_long(zend_hash_str_find(Z_ARRVAL_P(st), "token", 5), &token)) {
		return token;
	}
	return initial_token(r);
}

/* ---- pull --------------------------------------------------------------------------- */

typedef enum {
	APPLIED_CREATED,
	APPLIED_UPDATED,
	APPLIED_DELETED,
	APPLIED_SKIPPED,
	APPLY_FAILED
} apply_result;

static void enrich(run_ctx *r, const sync_pair *pair, zval *record, zend_string *sid, zval *rep)
{
	const sync_direction *dir = &r->c->model.pull;

	for (uint32_t i = 0; i < dir->append_count; i++) {
		const sync_append *a = &dir->appends[i];
		sync_eval_ctx ctx = {0};
		sync_http_request request;
		sync_http_response response;
		char *error = NULL;
		zval extra;

		ctx.config = Z_ARRVAL(r->c->config);
		ctx.now = r->now;
		ctx.syncmodule = pair->servicemodule;
		ctx.id = sid;
		if (sync_build_append(&r->env, pair, a, &ctx, &request, &error) == FAILURE) {
			if (error) {
				efree(error);
			}
			continue;
		}
		send_request(r, &request, &response, rep);
		sync_http_request_dtor(&request);
		if (response.error || response.status < 200 || response.status >= 300) {
			vtws_sync_log(r->c, "warning", NULL, "appendfields request for %s failed: %s",
				ZSTR_VAL(sid), response.error ? response.error : "status not 2xx");
			sync_http_response_dtor(&response);
			continue;
		}
		decode_body(response.body, &extra);
		sync_http_response_dtor(&response);
		for (uint32_t k = 0; k < a->key_count; k++) {
			zval *value = use_value(&a->keys[k].use, &extra);
			zval copy;
			if (!value) {
				continue;
			}
			ZVAL_COPY(&copy, value);
			SEPARATE_ARRAY(record);
			zend_symtable_update(Z_ARRVAL_P(record), a->keys[k].name, &copy);
		}
		zval_ptr_dtor(&extra);
	}
}

static apply_result fail_record(zval *rep, zend_string *sid, call_error *error)
{
	report_failure(rep, sid, error->code, "%s",
		error->message ? ZSTR_VAL(error->message) : "failed");
	call_error_dtor(error);
	return APPLY_FAILED;
}

/* Whether the pulled change must yield to a newer Vtiger change (section 7.4). */
static bool vtiger_wins(run_ctx *r, zval *entry, zend_string *vid, zend_long mtime,
	call_error *error, bool *failed)
{
	zval arg, current;
	zend_long known, now_vtiger;

	*failed = false;
	if (r->c->conflict == SYNC_CONFLICT_SERVICE) {
		return false;
	}
	ZVAL_STR_COPY(&arg, vid);
	if (call_vtiger(r, "retrieve", &current, 1, &arg, error) == FAILURE) {
		zval_ptr_dtor(&arg);
		*failed = true;
		return false;
	}
	zval_ptr_dtor(&arg);
	now_vtiger = vtiger_time(r, &current);
	zval_ptr_dtor(&current);
	if (!entry_time(entry, "vtigerMtime", &known) || now_vtiger <= known) {
		return false; /* unchanged in Vtiger since the last sync: no conflict */
	}
	return r->c->conflict == SYNC_CONFLICT_VTIGER || now_vtiger > mtime;
}

static apply_result apply_pulled(run_ctx *r, const sync_pair *pair, zval *record, zend_string *sid,
	zend_long mtime, bool deleted, zval *changes, zval *rep)
{
	zval *entry = entry_by_service(r, pair->vtigermodule, sid);
	zend_string *vid = NULL;
	call_error error = {0};
	zval element, result, args[2];
	zend_long known, vtiger_mtime;
	zend_result called;

	if (entry) {
		vid = zval_get_string(zend_hash_str_find(Z_ARRVAL_P(entry), "vtiger", 6));
	}
	if (deleted) {
		if (!entry) {
			return APPLIED_SKIPPED;
		}
		ZVAL_STR(&args[0], vid);
		called = call_vtiger(r, "delete", &result, 1, args, &error);
		zval_ptr_dtor(&result);
		if (called == FAILURE && !EG(exception) &&
			!(error.code && zend_string_equals_literal(error.code, "RECORD_NOT_FOUND"))) {
			zval_ptr_dtor(&args[0]);
			return fail_record(rep, sid, &error);
		}
		call_error_dtor(&error);
		change_remove(changes, pair->vtigermodule, vid);
		zval_ptr_dtor(&args[0]);
		return EG(exception) ? APPLY_FAILED : APPLIED_DELETED;
	}
	/* Echo: the service reports back what this runtime pushed. */
	if (entry && entry_time(entry, "serviceMtime", &known) && mtime <= known) {
		zend_string_release(vid);
		return APPLIED_SKIPPED;
	}
	if (entry) {
		bool failed;
		if (vtiger_wins(r, entry, vid, mtime, &error, &failed)) {
			vtws_sync_log(r->c, "info", NULL, "conflict on %s: the Vtiger change wins",
				ZSTR_VAL(vid));
			zend_string_release(vid);
			return APPLIED_SKIPPED;
		}
		if (failed) {
			zend_string_release(vid);
			return EG(exception) ? APPLY_FAILED : fail_record(rep, sid, &error);
		}
	}
	map_to_vtiger(r, pair, record, &element);
	if (EG(exception)) {
		zval_ptr_dtor(&element);
		if (vid) {
			zend_string_release(vid);
		}
		return APPLY_FAILED;
	}
	if (entry) {
		add_assoc_str(&element, "id", zend_string_copy(vid));
		called = call_vtiger(r, "revise", &result, 1, &element, &error);
	} else {
		if (r->user_id) {
			add_assoc_str(&element, "assigned_user_id", zend_string_copy(r->user_id));
		}
		ZVAL_STR_COPY(&args[0], pair->vtigermodule);
		ZVAL_COPY_VALUE(&args[1], &element);
		called = call_vtiger(r, "create", &result, 2, args, &error);
		zval_ptr_dtor(&args[0]);
	}
	zval_ptr_dtor(&element);
	if (called == FAILURE) {
		if (vid) {
			zend_string_release(vid);
		}
		return EG(exception) ? APPLY_FAILED : fail_record(rep, sid, &error);
	}
	vtiger_mtime = vtiger_time(r, &result);
	if (!vid) {
		zval *id = Z_TYPE(result) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL(result), "id", 2)
											  : NULL;
		vid = id ? zval_get_string(id) : ZSTR_EMPTY_ALLOC();
	}
	zval_ptr_dtor(&result);
	change_put(changes, pair->vtigermodule, vid, sid, &vtiger_mtime, &mtime);
	zend_string_release(vid);
	return entry ? APPLIED_UPDATED : APPLIED_CREATED;
}

typedef struct {
	zval *record;
	zend_long mtime;
	bool has_mtime;
	uint32_t position;
} pulled;

static int by_mtime(const void *a, const void *b)
{
	const pulled *x = a, *y = b;

	if (x->mtime != y->mtime) {
		return x->mtime < y->mtime ? -1 : 1;
	}
	return x->position < y->position ? -1 : (x->position > y->position);
}

/* The records of a page, sorted by modified time (stable). */
static pulled *sorted_records(run_ctx *r, const sync_direction *dir, zval *records, uint32_t count)
{
	pulled *list = safe_emalloc(MAX(count, 1), sizeof(pulled), 0);
	zval *record;
	uint32_t n = 0;

	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(records), record) {
		zval *mtime = dir->recordmodifiedtime.kind == SYNC_USE_NOW
			? NULL
			: use_value(&dir->recordmodifiedtime, record);
		list[n].record = record;
		list[n].position = n;
		list[n].mtime = r->now;
		list[n].has_mtime = dir->recordmodifiedtime.kind == SYNC_USE_NOW ||
			(mtime && sync_parse_time(mtime, r->now, &list[n].mtime));
		n++;
	}
	ZEND_HASH_FOREACH_END();
	qsort(list, n, sizeof(pulled), by_mtime);
	return list;
}

static void pull_count(zval *rep, apply_result result)
{
	static const char *const keys[] = {"created", "updated", "deleted", "skipped"};
	if (result != APPLY_FAILED) {
		add_count(rep, keys[result], 1);
	}
}

/* One page: applies its records; returns false when the run must stop (request failure
 * or an exception). *blocked: a record failed and holds the token back. */
static bool pull_page(run_ctx *r, const sync_pair *pair, uint32_t page_size, zend_long *token,
	zval *retries, zval *rep, bool *full_page, bool *advanced)
{
	const sync_direction *dir = &r->c->model.pull;
	sync_eval_ctx ctx = {0};
	sync_http_request request;
	sync_http_response response;
	char *error = NULL;
	zval body, *records, changes;
	pulled *list;
	uint32_t count, page;
	bool blocked = false;
	zend_long start = *token;

	ctx.config = Z_ARRVAL(r->c->config);
	ctx.now = r->now;
	ctx.token = *token;
	ctx.syncmodule = pair->servicemodule;
	if (sync_build_request(&r->env, pair, dir, -1, &ctx, &request, &error) == FAILURE) {
		report_failure(rep, NULL, NULL, "%s", error ? error : "the request could not be built");
		if (error) {
			efree(error);
		}
		return false;
	}
	send_request(r, &request, &response, rep);
	sync_http_request_dtor(&request);
	if (response.error) {
		report_failure(rep, NULL, NULL, "%s", response.error);
		sync_http_response_dtor(&response);
		return false;
	}
	if (!sync_codes_match(&dir->codes, response.status)) {
		zval decoded;
		zend_string *message;
		decode_body(response.body, &decoded);
		message = error_text(dir, &response, &decoded);
		report_failure(rep, NULL, NULL, "HTTP %ld: %s", response.status, ZSTR_VAL(message));
		zend_string_release(message);
		zval_ptr_dtor(&decoded);
		sync_http_response_dtor(&response);
		return false;
	}
	if (decrypt_body(r, dir, &response, &error) == FAILURE) {
		report_failure(rep, NULL, NULL, "%s", error);
		efree(error);
		sync_http_response_dtor(&response);
		return false;
	}
	decode_body(response.body, &body);
	if (Z_TYPE(body) == IS_NULL && response.body && ZSTR_LEN(response.body) > 0) {
		zend_string *quote = excerpt(response.body);
		report_failure(rep, NULL, NULL, "the response is not JSON: %s", ZSTR_VAL(quote));
		zend_string_release(quote);
		sync_http_response_dtor(&response);
		return false;
	}
	sync_http_response_dtor(&response);
	records = use_value(&dir->records, &body);
	if (!records || Z_TYPE_P(records) != IS_ARRAY) {
		/* No record list (or an absent one): an empty page. */
		zval_ptr_dtor(&body);
		*full_page = false;
		*advanced = false;
		return true;
	}
	count = zend_hash_num_elements(Z_ARRVAL_P(records));
	list = sorted_records(r, dir, records, count);
	page = count < page_size ? count : page_size;
	*full_page = count >= page_size;
	array_init(&changes);
	/* cppcheck-suppress knownConditionTrueFalse ; count comes from the hash table at run time */
	for (uint32_t i = 0; i < page && !EG(exception); i++) {
		zval record, *id, *flag, *tries;
		zend_string *sid;
		apply_result result;
		ZVAL_COPY(&record, list[i].record);
		id = use_value(&dir->recordid, &record);
		if (!id || Z_TYPE_P(id) == IS_NULL || Z_TYPE_P(id) == IS_ARRAY || !list[i].has_mtime) {
			report_failure(rep, NULL, NULL, "a record without %s was skipped",
				!list[i].has_mtime ? "a readable modified time" : "an id");
			add_count(rep, "skipped", 1);
			zval_ptr_dtor(&record);
			continue;
		}
		sid = zval_get_string(id);
		enrich(r, pair, &record, sid, rep);
		flag = dir->recorddeleted.kind != SYNC_USE_NONE ? use_value(&dir->recorddeleted, &record)
														: NULL;
		result = apply_pulled(r, pair, &record, sid, list[i].mtime, flag && sync_truthy(flag),
			&changes, rep);
		zval_ptr_dtor(&record);
		tries = zend_symtable_find(Z_ARRVAL_P(retries), sid);
		if (result == APPLY_FAILED && !EG(exception)) {
			zend_long n = (tries ? zval_get_long(tries) : 0) + 1;
			if (n >= MAX_PULL_RETRIES) {
				/* Given up: reported, and the token may pass it. */
				report_failure(rep, sid, NULL, "skipped after %d failed runs", MAX_PULL_RETRIES);
				add_count(rep, "skipped", 1);
				zend_symtable_del(Z_ARRVAL_P(retries), sid);
			} else {
				add_assoc_long_ex(retries, ZSTR_VAL(sid), ZSTR_LEN(sid), n);
				if (!blocked) {
					*token = MAX(*token, list[i].mtime);
				}
				blocked = true;
			}
		} else if (tries) {
			zend_symtable_del(Z_ARRVAL_P(retries), sid);
		}
		pull_count(rep, result);
		zend_string_release(sid);
		if (!blocked) {
			*token = MAX(*token, list[i].mtime);
		}
		if (!EG(exception)) {
			zval v;
			ZVAL_LONG(&v, *token);
			change_set(&changes, pair->vtigermodule, "pull", "token", &v);
			ZVAL_COPY(&v, retries);
			change_set(&changes, pair->vtigermodule, "pull", "retries", &v);
			commit_and_clear(r, &changes);
		}
	}
	zval_ptr_dtor(&changes);
	efree(list);
	zval_ptr_dtor(&body);
	*advanced = *token > start;
	return !EG(exception) && !blocked;
}

static void run_pull(run_ctx *r, const sync_pair *pair)
{
	zval *rep = direction_report(r, pair->vtigermodule, "pull");
	zval *st = dir_state(r, pair->vtigermodule, "pull");
	zval retries, *stored, changes, v;
	zend_long token = stored_token(r, st);
	zend_long budget = budget_of(r, pair);
	bool complete = false;

	stored = zend_hash_str_find(Z_ARRVAL_P(st), "retries", 7);
	if (stored && Z_TYPE_P(stored) == IS_ARRAY) {
		ZVAL_DUP(&retries, stored);
	} else {
		array_init(&retries);
	}
	while (budget > 0) {
		bool full = false, advanced = false;
		/* Pages are of 100 records, or of the whole budget when it is smaller. */
		uint32_t page_size = (uint32_t) MIN(budget, PAGE_SIZE);
		if (!pull_page(r, pair, page_size, &token, &retries, rep, &full, &advanced)) {
			break;
		}
		budget -= page_size;
		progress(r, pair->vtigermodule, "pull", rep, budget_of(r, pair));
		if (!full) {
			complete = true;
			break;
		}
		if (!advanced) {
			/* A full page of one second: move on by a second rather than loop forever. */
			vtws_sync_log(r->c, "warning", NULL,
				"pull of %s stalled: a full page without progress at %ld; token advanced by 1 s",
				ZSTR_VAL(pair->vtigermodule), (long) token);
			token++;
		}
	}
	if (EG(exception)) {
		zval_ptr_dtor(&retries);
		return;
	}
	array_init(&changes);
	ZVAL_LONG(&v, token);
	change_set(&changes, pair->vtigermodule, "pull", "token", &v);
	ZVAL_BOOL(&v, complete);
	change_set(&changes, pair->vtigermodule, "pull", "complete", &v);
	change_set(&changes, pair->vtigermodule, "pull", "retries", &retries);
	commit_and_clear(r, &changes);
	zval_ptr_dtor(&changes);
	add_assoc_bool(rep, "complete", complete);
	add_assoc_long(rep, "token", token);
}

/* ---- push --------------------------------------------------------------------------- */

typedef struct {
	zend_string *vid;
	zend_string *sid; /* NULL for creates */
	zval record; /* the Vtiger record (UNDEF for deletes) */
	zend_long mtime;
} push_item;

typedef struct {
	push_item *items;
	uint32_t count;
} push_list;

static void push_list_add(push_list *list, zend_string *vid, zend_string *sid, zval *record,
	zend_long mtime)
{
	push_item *item;

	list->items = safe_erealloc(list->items, list->count + 1, sizeof(push_item), 0);
	item = &list->items[list->count++];
	item->vid = zend_string_copy(vid);
	item->sid = sid ? zend_string_copy(sid) : NULL;
	if (record) {
		ZVAL_COPY(&item->record, record);
	} else {
		ZVAL_UNDEF(&item->record);
	}
	item->mtime = mtime;
}

static void push_list_free(push_list *list)
{
	for (uint32_t i = 0; i < list->count; i++) {
		zend_string_release(list->items[i].vid);
		if (list->items[i].sid) {
			zend_string_release(list->items[i].sid);
		}
		zval_ptr_dtor(&list->items[i].record);
	}
	if (list->items) {
		efree(list->items);
	}
	memset(list, 0, sizeof(*list));
}

/* The record sent for one item (section 8.2). */
static zend_result build_record(run_ctx *r, const sync_pair *pair, const sync_mode *mode,
	sync_mode_kind kind, push_item *item, zval *base, zval *out)
{
	sync_eval_ctx ctx = {0};
	zend_string *id = item->sid ? item->sid : ZSTR_EMPTY_ALLOC();

	if (Z_ISUNDEF(item->record)) {
		array_init(base);
	} else if (map_to_service(r, pair, &item->record, base) == FAILURE) {
		return FAILURE;
	}
	if (!mode || !mode->has_record) {
		if (kind == SYNC_MODE_DELETE) {
			array_init(out);
			add_assoc_str(out, "id", zend_string_copy(id));
			return SUCCESS;
		}
		ZVAL_DUP(out, base);
		add_assoc_str(out, "id", zend_string_copy(id));
		add_assoc_long(out, "clientversion", 0);
		return SUCCESS;
	}
	if (mode->overwrite) {
		array_init(out);
	} else {
		ZVAL_DUP(out, base);
	}
	ctx.config = Z_ARRVAL(r->c->config);
	ctx.now = r->now;
	ctx.syncmodule = pair->servicemodule;
	ctx.record = base;
	ctx.record_id = id;
	for (uint32_t i = 0; i < mode->property_count; i++) {
		zval value;
		if (sync_expr_eval(&mode->properties[i].value, &ctx, &value) == FAILURE) {
			zval_ptr_dtor(&value);
			return FAILURE;
		}
		sync_path_set(out, mode->properties[i].name, &value);
	}
	return SUCCESS;
}

/* The created/updated records of a response: a list, or one record when batches are of 1. */
static bool answered_records(const sync_direction *dir, zend_long batchlimit, zval *body, zval *out)
{
	zval *found = use_value(&dir->createdrecords, body);

	if (found && Z_TYPE_P(found) == IS_ARRAY && zend_array_is_list(Z_ARRVAL_P(found))) {
		ZVAL_COPY(out, found);
		return true;
	}
	if (batchlimit == 1) {
		zval *single = found && Z_TYPE_P(found) == IS_ARRAY ? found : body;
		if (Z_TYPE_P(single) == IS_ARRAY) {
			array_init(out);
			Z_ADDREF_P(single);
			add_next_index_zval(out, single);
			return true;
		}
	}
	return false;
}

static const char *const mode_names[SYNC_MODE_COUNT] = {"create", "update", "delete"};

/* Sends one batch; returns the number of failed items, or -1 after an exception. */
static int push_batch(run_ctx *r, const sync_pair *pair, sync_mode_kind kind, push_item *items,
	uint32_t count, zval *rep, zend_long batchlimit, zend_long *min_failed)
{
	const sync_direction *dir = &r->c->model.push;
	const sync_mode *mode = dir->request.modes[kind].present ? &dir->request.modes[kind] : NULL;
	sync_eval_ctx ctx = {0};
	sync_http_request request;
	sync_http_response response;
	zval records, bases, body, answered, changes;
	char *error = NULL;
	zend_string *failure = NULL;

	array_init(&records);
	array_init(&bases);
	for (uint32_t i = 0; i < count; i++) {
		zval base, record;
		if (build_record(r, pair, mode, kind, &items[i], &base, &record) == FAILURE) {
			zval_ptr_dtor(&base);
			zval_ptr_dtor(&records);
			zval_ptr_dtor(&bases);
			return -1;
		}
		add_next_index_zval(&records, &record);
		add_next_index_zval(&bases, &base);
	}
	ctx.config = Z_ARRVAL(r->c->config);
	ctx.now = r->now;
	ctx.syncmodule = pair->servicemodule;
	ctx.records = &records;
	if (count == 1) {
		ctx.record = zend_hash_index_find(Z_ARRVAL(bases), 0);
		ctx.record_id = items[0].sid ? items[0].sid : ZSTR_EMPTY_ALLOC();
	}
	if (sync_build_request(&r->env, pair, dir, mode ? (int) kind : -1, &ctx, &request, &error) ==
		FAILURE) {
		failure = zend_string_init(error ? error : "the request could not be built",
			strlen(error ? error : "the request could not be built"), 0);
		if (error) {
			efree(error);
		}
		ZVAL_NULL(&body);
	} else {
		send_request(r, &request, &response, rep);
		sync_http_request_dtor(&request);
		decode_body(response.body, &body);
		if (response.error) {
			failure = zend_string_init(response.error, strlen(response.error), 0);
		} else if (!sync_codes_match(&dir->mode_codes[kind], response.status)) {
			zend_string *text = error_text(dir, &response, &body);
			failure = strpprintf(0, "HTTP %ld: %s", response.status, ZSTR_VAL(text));
			zend_string_release(text);
		}
		sync_http_response_dtor(&response);
	}
	zval_ptr_dtor(&records);
	zval_ptr_dtor(&bases);
	ZVAL_UNDEF(&answered);
	if (!failure && kind == SYNC_MODE_CREATE) {
		if (!answered_records(dir, batchlimit, &body, &answered) ||
			zend_hash_num_elements(Z_ARRVAL(answered)) != count) {
			failure = strpprintf(0, "the create response holds %u records for %u sent",
				Z_ISUNDEF(answered) ? 0 : zend_hash_num_elements(Z_ARRVAL(answered)), count);
		}
	} else if (!failure && kind == SYNC_MODE_UPDATE) {
		if (!answered_records(dir, batchlimit, &body, &answered) ||
			zend_hash_num_elements(Z_ARRVAL(answered)) != count) {
			zval_ptr_dtor(&answered);
			ZVAL_UNDEF(&answered);
		}
	}
	zval_ptr_dtor(&body);
	if (failure) {
		for (uint32_t i = 0; i < count; i++) {
			report_failure(rep, items[i].vid, NULL, "%s", ZSTR_VAL(failure));
			if (!Z_ISUNDEF(items[i].record)) {
				*min_failed = MIN(*min_failed, items[i].mtime);
			} else {
				*min_failed = MIN(*min_failed, 0);
			}
		}
		zend_string_release(failure);
		zval_ptr_dtor(&answered);
		return (int) count;
	}
	array_init(&changes);
	for (uint32_t i = 0; i < count; i++) {
		push_item *item = &items[i];
		zval *one = Z_ISUNDEF(answered) ? NULL : zend_hash_index_find(Z_ARRVAL(answered), i);
		zend_long smtime = 0;
		bool has_smtime = false;
		zend_string *sid = item->sid ? zend_string_copy(item->sid) : NULL;
		if (kind == SYNC_MODE_DELETE) {
			change_remove(&changes, pair->vtigermodule, item->vid);
			add_count(rep, "deleted", 1);
			continue;
		}
		if (one && Z_TYPE_P(one) == IS_ARRAY) {
			zval *id = use_value(&dir->recordid, one);
			zval *mt = dir->recordmodifiedtime.kind == SYNC_USE_NOW
				? NULL
				: use_value(&dir->recordmodifiedtime, one);
			if (kind == SYNC_MODE_CREATE && id && Z_TYPE_P(id) != IS_NULL) {
				sid = zval_get_string(id);
			}
			has_smtime = dir->recordmodifiedtime.kind == SYNC_USE_NOW ||
				(mt && sync_parse_time(mt, r->now, &smtime));
			if (dir->recordmodifiedtime.kind == SYNC_USE_NOW) {
				smtime = r->now;
			}
		}
		if (!sid) {
			report_failure(rep, item->vid, NULL, "the create response gives no id for this record");
			*min_failed = MIN(*min_failed, item->mtime);
			continue;
		}
		if (!has_smtime && kind == SYNC_MODE_UPDATE) {
			zval *entry = entry_by_vtiger(r, pair->vtigermodule, item->vid);
			has_smtime = entry && entry_time(entry, "serviceMtime", &smtime);
		}
		change_put(&changes, pair->vtigermodule, item->vid, sid, &item->mtime,
			has_smtime ? &smtime : NULL);
		add_count(rep, kind == SYNC_MODE_CREATE ? "created" : "updated", 1);
		zend_string_release(sid);
	}
	zval_ptr_dtor(&answered);
	commit_and_clear(r, &changes);
	zval_ptr_dtor(&changes);
	return EG(exception) ? -1 : 0;
}

/* Sends the items of one mode in batches; returns false after an exception. */
static bool push_mode(run_ctx *r, const sync_pair *pair, sync_mode_kind kind, push_list *list,
	zval *rep, zend_long *min_failed, uint32_t *failed)
{
	const sync_request *request = &r->c->model.push.request;
	zend_long limit = request->modes[kind].present ? request->modes[kind].batchlimit : 100;

	if (list->count == 0) {
		return true;
	}
	if (request->has_modes && !request->modes[kind].present) {
		vtws_sync_log(r->c, "warning", NULL, "push of %s: no <%s> mode, %u records not sent",
			ZSTR_VAL(pair->vtigermodule), mode_names[kind], list->count);
		add_count(rep, "skipped", list->count);
		return true;
	}
	for (uint32_t start = 0; start < list->count; start += (uint32_t) limit) {
		uint32_t n = (uint32_t) MIN((zend_long) (list->count - start), limit);
		int result = push_batch(r, pair, kind, list->items + start, n, rep, limit, min_failed);
		if (result < 0) {
			return false;
		}
		*failed += (uint32_t) result;
		progress(r, pair->vtigermodule, "push", rep, budget_of(r, pair));
	}
	return true;
}

/* Sorts one sync answer into deletes, creates and updates. */
static void classify(run_ctx *r, const sync_pair *pair, zval *answer, push_list *lists, zval *rep,
	zend_long *seen)
{
	zval *updated = zend_hash_str_find(Z_ARRVAL_P(answer), "updated", 7);
	zval *deleted = zend_hash_str_find(Z_ARRVAL_P(answer), "deleted", 7);
	zval *item;

	if (deleted && Z_TYPE_P(deleted) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(deleted), item) {
			zend_string *vid = zval_get_string(item);
			zval *entry = entry_by_vtiger(r, pair->vtigermodule, vid);
			(*seen)++;
			if (entry) {
				zend_string *sid = zval_get_string(
					zend_hash_str_find(Z_ARRVAL_P(entry), "service", 7));
				push_list_add(&lists[SYNC_MODE_DELETE], vid, sid, NULL, 0);
				zend_string_release(sid);
			}
			zend_string_release(vid);
		}
		ZEND_HASH_FOREACH_END();
	}
	if (!updated || Z_TYPE_P(updated) != IS_ARRAY) {
		return;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(updated), item) {
		zval *id = Z_TYPE_P(item) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(item), "id", 2)
											  : NULL;
		zend_string *vid;
		zval *entry;
		zend_long mtime = vtiger_time(r, item), known;
		(*seen)++;
		if (!id) {
			continue;
		}
		vid = zval_get_string(id);
		entry = entry_by_vtiger(r, pair->vtigermodule, vid);
		if (entry && entry_time(entry, "vtigerMtime", &known) && mtime <= known) {
			add_count(rep, "skipped", 1); /* written by this runtime: an echo */
		} else if (entry) {
			zend_string *sid = zval_get_string(zend_hash_str_find(Z_ARRVAL_P(entry), "service", 7));
			push_list_add(&lists[SYNC_MODE_UPDATE], vid, sid, item, mtime);
			zend_string_release(sid);
		} else {
			push_list_add(&lists[SYNC_MODE_CREATE], vid, NULL, item, mtime);
		}
		zend_string_release(vid);
	}
	ZEND_HASH_FOREACH_END();
}

static void run_push(run_ctx *r, const sync_pair *pair)
{
	zval *rep = direction_report(r, pair->vtigermodule, "push");
	zval *st = dir_state(r, pair->vtigermodule, "push");
	zend_long token = stored_token(r, st);
	zend_long budget = budget_of(r, pair);
	bool more = true, stopped = false;
	zval failed_ids, changes, v;
	uint32_t failed = 0;

	array_init(&failed_ids);
	while (budget > 0 && more && !stopped) {
		zval args[2], answer;
		call_error error = {0};
		push_list lists[SYNC_MODE_COUNT] = {{0}};
		zend_long seen = 0, min_failed = ZEND_LONG_MAX, last;
		static const sync_mode_kind order[] = {SYNC_MODE_DELETE, SYNC_MODE_CREATE,
			SYNC_MODE_UPDATE};
		uint32_t failed_before = failed;

		/* Vtiger's sync treats 0 as a missing modifiedTime. */
		ZVAL_LONG(&args[0], MAX(token, 1));
		ZVAL_STR_COPY(&args[1], pair->vtigermodule);
		if (call_vtiger(r, "sync", &answer, 2, args, &error) == FAILURE) {
			zval_ptr_dtor(&args[1]);
			if (!EG(exception)) {
				report_failure(rep, NULL, error.code, "sync: %s",
					error.message ? ZSTR_VAL(error.message) : "failed");
				call_error_dtor(&error);
			}
			stopped = true;
			break;
		}
		zval_ptr_dtor(&args[1]);
		if (Z_TYPE(answer) != IS_ARRAY) {
			zval_ptr_dtor(&answer);
			report_failure(rep, NULL, NULL, "sync answered no array");
			stopped = true;
			break;
		}
		classify(r, pair, &answer, lists, rep, &seen);
		more = zend_is_true(
			zend_hash_str_find(Z_ARRVAL(answer), "more", 4) ?: &EG(uninitialized_zval));
		last = zval_get_long(zend_hash_str_find(Z_ARRVAL(answer), "lastModifiedTime", 16)
				?: &EG(uninitialized_zval));
		zval_ptr_dtor(&answer);
		for (int i = 0; i < SYNC_MODE_COUNT && !stopped; i++) {
			if (!push_mode(r, pair, order[i], &lists[order[i]], rep, &min_failed, &failed)) {
				stopped = true;
			}
		}
		for (int i = 0; i < SYNC_MODE_COUNT; i++) {
			push_list_free(&lists[i]);
		}
		if (stopped) {
			break;
		}
		budget -= MAX(seen, 1);
		/* Vtiger's sync reads strictly after the given time, so a record saved later in the
		 * second of the last answer would never be read: the last answer leaves the token one
		 * second back, and the next run reads that second again (what was pushed is skipped as
		 * an echo). Earlier answers keep it, as Vtiger never splits a second across answers. */
		if (!more && last > 0) {
			last--;
		}
		/* The token passes only what every record below it achieved (section 8.4). */
		if (failed == failed_before) {
			token = MAX(token, last);
		} else {
			token = MAX(token, MIN(last, min_failed - 1));
			stopped = true;
		}
		array_init(&changes);
		ZVAL_LONG(&v, token);
		change_set(&changes, pair->vtigermodule, "push", "token", &v);
		commit_and_clear(r, &changes);
		zval_ptr_dtor(&changes);
		if (EG(exception)) {
			stopped = true;
		}
	}
	if (EG(exception)) {
		zval_ptr_dtor(&failed_ids);
		return;
	}
	{
		zval *failures = zend_hash_str_find(Z_ARRVAL_P(rep), "failures", 8), *f;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(failures), f) {
			zval *id = zend_hash_str_find(Z_ARRVAL_P(f), "id", 2);
			if (id && Z_TYPE_P(id) == IS_STRING) {
				Z_ADDREF_P(id);
				add_next_index_zval(&failed_ids, id);
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	array_init(&changes);
	ZVAL_LONG(&v, token);
	change_set(&changes, pair->vtigermodule, "push", "token", &v);
	ZVAL_BOOL(&v, !more && !stopped && failed == 0);
	change_set(&changes, pair->vtigermodule, "push", "complete", &v);
	change_set(&changes, pair->vtigermodule, "push", "failed", &failed_ids);
	commit_and_clear(r, &changes);
	zval_ptr_dtor(&changes);
	add_assoc_bool(rep, "complete", !more && !stopped && failed == 0);
	add_assoc_long(rep, "token", token);
}

/* ---- the run ------------------------------------------------------------------------ */

static bool direction_done(run_ctx *r, const sync_pair *pair, const char *dir, bool present)
{
	zval *st, *complete;

	if (!present) {
		return true;
	}
	st = dir_state(r, pair->vtigermodule, dir);
	complete = zend_hash_str_find(Z_ARRVAL_P(st), "complete", 8);
	return complete && Z_TYPE_P(complete) == IS_TRUE;
}

static bool dependencies_done(run_ctx *r, const sync_pair *pair)
{
	const sync_model *model = &r->c->model;

	for (uint32_t d = 0; d < pair->dep_count; d++) {
		const sync_pair *dep = &model->pairs[pair->deps[d]];
		if (!direction_done(r, dep, "pull", model->pull.present) ||
			!direction_done(r, dep, "push", model->push.present)) {
			return false;
		}
	}
	return true;
}

static zend_result load_state(run_ctx *r)
{
	vtws_sync_connector *c = r->c;
	zval *stored;

	if (Z_ISUNDEF(c->state)) {
		ZVAL_DUP(&r->doc, &c->memory);
	} else {
		zend_string *method = zend_string_init("load", 4, 0);
		ZVAL_UNDEF(&r->doc);
		zend_call_method_if_exists(Z_OBJ(c->state), method, &r->doc, 0, NULL);
		zend_string_release(method);
		if (EG(exception)) {
			return FAILURE;
		}
		if (Z_TYPE(r->doc) != IS_ARRAY) {
			zend_type_error("Vtws\\Sync\\State::load() must return an array");
			return FAILURE;
		}
		SEPARATE_ARRAY(&r->doc);
	}
	stored = zend_hash_str_find(Z_ARRVAL(r->doc), "synctype", 8);
	if (stored && Z_TYPE_P(stored) == IS_STRING &&
		!zend_string_equals(Z_STR_P(stored), c->model.synctype)) {
		vtws_sync_throw_load(0, "synctype",
			"the stored state was synced with synctype \"%s\"; it cannot change to \"%s\"",
			Z_STRVAL_P(stored), ZSTR_VAL(c->model.synctype));
		return FAILURE;
	}
	build_indexes(r);
	if (!stored) {
		zval changes;
		array_init(&changes);
		add_assoc_str(&changes, "connector", zend_string_copy(c->name));
		add_assoc_str(&changes, "synctype", zend_string_copy(c->model.synctype));
		commit_and_clear(r, &changes);
		zval_ptr_dtor(&changes);
	}
	return EG(exception) ? FAILURE : SUCCESS;
}

static zend_result read_run_options(vtws_sync_connector *c, HashTable *options, int *only_pair,
	bool *pull, bool *push)
{
	zend_string *key;
	zval *value;

	*only_pair = -1;
	*pull = *push = true;
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (key && Z_TYPE_P(value) == IS_NULL &&
			(zend_string_equals_literal(key, "pair") ||
				zend_string_equals_literal(key, "direction"))) {
			continue; /* null: not given */
		}
		if (key && zend_string_equals_literal(key, "pair") && Z_TYPE_P(value) == IS_STRING) {
			*only_pair = sync_model_find_pair(&c->model, Z_STRVAL_P(value), Z_STRLEN_P(value));
			if (*only_pair < 0) {
				zend_argument_value_error(1, "option \"pair\" must name a paired vtigermodule");
				return FAILURE;
			}
		} else if (key && zend_string_equals_literal(key, "direction") &&
			Z_TYPE_P(value) == IS_STRING &&
			(zend_string_equals_literal(Z_STR_P(value), "pull") ||
				zend_string_equals_literal(Z_STR_P(value), "push") ||
				zend_string_equals_literal(Z_STR_P(value), "both"))) {
			*pull = !zend_string_equals_literal(Z_STR_P(value), "push");
			*push = !zend_string_equals_literal(Z_STR_P(value), "pull");
		} else {
			zend_argument_value_error(1,
				"known options are pair (a vtigermodule) and direction (pull, push or both)");
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static void run_pairs(run_ctx *r, int only_pair, bool pull, bool push)
{
	const sync_model *model = &r->c->model;

	for (uint32_t i = 0; i < model->pair_count && !EG(exception); i++) {
		const sync_pair *pair = &model->pairs[model->order[i]];
		if (only_pair >= 0 && (uint32_t) only_pair != model->order[i]) {
			continue;
		}
		if (!dependencies_done(r, pair)) {
			for (int d = 0; d < 2; d++) {
				bool wanted = d == 0 ? pull && model->pull.present : push && model->push.present;
				if (wanted) {
					zval *rep = direction_report(r, pair->vtigermodule, d == 0 ? "pull" : "push");
					add_assoc_string(rep, "status", "waiting for dependencies");
				}
			}
			vtws_sync_log(r->c, "info", NULL, "%s waits for its dependencies",
				ZSTR_VAL(pair->vtigermodule));
			continue;
		}
		if (pull && model->pull.present) {
			run_pull(r, pair);
		}
		if (push && model->push.present && !EG(exception)) {
			run_push(r, pair);
		}
	}
}

void vtws_sync_run(vtws_sync_connector *c, HashTable *options, zval *return_value)
{
	run_ctx r;
	int only_pair;
	bool pull, push;
	zval user;
	call_error error = {0};

	if (read_run_options(c, options, &only_pair, &pull, &push) == FAILURE) {
		return;
	}
	if (Z_ISUNDEF(c->vtiger)) {
		zend_throw_error(NULL,
			"Vtws\\Sync\\Connector::run() needs the vtiger option (a Vtws\\Client)");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.c = c;
	vtws_sync_request_env(c, &r.env);
	array_init(&r.by_vtiger);
	array_init(&r.by_service);
	array_init(&r.references);
	array_init(&r.report);
	r.now = vtws_sync_now(c);
	if (!EG(exception)) {
		r.http_open = sync_http_open(&r.http, &c->http) == SUCCESS;
		if (!r.http_open) {
			vtws_http_dtor(&r.http);
		}
	}
	if (!EG(exception) && load_state(&r) == SUCCESS) {
		if (call_vtiger(&r, "getUserId", &user, 0, NULL, &error) == SUCCESS) {
			if (Z_TYPE(user) == IS_STRING) {
				r.user_id = zend_string_copy(Z_STR(user));
			}
			zval_ptr_dtor(&user);
		}
		call_error_dtor(&error);
		run_pairs(&r, only_pair, pull, push);
	}
	if (Z_TYPE(r.doc) == IS_ARRAY) {
		store_idmap(&r);
		zval_ptr_dtor(&c->memory);
		ZVAL_COPY(&c->memory, &r.doc);
	}
	if (!EG(exception)) {
		zval warnings;
		ZVAL_COPY(&warnings, &c->warnings);
		add_assoc_zval(&r.report, "warnings", &warnings);
		vtws_sync_report_create(return_value, &r.report);
		ZVAL_UNDEF(&r.report);
	}
	zval_ptr_dtor(&r.report);
	zval_ptr_dtor(&r.doc);
	zval_ptr_dtor(&r.by_vtiger);
	zval_ptr_dtor(&r.by_service);
	zval_ptr_dtor(&r.references);
	if (r.user_id) {
		zend_string_release(r.user_id);
	}
	if (r.http_open) {
		vtws_http_dtor(&r.http);
	}
}
