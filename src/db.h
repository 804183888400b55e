/*
 * Database access through the PHP methods of a PDO connection or of Vtiger's PearDatabase,
 * shared by Vtws\OperationRegistry and Vtws\Sync\PdoState. The owner of a vtws_db decides
 * which exception a database failure becomes: every failure calls its raise hook, which
 * leaves that exception pending.
 */
#ifndef VTWS_DB_H
#define VTWS_DB_H

#include "php.h"

typedef enum {
	VTWS_DB_PDO,
	VTWS_DB_PEAR, /* Vtiger's PearDatabase, or anything with its pquery() API */
} vtws_db_kind;

/* Throws the owner's exception. argument names the offending argument ("db") or is NULL;
 * sql_state is the database's SQLSTATE or NULL; previous (ownership taken) is the database
 * exception behind the failure, or NULL. */
typedef void (*vtws_db_raise)(const char *argument, const char *sql_state, zend_object *previous,
	zend_string *message);

typedef struct {
	zval handle;
	vtws_db_kind kind;
	vtws_db_raise raise;
	/* Exceptions of this class are already the owner's and pass through unchanged. */
	zend_class_entry *error_ce;
	/* PDO only: the caller's ATTR_ERRMODE and ATTR_CASE, restored when a call ends. */
	zend_long saved_errmode;
	zend_long saved_case;
	bool errmode_saved;
	bool in_transaction;
} vtws_db;

bool vtws_db_is_pdo(zval *handle);

/* Recognises the kind of handle; on FAILURE a TypeError is pending. */
zend_result vtws_db_init(vtws_db *db, zval *handle, zend_class_entry *error_ce,
	vtws_db_raise raise);
void vtws_db_dtor(vtws_db *db);

/* The PDO driver name ("mysql", "sqlite", ...); NULL with the owner's exception pending when it
 * cannot be read. Not for PearDatabase handles. */
zend_string *vtws_db_driver(vtws_db *db);

/* Brackets every call of the owner: PDO reports errors as exceptions in between. */
zend_result vtws_db_enter(vtws_db *db);
void vtws_db_leave(vtws_db *db);

/* Runs one statement with positional parameters. With rows != NULL, *rows receives the
 * result as a list of column => value arrays (column names lower-cased). */
zend_result vtws_db_run(vtws_db *db, const char *sql, zval *params, zval *rows);

/* Fails (owner's exception) when the caller's PDO connection is inside a transaction. */
zend_result vtws_db_outside_transaction(vtws_db *db);

zend_result vtws_db_begin(vtws_db *db);
zend_result vtws_db_commit(vtws_db *db);
/* Rolls back an open transaction; keeps whatever exception is already pending. */
void vtws_db_rollback(vtws_db *db);

#endif
