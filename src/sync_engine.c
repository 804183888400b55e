#include "sync_engine.h"

void vtws_sync_run(vtws_sync_connector *c, HashTable *options, zval *return_value)
{
	zend_throw_error(NULL, "not implemented");
}
