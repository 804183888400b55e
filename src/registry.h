/*
 * Vtws\OperationRegistry: registers custom webservice operations in Vtiger's
 * vtiger_ws_operation / vtiger_ws_operation_parameters tables.
 */
#ifndef VTWS_REGISTRY_H
#define VTWS_REGISTRY_H

#include "php.h"

extern zend_class_entry *vtws_ce_registry_exception;
extern zend_class_entry *vtws_ce_operation_registry;

/* Registers Vtws\RegistryException and Vtws\OperationRegistry; called from MINIT after the
 * exception hierarchy exists. */
void vtws_registry_minit(void);

/* Throws a Vtws\RegistryException. argument names the offending argument of an invalid
 * definition; sql_state is the database's SQLSTATE; previous (ownership taken) is the
 * database exception behind it. Each may be NULL. */
void vtws_registry_throw(const char *argument, const char *sql_state, zend_object *previous,
	const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 4, 5);

#endif
