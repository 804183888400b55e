/*
 * VTQL helpers: placeholder binding with the quoting a real Vtiger 8 accepts, and the
 * small rewrites paging needs.
 */
#ifndef VTWS_VTQL_H
#define VTWS_VTQL_H

#include "php.h"

/* Replaces each ? outside quoted literals with the next parameter. Returns NULL after
 * throwing ValueError (count mismatch, empty string) or TypeError (unsupported type). */
zend_string *vtws_vtql_bind(const zend_string *vtql, const HashTable *params);

/* The statement with a trailing ';' (Vtiger's grammar requires one) and no trailing space. */
zend_string *vtws_vtql_terminate(const zend_string *vtql);

/* The statement without its trailing ';' and blanks. */
zend_string *vtws_vtql_strip_terminator(const zend_string *vtql);

/* What queryAll needs to know about a statement (outside quoted literals). */
typedef struct {
	bool has_order_by;
	bool has_limit;
	zend_long limit_offset; /* from LIMIT m,n; 0 for LIMIT n */
	zend_long limit_count; /* from LIMIT n or LIMIT m,n */
	size_t limit_start; /* byte offset of the LIMIT keyword */
	bool is_count; /* SELECT count(*) */
	size_t module_start; /* the word after FROM, module_len 0 when there is none */
	size_t module_len;
} vtws_vtql_shape;

/* Inspects a terminated-or-not statement. Returns FAILURE with ValueError when a LIMIT is
 * not of the forms VTQL accepts. */
zend_result vtws_vtql_inspect(const zend_string *vtql, vtws_vtql_shape *shape);

#endif
