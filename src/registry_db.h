/*
 * The database behind Vtws\OperationRegistry: a PDO connection or Vtiger's PearDatabase,
 * both driven through their PHP methods. Every database failure leaves a
 * Vtws\RegistryException (with the SQLSTATE when known) as the pending exception.
 */
#ifndef VTWS_REGISTRY_DB_H
#define VTWS_REGISTRY_DB_H

#include "php.h"

typedef enum {
	VTWS_DB_PDO,
	VTWS_DB_PEAR, /* Vtiger's PearDatabase, or anything with its pquery() API */
} vtws_db_kind;

typedef struct {
	zval handle;
	vtws_db_kind kind;
	/* PDO only: the caller's ATTR_ERRMODE and ATTR_CASE, restored when a registry call ends. */
	zend_long saved_errmode;
	zend_long saved_case;
	bool errmode_saved;
	bool in_transaction;
} vtws_db;

/* Recognises the kind of handle; on FAILURE a TypeError or RegistryException is pending. */
zend_result vtws_db_init(vtws_db *db, zval *handle);
void vtws_db_dtor(vtws_db *db);

/* Brackets every registry call: PDO reports errors as exceptions in between. */
zend_result vtws_db_enter(vtws_db *db);
void vtws_db_leave(vtws_db *db);

/* Runs one statement with positional parameters. With rows != NULL, *rows receives the
 * result as a list of column => value arrays (column names lower-cased). */
zend_result vtws_db_run(vtws_db *db, const char *sql, zval *params, zval *rows);

zend_result vtws_db_begin(vtws_db *db);
zend_result vtws_db_commit(vtws_db *db);
/* Rolls back an open transaction; keeps whatever exception is already pending. */
void vtws_db_rollback(vtws_db *db);

#endif
