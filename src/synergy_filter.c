/*
 * Filter checks. The service answers 400 to a filter it cannot take; checking here instead
 * names the offending key, e.g. "AND[1].age_between", before anything is sent.
 */
#include "synergy_filter.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

/* Operator families, as the vendor's availability table groups them. */
enum {
	OPS_EQ = 1 << 0, /* eq notEq */
	OPS_NULL = 1 << 1, /* isNull isNotNull */
	OPS_CMP = 1 << 2, /* lt lte gt gte */
	OPS_IN = 1 << 3, /* in notIn */
	OPS_CONTAINS = 1 << 4, /* contains notContains */
	OPS_AFFIX = 1 << 5, /* startsWith notStartsWith endsWith notEndsWith */
	OPS_SET = 1 << 6, /* containsEvery containsSome */
	OPS_ALL = (1 << 7) - 1,
};

typedef struct {
	const char *name;
	int family;
} operator_info;

static const operator_info operators[] = {
	{"eq", OPS_EQ},
	{"notEq", OPS_EQ},
	{"isNull", OPS_NULL},
	{"isNotNull", OPS_NULL},
	{"lt", OPS_CMP},
	{"lte", OPS_CMP},
	{"gt", OPS_CMP},
	{"gte", OPS_CMP},
	{"in", OPS_IN},
	{"notIn", OPS_IN},
	{"contains", OPS_CONTAINS},
	{"notContains", OPS_CONTAINS},
	{"startsWith", OPS_AFFIX},
	{"notStartsWith", OPS_AFFIX},
	{"endsWith", OPS_AFFIX},
	{"notEndsWith", OPS_AFFIX},
	{"containsEvery", OPS_SET},
	{"containsSome", OPS_SET},
};

typedef struct {
	const char *type;
	int families;
	bool orderable;
} type_info;

#define OPS_TEXT (OPS_EQ | OPS_NULL | OPS_CMP | OPS_IN | OPS_CONTAINS | OPS_AFFIX)
#define OPS_SCALAR (OPS_EQ | OPS_NULL | OPS_CMP | OPS_IN)
#define OPS_SYSTEM (OPS_EQ | OPS_CMP | OPS_IN)
#define OPS_LIST (OPS_NULL | OPS_CONTAINS | OPS_SET)

static const type_info types_table[] = {
	{"synergyId", OPS_SYSTEM, true},
	{"historyId", OPS_SYSTEM, true},
	{"mailAddress", OPS_TEXT, true},
	{"mobileMailAddress", OPS_TEXT, true},
	{"updatedDate", OPS_SYSTEM, true},
	{"registeredDate", OPS_SYSTEM, true},
	{"mailRefusalFlag", OPS_EQ, true},
	{"mailAddressErrorCount", OPS_SYSTEM, true},
	{"mobileMailAddressErrorCount", OPS_SYSTEM, true},
	{"mlRefusalFlags", OPS_LIST, false},
	{"text", OPS_TEXT, true},
	{"number", OPS_SCALAR, true},
	{"date", OPS_SCALAR, true},
	{"monthDay", OPS_SCALAR, true},
	{"dateTime", OPS_SCALAR, true},
	{"singleSelect", OPS_SCALAR, true},
	{"multipleSelect", OPS_LIST, false},
	{"password", 0, false},
	{"passwordHash", 0, false},
};

/* What the filter walk knows of where it is, for messages. */
typedef struct {
	const HashTable *types;
	uint32_t arg;
	smart_str path; /* "AND[1]." prefix of the object being checked */
} walk;

static const operator_info *find_operator(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		if (strlen(operators[i].name) == len && memcmp(operators[i].name, name, len) == 0) {
			return &operators[i];
		}
	}
	return NULL;
}

/* The type's entry; NULL for a type this client does not know (then anything goes). */
static const type_info *find_type(const zval *type)
{
	if (!type || Z_TYPE_P(type) != IS_STRING) {
		return NULL;
	}
	for (size_t i = 0; i < sizeof(types_table) / sizeof(types_table[0]); i++) {
		if (zend_string_equals_cstr(Z_STR_P(type), types_table[i].type,
				strlen(types_table[i].type))) {
			return &types_table[i];
		}
	}
	return NULL;
}

static bool is_property_name(const char *name, size_t len)
{
	if (len == 0 || name[0] < 'a' || name[0] > 'z') {
		return false;
	}
	for (size_t i = 1; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				c == '_')) {
			return false;
		}
	}
	return true;
}

static void fail(walk *w, const char *key, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 3, 4);

static void fail(walk *w, const char *key, const char *format, ...)
{
	va_list args;
	smart_str name = {0};

	va_start(args, format);
	zend_string *reason = zend_vstrpprintf(0, format, args);
	va_end(args);
	if (w->path.s) {
		smart_str_append(&name, w->path.s);
	}
	smart_str_appends(&name, key);
	/* An object itself is named without the separator its keys would follow. */
	if (name.s && ZSTR_LEN(name.s) > 0 && ZSTR_VAL(name.s)[ZSTR_LEN(name.s) - 1] == '.') {
		ZSTR_LEN(name.s)--;
	}
	smart_str_0(&name);
	if (name.s && ZSTR_LEN(name.s) > 0) {
		zend_argument_value_error(w->arg, "has an invalid filter key \"%s\": %s", ZSTR_VAL(name.s),
			ZSTR_VAL(reason));
	} else {
		zend_argument_value_error(w->arg, "is an invalid filter: %s", ZSTR_VAL(reason));
	}
	smart_str_free(&name);
	zend_string_release(reason);
}

static bool is_scalar(const zval *value)
{
	return Z_TYPE_P(value) == IS_STRING || Z_TYPE_P(value) == IS_LONG ||
		Z_TYPE_P(value) == IS_DOUBLE || Z_TYPE_P(value) == IS_TRUE || Z_TYPE_P(value) == IS_FALSE;
}

static const char *check_list_operand(const zval *value)
{
	if (Z_TYPE_P(value) != IS_ARRAY || zend_hash_num_elements(Z_ARRVAL_P(value)) == 0 ||
		!zend_array_is_list(Z_ARRVAL_P(value))) {
		return "needs a non-empty list of values";
	}
	zval *item;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), item) {
		ZVAL_DEREF(item);
		if (!is_scalar(item)) {
			return "needs a list of scalar values";
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

/* NULL when the operand suits the operator, else why not. */
static const char *check_operand(int family, zval *value)
{
	ZVAL_DEREF(value);
	switch (family) {
		case OPS_NULL:
			return Z_TYPE_P(value) == IS_TRUE || Z_TYPE_P(value) == IS_FALSE ? NULL
																			 : "needs a bool";
		case OPS_IN:
		case OPS_SET:
			return check_list_operand(value);
		case OPS_AFFIX:
			return Z_TYPE_P(value) == IS_STRING ? NULL : "needs a string";
		case OPS_CONTAINS:
			return Z_TYPE_P(value) == IS_STRING || Z_TYPE_P(value) == IS_LONG
				? NULL
				: "needs a string (text) or an int (choice value)";
		case OPS_EQ:
			return is_scalar(value) || Z_TYPE_P(value) == IS_NULL ? NULL : "needs a scalar or null";
		default:
			return is_scalar(value) ? NULL : "needs a scalar";
	}
}

static zend_result check_condition(walk *w, const zend_string *key, zval *value)
{
	const char *k = ZSTR_VAL(key);
	const char *underscore = zend_memrchr(k, '_', ZSTR_LEN(key));

	if (!underscore) {
		fail(w, k, "expected \"{property}_{operator}\", \"AND\" or \"OR\"");
		return FAILURE;
	}
	size_t property_len = (size_t) (underscore - k);
	const operator_info *op = find_operator(underscore + 1, ZSTR_LEN(key) - property_len - 1);
	if (!op) {
		fail(w, k, "\"%s\" is not an operator", underscore + 1);
		return FAILURE;
	}
	if (!is_property_name(k, property_len)) {
		fail(w, k, "\"%.*s\" is not a property name", (int) property_len, k);
		return FAILURE;
	}
	if (w->types) {
		zval *type = zend_hash_str_find(w->types, k, property_len);
		if (!type) {
			fail(w, k, "the definition has no property \"%.*s\"", (int) property_len, k);
			return FAILURE;
		}
		const type_info *info = find_type(type);
		int allowed = info ? info->families : OPS_ALL;
		if (!(allowed & op->family)) {
			fail(w, k, "operator \"%s\" is not allowed for type %s", op->name, Z_STRVAL_P(type));
			return FAILURE;
		}
	}
	const char *problem = check_operand(op->family, value);
	if (problem) {
		fail(w, k, "operator \"%s\" %s", op->name, problem);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result prepare_object(walk *w, HashTable *filter, int depth, zval *out);

static zend_result prepare_group(walk *w, const zend_string *key, zval *value, int depth, zval *out)
{
	const char *k = ZSTR_VAL(key);

	ZVAL_DEREF(value);
	if (Z_TYPE_P(value) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(value)) ||
		zend_hash_num_elements(Z_ARRVAL_P(value)) == 0) {
		fail(w, k, "needs a non-empty list of filter objects");
		return FAILURE;
	}
	if (zend_hash_num_elements(Z_ARRVAL_P(value)) > VTWS_SYNERGY_FILTER_MAX_ITEMS) {
		fail(w, k, "has %u elements, at most %d are allowed",
			zend_hash_num_elements(Z_ARRVAL_P(value)), VTWS_SYNERGY_FILTER_MAX_ITEMS);
		return FAILURE;
	}
	if (depth >= VTWS_SYNERGY_FILTER_MAX_DEPTH) {
		fail(w, k, "filters nest at most %d levels deep", VTWS_SYNERGY_FILTER_MAX_DEPTH);
		return FAILURE;
	}
	size_t saved = w->path.s ? ZSTR_LEN(w->path.s) : 0;
	zend_ulong index;
	zval *item;

	array_init_size(out, zend_hash_num_elements(Z_ARRVAL_P(value)));
	/* A list: the keys are the positions. */
	ZEND_HASH_FOREACH_NUM_KEY_VAL(Z_ARRVAL_P(value), index, item) {
		zval prepared;
		smart_str_append_printf(&w->path, "%s[" ZEND_ULONG_FMT "].", k, index);
		ZVAL_DEREF(item);
		if (Z_TYPE_P(item) != IS_ARRAY) {
			fail(w, "", "needs a filter object (array), %s given", zend_zval_type_name(item));
			zval_ptr_dtor(out);
			return FAILURE;
		}
		if (prepare_object(w, Z_ARRVAL_P(item), depth + 1, &prepared) == FAILURE) {
			zval_ptr_dtor(out);
			return FAILURE;
		}
		add_next_index_zval(out, &prepared);
		ZSTR_LEN(w->path.s) = saved;
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result prepare_object(walk *w, HashTable *filter, int depth, zval *out)
{
	zend_string *key;
	zend_ulong index;
	zval *value;

	if (zend_hash_num_elements(filter) == 0) {
		object_init(out); /* {} rather than [] on the wire */
		return SUCCESS;
	}
	if (zend_hash_num_elements(filter) > VTWS_SYNERGY_FILTER_MAX_KEYS) {
		fail(w, "", "a filter object has %u keys, at most %d are allowed",
			zend_hash_num_elements(filter), VTWS_SYNERGY_FILTER_MAX_KEYS);
		return FAILURE;
	}
	array_init_size(out, zend_hash_num_elements(filter));
	ZEND_HASH_FOREACH_KEY_VAL(filter, index, key, value) {
		zval copy;
		if (!key) {
			char number[MAX_LENGTH_OF_LONG + 1];
			snprintf(number, sizeof(number), ZEND_ULONG_FMT, index);
			fail(w, number, "keys must be \"{property}_{operator}\", \"AND\" or \"OR\"");
			zval_ptr_dtor(out);
			return FAILURE;
		}
		if (zend_string_equals_literal(key, "AND") || zend_string_equals_literal(key, "OR")) {
			if (prepare_group(w, key, value, depth, &copy) == FAILURE) {
				zval_ptr_dtor(out);
				return FAILURE;
			}
		} else if (check_condition(w, key, value) == FAILURE) {
			zval_ptr_dtor(out);
			return FAILURE;
		} else {
			ZVAL_COPY_DEREF(&copy, value);
		}
		zend_hash_add_new(Z_ARRVAL_P(out), key, &copy);
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

zend_result vtws_synergy_filter_prepare(HashTable *filter, const HashTable *types, uint32_t arg,
	zval *out)
{
	walk w = {.types = types, .arg = arg};

	zend_result rc = prepare_object(&w, filter, 1, out);
	smart_str_free(&w.path);
	if (rc == FAILURE) {
		ZVAL_UNDEF(out);
	}
	return rc;
}

/* ---- order ---- */

static zend_result check_order_entry(const zval *entry, const HashTable *types, uint32_t arg)
{
	if (Z_TYPE_P(entry) != IS_STRING) {
		zend_argument_type_error(arg, "option \"order\" must hold strings, %s given",
			zend_zval_type_name(entry));
		return FAILURE;
	}
	const char *s = Z_STRVAL_P(entry);
	size_t len = Z_STRLEN_P(entry);
	size_t property_len = len;

	if (len > 4 && memcmp(s + len - 4, "_asc", 4) == 0) {
		property_len = len - 4;
	} else if (len > 5 && memcmp(s + len - 5, "_desc", 5) == 0) {
		property_len = len - 5;
	}
	if (!is_property_name(s, property_len)) {
		zend_argument_value_error(arg,
			"option \"order\" has an invalid entry \"%s\": expected \"{property}_asc\" or "
			"\"{property}_desc\"",
			s);
		return FAILURE;
	}
	if (types) {
		zval *type = zend_hash_str_find(types, s, property_len);
		const type_info *info = type ? find_type(type) : NULL;
		if (!type || (info && !info->orderable)) {
			zend_argument_value_error(arg,
				"option \"order\" has an invalid entry \"%s\": %s \"%.*s\"", s,
				type ? "records cannot be ordered by" : "the definition has no property",
				(int) property_len, s);
			return FAILURE;
		}
	}
	return SUCCESS;
}

zend_result vtws_synergy_order_check(zval *order, const HashTable *types, uint32_t arg)
{
	zval *entry;

	if (Z_TYPE_P(order) != IS_ARRAY || !zend_array_is_list(Z_ARRVAL_P(order))) {
		zend_argument_type_error(arg, "option \"order\" must be a list of strings, %s given",
			zend_zval_type_name(order));
		return FAILURE;
	}
	if (zend_hash_num_elements(Z_ARRVAL_P(order)) > VTWS_SYNERGY_ORDER_MAX) {
		zend_argument_value_error(arg, "option \"order\" has %u entries, at most %d are allowed",
			zend_hash_num_elements(Z_ARRVAL_P(order)), VTWS_SYNERGY_ORDER_MAX);
		return FAILURE;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(order), entry) {
		ZVAL_DEREF(entry);
		if (check_order_entry(entry, types, arg) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}
