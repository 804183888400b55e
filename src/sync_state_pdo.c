/*
 * Vtws\Sync\PdoState: the state document in three tables reached through PDO, one row per
 * connector, one per pair and direction, one per id map entry. Every apply() is a single
 * transaction, so a crash leaves either all of a change or none of it.
 *
 * The SQL is the common subset of SQLite and MySQL/MariaDB: no upserts (read, then UPDATE or
 * INSERT inside the transaction), no auto-increment (id map entries are ordered by a sequence
 * number the transaction computes), unique keys declared inside CREATE TABLE.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/php_string.h"

#include "sync_state.h"
#include "db.h"
#include "decode.h"
#include "encode.h"

#define DEFAULT_PREFIX "vtws_sync_"
#define MAX_PREFIX 40
#define MAX_CONNECTOR 191

/* {p} stands for the table prefix. */
#define SQL_CREATE_CONNECTORS \
	"CREATE TABLE IF NOT EXISTS {p}connectors (" \
	"connector VARCHAR(191) NOT NULL PRIMARY KEY, name VARCHAR(191) NULL, " \
	"synctype VARCHAR(32) NULL)"
#define SQL_CREATE_PAIRS \
	"CREATE TABLE IF NOT EXISTS {p}pairs (" \
	"connector VARCHAR(191) NOT NULL, pair VARCHAR(100) NOT NULL, " \
	"direction VARCHAR(4) NOT NULL, token BIGINT NULL, complete SMALLINT NOT NULL, " \
	"extra TEXT NOT NULL, PRIMARY KEY (connector, pair, direction))"
#define SQL_CREATE_IDMAP \
	"CREATE TABLE IF NOT EXISTS {p}idmap (" \
	"connector VARCHAR(191) NOT NULL, pair VARCHAR(100) NOT NULL, " \
	"vtiger VARCHAR(64) NOT NULL, service VARCHAR(191) NOT NULL, vtiger_mtime BIGINT NULL, " \
	"service_mtime BIGINT NULL, seq BIGINT NOT NULL, PRIMARY KEY (connector, pair, vtiger), " \
	"UNIQUE (connector, pair, service))"
/* Ids are compared byte for byte, as the services and Vtiger compare them. */
#define SQL_MYSQL_TABLE_OPTIONS " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

#define SQL_CONNECTOR "SELECT name, synctype FROM {p}connectors WHERE connector = ?"
#define SQL_INSERT_CONNECTOR \
	"INSERT INTO {p}connectors (connector, name, synctype) VALUES (?, ?, ?)"
#define SQL_UPDATE_CONNECTOR "UPDATE {p}connectors SET name = ?, synctype = ? WHERE connector = ?"
#define SQL_PAIRS \
	"SELECT pair, direction, token, complete, extra FROM {p}pairs WHERE connector = ? " \
	"ORDER BY pair, direction"
#define SQL_DIRECTION \
	"SELECT pair, direction, token, complete, extra FROM {p}pairs " \
	"WHERE connector = ? AND pair = ? AND direction = ?"
#define SQL_UPDATE_DIRECTION \
	"UPDATE {p}pairs SET token = ?, complete = ?, extra = ? " \
	"WHERE connector = ? AND pair = ? AND direction = ?"
#define SQL_INSERT_DIRECTION \
	"INSERT INTO {p}pairs (token, complete, extra, connector, pair, direction) " \
	"VALUES (?, ?, ?, ?, ?, ?)"
#define SQL_IDMAP \
	"SELECT pair, vtiger, service, vtiger_mtime, service_mtime FROM {p}idmap " \
	"WHERE connector = ? ORDER BY seq"
#define SQL_LAST_SEQ "SELECT COALESCE(MAX(seq), 0) AS seq FROM {p}idmap WHERE connector = ?"
#define SQL_DROP_CLASHES \
	"DELETE FROM {p}idmap WHERE connector = ? AND pair = ? AND (vtiger = ? OR service = ?)"
#define SQL_INSERT_ENTRY \
	"INSERT INTO {p}idmap (connector, pair, vtiger, service, vtiger_mtime, service_mtime, seq) " \
	"VALUES (?, ?, ?, ?, ?, ?, ?)"
#define SQL_REMOVE_ENTRY "DELETE FROM {p}idmap WHERE connector = ? AND pair = ? AND vtiger = ?"

typedef struct {
	vtws_db db;
	zend_string *connector;
	zend_string *prefix;
	bool mysql;
	bool constructed;
	zend_object std;
} vtws_pdo_state;

static zend_object_handlers pdo_state_handlers;

static inline vtws_pdo_state *pdo_state_from_obj(zend_object *obj)
{
	return (vtws_pdo_state *) ((char *) obj - XtOffsetOf(vtws_pdo_state, std));
}

static zend_object *pdo_state_create(zend_class_entry *ce)
{
	vtws_pdo_state *state = zend_object_alloc(sizeof(vtws_pdo_state), ce);

	zend_object_std_init(&state->std, ce);
	object_properties_init(&state->std, ce);
	state->std.handlers = &pdo_state_handlers;
	ZVAL_UNDEF(&state->db.handle);
	return &state->std;
}

static void pdo_state_free(zend_object *obj)
{
	vtws_pdo_state *state = pdo_state_from_obj(obj);

	vtws_db_dtor(&state->db);
	if (state->connector) {
		zend_string_release(state->connector);
	}
	if (state->prefix) {
		zend_string_release(state->prefix);
	}
	zend_object_std_dtor(obj);
}

/* The PDO object may hold the state in turn: let the cycle collector see the edge. */
static HashTable *pdo_state_get_gc(zend_object *obj, zval **table, int *n)
{
	vtws_pdo_state *state = pdo_state_from_obj(obj);

	*table = Z_ISUNDEF(state->db.handle) ? NULL : &state->db.handle;
	*n = Z_ISUNDEF(state->db.handle) ? 0 : 1;
	return zend_std_get_properties(obj);
}

void vtws_pdo_state_setup_class(zend_class_entry *ce)
{
	ce->create_object = pdo_state_create;
	memcpy(&pdo_state_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	pdo_state_handlers.offset = XtOffsetOf(vtws_pdo_state, std);
	pdo_state_handlers.free_obj = pdo_state_free;
	pdo_state_handlers.get_gc = pdo_state_get_gc;
	pdo_state_handlers.clone_obj = NULL;
	pdo_state_handlers.compare = zend_objects_not_comparable;
}

/* The vtws_db hook: database failures become StateExceptions. */
static void raise_state_error(const char *argument, const char *sql_state, zend_object *previous,
	zend_string *message)
{
	vtws_state_throw(previous, "%s", ZSTR_VAL(message));
}

static vtws_pdo_state *pdo_state_this(zval *this_zv)
{
	vtws_pdo_state *state = pdo_state_from_obj(Z_OBJ_P(this_zv));
	if (!state->constructed) {
		zend_throw_error(NULL, "Vtws\\Sync\\PdoState was not constructed");
		return NULL;
	}
	return state;
}

/* ---- statements -------------------------------------------------------------------- */

static zend_result run(vtws_pdo_state *state, const char *sql, zval *params, zval *rows)
{
	zend_string *text = php_str_to_str(sql, strlen(sql), "{p}", 3, ZSTR_VAL(state->prefix),
		ZSTR_LEN(state->prefix));
	zend_result status = vtws_db_run(&state->db, ZSTR_VAL(text), params, rows);
	zend_string_release(text);
	return status;
}

/* Runs a statement whose parameters start with the connector, then the given ones. */
static zend_result run_for(vtws_pdo_state *state, const char *sql, zval *params, zval *rows)
{
	zval all;

	array_init(&all);
	add_next_index_str(&all, zend_string_copy(state->connector));
	if (params) {
		zval *value;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(params), value) {
			Z_TRY_ADDREF_P(value);
			add_next_index_zval(&all, value);
		}
		ZEND_HASH_FOREACH_END();
	}
	zend_result status = run(state, sql, &all, rows);
	zval_ptr_dtor(&all);
	return status;
}

static zval *column(zval *row, const char *name)
{
	zval *value = zend_hash_str_find(Z_ARRVAL_P(row), name, strlen(name));
	static zval null_value;
	ZVAL_NULL(&null_value);
	return value ? value : &null_value;
}

/* MySQL hands numbers back as strings, SQLite as ints; NULL stays null. */
static void add_number(zval *out, const char *key, zval *value)
{
	if (Z_TYPE_P(value) == IS_NULL) {
		add_assoc_null(out, key);
	} else {
		add_assoc_long(out, key, zval_get_long(value));
	}
}

static void add_text(zval *out, const char *key, zval *value)
{
	add_assoc_str(out, key, zval_get_string(value));
}

/* ---- construction ------------------------------------------------------------------ */

static bool valid_prefix(const zend_string *prefix)
{
	if (ZSTR_LEN(prefix) > MAX_PREFIX) {
		return false;
	}
	for (size_t i = 0; i < ZSTR_LEN(prefix); i++) {
		char c = ZSTR_VAL(prefix)[i];
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
			return false;
		}
	}
	return true;
}

static zend_result read_options(vtws_pdo_state *state, HashTable *options, bool *create)
{
	zend_string *key;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		if (key && zend_string_equals_literal(key, "prefix")) {
			if (Z_TYPE_P(value) != IS_STRING || !valid_prefix(Z_STR_P(value))) {
				zend_argument_value_error(3,
					"option \"prefix\" must be a string of at most %d letters, digits and "
					"underscores, not starting with a digit",
					MAX_PREFIX);
				return FAILURE;
			}
			zend_string_release(state->prefix);
			state->prefix = zend_string_copy(Z_STR_P(value));
		} else if (key && zend_string_equals_literal(key, "create")) {
			if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) {
				zend_argument_value_error(3, "option \"create\" must be a bool");
				return FAILURE;
			}
			*create = Z_TYPE_P(value) == IS_TRUE;
		} else {
			zend_argument_value_error(3, "has an unknown option %s%s%s: use prefix and create",
				key ? "\"" : "", key ? ZSTR_VAL(key) : "(a number)", key ? "\"" : "");
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result create_table(vtws_pdo_state *state, const char *sql)
{
	if (!state->mysql) {
		return run(state, sql, NULL, NULL);
	}
	zend_string *with_options = zend_string_concat2(sql, strlen(sql), SQL_MYSQL_TABLE_OPTIONS,
		sizeof(SQL_MYSQL_TABLE_OPTIONS) - 1);
	zend_result status = run(state, ZSTR_VAL(with_options), NULL, NULL);
	zend_string_release(with_options);
	return status;
}

/* DDL commits implicitly on MySQL, so it never runs inside the caller's transaction. */
static zend_result create_tables(vtws_pdo_state *state)
{
	zend_result status = vtws_db_enter(&state->db);
	if (status == SUCCESS) {
		status = vtws_db_outside_transaction(&state->db);
	}
	if (status == SUCCESS) {
		zend_string *driver = vtws_db_driver(&state->db);
		status = driver ? SUCCESS : FAILURE;
		if (driver) {
			state->mysql = zend_string_equals_literal(driver, "mysql");
			zend_string_release(driver);
		}
	}
	if (status == SUCCESS) {
		status = create_table(state, SQL_CREATE_CONNECTORS);
	}
	if (status == SUCCESS) {
		status = create_table(state, SQL_CREATE_PAIRS);
	}
	if (status == SUCCESS) {
		status = create_table(state, SQL_CREATE_IDMAP);
	}
	vtws_db_leave(&state->db);
	return status;
}

ZEND_METHOD(Vtws_Sync_PdoState, __construct)
{
	vtws_pdo_state *state = pdo_state_from_obj(Z_OBJ_P(ZEND_THIS));
	zval *pdo;
	zend_string *connector;
	HashTable *options = NULL;
	bool create = true;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_OBJECT(pdo)
		Z_PARAM_STR(connector)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (state->constructed) {
		zend_throw_error(NULL, "Vtws\\Sync\\PdoState is already constructed");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(connector) == 0 || ZSTR_LEN(connector) > MAX_CONNECTOR) {
		zend_argument_value_error(2, "must be a name of 1 to %d bytes", MAX_CONNECTOR);
		RETURN_THROWS();
	}
	if (!vtws_db_is_pdo(pdo)) {
		zend_argument_type_error(1, "must be of type PDO, %s given",
			ZSTR_VAL(Z_OBJCE_P(pdo)->name));
		RETURN_THROWS();
	}
	if (vtws_db_init(&state->db, pdo, vtws_ce_sync_state_exception, raise_state_error) == FAILURE) {
		RETURN_THROWS();
	}
	state->prefix = zend_string_init(DEFAULT_PREFIX, sizeof(DEFAULT_PREFIX) - 1, 0);
	state->connector = zend_string_copy(connector);
	if ((options && read_options(state, options, &create) == FAILURE) ||
		(create && create_tables(state) == FAILURE)) {
		vtws_db_dtor(&state->db);
		zend_string_release(state->prefix);
		zend_string_release(state->connector);
		state->prefix = state->connector = NULL;
		RETURN_THROWS();
	}
	state->constructed = true;
}

/* ---- load -------------------------------------------------------------------------- */

/* Decodes a JSON column written by apply(); a damaged one is a StateException. */
static zend_result decode_column(zval *out, zval *value, const char *what)
{
	zend_string *text = zval_get_string(value);
	zend_result status = vtws_decode_or_throw(out, ZSTR_VAL(text), ZSTR_LEN(text), what);
	zend_string_release(text);
	if (status == FAILURE) {
		zend_object *cause = EG(exception);
		GC_ADDREF(cause);
		zend_clear_exception();
		vtws_state_throw(cause, "The stored %s is not valid JSON", what);
	}
	return status;
}

/* A pairs row as its direction array. */
static zend_result row_direction(zval *out, zval *row, bool pull)
{
	zval stored, extra;
	const char *list = pull ? "retries" : "failed";

	if (decode_column(&extra, column(row, "extra"), pull ? "retries list" : "failed list") ==
		FAILURE) {
		return FAILURE;
	}
	array_init(&stored);
	add_number(&stored, "token", column(row, "token"));
	add_assoc_bool(&stored, "complete", zval_get_long(column(row, "complete")) != 0);
	if (Z_TYPE(extra) != IS_ARRAY) {
		zval_ptr_dtor(&extra);
		array_init(&extra);
	}
	add_assoc_zval(&stored, list, &extra);
	vtws_state_direction(out, pull, Z_ARRVAL(stored), NULL);
	zval_ptr_dtor(&stored);
	return SUCCESS;
}

static bool is_pull(zval *row)
{
	zend_string *direction = zval_get_string(column(row, "direction"));
	bool pull = zend_string_equals_literal(direction, "pull");
	zend_string_release(direction);
	return pull;
}

static zend_result load_pairs(vtws_pdo_state *state, zval *pairs)
{
	zval rows, *row;

	if (run_for(state, SQL_PAIRS, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	array_init(pairs);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(rows), row) {
		zend_string *name = zval_get_string(column(row, "pair"));
		zval *pair = zend_hash_find(Z_ARRVAL_P(pairs), name);
		if (!pair) {
			zval added;
			array_init(&added);
			pair = zend_hash_add_new(Z_ARRVAL_P(pairs), name, &added);
		}
		zend_string_release(name);
		zval direction;
		bool pull = is_pull(row);
		if (row_direction(&direction, row, pull) == FAILURE) {
			zval_ptr_dtor(&rows);
			zval_ptr_dtor(pairs);
			return FAILURE;
		}
		add_assoc_zval(pair, pull ? "pull" : "push", &direction);
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&rows);
	return SUCCESS;
}

static zend_result load_idmap(vtws_pdo_state *state, zval *idmap)
{
	zval rows, *row;

	if (run_for(state, SQL_IDMAP, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	array_init(idmap);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(rows), row) {
		zend_string *name = zval_get_string(column(row, "pair"));
		zval *entries = zend_hash_find(Z_ARRVAL_P(idmap), name);
		if (!entries) {
			zval added;
			array_init(&added);
			entries = zend_hash_add_new(Z_ARRVAL_P(idmap), name, &added);
		}
		zend_string_release(name);
		zval entry;
		array_init(&entry);
		add_text(&entry, "vtiger", column(row, "vtiger"));
		add_text(&entry, "service", column(row, "service"));
		add_number(&entry, "vtigerMtime", column(row, "vtiger_mtime"));
		add_number(&entry, "serviceMtime", column(row, "service_mtime"));
		add_next_index_zval(entries, &entry);
	}
	ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&rows);
	return SUCCESS;
}

static zend_result load_document(vtws_pdo_state *state, zval *document)
{
	zval rows, pairs, idmap;

	if (run_for(state, SQL_CONNECTOR, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	zval *row = zend_hash_index_find(Z_ARRVAL(rows), 0);
	if (!row) {
		zval_ptr_dtor(&rows);
		ZVAL_EMPTY_ARRAY(document);
		return SUCCESS;
	}
	array_init(document);
	if (Z_TYPE_P(column(row, "name")) != IS_NULL) {
		add_text(document, "connector", column(row, "name"));
	}
	if (Z_TYPE_P(column(row, "synctype")) != IS_NULL) {
		add_text(document, "synctype", column(row, "synctype"));
	}
	zval_ptr_dtor(&rows);
	if (load_pairs(state, &pairs) == FAILURE) {
		zval_ptr_dtor(document);
		ZVAL_UNDEF(document);
		return FAILURE;
	}
	add_assoc_zval(document, "pairs", &pairs);
	if (load_idmap(state, &idmap) == FAILURE) {
		zval_ptr_dtor(document);
		ZVAL_UNDEF(document);
		return FAILURE;
	}
	add_assoc_zval(document, "idmap", &idmap);
	return SUCCESS;
}

/* Runs one body inside enter/begin ... commit/leave, rolling back on failure. */
static zend_result in_transaction(vtws_pdo_state *state,
	zend_result (*body)(vtws_pdo_state *, void *), void *arg)
{
	zend_result status = vtws_db_enter(&state->db);
	if (status == SUCCESS) {
		status = vtws_db_begin(&state->db);
	}
	if (status == SUCCESS) {
		status = body(state, arg);
	}
	if (status == SUCCESS) {
		status = vtws_db_commit(&state->db);
	}
	vtws_db_rollback(&state->db);
	vtws_db_leave(&state->db);
	return status;
}

static zend_result load_body(vtws_pdo_state *state, void *arg)
{
	return load_document(state, (zval *) arg);
}

ZEND_METHOD(Vtws_Sync_PdoState, load)
{
	ZEND_PARSE_PARAMETERS_NONE();

	vtws_pdo_state *state = pdo_state_this(ZEND_THIS);
	if (!state) {
		RETURN_THROWS();
	}
	ZVAL_UNDEF(return_value);
	if (in_transaction(state, load_body, return_value) == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_UNDEF(return_value);
		RETURN_THROWS();
	}
}

/* ---- apply ------------------------------------------------------------------------- */

static void add_param(zval *params, zval *value)
{
	if (value) {
		Z_TRY_ADDREF_P(value);
		add_next_index_zval(params, value);
	} else {
		add_next_index_null(params);
	}
}

static zend_result apply_connector(vtws_pdo_state *state, HashTable *changes)
{
	zval rows, params;
	zval *name = zend_hash_str_find(changes, "connector", sizeof("connector") - 1);
	zval *synctype = zend_hash_str_find(changes, "synctype", sizeof("synctype") - 1);

	if (run_for(state, SQL_CONNECTOR, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	zval *row = zend_hash_index_find(Z_ARRVAL(rows), 0);
	zend_result status = SUCCESS;
	array_init(&params);
	if (!row) {
		add_next_index_str(&params, zend_string_copy(state->connector));
		add_param(&params, name);
		add_param(&params, synctype);
		status = run(state, SQL_INSERT_CONNECTOR, &params, NULL);
	} else if (name || synctype) {
		add_param(&params, name ? name : column(row, "name"));
		add_param(&params, synctype ? synctype : column(row, "synctype"));
		add_next_index_str(&params, zend_string_copy(state->connector));
		status = run(state, SQL_UPDATE_CONNECTOR, &params, NULL);
	}
	zval_ptr_dtor(&params);
	zval_ptr_dtor(&rows);
	return status;
}

static zend_result apply_direction(vtws_pdo_state *state, zend_string *pair, bool pull,
	HashTable *changes)
{
	const char *direction = pull ? "pull" : "push";
	zval key, rows, stored, merged, params;

	array_init(&key);
	add_next_index_str(&key, zend_string_copy(pair));
	add_next_index_string(&key, direction);
	if (run_for(state, SQL_DIRECTION, &key, &rows) == FAILURE) {
		zval_ptr_dtor(&key);
		return FAILURE;
	}
	zval *row = zend_hash_index_find(Z_ARRVAL(rows), 0);
	ZVAL_UNDEF(&stored);
	if (row && row_direction(&stored, row, pull) == FAILURE) {
		zval_ptr_dtor(&rows);
		zval_ptr_dtor(&key);
		return FAILURE;
	}
	vtws_state_direction(&merged, pull, row ? Z_ARRVAL(stored) : NULL, changes);

	smart_str extra = {0};
	const char *list_key = pull ? "retries" : "failed";
	zval *list = zend_hash_str_find(Z_ARRVAL(merged), list_key, strlen(list_key));
	zend_result status = vtws_encode_json(&extra, list, list_key);
	if (status == SUCCESS) {
		smart_str_0(&extra);
		array_init(&params);
		add_param(&params, zend_hash_str_find(Z_ARRVAL(merged), "token", sizeof("token") - 1));
		add_next_index_long(&params,
			zend_is_true(zend_hash_str_find(Z_ARRVAL(merged), "complete", sizeof("complete") - 1)));
		add_next_index_str(&params, smart_str_extract(&extra));
		add_next_index_str(&params, zend_string_copy(state->connector));
		add_next_index_str(&params, zend_string_copy(pair));
		add_next_index_string(&params, direction);
		status = run(state, row ? SQL_UPDATE_DIRECTION : SQL_INSERT_DIRECTION, &params, NULL);
		zval_ptr_dtor(&params);
	}
	smart_str_free(&extra);
	zval_ptr_dtor(&merged);
	zval_ptr_dtor(&stored);
	zval_ptr_dtor(&rows);
	zval_ptr_dtor(&key);
	return status;
}

static zend_result apply_pairs(vtws_pdo_state *state, HashTable *pairs)
{
	zend_string *pair;
	zval *directions;

	ZEND_HASH_FOREACH_STR_KEY_VAL(pairs, pair, directions) {
		for (int i = 0; i < 2; i++) {
			zval *changes = zend_hash_str_find(Z_ARRVAL_P(directions), i == 0 ? "pull" : "push", 4);
			if (changes && apply_direction(state, pair, i == 0, Z_ARRVAL_P(changes)) == FAILURE) {
				return FAILURE;
			}
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result last_seq(vtws_pdo_state *state, zend_long *seq)
{
	zval rows;

	if (run_for(state, SQL_LAST_SEQ, NULL, &rows) == FAILURE) {
		return FAILURE;
	}
	zval *row = zend_hash_index_find(Z_ARRVAL(rows), 0);
	*seq = row ? zval_get_long(column(row, "seq")) : 0;
	zval_ptr_dtor(&rows);
	return SUCCESS;
}

static zval *field(HashTable *operation, const char *name)
{
	return zend_hash_str_find(operation, name, strlen(name));
}

static zend_result apply_operation(vtws_pdo_state *state, HashTable *operation, zend_long seq)
{
	bool put = zend_string_equals_literal(Z_STR_P(field(operation, "op")), "put");
	zval params;

	array_init(&params);
	add_param(&params, field(operation, "pair"));
	add_param(&params, field(operation, "vtiger"));
	if (!put) {
		zend_result status = run_for(state, SQL_REMOVE_ENTRY, &params, NULL);
		zval_ptr_dtor(&params);
		return status;
	}
	add_param(&params, field(operation, "service"));
	zend_result status = run_for(state, SQL_DROP_CLASHES, &params, NULL);
	if (status == SUCCESS) {
		add_param(&params, field(operation, "vtigerMtime"));
		add_param(&params, field(operation, "serviceMtime"));
		add_next_index_long(&params, seq);
		status = run_for(state, SQL_INSERT_ENTRY, &params, NULL);
	}
	zval_ptr_dtor(&params);
	return status;
}

static zend_result apply_idmap(vtws_pdo_state *state, HashTable *operations)
{
	zend_long seq;
	zval *operation;

	if (zend_hash_num_elements(operations) == 0) {
		return SUCCESS;
	}
	if (last_seq(state, &seq) == FAILURE) {
		return FAILURE;
	}
	ZEND_HASH_FOREACH_VAL(operations, operation) {
		if (apply_operation(state, Z_ARRVAL_P(operation), ++seq) == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result apply_body(vtws_pdo_state *state, void *arg)
{
	HashTable *changes = arg;
	zval *pairs = zend_hash_str_find(changes, "pairs", sizeof("pairs") - 1);
	zval *idmap = zend_hash_str_find(changes, "idmap", sizeof("idmap") - 1);

	if (apply_connector(state, changes) == FAILURE) {
		return FAILURE;
	}
	if (pairs && apply_pairs(state, Z_ARRVAL_P(pairs)) == FAILURE) {
		return FAILURE;
	}
	return idmap ? apply_idmap(state, Z_ARRVAL_P(idmap)) : SUCCESS;
}

ZEND_METHOD(Vtws_Sync_PdoState, apply)
{
	HashTable *changes;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(changes)
	ZEND_PARSE_PARAMETERS_END();

	vtws_pdo_state *state = pdo_state_this(ZEND_THIS);
	if (!state) {
		RETURN_THROWS();
	}
	zend_string *problem = vtws_state_changes_problem(changes);
	if (problem) {
		zend_argument_value_error(1, "%s", ZSTR_VAL(problem));
		zend_string_release(problem);
		RETURN_THROWS();
	}
	if (in_transaction(state, apply_body, changes) == FAILURE) {
		RETURN_THROWS();
	}
}
