/*
 * Validation of an operation definition before it reaches the database: the limits of
 * Vtiger 8's schema, the values Vtiger's dispatcher understands, and (with a Vtiger root)
 * the handler file and the PHP 8 named-argument contract of its function.
 */
#ifndef VTWS_REGISTRY_CHECK_H
#define VTWS_REGISTRY_CHECK_H

#include "php.h"

/* Column widths of vtiger_ws_operation / vtiger_ws_operation_parameters. */
#define VTWS_OPERATION_NAME_MAX 128
#define VTWS_HANDLER_PATH_MAX 255
#define VTWS_HANDLER_METHOD_MAX 64
#define VTWS_PARAMETER_NAME_MAX 128

typedef struct {
	zend_string *name;
	zend_string *handler_path;
	zend_string *handler_method;
	zend_string *type; /* "GET" or "POST" */
	bool prelogin;
	zval params; /* name => lower-case type, in the declared order */
} vtws_operation_def;

/* Fills def from register()'s arguments; on FAILURE a RegistryException naming the
 * argument (or a TypeError) is pending and def holds nothing. */
zend_result vtws_def_init(vtws_operation_def *def, zend_string *name, zend_string *handler_path,
	zend_string *handler_method, zend_string *type, HashTable *params, bool prelogin);
void vtws_def_dtor(vtws_operation_def *def);

/* One of the operations a fresh Vtiger 8 install registers (compared case-insensitively,
 * as Vtiger's dispatcher lower-cases the requested name). */
bool vtws_is_builtin_operation(const zend_string *name);

/* With the Vtiger root (a real path): the handler file exists inside it and is allowed
 * by Vtiger's inclusion check, defines the function (the file is included once), and the
 * function accepts exactly what Vtiger 8 on PHP 8 passes by name. */
zend_result vtws_check_handler(const zend_string *vtiger_root, const vtws_operation_def *def);

#endif
