/*
 * The state document shared by Vtws\Sync\FileState and Vtws\Sync\PdoState: shape checks,
 * merging apply()'s changes, and StateException.
 *
 * A direction that exists in a document always carries all of its keys (pull: token,
 * complete, retries; push: token, complete, failed), so every store loads the same document
 * for the same series of changes. An id map entry is keyed by its vtiger id and by its service
 * id within its pair: a put drops every entry sharing either one and appends the new entry.
 */
#include "sync_state.h"
#include "utf8.h"
#include "zend_exceptions.h"

zend_class_entry *vtws_ce_sync_state;
zend_class_entry *vtws_ce_sync_state_exception;
zend_class_entry *vtws_ce_file_state;
zend_class_entry *vtws_ce_pdo_state;

void vtws_state_throw(zend_object *previous, const char *format, ...)
{
	va_list args;
	zval ex;

	va_start(args, format);
	zend_string *message = zend_vstrpprintf(0, format, args);
	va_end(args);

	object_init_ex(&ex, vtws_ce_sync_state_exception);
	zend_update_property_str(zend_ce_exception, Z_OBJ(ex), "message", sizeof("message") - 1,
		message);
	if (previous) {
		zend_exception_set_previous(Z_OBJ(ex), previous);
	}
	zend_string_release(message);
	zend_throw_exception_object(&ex);
}

/* ---- shape checks ------------------------------------------------------------------ */

static zend_string *problem(const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);

static zend_string *problem(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	zend_string *message = zend_vstrpprintf(0, format, args);
	va_end(args);
	return message;
}

/* Ids and names end up in JSON text and database columns: valid UTF-8 only. */
/* The text of an array key for messages: the string, or the number in buf. */
static const char *key_text(const zend_string *key, zend_ulong index, char *buf, size_t size)
{
	if (key) {
		return ZSTR_VAL(key);
	}
	snprintf(buf, size, ZEND_ULONG_FMT, index);
	return buf;
}

static bool is_utf8(const zend_string *text)
{
	const unsigned char *p = (const unsigned char *) ZSTR_VAL(text);
	const unsigned char *end = p + ZSTR_LEN(text);

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n = vtws_utf8_sequence(p, end);
		if (n <= 0) {
			return false;
		}
		p += n;
	}
	return true;
}

static bool is_name(const zval *value)
{
	return Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) > 0 && is_utf8(Z_STR_P(value));
}

static bool is_token(const zval *value)
{
	return Z_TYPE_P(value) == IS_NULL || (Z_TYPE_P(value) == IS_LONG && Z_LVAL_P(value) >= 0);
}

static bool is_bool(const zval *value)
{
	return Z_TYPE_P(value) == IS_TRUE || Z_TYPE_P(value) == IS_FALSE;
}

static zend_string *retries_problem(zval *retries, const char *path)
{
	zend_string *key;
	zval *count;

	if (Z_TYPE_P(retries) != IS_ARRAY) {
		return problem("key \"%s\" must be an array of service id => count, %s given", path,
			zend_zval_type_name(retries));
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(retries), key, count) {
		if (key && (ZSTR_LEN(key) == 0 || !is_utf8(key))) {
			return problem("key \"%s\" must have service ids (non-empty UTF-8) as keys", path);
		}
		if (Z_TYPE_P(count) != IS_LONG || Z_LVAL_P(count) < 0) {
			return problem("key \"%s\" must map service ids to counts (int >= 0), %s given", path,
				zend_zval_type_name(count));
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *failed_problem(zval *failed, const char *path)
{
	zval *id;

	if (Z_TYPE_P(failed) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(failed))) {
		return problem("key \"%s\" must be a list of vtiger ids, %s given", path,
			zend_zval_type_name(failed));
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(failed), id) {
		if (!is_name(id)) {
			return problem("key \"%s\" must hold vtiger ids (non-empty UTF-8 strings), %s given",
				path, zend_zval_type_name(id));
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

/* One direction of a pair: pull (token, complete, retries) or push (token, complete, failed). */
static zend_string *direction_problem(zval *direction, const char *pair, bool pull)
{
	const char *name = pull ? "pull" : "push";
	zend_string *key, *found = NULL;
	zend_ulong index;
	zval *value;

	if (Z_TYPE_P(direction) != IS_ARRAY) {
		return problem("key \"pairs.%s.%s\" must be an array, %s given", pair, name,
			zend_zval_type_name(direction));
	}
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(direction), index, key, value) {
		char path[256], number[32];
		snprintf(path, sizeof(path), "pairs.%s.%s.%s", pair, name,
			key_text(key, index, number, sizeof(number)));
		if (key && zend_string_equals_literal(key, "token")) {
			if (!is_token(value)) {
				return problem("key \"%s\" must be an int >= 0 or null, %s given", path,
					zend_zval_type_name(value));
			}
		} else if (key && zend_string_equals_literal(key, "complete")) {
			if (!is_bool(value)) {
				return problem("key \"%s\" must be a bool, %s given", path,
					zend_zval_type_name(value));
			}
		} else if (key && pull && zend_string_equals_literal(key, "retries")) {
			found = retries_problem(value, path);
		} else if (key && !pull && zend_string_equals_literal(key, "failed")) {
			found = failed_problem(value, path);
		} else {
			return problem("key \"%s\" is unknown: use token, complete and %s", path,
				pull ? "retries" : "failed");
		}
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *pair_problem(zend_string *pair, zval *directions)
{
	zend_string *key;
	zend_ulong index;
	zval *direction;

	if (Z_TYPE_P(directions) != IS_ARRAY) {
		return problem("key \"pairs.%s\" must be an array, %s given", ZSTR_VAL(pair),
			zend_zval_type_name(directions));
	}
	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(directions), index, key, direction) {
		bool pull = key && zend_string_equals_literal(key, "pull");
		if (!pull && !(key && zend_string_equals_literal(key, "push"))) {
			char number[32];
			return problem("key \"pairs.%s.%s\" is unknown: use pull and push", ZSTR_VAL(pair),
				key_text(key, index, number, sizeof(number)));
		}
		zend_string *found = direction_problem(direction, ZSTR_VAL(pair), pull);
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *pairs_problem(zval *pairs)
{
	zend_string *pair;
	zval *directions;

	if (Z_TYPE_P(pairs) != IS_ARRAY) {
		return problem("key \"pairs\" must be an array of pair name => directions, %s given",
			zend_zval_type_name(pairs));
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(pairs), pair, directions) {
		if (!pair || ZSTR_LEN(pair) == 0 || !is_utf8(pair)) {
			return problem("key \"pairs\" must have pair names (non-empty UTF-8) as keys");
		}
		zend_string *found = pair_problem(pair, directions);
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static bool key_is(const zend_string *key, const char *name)
{
	return key && zend_string_equals_cstr(key, name, strlen(name));
}

/* An id map operation (changes) or entry (stored document, op == NULL). */
static zend_string *idmap_item_problem(zval *item, const char *path, const char *op)
{
	bool put = !op || strcmp(op, "put") == 0;
	zend_string *key;
	zend_ulong index;
	zval *value;

	ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(item), index, key, value) {
		if (key_is(key, "vtiger") || (put && key_is(key, "service")) ||
			(op && key_is(key, "pair"))) {
			if (!is_name(value)) {
				return problem("key \"%s.%s\" must be a non-empty UTF-8 string, %s given", path,
					ZSTR_VAL(key), zend_zval_type_name(value));
			}
		} else if (put && (key_is(key, "vtigerMtime") || key_is(key, "serviceMtime"))) {
			if (!is_token(value)) {
				return problem("key \"%s.%s\" must be an int >= 0 or null, %s given", path,
					ZSTR_VAL(key), zend_zval_type_name(value));
			}
		} else if (!(op && key_is(key, "op"))) {
			char number[32];
			return problem("key \"%s.%s\" is unknown: use %s", path,
				key_text(key, index, number, sizeof(number)),
				!op		  ? "vtiger, service, vtigerMtime and serviceMtime"
					: put ? "op, pair, vtiger, service, vtigerMtime and serviceMtime"
						  : "op, pair and vtiger");
		}
	}
	ZEND_HASH_FOREACH_END();
	const char *required[] = {"pair", "vtiger", "service"};
	for (size_t i = op ? 0 : 1; i < (put ? 3 : 2); i++) {
		if (!zend_hash_str_exists(Z_ARRVAL_P(item), required[i], strlen(required[i]))) {
			return problem("key \"%s.%s\" is missing", path, required[i]);
		}
	}
	return NULL;
}

static zend_string *operations_problem(zval *operations)
{
	zend_ulong index;
	zval *operation;

	if (Z_TYPE_P(operations) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(operations))) {
		return problem("key \"idmap\" must be a list of operations, %s given",
			zend_zval_type_name(operations));
	}
	ZEND_HASH_FOREACH_NUM_KEY_VAL(Z_ARRVAL_P(operations), index, operation) {
		char path[64];
		snprintf(path, sizeof(path), "idmap." ZEND_ULONG_FMT, index);
		if (Z_TYPE_P(operation) != IS_ARRAY) {
			return problem("key \"%s\" must be an array, %s given", path,
				zend_zval_type_name(operation));
		}
		zval *op = zend_hash_str_find(Z_ARRVAL_P(operation), "op", sizeof("op") - 1);
		if (!op || Z_TYPE_P(op) != IS_STRING ||
			(!zend_string_equals_literal(Z_STR_P(op), "put") &&
				!zend_string_equals_literal(Z_STR_P(op), "remove"))) {
			return problem("key \"%s.op\" must be \"put\" or \"remove\"", path);
		}
		zend_string *found = idmap_item_problem(operation, path, Z_STRVAL_P(op));
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *text_problem(zval *value, const char *key)
{
	if (Z_TYPE_P(value) != IS_STRING || !is_utf8(Z_STR_P(value))) {
		return problem("key \"%s\" must be a UTF-8 string, %s given", key,
			zend_zval_type_name(value));
	}
	return NULL;
}

zend_string *vtws_state_changes_problem(HashTable *changes)
{
	zend_string *key;
	zend_ulong index;
	zval *value;

	ZEND_HASH_FOREACH_KEY_VAL(changes, index, key, value) {
		zend_string *found;
		if (key_is(key, "connector") || key_is(key, "synctype")) {
			found = text_problem(value, ZSTR_VAL(key));
		} else if (key_is(key, "pairs")) {
			found = pairs_problem(value);
		} else if (key_is(key, "idmap")) {
			found = operations_problem(value);
		} else {
			char number[32];
			return problem("key \"%s\" is unknown: use connector, synctype, pairs and idmap",
				key_text(key, index, number, sizeof(number)));
		}
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *stored_entries_problem(zend_string *pair, zval *entries)
{
	zend_ulong index;
	zval *entry;

	if (Z_TYPE_P(entries) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(entries))) {
		return problem("key \"idmap.%s\" must be a list of entries, %s given", ZSTR_VAL(pair),
			zend_zval_type_name(entries));
	}
	ZEND_HASH_FOREACH_NUM_KEY_VAL(Z_ARRVAL_P(entries), index, entry) {
		char path[256];
		snprintf(path, sizeof(path), "idmap.%s." ZEND_ULONG_FMT, ZSTR_VAL(pair), index);
		if (Z_TYPE_P(entry) != IS_ARRAY) {
			return problem("key \"%s\" must be an array, %s given", path,
				zend_zval_type_name(entry));
		}
		zend_string *found = idmap_item_problem(entry, path, NULL);
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

static zend_string *stored_idmap_problem(zval *idmap)
{
	zend_string *pair;
	zval *entries;

	if (Z_TYPE_P(idmap) != IS_ARRAY) {
		return problem("key \"idmap\" must be an array of pair name => entries, %s given",
			zend_zval_type_name(idmap));
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(idmap), pair, entries) {
		if (!pair || ZSTR_LEN(pair) == 0 || !is_utf8(pair)) {
			return problem("key \"idmap\" must have pair names (non-empty UTF-8) as keys");
		}
		zend_string *found = stored_entries_problem(pair, entries);
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

zend_string *vtws_state_document_problem(HashTable *document)
{
	zend_string *key;
	zend_ulong index;
	zval *value;

	ZEND_HASH_FOREACH_KEY_VAL(document, index, key, value) {
		zend_string *found;
		if (key_is(key, "connector") || key_is(key, "synctype")) {
			found = text_problem(value, ZSTR_VAL(key));
		} else if (key_is(key, "pairs")) {
			found = pairs_problem(value);
		} else if (key_is(key, "idmap")) {
			found = stored_idmap_problem(value);
		} else {
			char number[32];
			return problem("key \"%s\" is unknown: only connector, synctype, pairs and idmap",
				key_text(key, index, number, sizeof(number)));
		}
		if (found) {
			return found;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

/* ---- merging ----------------------------------------------------------------------- */

static zval *find(HashTable *table, const char *key)
{
	return table ? zend_hash_str_find(table, key, strlen(key)) : NULL;
}

static HashTable *find_array(HashTable *table, const char *key)
{
	zval *value = find(table, key);
	return value && Z_TYPE_P(value) == IS_ARRAY ? Z_ARRVAL_P(value) : NULL;
}

/* changes[key], else stored[key], else the initial value. */
static void add_merged(zval *out, const char *key, HashTable *stored, HashTable *changes,
	zval *initial)
{
	zval *value = find(changes, key);
	if (!value) {
		value = find(stored, key);
	}
	if (value) {
		Z_TRY_ADDREF_P(value);
		add_assoc_zval(out, key, value);
	} else {
		add_assoc_zval(out, key, initial);
	}
}

void vtws_state_direction(zval *out, bool pull, HashTable *stored, HashTable *changes)
{
	zval initial;

	array_init(out);
	ZVAL_NULL(&initial);
	add_merged(out, "token", stored, changes, &initial);
	ZVAL_FALSE(&initial);
	add_merged(out, "complete", stored, changes, &initial);
	ZVAL_EMPTY_ARRAY(&initial);
	add_merged(out, pull ? "retries" : "failed", stored, changes, &initial);
}

/* Every direction comes out with all of its keys, stored ones included. */
static void merge_pair(zval *pairs, zend_string *name, HashTable *stored, HashTable *changes)
{
	zval pair;

	array_init(&pair);
	for (int i = 0; i < 2; i++) {
		const char *direction = i == 0 ? "pull" : "push";
		HashTable *update = find_array(changes, direction);
		HashTable *kept = find_array(stored, direction);
		if (update || kept) {
			zval merged;
			vtws_state_direction(&merged, i == 0, kept, update);
			add_assoc_zval(&pair, direction, &merged);
		}
	}
	zend_hash_update(Z_ARRVAL_P(pairs), name, &pair);
}

static void merge_pairs(zval *pairs, HashTable *stored, HashTable *changes)
{
	zend_string *name;
	zval *value;

	array_init(pairs);
	if (stored) {
		ZEND_HASH_FOREACH_STR_KEY_VAL(stored, name, value) {
			zval *changed = changes ? zend_hash_find(changes, name) : NULL;
			merge_pair(pairs, name, Z_ARRVAL_P(value), changed ? Z_ARRVAL_P(changed) : NULL);
		}
		ZEND_HASH_FOREACH_END();
	}
	if (changes) {
		ZEND_HASH_FOREACH_STR_KEY_VAL(changes, name, value) {
			if (!stored || !zend_hash_exists(stored, name)) {
				merge_pair(pairs, name, NULL, Z_ARRVAL_P(value));
			}
		}
		ZEND_HASH_FOREACH_END();
	}
}

static void add_mtime(zval *entry, const char *key, HashTable *operation)
{
	zval *value = find(operation, key);
	if (value && Z_TYPE_P(value) == IS_LONG) {
		add_assoc_long(entry, key, Z_LVAL_P(value));
	} else {
		add_assoc_null(entry, key);
	}
}

static void new_entry(zval *entry, HashTable *operation)
{
	array_init(entry);
	add_assoc_str(entry, "vtiger", zend_string_copy(Z_STR_P(find(operation, "vtiger"))));
	add_assoc_str(entry, "service", zend_string_copy(Z_STR_P(find(operation, "service"))));
	add_mtime(entry, "vtigerMtime", operation);
	add_mtime(entry, "serviceMtime", operation);
}

static bool listed(HashTable *set, zval *id)
{
	return id && Z_TYPE_P(id) == IS_STRING && zend_hash_exists(set, Z_STR_P(id));
}

/* Ids dropped by an operation: a remove drops its Vtiger id, a put both of its ids. */
static void note_dropped(HashTable *vtiger_ids, HashTable *service_ids, HashTable *operation)
{
	zend_hash_add_empty_element(vtiger_ids, Z_STR_P(find(operation, "vtiger")));
	if (zend_string_equals_literal(Z_STR_P(find(operation, "op")), "put")) {
		zend_hash_add_empty_element(service_ids, Z_STR_P(find(operation, "service")));
	}
}

/* One pair's entries after its operations, with the result of applying them one by one:
 * an entry an operation adds survives unless a later operation drops one of its ids, and a
 * stored entry survives unless any operation does. Walking the operations backwards keeps
 * this linear; replaying them one at a time copied the pair's list per operation, which is
 * quadratic in the size of the map. */
static void apply_pair_operations(zval *idmap, zend_string *pair, HashTable *operations)
{
	HashTable vtiger_ids, service_ids;
	zval added, entries, *operation, *entry;

	zend_hash_init(&vtiger_ids, 8, NULL, NULL, 0);
	zend_hash_init(&service_ids, 8, NULL, NULL, 0);
	array_init(&added);
	ZEND_HASH_REVERSE_FOREACH_VAL(operations, operation) {
		HashTable *op = Z_ARRVAL_P(operation);
		if (zend_string_equals_literal(Z_STR_P(find(op, "op")), "put") &&
			!listed(&vtiger_ids, find(op, "vtiger")) &&
			!listed(&service_ids, find(op, "service"))) {
			zval fresh;
			new_entry(&fresh, op);
			add_next_index_zval(&added, &fresh);
		}
		note_dropped(&vtiger_ids, &service_ids, op);
	}
	ZEND_HASH_FOREACH_END();

	array_init(&entries);
	zval *old = zend_hash_find(Z_ARRVAL_P(idmap), pair);
	if (old) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(old), entry) {
			if (!listed(&vtiger_ids, find(Z_ARRVAL_P(entry), "vtiger")) &&
				!listed(&service_ids, find(Z_ARRVAL_P(entry), "service"))) {
				Z_TRY_ADDREF_P(entry);
				add_next_index_zval(&entries, entry);
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	ZEND_HASH_REVERSE_FOREACH_VAL(Z_ARRVAL(added), entry) {
		Z_TRY_ADDREF_P(entry);
		add_next_index_zval(&entries, entry);
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&added);
	zend_hash_destroy(&vtiger_ids);
	zend_hash_destroy(&service_ids);

	if (zend_hash_num_elements(Z_ARRVAL(entries)) == 0) {
		zval_ptr_dtor(&entries);
		zend_hash_del(Z_ARRVAL_P(idmap), pair);
	} else {
		zend_hash_update(Z_ARRVAL_P(idmap), pair, &entries);
	}
}

static void merge_idmap(zval *idmap, HashTable *stored, HashTable *operations)
{
	zval by_pair, *operation, *list;
	zend_string *pair;

	if (stored) {
		ZVAL_ARR(idmap, zend_array_dup(stored));
	} else {
		array_init(idmap);
	}
	if (!operations) {
		return;
	}
	/* Operations grouped by pair, each group in its original order. */
	array_init(&by_pair);
	ZEND_HASH_FOREACH_VAL(operations, operation) {
		zend_string *name = Z_STR_P(find(Z_ARRVAL_P(operation), "pair"));
		list = zend_hash_find(Z_ARRVAL(by_pair), name);
		if (!list) {
			zval empty;
			array_init(&empty);
			list = zend_hash_add_new(Z_ARRVAL(by_pair), name, &empty);
		}
		Z_TRY_ADDREF_P(operation);
		add_next_index_zval(list, operation);
	}
	ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(by_pair), pair, list) {
		apply_pair_operations(idmap, pair, Z_ARRVAL_P(list));
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&by_pair);
}

void vtws_state_merge(zval *document, HashTable *changes)
{
	HashTable *stored = Z_TYPE_P(document) == IS_ARRAY ? Z_ARRVAL_P(document) : NULL;
	zval result, pairs, idmap;

	array_init(&result);
	for (int i = 0; i < 2; i++) {
		const char *key = i == 0 ? "connector" : "synctype";
		zval *value = find(changes, key);
		if (!value) {
			value = find(stored, key);
		}
		if (value) {
			Z_TRY_ADDREF_P(value);
			add_assoc_zval(&result, key, value);
		}
	}
	merge_pairs(&pairs, find_array(stored, "pairs"), find_array(changes, "pairs"));
	add_assoc_zval(&result, "pairs", &pairs);
	merge_idmap(&idmap, find_array(stored, "idmap"), find_array(changes, "idmap"));
	add_assoc_zval(&result, "idmap", &idmap);
	zval_ptr_dtor(document);
	ZVAL_COPY_VALUE(document, &result);
}
