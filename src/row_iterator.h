/*
 * Vtws\RowIterator: the rows of Client::queryAll(), fetched one 100-row page at a time.
 */
#ifndef VTWS_ROW_ITERATOR_H
#define VTWS_ROW_ITERATOR_H

#include "php.h"

extern zend_class_entry *vtws_ce_row_iterator;

void vtws_row_iterator_setup_class(zend_class_entry *ce);

/* statement: a bound VTQL statement without its ';'; options: queryAll's options or NULL.
 * Throws ValueError for a LIMIT that cannot be parsed; nothing is sent until the first row
 * is asked for. */
void vtws_row_iterator_create(zval *out, zval *client, const zend_string *statement,
	HashTable *options);

#endif
