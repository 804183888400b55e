/*
 * Reading a Sync Connector XML definition into a sync_model.
 */
#ifndef VTWS_SYNC_LOAD_H
#define VTWS_SYNC_LOAD_H

#include "php.h"
#include "sync_model.h"

typedef struct {
	bool strict; /* unknown elements/attributes and unhonourable synctypes are errors */
	const char *source; /* file name for messages, may be NULL */
	HashTable *config; /* config values given by the caller, may be NULL */
	/* out */
	char *error; /* emalloc'd */
	zend_long error_line;
	char error_element[64];
	zval warnings; /* list of ['message', 'line', 'element'] */
} sync_load_result;

void sync_load_result_init(sync_load_result *result);
void sync_load_result_dtor(sync_load_result *result);

/* Parses the definition (no network, no entity expansion, no DTD). On FAILURE result->error
 * says why and the model is empty. */
zend_result sync_load(sync_model *model, const char *xml, size_t len, sync_load_result *result);

#endif
