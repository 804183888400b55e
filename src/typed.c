/*
 * Typed results (see typed.h for the rules). Rows are converted in place: a row or list
 * shared with another variable is separated first, as any write to it would.
 */
#include "typed.h"

static vtws_field_type type_of(const zend_string *name)
{
	if (zend_string_equals_literal(name, "integer")) {
		return VTWS_FIELD_INT;
	}
	if (zend_string_equals_literal(name, "double") ||
		zend_string_equals_literal(name, "currency") ||
		zend_string_equals_literal(name, "percentage")) {
		return VTWS_FIELD_FLOAT;
	}
	if (zend_string_equals_literal(name, "boolean")) {
		return VTWS_FIELD_BOOL;
	}
	return VTWS_FIELD_STRING;
}

/* {"name":"quantity","type":{"name":"double",...},...} -> its name and type. */
static bool read_field(zval *field, zend_string **name, vtws_field_type *type)
{
	if (Z_TYPE_P(field) != IS_ARRAY) {
		return false;
	}
	zval *name_zv = zend_hash_str_find(Z_ARRVAL_P(field), "name", sizeof("name") - 1);
	zval *type_zv = zend_hash_str_find(Z_ARRVAL_P(field), "type", sizeof("type") - 1);
	if (!name_zv || Z_TYPE_P(name_zv) != IS_STRING || !type_zv || Z_TYPE_P(type_zv) != IS_ARRAY) {
		return false;
	}
	zval *type_name = zend_hash_str_find(Z_ARRVAL_P(type_zv), "name", sizeof("name") - 1);
	if (!type_name || Z_TYPE_P(type_name) != IS_STRING) {
		return false;
	}
	*name = Z_STR_P(name_zv);
	*type = type_of(Z_STR_P(type_name));
	return true;
}

HashTable *vtws_type_map_from_describe(const HashTable *describe)
{
	HashTable *map = zend_new_array(0);
	zval *fields = zend_hash_str_find(describe, "fields", sizeof("fields") - 1);

	if (!fields || Z_TYPE_P(fields) != IS_ARRAY) {
		return map;
	}
	zval *field;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(fields), field) {
		zend_string *name;
		vtws_field_type type;
		if (read_field(field, &name, &type) && type != VTWS_FIELD_STRING) {
			zval code;
			ZVAL_LONG(&code, type);
			zend_symtable_update(map, name, &code);
		}
	}
	ZEND_HASH_FOREACH_END();
	return map;
}

/* The whole string as a number, without the leading or trailing whitespace that
 * is_numeric_string() would let pass. */
static zend_uchar read_number(const zend_string *text, zend_long *lval, double *dval)
{
	const char *s = ZSTR_VAL(text);
	size_t len = ZSTR_LEN(text);
	int oflow = 0;

	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\t' || s[len - 1] == '\t' ||
		s[0] == '\n' || s[len - 1] == '\n') {
		return 0;
	}
	zend_uchar type = is_numeric_string_ex(s, len, lval, dval, false, &oflow, NULL);
	if (oflow != 0) {
		return 0; /* an integer beyond zend_long stays a string rather than losing digits */
	}
	return type;
}

static void convert(zval *value, vtws_field_type type)
{
	if (Z_TYPE_P(value) != IS_STRING) {
		return;
	}
	zend_string *text = Z_STR_P(value);
	if (ZSTR_LEN(text) == 0) {
		zval_ptr_dtor_str(value);
		ZVAL_NULL(value);
		return;
	}
	zend_long lval;
	double dval;
	zend_uchar number;
	switch (type) {
		case VTWS_FIELD_BOOL:
			if (zend_string_equals_literal(text, "1") || zend_string_equals_literal(text, "0")) {
				bool flag = ZSTR_VAL(text)[0] == '1';
				zval_ptr_dtor_str(value);
				ZVAL_BOOL(value, flag);
			}
			return;
		case VTWS_FIELD_INT:
			number = read_number(text, &lval, &dval);
			/* "12.000" in an integer field is 12; "12.5" stays as sent. */
			if (number == IS_DOUBLE && dval == (double) (zend_long) dval && !zend_isinf(dval) &&
				ZEND_DOUBLE_FITS_LONG(dval)) {
				lval = (zend_long) dval;
				number = IS_LONG;
			}
			if (number == IS_LONG) {
				zval_ptr_dtor_str(value);
				ZVAL_LONG(value, lval);
			}
			return;
		case VTWS_FIELD_FLOAT:
			number = read_number(text, &lval, &dval);
			if (number == IS_LONG || number == IS_DOUBLE) {
				zval_ptr_dtor_str(value);
				ZVAL_DOUBLE(value, number == IS_LONG ? (double) lval : dval);
			}
			return;
		default:
			return;
	}
}

void vtws_type_map_apply_row(const HashTable *map, zval *row)
{
	ZVAL_DEREF(row);
	if (Z_TYPE_P(row) != IS_ARRAY || zend_hash_num_elements(map) == 0) {
		return;
	}
	SEPARATE_ARRAY(row);
	zend_string *name;
	zval *value;
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(row), name, value) {
		if (!name) {
			continue;
		}
		zval *type = zend_hash_find(map, name);
		if (type) {
			ZVAL_DEREF(value);
			convert(value, (vtws_field_type) Z_LVAL_P(type));
		}
	}
	ZEND_HASH_FOREACH_END();
}

void vtws_type_map_apply_rows(const HashTable *map, zval *rows)
{
	ZVAL_DEREF(rows);
	if (Z_TYPE_P(rows) != IS_ARRAY || zend_hash_num_elements(map) == 0) {
		return;
	}
	SEPARATE_ARRAY(rows);
	zval *row;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(rows), row) {
		vtws_type_map_apply_row(map, row);
	}
	ZEND_HASH_FOREACH_END();
}
