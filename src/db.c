/*
 * Database access through the PHP methods of PDO or of Vtiger's PearDatabase. Nothing here
 * knows the tables of its users, nor which exception they throw.
 */
#include "db.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

/* PDO's attribute and mode numbers are part of its PHP API (PDO::ATTR_ERRMODE etc.). */
#define VTWS_PDO_ATTR_CASE 8
#define VTWS_PDO_ATTR_ERRMODE 3
#define VTWS_PDO_ATTR_DRIVER_NAME 16
#define VTWS_PDO_ERRMODE_EXCEPTION 2
#define VTWS_PDO_FETCH_ASSOC 2
#define VTWS_PDO_CASE_NATURAL 0

/* Takes the pending exception away so that cleanup calls can run (the engine skips calls
 * while one is pending); put it back with restore_exception(). */
static zend_object *stash_exception(void)
{
	zend_object *pending = EG(exception);
	EG(exception) = NULL;
	return pending;
}

/* The stashed exception wins over one raised during cleanup. */
static void restore_exception(zend_object *pending)
{
	if (!pending) {
		return;
	}
	if (EG(exception)) {
		zend_clear_exception();
	}
	EG(exception) = pending;
}

static void db_throw(vtws_db *db, const char *argument, const char *sql_state,
	zend_object *previous, const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 5, 6);

static void db_throw(vtws_db *db, const char *argument, const char *sql_state,
	zend_object *previous, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	zend_string *message = zend_vstrpprintf(0, format, args);
	va_end(args);
	db->raise(argument, sql_state, previous, message);
	zend_string_release(message);
}

static zval *read_property(zend_object *obj, const char *name, zval *rv)
{
	/* The object's own class as scope: mysqli_sql_exception keeps sqlstate protected. */
	return zend_read_property(obj->ce, obj, name, strlen(name), true, rv);
}

static zend_string *sql_state_of(zend_object *ex)
{
	zval rv;
	zval *info = read_property(ex, "errorInfo", &rv); /* PDOException */
	if (Z_TYPE_P(info) == IS_ARRAY) {
		zval *state = zend_hash_index_find(Z_ARRVAL_P(info), 0);
		if (state && Z_TYPE_P(state) == IS_STRING && Z_STRLEN_P(state) > 0) {
			return zend_string_copy(Z_STR_P(state));
		}
	}
	zval *state = read_property(ex, "sqlstate", &rv); /* mysqli_sql_exception */
	if (Z_TYPE_P(state) == IS_STRING) {
		return zend_string_copy(Z_STR_P(state));
	}
	zval *code = read_property(ex, "code", &rv); /* PDOException's own errors */
	if (Z_TYPE_P(code) == IS_STRING && Z_STRLEN_P(code) == 5) {
		return zend_string_copy(Z_STR_P(code));
	}
	return ZSTR_EMPTY_ALLOC();
}

/* A database exception (PDOException, mysqli_sql_exception, ...) becomes the owner's exception
 * with the original as previous. Errors (TypeError...) are bugs and stay as they are. */
static void convert_pending_exception(vtws_db *db)
{
	zend_object *cause = EG(exception);

	if (!cause || !instanceof_function(cause->ce, zend_ce_exception) ||
		instanceof_function(cause->ce, db->error_ce)) {
		return;
	}
	GC_ADDREF(cause);
	zend_clear_exception();

	zval rv;
	zend_string *message = zval_get_string(read_property(cause, "message", &rv));
	zend_string *state = sql_state_of(cause);
	db_throw(db, NULL, ZSTR_VAL(state), cause, "Database error: %s", ZSTR_VAL(message));
	zend_string_release(state);
	zend_string_release(message);
}

static zend_result call_method(vtws_db *db, const char *name, uint32_t argc, zval *argv,
	zval *retval)
{
	zend_string *method = zend_string_init(name, strlen(name), 0);
	zend_result found = zend_call_method_if_exists(Z_OBJ(db->handle), method, retval, argc, argv);

	zend_string_release(method);
	if (EG(exception)) {
		zval_ptr_dtor(retval);
		ZVAL_UNDEF(retval);
		convert_pending_exception(db);
		return FAILURE;
	}
	if (found == FAILURE) {
		db_throw(db, "db", NULL, NULL, "%s has no callable method %s()",
			ZSTR_VAL(Z_OBJCE(db->handle)->name), name);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result call_long(vtws_db *db, const char *name, zend_long arg, zval *retval)
{
	zval argv[1];
	ZVAL_LONG(&argv[0], arg);
	return call_method(db, name, 1, argv, retval);
}

static zend_result set_attribute(vtws_db *db, zend_long attribute, zend_long value)
{
	zval argv[2], retval;
	ZVAL_LONG(&argv[0], attribute);
	ZVAL_LONG(&argv[1], value);
	zend_result result = call_method(db, "setAttribute", 2, argv, &retval);
	zval_ptr_dtor(&retval);
	return result;
}

static bool has_method(zval *object, const char *lc_name)
{
	return zend_hash_str_exists(&Z_OBJCE_P(object)->function_table, lc_name, strlen(lc_name));
}

static zend_class_entry *pdo_class(void)
{
	zend_string *name = zend_string_init("PDO", 3, 0);
	zend_class_entry *ce = zend_lookup_class_ex(name, NULL, ZEND_FETCH_CLASS_NO_AUTOLOAD);
	zend_string_release(name);
	return ce;
}

bool vtws_db_is_pdo(zval *handle)
{
	zend_class_entry *pdo_ce = pdo_class();
	return pdo_ce && Z_TYPE_P(handle) == IS_OBJECT &&
		instanceof_function(Z_OBJCE_P(handle), pdo_ce);
}

zend_result vtws_db_init(vtws_db *db, zval *handle, zend_class_entry *error_ce, vtws_db_raise raise)
{
	zend_class_entry *pdo_ce = pdo_class();

	memset(db, 0, sizeof(*db));
	ZVAL_UNDEF(&db->handle);
	db->error_ce = error_ce;
	db->raise = raise;
	if (pdo_ce && instanceof_function(Z_OBJCE_P(handle), pdo_ce)) {
		db->kind = VTWS_DB_PDO;
	} else if (has_method(handle, "pquery")) {
		db->kind = VTWS_DB_PEAR;
	} else {
		zend_argument_type_error(1,
			"must be a PDO connection or Vtiger's PearDatabase (an object with pquery()), %s "
			"given",
			ZSTR_VAL(Z_OBJCE_P(handle)->name));
		return FAILURE;
	}
	ZVAL_COPY(&db->handle, handle);
	return SUCCESS;
}

zend_string *vtws_db_driver(vtws_db *db)
{
	zval driver;
	if (call_long(db, "getAttribute", VTWS_PDO_ATTR_DRIVER_NAME, &driver) == FAILURE) {
		return NULL;
	}
	if (Z_TYPE(driver) != IS_STRING) {
		zval_ptr_dtor(&driver);
		db_throw(db, "db", NULL, NULL, "The PDO connection does not name its driver");
		return NULL;
	}
	return Z_STR(driver);
}

void vtws_db_dtor(vtws_db *db)
{
	zval_ptr_dtor(&db->handle);
	ZVAL_UNDEF(&db->handle);
}

static zend_result read_pdo_long(vtws_db *db, zend_long attribute, zend_long *out)
{
	zval value;
	if (call_long(db, "getAttribute", attribute, &value) == FAILURE) {
		return FAILURE;
	}
	*out = zval_get_long(&value);
	zval_ptr_dtor(&value);
	return SUCCESS;
}

zend_result vtws_db_enter(vtws_db *db)
{
	db->in_transaction = false;
	if (db->kind != VTWS_DB_PDO) {
		return SUCCESS;
	}
	if (read_pdo_long(db, VTWS_PDO_ATTR_ERRMODE, &db->saved_errmode) == FAILURE) {
		return FAILURE;
	}
	if (read_pdo_long(db, VTWS_PDO_ATTR_CASE, &db->saved_case) == FAILURE) {
		return FAILURE;
	}
	if (set_attribute(db, VTWS_PDO_ATTR_ERRMODE, VTWS_PDO_ERRMODE_EXCEPTION) == FAILURE) {
		return FAILURE;
	}
	db->errmode_saved = true;
	/* Column names are read as written in our SELECTs, whatever case the caller set. */
	return set_attribute(db, VTWS_PDO_ATTR_CASE, VTWS_PDO_CASE_NATURAL);
}

void vtws_db_leave(vtws_db *db)
{
	if (db->kind != VTWS_DB_PDO || !db->errmode_saved) {
		return;
	}
	zend_object *pending = stash_exception();
	set_attribute(db, VTWS_PDO_ATTR_CASE, db->saved_case);
	set_attribute(db, VTWS_PDO_ATTR_ERRMODE, db->saved_errmode);
	db->errmode_saved = false;
	restore_exception(pending);
}

static zend_result pdo_run(vtws_db *db, const char *sql, zval *params, zval *rows)
{
	zval argv[1], statement, ignored;

	ZVAL_STRING(&argv[0], sql);
	zend_result result = call_method(db, "prepare", 1, argv, &statement);
	zval_ptr_dtor(&argv[0]);
	if (result == FAILURE) {
		return FAILURE;
	}
	if (Z_TYPE(statement) != IS_OBJECT) {
		zval_ptr_dtor(&statement);
		db_throw(db, NULL, NULL, NULL, "PDO::prepare() failed for: %s", sql);
		return FAILURE;
	}
	vtws_db stmt = *db;
	ZVAL_COPY_VALUE(&stmt.handle, &statement);
	result = call_method(&stmt, "execute", 1, params, &ignored);
	zval_ptr_dtor(&ignored);
	if (result == SUCCESS && rows) {
		result = call_long(&stmt, "fetchAll", VTWS_PDO_FETCH_ASSOC, rows);
	}
	zval_ptr_dtor(&statement);
	return result;
}

/* ADOdb reports errors through the connection: ErrorMsg(), ErrorNo(), and for mysqli the
 * SQLSTATE on the mysqli object in _connectionID. */
static void throw_pear_error(vtws_db *db, const char *sql)
{
	zval rv, message, code;
	zend_string *state = NULL;

	ZVAL_UNDEF(&message);
	ZVAL_UNDEF(&code);
	zval *connection = read_property(Z_OBJ(db->handle), "database", &rv);
	if (Z_TYPE_P(connection) == IS_OBJECT) {
		vtws_db adodb = *db;
		ZVAL_COPY_VALUE(&adodb.handle, connection);
		if (has_method(connection, "errormsg")) {
			call_method(&adodb, "ErrorMsg", 0, NULL, &message);
		}
		if (has_method(connection, "errorno") && !EG(exception)) {
			call_method(&adodb, "ErrorNo", 0, NULL, &code);
		}
		zval link_rv;
		zval *link = read_property(Z_OBJ_P(connection), "_connectionID", &link_rv);
		if (Z_TYPE_P(link) == IS_OBJECT && !EG(exception)) {
			zval state_rv;
			zval *value = read_property(Z_OBJ_P(link), "sqlstate", &state_rv);
			if (Z_TYPE_P(value) == IS_STRING) {
				state = zend_string_copy(Z_STR_P(value));
			}
		}
	}
	if (!EG(exception)) {
		zend_string *text = Z_TYPE(message) == IS_STRING ? zend_string_copy(Z_STR(message))
														 : zend_string_init("unknown error", 13, 0);
		db_throw(db, NULL, state ? ZSTR_VAL(state) : NULL, NULL,
			"Database error: %s (error " ZEND_LONG_FMT ") in: %s", ZSTR_VAL(text),
			zval_get_long(&code), sql);
		zend_string_release(text);
	}
	if (state) {
		zend_string_release(state);
	}
	zval_ptr_dtor(&message);
	zval_ptr_dtor(&code);
}

/* PearDatabase takes the result by reference (&$result). */
static zend_result pear_row_call(vtws_db *db, const char *method, zval *result, zend_long row,
	zval *retval)
{
	zval argv[2];
	ZVAL_NEW_REF(&argv[0], result);
	Z_TRY_ADDREF_P(result);
	ZVAL_LONG(&argv[1], row);
	zend_result status = call_method(db, method, row >= 0 ? 2 : 1, argv, retval);
	zval_ptr_dtor(&argv[0]);
	return status;
}

static zend_result pear_fetch_rows(vtws_db *db, zval *result, zval *rows)
{
	zval count;
	if (pear_row_call(db, "num_rows", result, -1, &count) == FAILURE) {
		return FAILURE;
	}
	zend_long n = zval_get_long(&count);
	zval_ptr_dtor(&count);
	/* raw_query_result_rowdata() skips the HTML escaping that fetch_array() applies. */
	bool raw = has_method(&db->handle, "raw_query_result_rowdata");

	array_init(rows);
	for (zend_long i = 0; i < n; i++) {
		zval row;
		zend_result status = raw ? pear_row_call(db, "raw_query_result_rowdata", result, i, &row)
								 : pear_row_call(db, "fetch_array", result, -1, &row);
		if (status == FAILURE) {
			zval_ptr_dtor(rows);
			ZVAL_UNDEF(rows);
			return FAILURE;
		}
		if (Z_TYPE(row) != IS_ARRAY) {
			zval_ptr_dtor(&row);
			break;
		}
		add_next_index_zval(rows, &row);
	}
	return SUCCESS;
}

static zend_result pear_run(vtws_db *db, const char *sql, zval *params, zval *rows)
{
	zval argv[2], result;

	ZVAL_STRING(&argv[0], sql);
	ZVAL_COPY(&argv[1], params);
	zend_result status = call_method(db, "pquery", 2, argv, &result);
	zval_ptr_dtor(&argv[0]);
	zval_ptr_dtor(&argv[1]);
	if (status == FAILURE) {
		return FAILURE;
	}
	if (Z_TYPE(result) == IS_FALSE || Z_TYPE(result) == IS_NULL) {
		throw_pear_error(db, sql);
		return FAILURE;
	}
	if (rows) {
		status = pear_fetch_rows(db, &result, rows);
	}
	zval_ptr_dtor(&result);
	return status;
}

zend_result vtws_db_run(vtws_db *db, const char *sql, zval *params, zval *rows)
{
	zval empty;
	zend_result status;

	if (!params) {
		array_init(&empty);
		params = &empty;
	}
	if (db->kind == VTWS_DB_PDO) {
		status = pdo_run(db, sql, params, rows);
	} else {
		status = pear_run(db, sql, params, rows);
	}
	if (params == &empty) {
		zval_ptr_dtor(&empty);
	}
	return status;
}

static zend_result call_void(vtws_db *db, const char *name)
{
	zval retval;
	zend_result status = call_method(db, name, 0, NULL, &retval);
	zval_ptr_dtor(&retval);
	return status;
}

zend_result vtws_db_outside_transaction(vtws_db *db)
{
	zval active;

	if (db->kind != VTWS_DB_PDO) {
		return SUCCESS;
	}
	if (call_method(db, "inTransaction", 0, NULL, &active) == FAILURE) {
		return FAILURE;
	}
	bool busy = zend_is_true(&active);
	zval_ptr_dtor(&active);
	if (busy) {
		/* Committing or rolling back the caller's transaction is not ours to do. */
		db_throw(db, "db", NULL, NULL,
			"The PDO connection is inside a transaction: make this call outside it");
		return FAILURE;
	}
	return SUCCESS;
}

zend_result vtws_db_begin(vtws_db *db)
{
	if (vtws_db_outside_transaction(db) == FAILURE) {
		return FAILURE;
	}
	if (db->kind == VTWS_DB_PDO) {
		if (call_void(db, "beginTransaction") == FAILURE) {
			return FAILURE;
		}
	} else if (vtws_db_run(db, "START TRANSACTION", NULL, NULL) == FAILURE) {
		return FAILURE;
	}
	db->in_transaction = true;
	return SUCCESS;
}

zend_result vtws_db_commit(vtws_db *db)
{
	zend_result status = db->kind == VTWS_DB_PDO ? call_void(db, "commit")
												 : vtws_db_run(db, "COMMIT", NULL, NULL);
	if (status == SUCCESS) {
		db->in_transaction = false;
	}
	return status;
}

void vtws_db_rollback(vtws_db *db)
{
	if (!db->in_transaction) {
		return;
	}
	db->in_transaction = false;
	zend_object *pending = stash_exception();
	if (db->kind == VTWS_DB_PDO) {
		call_void(db, "rollBack");
	} else {
		vtws_db_run(db, "ROLLBACK", NULL, NULL);
	}
	restore_exception(pending);
}
