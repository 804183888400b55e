/*
 * Vtws\Client bulk helpers: createMany, reviseMany, deleteMany (skeleton).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "client.h"

ZEND_METHOD(Vtws_Client, createMany)
{
	zend_throw_error(NULL, "not built yet");
}
ZEND_METHOD(Vtws_Client, reviseMany)
{
	zend_throw_error(NULL, "not built yet");
}
ZEND_METHOD(Vtws_Client, deleteMany)
{
	zend_throw_error(NULL, "not built yet");
}
