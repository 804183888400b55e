/*
 * The client's "typed" option: query, sync and record results converted by the field
 * types describe reports, with one type map cached per module.
 */
#ifndef VTWS_CLIENT_TYPED_H
#define VTWS_CLIENT_TYPED_H

#include "php.h"
#include "client.h"

/* Converts the rows of a SELECT in place when the client is typed; count(*) rows and
 * statements without a module are left alone. FAILURE after throwing (describe failed). */
zend_result vtws_client_type_query_rows(vtws_client *client, const zend_string *statement,
	zval *rows);

/* Converts one record in place when the client is typed. module may be NULL: it is then
 * found by the id's prefix. FAILURE after throwing. */
zend_result vtws_client_type_record(vtws_client *client, zend_string *module, zval *record);

/* Converts each record of a list, as vtws_client_type_record(). */
zend_result vtws_client_type_records(vtws_client *client, zend_string *module, zval *records);

void vtws_client_typed_forget(vtws_client *client);

#endif
