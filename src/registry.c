/*
 * Vtws\OperationRegistry (skeleton: implemented in its own change).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "ext/spl/spl_exceptions.h"

#include "errors.h"
#include "registry.h"
#include "../stubs/registry_arginfo.h"

zend_class_entry *vtws_ce_registry_exception;
zend_class_entry *vtws_ce_operation_registry;

void vtws_registry_minit(void)
{
	vtws_ce_registry_exception = register_class_Vtws_RegistryException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_operation_registry = register_class_Vtws_OperationRegistry();
}

#define VTWS_REGISTRY_PENDING() zend_throw_error(NULL, "Vtws\\OperationRegistry is not built yet")

ZEND_METHOD(Vtws_RegistryException, getSqlState)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_RegistryException, getArgument)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, __construct)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, register)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, unregister)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, get)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, all)
{
	VTWS_REGISTRY_PENDING();
}
ZEND_METHOD(Vtws_OperationRegistry, exists)
{
	VTWS_REGISTRY_PENDING();
}
