/*
 * Typed results: Vtiger sends every database value as a string. Given the field types of
 * a describe result, rows can carry PHP ints, floats and bools instead.
 *
 *   integer                          "42" -> 42
 *   double, currency, percentage     "12.50000000" -> 12.5
 *   boolean                          "1" -> true, "0" -> false
 *   anything else (dates included)   unchanged: dates stay ISO strings
 *
 * An empty string in a number or boolean field becomes null: Vtiger sends "" for "no
 * value", and a typed field that may also hold "" would force every reader to test for it.
 * A value that does not read as its type (say "n/a" in a currency field) stays the string
 * it was, so nothing the server sent is lost.
 */
#ifndef VTWS_TYPED_H
#define VTWS_TYPED_H

#include "php.h"

typedef enum {
	VTWS_FIELD_STRING = 0,
	VTWS_FIELD_INT,
	VTWS_FIELD_FLOAT,
	VTWS_FIELD_BOOL,
} vtws_field_type;

/* Field name -> vtws_field_type (as an int zval), listing only the fields that are not
 * strings. Built from a decoded describe result ({"fields":[{"name":..,"type":{"name":..}}]});
 * entries it cannot read are skipped. The caller releases it with zend_array_release(). */
HashTable *vtws_type_map_from_describe(const HashTable *describe);

/* Converts the values of one row (an array; anything else is left alone) in place. */
void vtws_type_map_apply_row(const HashTable *map, zval *row);

/* Converts every row of a list of rows in place. */
void vtws_type_map_apply_rows(const HashTable *map, zval *rows);

#endif
