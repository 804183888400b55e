/*
 * Vtws\OperationRegistry: custom webservice operations in Vtiger's vtiger_ws_operation and
 * vtiger_ws_operation_parameters tables, written the way Vtiger's own helpers write them
 * (ids from vtiger_ws_operation_seq), atomically and idempotently.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/spl/spl_exceptions.h"

#include "errors.h"
#include "registry.h"
#include "registry_check.h"
#include "db.h"
#include "../stubs/registry_arginfo.h"

zend_class_entry *vtws_ce_registry_exception;
zend_class_entry *vtws_ce_operation_registry;
static zend_object_handlers registry_handlers;

typedef struct {
	vtws_db db;
	zend_string *vtiger_root; /* real path without a trailing slash, or NULL */
	bool allow_builtin;
	bool tables_checked;
	bool constructed;
	zend_object std;
} vtws_registry;

#define SQL_OPERATION_COLUMNS "operationid, name, handler_path, handler_method, type, prelogin"
#define SQL_OPERATIONS_NAMED \
	"SELECT " SQL_OPERATION_COLUMNS " FROM vtiger_ws_operation WHERE name = ? ORDER BY operationid"
#define SQL_ALL_OPERATIONS \
	"SELECT " SQL_OPERATION_COLUMNS " FROM vtiger_ws_operation ORDER BY operationid"
/* Vtiger reads parameters ORDER BY sequence; ties come back in primary-key order (name). */
#define SQL_PARAMETERS_OF \
	"SELECT operationid, name, type, sequence FROM vtiger_ws_operation_parameters " \
	"WHERE operationid = ? ORDER BY sequence, name"
#define SQL_ALL_PARAMETERS \
	"SELECT operationid, name, type, sequence FROM vtiger_ws_operation_parameters " \
	"ORDER BY operationid, sequence, name"
#define SQL_TABLES_PRESENT \
	"SELECT (SELECT COUNT(*) FROM vtiger_ws_operation WHERE 1 = 0) + " \
	"(SELECT COUNT(*) FROM vtiger_ws_operation_parameters WHERE 1 = 0) AS n"
#define SQL_SEQUENCE_ROWS "SELECT COUNT(*) AS n FROM vtiger_ws_operation_seq"
/* What ADOdb's GenID() does when the sequence table is missing. */
#define SQL_CREATE_SEQUENCE "CREATE TABLE IF NOT EXISTS vtiger_ws_operation_seq (id int not null)"
#define SQL_SEED_SEQUENCE \
	"INSERT INTO vtiger_ws_operation_seq (id) SELECT COALESCE(MAX(operationid), 0) " \
	"FROM vtiger_ws_operation"
#define SQL_GET_LOCK "SELECT GET_LOCK('vtws_operation_registry', 30) AS locked"
#define SQL_RELEASE_LOCK "SELECT RELEASE_LOCK('vtws_operation_registry') AS released"
/* Serialises registrations, and Vtiger's own GenID() on the same row, until commit. */
#define SQL_LOCK_SEQUENCE "SELECT id FROM vtiger_ws_operation_seq FOR UPDATE"
/* PearDatabase::getUniqueID('vtiger_ws_operation') = ADOdb GenID on MySQL. */
#define SQL_NEXT_ID "UPDATE vtiger_ws_operation_seq SET id=LAST_INSERT_ID(id+1)"
#define SQL_LAST_ID "SELECT LAST_INSERT_ID() AS id"
#define SQL_ID_IN_USE \
	"SELECT (SELECT COUNT(*) FROM vtiger_ws_operation WHERE operationid = ?) + " \
	"(SELECT COUNT(*) FROM vtiger_ws_operation_parameters WHERE operationid = ?) AS n"
#define SQL_INSERT_OPERATION \
	"INSERT INTO vtiger_ws_operation (" SQL_OPERATION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)"
#define SQL_UPDATE_OPERATION \
	"UPDATE vtiger_ws_operation SET name = ?, handler_path = ?, handler_method = ?, type = ?, " \
	"prelogin = ? WHERE operationid = ?"
#define SQL_INSERT_PARAMETER \
	"INSERT INTO vtiger_ws_operation_parameters (operationid, name, type, sequence) " \
	"VALUES (?, ?, ?, ?)"
#define SQL_DELETE_PARAMETERS "DELETE FROM vtiger_ws_operation_parameters WHERE operationid = ?"
#define SQL_DELETE_OPERATION "DELETE FROM vtiger_ws_operation WHERE operationid = ?"

static inline vtws_registry *registry_from_obj(zend_object *obj)
{
	return (vtws_registry *) ((char *) obj - XtOffsetOf(vtws_registry, std));
}

/* ---- Vtws\RegistryException -------------------------------------------------------- */

void vtws_registry_throw(const char *argument, const char *sql_state, zend_object *previous,
	const char *format, ...)
{
	va_list args;
	zval ex;

	va_start(args, format);
	zend_string *message = zend_vstrpprintf(0, format, args);
	va_end(args);

	object_init_ex(&ex, vtws_ce_registry_exception);
	zend_update_property_str(zend_ce_exception, Z_OBJ(ex), "message", sizeof("message") - 1,
		message);
	zend_update_property_string(vtws_ce_registry_exception, Z_OBJ(ex), "sqlState",
		sizeof("sqlState") - 1, sql_state ? sql_state : "");
	zend_update_property_string(vtws_ce_registry_exception, Z_OBJ(ex), "argument",
		sizeof("argument") - 1, argument ? argument : "");
	if (previous) {
		zend_exception_set_previous(Z_OBJ(ex), previous);
	}
	zend_string_release(message);
	zend_throw_exception_object(&ex);
}

/* The vtws_db hook: database failures become RegistryExceptions. */
static void raise_registry_error(const char *argument, const char *sql_state, zend_object *previous,
	zend_string *message)
{
	vtws_registry_throw(argument, sql_state, previous, "%s", ZSTR_VAL(message));
}

static void return_property(zend_execute_data *execute_data, zval *return_value, const char *name)
{
	zval rv;
	zval *value = zend_read_property(vtws_ce_registry_exception, Z_OBJ_P(ZEND_THIS), name,
		strlen(name), true, &rv);
	RETURN_COPY_DEREF(value);
}

ZEND_METHOD(Vtws_RegistryException, getSqlState)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(execute_data, return_value, "sqlState");
}

ZEND_METHOD(Vtws_RegistryException, getArgument)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(execute_data, return_value, "argument");
}

/* ---- the object -------------------------------------------------------------------- */

static zend_object *registry_create(zend_class_entry *ce)
{
	vtws_registry *registry = zend_object_alloc(sizeof(vtws_registry), ce);

	zend_object_std_init(&registry->std, ce);
	object_properties_init(&registry->std, ce);
	registry->std.handlers = &registry_handlers;
	ZVAL_UNDEF(&registry->db.handle);
	return &registry->std;
}

static void registry_free(zend_object *obj)
{
	vtws_registry *registry = registry_from_obj(obj);

	vtws_db_dtor(&registry->db);
	if (registry->vtiger_root) {
		zend_string_release(registry->vtiger_root);
	}
	zend_object_std_dtor(obj);
}

/* The database object may hold the registry in turn (e.g. in a property): let the cycle
 * collector see the edge. */
static HashTable *registry_get_gc(zend_object *obj, zval **table, int *n)
{
	vtws_registry *registry = registry_from_obj(obj);

	*table = Z_ISUNDEF(registry->db.handle) ? NULL : &registry->db.handle;
	*n = Z_ISUNDEF(registry->db.handle) ? 0 : 1;
	return zend_std_get_properties(obj);
}

void vtws_registry_minit(void)
{
	vtws_ce_registry_exception = register_class_Vtws_RegistryException(spl_ce_RuntimeException,
		vtws_ce_exception);
	vtws_ce_operation_registry = register_class_Vtws_OperationRegistry();
	vtws_ce_operation_registry->create_object = registry_create;
	memcpy(&registry_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	registry_handlers.offset = XtOffsetOf(vtws_registry, std);
	registry_handlers.free_obj = registry_free;
	registry_handlers.get_gc = registry_get_gc;
	registry_handlers.clone_obj = NULL;
	registry_handlers.compare = zend_objects_not_comparable;
}

static vtws_registry *registry_this(zval *this_zv)
{
	vtws_registry *registry = registry_from_obj(Z_OBJ_P(this_zv));
	if (!registry->constructed) {
		zend_throw_error(NULL, "Vtws\\OperationRegistry was not constructed");
		return NULL;
	}
	return registry;
}

/* ---- options ----------------------------------------------------------------------- */

static zend_result read_vtiger_root(vtws_registry *registry, zval *value)
{
	char resolved[MAXPATHLEN];
	zend_stat_t st;

	if (Z_TYPE_P(value) != IS_STRING) {
		zend_type_error("Option \"vtiger_root\" must be of type string, %s given",
			zend_zval_type_name(value));
		return FAILURE;
	}
	if (Z_STRLEN_P(value) == 0 || memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value)) ||
		!VCWD_REALPATH(Z_STRVAL_P(value), resolved) || VCWD_STAT(resolved, &st) != 0 ||
		!S_ISDIR(st.st_mode)) {
		zend_value_error("Option \"vtiger_root\" must name an existing directory");
		return FAILURE;
	}
	size_t len = strlen(resolved);
	while (len > 1 && resolved[len - 1] == '/') {
		len--;
	}
	registry->vtiger_root = zend_string_init(resolved, len, 0);
	return SUCCESS;
}

static zend_result read_options(vtws_registry *registry, HashTable *options)
{
	zend_string *key;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		ZVAL_DEREF(value);
		if (!key) {
			zend_argument_value_error(2, "must be an array with option names as keys");
			return FAILURE;
		}
		if (zend_string_equals_literal(key, "vtiger_root")) {
			if (read_vtiger_root(registry, value) == FAILURE) {
				return FAILURE;
			}
		} else if (zend_string_equals_literal(key, "allow_builtin")) {
			if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
				zend_type_error("Option \"allow_builtin\" must be of type bool, %s given",
					zend_zval_type_name(value));
				return FAILURE;
			}
			registry->allow_builtin = Z_TYPE_P(value) == IS_TRUE;
		} else {
			zend_argument_value_error(2, "contains the unknown option \"%s\"", ZSTR_VAL(key));
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result check_mysql(vtws_db *db)
{
	if (db->kind != VTWS_DB_PDO) {
		return SUCCESS;
	}
	zend_string *driver = vtws_db_driver(db);
	if (!driver) {
		return FAILURE;
	}
	bool mysql = zend_string_equals_literal(driver, "mysql");
	if (!mysql) {
		vtws_registry_throw("db", NULL, NULL,
			"Vtiger's database is MySQL/MariaDB: the PDO connection must use the mysql driver, "
			"not %s",
			ZSTR_VAL(driver));
	}
	zend_string_release(driver);
	return mysql ? SUCCESS : FAILURE;
}

ZEND_METHOD(Vtws_OperationRegistry, __construct)
{
	zval *db;
	HashTable *options = NULL;
	vtws_registry *registry = registry_from_obj(Z_OBJ_P(ZEND_THIS));

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJECT(db)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (registry->constructed) {
		zend_throw_error(NULL, "Vtws\\OperationRegistry is already constructed");
		RETURN_THROWS();
	}
	if (options && read_options(registry, options) == FAILURE) {
		RETURN_THROWS();
	}
	if (vtws_db_init(&registry->db, db, vtws_ce_registry_exception, raise_registry_error) ==
			FAILURE ||
		check_mysql(&registry->db) == FAILURE) {
		vtws_db_dtor(&registry->db);
		RETURN_THROWS();
	}
	registry->constructed = true;
}

/* ---- reading rows ------------------------------------------------------------------ */

static zval *row_value(zval *row, const char *column)
{
	zval *value = zend_hash_str_find(Z_ARRVAL_P(row), column, strlen(column));
	static zval null_value;
	ZVAL_NULL(&null_value);
	return value ? value : &null_value;
}

static zend_long row_long(zval *row, const char *column)
{
	return zval_get_long(row_value(row, column));
}

static zend_string *row_string(zval *row, const char *column)
{
	return zval_get_string(row_value(row, column));
}

static bool row_string_equals(zval *row, const char *column, const zend_string *expected)
{
	zend_string *actual = row_string(row, column);
	bool equal = zend_string_equals(actual, (zend_string *) expected);
	zend_string_release(actual);
	return equal;
}

static zend_result query_rows(vtws_registry *registry, const char *sql, zval *params, zval *rows)
{
	zend_result status = vtws_db_run(&registry->db, sql, params, rows);
	if (status == SUCCESS && Z_TYPE_P(rows) != IS_ARRAY) {
		zval_ptr_dtor(rows);
		ZVAL_UNDEF(rows);
		vtws_registry_throw(NULL, NULL, NULL, "The database returned no result rows for: %s", sql);
		return FAILURE;
	}
	return status;
}

static zend_result query_long(vtws_registry *registry, const char *sql, zval *params,
	const char *column, zend_long *out)
{
	zval rows;
	if (query_rows(registry, sql, params, &rows) == FAILURE) {
		return FAILURE;
	}
	zval *first = zend_hash_index_find(Z_ARRVAL(rows), 0);
	*out = first && Z_TYPE_P(first) == IS_ARRAY ? row_long(first, column) : 0;
	zval_ptr_dtor(&rows);
	return SUCCESS;
}

static zend_result run(vtws_registry *registry, const char *sql, zval *params)
{
	return vtws_db_run(&registry->db, sql, params, NULL);
}

/* Parameters of positional SQL placeholders. */
static void params_id(zval *params, zend_long id)
{
	array_init(params);
	add_next_index_long(params, id);
}

static void params_name(zval *params, const zend_string *name)
{
	array_init(params);
	add_next_index_str(params, zend_string_copy((zend_string *) name));
}

/* ---- entering a registry call ------------------------------------------------------ */

/* A missing table is the usual sign of a connection to the wrong database: say so. */
static void explain_missing_tables(void)
{
	zend_object *cause = EG(exception);
	if (!cause || cause->ce != vtws_ce_registry_exception) {
		return;
	}
	zval rv;
	zval *state = zend_read_property(cause->ce, cause, "sqlState", sizeof("sqlState") - 1, true,
		&rv);
	if (Z_TYPE_P(state) != IS_STRING || !zend_string_equals_literal(Z_STR_P(state), "42S02")) {
		return;
	}
	zend_string *message = zval_get_string(
		zend_read_property(cause->ce, cause, "message", sizeof("message") - 1, true, &rv));
	/* Keep the database's own exception as the previous one. */
	zval *previous = zend_read_property(zend_ce_exception, cause, "previous",
		sizeof("previous") - 1, true, &rv);
	zend_object *database_error = Z_TYPE_P(previous) == IS_OBJECT ? Z_OBJ_P(previous) : NULL;
	if (database_error) {
		GC_ADDREF(database_error);
	}
	zend_clear_exception();
	vtws_registry_throw(NULL, "42S02", database_error,
		"Vtiger's webservice tables vtiger_ws_operation and vtiger_ws_operation_parameters are "
		"missing: is this Vtiger's database? (%s)",
		ZSTR_VAL(message));
	zend_string_release(message);
}

static zend_result enter(vtws_registry *registry)
{
	if (vtws_db_enter(&registry->db) == FAILURE) {
		vtws_db_leave(&registry->db);
		return FAILURE;
	}
	if (!registry->tables_checked) {
		zend_long ignored;
		if (query_long(registry, SQL_TABLES_PRESENT, NULL, "n", &ignored) == FAILURE) {
			explain_missing_tables();
			vtws_db_leave(&registry->db);
			return FAILURE;
		}
		registry->tables_checked = true;
	}
	return SUCCESS;
}

static void leave(vtws_registry *registry)
{
	vtws_db_rollback(&registry->db);
	vtws_db_leave(&registry->db);
}

/* ---- reading operations ------------------------------------------------------------ */

/* Appends one parameter row to an operation array's "params". */
static void add_parameter(zval *operation, zval *row)
{
	zval *params = zend_hash_str_find(Z_ARRVAL_P(operation), "params", sizeof("params") - 1);
	zend_string *name = row_string(row, "name");
	zend_string *type = row_string(row, "type");
	zval value;

	ZVAL_STR(&value, type);
	zend_symtable_update(Z_ARRVAL_P(params), name, &value);
	zend_string_release(name);
}

/* The public shape of one stored operation. */
static void operation_from_row(zval *operation, zval *row)
{
	zend_string *name = row_string(row, "name");
	zval params, duplicates;

	array_init(operation);
	add_assoc_long(operation, "id", row_long(row, "operationid"));
	add_assoc_str(operation, "name", name);
	add_assoc_str(operation, "handler_path", row_string(row, "handler_path"));
	add_assoc_str(operation, "handler_method", row_string(row, "handler_method"));
	add_assoc_str(operation, "type", row_string(row, "type"));
	add_assoc_bool(operation, "prelogin", row_long(row, "prelogin") != 0);
	array_init(&params);
	add_assoc_zval(operation, "params", &params);
	add_assoc_bool(operation, "builtin", vtws_is_builtin_operation(name));
	array_init(&duplicates);
	add_assoc_zval(operation, "duplicates", &duplicates);
}

static void add_duplicate(zval *operation, zend_long id)
{
	zval *duplicates = zend_hash_str_find(Z_ARRVAL_P(operation), "duplicates",
		sizeof("duplicates") - 1);
	add_next_index_long(duplicates, id);
}

static zend_result load_parameters(vtws_registry *registry, zend_long id, zval *rows)
{
	zval params;
	params_id(&params, id);
	zend_result status = query_rows(registry, SQL_PARAMETERS_OF, &params, rows);
	zval_ptr_dtor(&params);
	return status;
}

/* The operation rows with this name (Vtiger's collation decides about case), oldest first. */
static zend_result load_named(vtws_registry *registry, const zend_string *name, zval *rows)
{
	zval params;
	params_name(&params, name);
	zend_result status = query_rows(registry, SQL_OPERATIONS_NAMED, &params, rows);
	zval_ptr_dtor(&params);
	return status;
}

/* Builds get()'s answer: the first row (the one Vtiger dispatches to when the order is
 * stable), its parameters, and the ids of any duplicates. NULL when there is none. */
static zend_result describe_named(vtws_registry *registry, const zend_string *name, zval *out)
{
	zval rows, params;
	zval *row;

	ZVAL_NULL(out);
	if (load_named(registry, name, &rows) == FAILURE) {
		return FAILURE;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(rows), row) {
		if (Z_TYPE_P(out) == IS_NULL) {
			operation_from_row(out, row);
		} else {
			add_duplicate(out, row_long(row, "operationid"));
		}
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&rows);
	if (Z_TYPE_P(out) == IS_NULL) {
		return SUCCESS;
	}
	zend_long id = zval_get_long(zend_hash_str_find(Z_ARRVAL_P(out), "id", 2));
	if (load_parameters(registry, id, &params) == FAILURE) {
		zval_ptr_dtor(out);
		ZVAL_NULL(out);
		return FAILURE;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(params), row) {
		add_parameter(out, row);
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&params);
	return SUCCESS;
}

/* ---- writing ----------------------------------------------------------------------- */

/* GenID() creates and seeds a missing sequence table; so do we, outside the transaction
 * because DDL commits implicitly. Seeding with the highest id in use (GenID starts at 0)
 * keeps the next id clear of rows inserted without the sequence. */
static zend_result count_sequence_rows(vtws_registry *registry, zend_long *rows)
{
	if (query_long(registry, SQL_SEQUENCE_ROWS, NULL, "n", rows) == SUCCESS) {
		return SUCCESS;
	}
	zval rv;
	zval *state = zend_read_property(vtws_ce_registry_exception, EG(exception), "sqlState",
		sizeof("sqlState") - 1, true, &rv);
	if (Z_TYPE_P(state) != IS_STRING || !zend_string_equals_literal(Z_STR_P(state), "42S02")) {
		return FAILURE;
	}
	zend_clear_exception();
	*rows = 0;
	return run(registry, SQL_CREATE_SEQUENCE, NULL);
}

static zend_result ensure_sequence(vtws_registry *registry)
{
	zend_long rows = 0, locked = 0, released;

	if (count_sequence_rows(registry, &rows) == FAILURE) {
		return FAILURE;
	}
	if (rows > 0) {
		return SUCCESS;
	}
	/* Rare (a damaged install), but two first registrations must not both seed the table:
	 * there is no row to lock yet, so a named lock serialises them. */
	if (query_long(registry, SQL_GET_LOCK, NULL, "locked", &locked) == FAILURE) {
		return FAILURE;
	}
	if (locked != 1) {
		vtws_registry_throw(NULL, NULL, NULL,
			"Timed out waiting for another process that creates vtiger_ws_operation_seq");
		return FAILURE;
	}
	zend_result status = count_sequence_rows(registry, &rows);
	if (status == SUCCESS && rows == 0) {
		status = run(registry, SQL_SEED_SEQUENCE, NULL);
	}
	zend_object *pending = EG(exception);
	EG(exception) = NULL;
	query_long(registry, SQL_RELEASE_LOCK, NULL, "released", &released);
	if (pending) {
		if (EG(exception)) {
			zend_clear_exception();
		}
		EG(exception) = pending;
	}
	return EG(exception) ? FAILURE : status;
}

static zend_result lock_sequence(vtws_registry *registry)
{
	zval rows;
	if (query_rows(registry, SQL_LOCK_SEQUENCE, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	zval_ptr_dtor(&rows);
	return SUCCESS;
}

static zend_result allocate_id(vtws_registry *registry, zend_long *id)
{
	zend_long in_use;
	zval params;

	if (run(registry, SQL_NEXT_ID, NULL) == FAILURE ||
		query_long(registry, SQL_LAST_ID, NULL, "id", id) == FAILURE) {
		return FAILURE;
	}
	array_init(&params);
	add_next_index_long(&params, *id);
	add_next_index_long(&params, *id);
	zend_result status = query_long(registry, SQL_ID_IN_USE, &params, "n", &in_use);
	zval_ptr_dtor(&params);
	if (status == SUCCESS && in_use > 0) {
		/* Rows were added without the sequence (e.g. with AUTO_INCREMENT): inserting would
		 * collide now or for the next Vtiger registration. */
		vtws_registry_throw(NULL, NULL, NULL,
			"vtiger_ws_operation_seq handed out id " ZEND_LONG_FMT
			", which is already used: set vtiger_ws_operation_seq.id to the highest operationid",
			*id);
		return FAILURE;
	}
	return status;
}

static zend_result insert_parameters(vtws_registry *registry, zend_long id,
	const vtws_operation_def *def)
{
	zend_string *name;
	zval *type;
	zend_long sequence = 1; /* cppcheck-suppress variableScope ; used across the loop macro */

	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(def->params), name, type) {
		zval params;
		array_init(&params);
		add_next_index_long(&params, id);
		add_next_index_str(&params, zend_string_copy(name));
		add_next_index_str(&params, zend_string_copy(Z_STR_P(type)));
		/* Distinct sequences in the declared order: Vtiger sorts by sequence alone. */
		add_next_index_long(&params, sequence++);
		zend_result status = run(registry, SQL_INSERT_PARAMETER, &params);
		zval_ptr_dtor(&params);
		if (status == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static void add_definition_columns(zval *params, const vtws_operation_def *def)
{
	add_next_index_str(params, zend_string_copy(def->name));
	add_next_index_str(params, zend_string_copy(def->handler_path));
	add_next_index_str(params, zend_string_copy(def->handler_method));
	add_next_index_str(params, zend_string_copy(def->type));
	add_next_index_long(params, def->prelogin ? 1 : 0);
}

static zend_result insert_operation(vtws_registry *registry, const vtws_operation_def *def,
	zend_long *id)
{
	zval params;

	if (allocate_id(registry, id) == FAILURE) {
		return FAILURE;
	}
	array_init(&params);
	add_next_index_long(&params, *id);
	add_definition_columns(&params, def);
	zend_result status = run(registry, SQL_INSERT_OPERATION, &params);
	zval_ptr_dtor(&params);
	return status == SUCCESS ? insert_parameters(registry, *id, def) : FAILURE;
}

static zend_result update_operation(vtws_registry *registry, const vtws_operation_def *def,
	zend_long id)
{
	zval params;

	array_init(&params);
	add_definition_columns(&params, def);
	add_next_index_long(&params, id);
	zend_result status = run(registry, SQL_UPDATE_OPERATION, &params);
	zval_ptr_dtor(&params);
	if (status == FAILURE) {
		return FAILURE;
	}
	params_id(&params, id);
	status = run(registry, SQL_DELETE_PARAMETERS, &params);
	zval_ptr_dtor(&params);
	return status == SUCCESS ? insert_parameters(registry, id, def) : FAILURE;
}

/* Stored exactly as def would store it: same columns, same parameters and types in the
 * same order with sequences 1..n. */
static bool same_parameters(zval *rows, const vtws_operation_def *def)
{
	HashTable *wanted = Z_ARRVAL(def->params);
	zend_string *name;
	zval *type;
	uint32_t i = 0; /* cppcheck-suppress variableScope ; used across the loop macro */

	if (zend_hash_num_elements(Z_ARRVAL_P(rows)) != zend_hash_num_elements(wanted)) {
		return false;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(wanted, name, type) {
		zval *row = zend_hash_index_find(Z_ARRVAL_P(rows), i++);
		if (!row || row_long(row, "sequence") != (zend_long) i ||
			!row_string_equals(row, "name", name) ||
			!row_string_equals(row, "type", Z_STR_P(type))) {
			return false;
		}
	}
	ZEND_HASH_FOREACH_END();
	return true;
}

static bool same_operation(zval *row, const vtws_operation_def *def)
{
	return row_string_equals(row, "name", def->name) &&
		row_string_equals(row, "handler_path", def->handler_path) &&
		row_string_equals(row, "handler_method", def->handler_method) &&
		row_string_equals(row, "type", def->type) &&
		(row_long(row, "prelogin") != 0) == def->prelogin;
}

static void throw_duplicates(const zend_string *name, zval *rows)
{
	smart_str ids = {0};
	zval *row;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(rows), row) {
		smart_str_append_printf(&ids, "%s" ZEND_LONG_FMT, ids.s ? ", " : "",
			row_long(row, "operationid"));
	}
	ZEND_HASH_FOREACH_END();
	smart_str_0(&ids);
	vtws_registry_throw("name", NULL, NULL,
		"Operation \"%s\" is stored %u times (operationid %s) and Vtiger dispatches to any of "
		"them: unregister() it and register it again",
		ZSTR_VAL(name), zend_hash_num_elements(Z_ARRVAL_P(rows)), ZSTR_VAL(ids.s));
	smart_str_free(&ids);
}

/* Inside the transaction: create, update in place or leave alone. */
static zend_result write_definition(vtws_registry *registry, const vtws_operation_def *def,
	zend_long *id, const char **status)
{
	zval rows, params;

	if (load_named(registry, def->name, &rows) == FAILURE) {
		return FAILURE;
	}
	uint32_t count = zend_hash_num_elements(Z_ARRVAL(rows));
	if (count > 1) {
		throw_duplicates(def->name, &rows);
		zval_ptr_dtor(&rows);
		return FAILURE;
	}
	if (count == 0) {
		zval_ptr_dtor(&rows);
		*status = "created";
		return insert_operation(registry, def, id);
	}
	zval *row = zend_hash_index_find(Z_ARRVAL(rows), 0);
	*id = row_long(row, "operationid");
	bool same_columns = same_operation(row, def);
	zval_ptr_dtor(&rows);
	if (load_parameters(registry, *id, &params) == FAILURE) {
		return FAILURE;
	}
	bool unchanged = same_columns && same_parameters(&params, def);
	zval_ptr_dtor(&params);
	*status = unchanged ? "unchanged" : "updated";
	return unchanged ? SUCCESS : update_operation(registry, def, *id);
}

static zend_result store_definition(vtws_registry *registry, const vtws_operation_def *def,
	zend_long *id, const char **status)
{
	if (ensure_sequence(registry) == FAILURE || vtws_db_begin(&registry->db) == FAILURE ||
		lock_sequence(registry) == FAILURE ||
		write_definition(registry, def, id, status) == FAILURE) {
		return FAILURE;
	}
	return vtws_db_commit(&registry->db);
}

static zend_result check_builtin(vtws_registry *registry, const zend_string *name)
{
	if (!registry->allow_builtin && vtws_is_builtin_operation(name)) {
		vtws_registry_throw("name", NULL, NULL,
			"\"%s\" is one of Vtiger's built-in operations: changing or removing it breaks "
			"every client; pass the option allow_builtin => true to do it anyway",
			ZSTR_VAL(name));
		return FAILURE;
	}
	return SUCCESS;
}

ZEND_METHOD(Vtws_OperationRegistry, register)
{
	zend_string *name, *handler_path, *handler_method, *type = NULL;
	HashTable *params = NULL;
	bool prelogin = false;
	vtws_operation_def def;
	zend_long id = 0;
	const char *status = NULL;

	ZEND_PARSE_PARAMETERS_START(3, 6)
		Z_PARAM_STR(name)
		Z_PARAM_STR(handler_path)
		Z_PARAM_STR(handler_method)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(type)
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_BOOL(prelogin)
	ZEND_PARSE_PARAMETERS_END();

	vtws_registry *registry = registry_this(ZEND_THIS);
	if (!registry) {
		RETURN_THROWS();
	}
	zend_string *default_type = NULL;
	if (!type) {
		type = default_type = zend_string_init("POST", 4, 0);
	}
	zend_result valid = vtws_def_init(&def, name, handler_path, handler_method, type,
		params ? params : (HashTable *) &zend_empty_array, prelogin);
	if (default_type) {
		zend_string_release(default_type);
	}
	if (valid == FAILURE) {
		RETURN_THROWS();
	}
	if (check_builtin(registry, def.name) == FAILURE ||
		(registry->vtiger_root && vtws_check_handler(registry->vtiger_root, &def) == FAILURE) ||
		enter(registry) == FAILURE) {
		vtws_def_dtor(&def);
		RETURN_THROWS();
	}
	zend_result stored = store_definition(registry, &def, &id, &status);
	leave(registry);
	vtws_def_dtor(&def);
	if (stored == FAILURE) {
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_long(return_value, "id", id);
	add_assoc_string(return_value, "status", status);
}

static zend_result delete_named(vtws_registry *registry, const zend_string *name, bool *deleted)
{
	zval rows, params;
	zval *row;
	zend_result status = SUCCESS;

	if (ensure_sequence(registry) == FAILURE || vtws_db_begin(&registry->db) == FAILURE ||
		lock_sequence(registry) == FAILURE || load_named(registry, name, &rows) == FAILURE) {
		return FAILURE;
	}
	*deleted = zend_hash_num_elements(Z_ARRVAL(rows)) > 0;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(rows), row) {
		params_id(&params, row_long(row, "operationid"));
		status = run(registry, SQL_DELETE_PARAMETERS, &params);
		if (status == SUCCESS) {
			status = run(registry, SQL_DELETE_OPERATION, &params);
		}
		zval_ptr_dtor(&params);
		if (status == FAILURE) {
			break;
		}
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&rows);
	return status == SUCCESS ? vtws_db_commit(&registry->db) : FAILURE;
}

ZEND_METHOD(Vtws_OperationRegistry, unregister)
{
	zend_string *name;
	bool deleted = false;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	vtws_registry *registry = registry_this(ZEND_THIS);
	if (!registry || check_builtin(registry, name) == FAILURE || enter(registry) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result status = delete_named(registry, name, &deleted);
	leave(registry);
	if (status == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_BOOL(deleted);
}

ZEND_METHOD(Vtws_OperationRegistry, get)
{
	zend_string *name;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	vtws_registry *registry = registry_this(ZEND_THIS);
	if (!registry || enter(registry) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result status = describe_named(registry, name, return_value);
	leave(registry);
	if (status == FAILURE) {
		RETURN_THROWS();
	}
}

/* Every operation keyed by name, parameters in sequence order; rows sharing a name (as the
 * collation compares it) fold into the oldest one's "duplicates". */
static void index_operations(zval *operations, zval *out, HashTable *key_of_id)
{
	HashTable key_of_folded;
	zval *row;

	zend_hash_init(&key_of_folded, 64, NULL, ZVAL_PTR_DTOR, 0);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(operations), row) {
		zend_string *name = row_string(row, "name");
		zend_string *folded = zend_string_tolower(name);
		zval *key = zend_hash_find(&key_of_folded, folded);
		if (key) {
			add_duplicate(zend_symtable_find(Z_ARRVAL_P(out), Z_STR_P(key)),
				row_long(row, "operationid"));
		} else {
			zval operation, name_zv;
			operation_from_row(&operation, row);
			zend_symtable_update(Z_ARRVAL_P(out), name, &operation);
			ZVAL_STR_COPY(&name_zv, name);
			zend_hash_add(&key_of_folded, folded, &name_zv);
			ZVAL_STR_COPY(&name_zv, name);
			zend_hash_index_update(key_of_id, row_long(row, "operationid"), &name_zv);
		}
		zend_string_release(folded);
		zend_string_release(name);
	}
	ZEND_HASH_FOREACH_END();
	zend_hash_destroy(&key_of_folded);
}

static zend_result collect_all(vtws_registry *registry, zval *out)
{
	zval operations, parameters;
	zval *row;
	HashTable key_of_id; /* operationid => name of its entry in out */

	if (query_rows(registry, SQL_ALL_OPERATIONS, NULL, &operations) == FAILURE) {
		return FAILURE;
	}
	if (query_rows(registry, SQL_ALL_PARAMETERS, NULL, &parameters) == FAILURE) {
		zval_ptr_dtor(&operations);
		return FAILURE;
	}
	array_init(out);
	zend_hash_init(&key_of_id, 64, NULL, ZVAL_PTR_DTOR, 0);
	index_operations(&operations, out, &key_of_id);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(parameters), row) {
		zval *key = zend_hash_index_find(&key_of_id, row_long(row, "operationid"));
		if (key) {
			add_parameter(zend_symtable_find(Z_ARRVAL_P(out), Z_STR_P(key)), row);
		}
	}
	ZEND_HASH_FOREACH_END();
	zend_hash_destroy(&key_of_id);
	zval_ptr_dtor(&operations);
	zval_ptr_dtor(&parameters);
	return SUCCESS;
}

ZEND_METHOD(Vtws_OperationRegistry, all)
{
	ZEND_PARSE_PARAMETERS_NONE();

	vtws_registry *registry = registry_this(ZEND_THIS);
	if (!registry || enter(registry) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result status = collect_all(registry, return_value);
	leave(registry);
	if (status == FAILURE) {
		RETURN_THROWS();
	}
}

ZEND_METHOD(Vtws_OperationRegistry, exists)
{
	zend_string *name;
	zval rows;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	vtws_registry *registry = registry_this(ZEND_THIS);
	if (!registry || enter(registry) == FAILURE) {
		RETURN_THROWS();
	}
	zend_result status = load_named(registry, name, &rows);
	leave(registry);
	if (status == FAILURE) {
		RETURN_THROWS();
	}
	bool found = zend_hash_num_elements(Z_ARRVAL(rows)) > 0;
	zval_ptr_dtor(&rows);
	RETURN_BOOL(found);
}
