/*
 * In-process transport. Each operation replays what webservice.php does with a request:
 * OperationManager($adb, $operation, 'json', $sessionManager), sanitizeOperation() of the
 * parameters the HTTP request would carry, require_once of the handler file,
 * runOperation($params, $user) with $current_user set to that user, the same mapping of
 * DuplicateException/WebServiceException/Exception to an error envelope, and the envelope
 * encoded by OperationManager::encode(). That body is then unwrapped by the code that reads
 * HTTP answers, so both transports give the same values and the same exceptions. What
 * webservice.php does not catch (a PHP Error, an exception from the OperationManager
 * constructor) is what makes Vtiger answer HTTP 500: here a TransportException with
 * status 500 and the original Throwable as previous.
 */
#include "transport_local.h"
#include "client.h"
#include "encode.h"
#include "errors.h"
#include "options.h"
#include "zend_exceptions.h"
#include "ext/spl/spl_exceptions.h"

struct vtws_local {
	zval user; /* the Users object every operation runs as */
};

#define ENDPOINT "inprocess:"
/* webservice.php dies with this text when a handler file is outside the Vtiger root. */
#define RESTRICTED_FILE_BODY "Sorry! Attempt to access restricted file."
#define INTERNAL_ERROR_CODE "INTERNAL_SERVER_ERROR"
#define INTERNAL_ERROR_MESSAGE "Unknown Error while processing request"

/* ---- calling into PHP ---- */

static zend_class_entry *loaded_class(const char *name)
{
	zend_string *key = zend_string_init(name, strlen(name), 0);
	zend_class_entry *ce = zend_lookup_class_ex(key, NULL, ZEND_FETCH_CLASS_NO_AUTOLOAD);
	zend_string_release(key);
	return ce;
}

static zval *global_var(const char *name)
{
	zval *value = zend_hash_str_find_ind(&EG(symbol_table), name, strlen(name));
	if (value) {
		ZVAL_DEREF(value);
	}
	return value;
}

/* exit() inside Vtiger code unwinds as an internal exception that must reach the engine. */
static bool is_exit(void)
{
	return EG(exception) &&
		(zend_is_unwind_exit(EG(exception)) || zend_is_graceful_exit(EG(exception)));
}

/* Takes the pending exception out of the engine; the caller owns the reference. */
static zend_object *take_exception(void)
{
	zend_object *ex = EG(exception);
	GC_ADDREF(ex);
	zend_clear_exception();
	return ex;
}

static zend_result call_method(zval *object, const char *name, zval *retval, uint32_t argc,
	zval *argv)
{
	zend_string *method = zend_string_init(name, strlen(name), 0);
	zend_result rc = zend_call_method_if_exists(Z_OBJ_P(object), method, retval, argc, argv);
	zend_string_release(method);
	if (rc == FAILURE && !EG(exception)) {
		zend_throw_error(NULL, "Call to undefined method %s::%s()",
			ZSTR_VAL(Z_OBJCE_P(object)->name), name);
	}
	return EG(exception) ? FAILURE : SUCCESS;
}

static zend_result call_function(const char *name, zval *retval, uint32_t argc, zval *argv)
{
	zval callable;
	ZVAL_STRING(&callable, name);
	zend_result rc = call_user_function(NULL, NULL, &callable, retval, argc, argv);
	zval_ptr_dtor(&callable);
	return rc == FAILURE || EG(exception) ? FAILURE : SUCCESS;
}

static zend_result new_object(zend_class_entry *ce, zval *object, uint32_t argc, zval *argv)
{
	if (object_init_ex(object, ce) == FAILURE) {
		return FAILURE;
	}
	if (ce->constructor) {
		zend_call_known_instance_method(ce->constructor, Z_OBJ_P(object), NULL, argc, argv);
		if (EG(exception)) {
			zval_ptr_dtor(object);
			ZVAL_UNDEF(object);
			return FAILURE;
		}
	}
	return SUCCESS;
}

/* require_once in the caller's scope, as PHP does for a require_once inside a function. */
static zend_result require_once(zend_string *path)
{
	zend_string *resolved = zend_resolve_path(path);
	if (!resolved) {
		zend_throw_error(NULL, "Failed opening required '%s'", ZSTR_VAL(path));
		return FAILURE;
	}
	if (zend_hash_exists(&EG(included_files), resolved)) {
		zend_string_release(resolved);
		return SUCCESS;
	}
	zend_file_handle handle;
	zend_op_array *op_array = NULL;
	zend_stream_init_filename_ex(&handle, resolved);
	if (zend_stream_open(&handle) == SUCCESS) {
		if (!handle.opened_path) {
			handle.opened_path = zend_string_copy(resolved);
		}
		if (zend_hash_add_empty_element(&EG(included_files), handle.opened_path)) {
			op_array = zend_compile_file(&handle, ZEND_REQUIRE);
		}
	} else if (!EG(exception)) {
		zend_throw_error(NULL, "Failed opening required '%s'", ZSTR_VAL(path));
	}
	zend_destroy_file_handle(&handle);
	zend_string_release(resolved);
	if (op_array) {
		zval retval;
		ZVAL_UNDEF(&retval);
		zend_execute(op_array, &retval);
		zval_ptr_dtor(&retval);
		zend_destroy_static_vars(op_array);
		destroy_op_array(op_array);
		efree_size(op_array, sizeof(zend_op_array));
	}
	return EG(exception) ? FAILURE : SUCCESS;
}

/* ---- the current user ---- */

/* A global replaced for the duration of an operation ($current_user as webservice.php sets
 * it, $_FILES for an upload) and put back afterwards. */
static void swap_global(const char *name, zval *value, zval *saved)
{
	zval *slot = global_var(name);
	if (!slot) {
		ZVAL_UNDEF(saved);
		Z_TRY_ADDREF_P(value);
		zend_hash_str_update(&EG(symbol_table), name, strlen(name), value);
		return;
	}
	ZVAL_COPY_VALUE(saved, slot);
	ZVAL_COPY(slot, value);
}

static void restore_global(const char *name, zval *saved)
{
	zval *slot = global_var(name);
	if (Z_ISUNDEF_P(saved)) {
		zend_hash_str_del_ind(&EG(symbol_table), name, strlen(name));
		return;
	}
	if (!slot) {
		zend_hash_str_update(&EG(symbol_table), name, strlen(name), saved);
		return;
	}
	zval replaced;
	ZVAL_COPY_VALUE(&replaced, slot);
	ZVAL_COPY_VALUE(slot, saved);
	zval_ptr_dtor(&replaced);
}

/* ---- one operation ---- */

typedef struct {
	zval adb;
	zval *user;
	zend_string *operation; /* lower-cased, as webservice.php passes it */
	zval input; /* the request parameters, all strings */
	zval manager;
	zval envelope_error; /* the WebServiceException of an error envelope */
	zend_object *uncaught; /* what webservice.php does not catch: HTTP 500 */
	zend_string *body; /* the answer */
} local_call;

/* Keeps the first Throwable nobody catches; false when exit() must propagate instead. */
static bool note_uncaught(local_call *call)
{
	if (is_exit()) {
		return false;
	}
	zend_object *ex = take_exception();
	if (call->uncaught) {
		OBJ_RELEASE(ex);
	} else {
		call->uncaught = ex;
	}
	return true;
}

/* The parameters as the HTTP request carries them: the payload the HTTP transport would
 * send, as the array PHP would parse it into, every value a string. */
static zend_result build_input(local_call *call, const char *operation, HashTable *params)
{
	array_init(&call->input);
	add_assoc_string(&call->input, "operation", operation);
	if (!params) {
		return SUCCESS;
	}
	zend_string *name;
	zval *value;
	ZEND_HASH_FOREACH_STR_KEY_VAL(params, name, value) {
		zend_string *text;
		if (!name) {
			zend_value_error("%s: parameters must be given by name", operation);
			return FAILURE;
		}
		if (vtws_param_text(ZSTR_VAL(name), value, &text) == FAILURE) {
			return FAILURE;
		}
		if (text) {
			add_assoc_str(&call->input, ZSTR_VAL(name), text);
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_result new_operation_manager(local_call *call)
{
	zend_class_entry *ce = loaded_class("OperationManager");
	zval args[4];

	if (!ce) {
		zend_throw_error(NULL, "Class \"OperationManager\" not found");
		return FAILURE;
	}
	ZVAL_COPY_VALUE(&args[0], &call->adb);
	ZVAL_STR(&args[1], call->operation);
	ZVAL_STRINGL(&args[2], "json", 4);
	ZVAL_NULL(&args[3]); /* no session: the session operations are refused earlier */
	zend_result rc = new_object(ce, &call->manager, 4, args);
	zval_ptr_dtor(&args[2]);
	return rc;
}

/* checkFileAccessForInclusion() without its die(): the file must exist and, where Vtiger
 * can tell, lie inside the Vtiger root. */
static bool file_accessible(zend_string *path)
{
	zend_string *resolved = zend_resolve_path(path);
	if (!resolved) {
		return false;
	}
	zend_string_release(resolved);
	if (!zend_hash_str_exists(EG(function_table), "isfileaccessible", 16)) {
		return true;
	}
	zval arg, retval;
	ZVAL_STR(&arg, path);
	if (call_function("isFileAccessible", &retval, 1, &arg) == FAILURE) {
		return false;
	}
	bool ok = zend_is_true(&retval);
	zval_ptr_dtor(&retval);
	return ok;
}

typedef enum { INCLUDES_DONE, INCLUDES_RESTRICTED, INCLUDES_THREW } includes_status;

static includes_status require_includes(local_call *call)
{
	zval includes;
	if (call_method(&call->manager, "getOperationIncludes", &includes, 0, NULL) == FAILURE) {
		return INCLUDES_THREW;
	}
	includes_status status = INCLUDES_DONE;
	if (Z_TYPE(includes) == IS_ARRAY) {
		zval *path;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL(includes), path) {
			zend_string *text = zval_try_get_string(path);
			if (!text) {
				status = INCLUDES_THREW;
				break;
			}
			if (!file_accessible(text)) {
				status = EG(exception) ? INCLUDES_THREW : INCLUDES_RESTRICTED;
			} else if (require_once(text) == FAILURE) {
				status = INCLUDES_THREW;
			}
			zend_string_release(text);
			if (status != INCLUDES_DONE) {
				break;
			}
		}
		ZEND_HASH_FOREACH_END();
	}
	zval_ptr_dtor(&includes);
	return status;
}

static bool is_instance(zend_object *ex, const char *class_name)
{
	zend_class_entry *ce = loaded_class(class_name);
	return ce && instanceof_function(ex->ce, ce);
}

static zend_result new_web_service_exception(zval *out, zval *code, zend_string *message)
{
	zend_class_entry *ce = loaded_class("WebServiceException");
	zval args[2];

	if (!ce) {
		zend_throw_error(NULL, "Class \"WebServiceException\" not found");
		return FAILURE;
	}
	ZVAL_COPY_VALUE(&args[0], code);
	ZVAL_STR(&args[1], message);
	return new_object(ce, out, 2, args);
}

/* webservice.php's catch blocks: DuplicateException, WebServiceException and any other
 * Exception become an error envelope; an Error is left uncaught. */
static void catch_like_webservice(local_call *call)
{
	zend_object *ex = take_exception();
	zval rv, code;

	if (is_instance(ex, "DuplicateException")) {
		zval *raw = zend_read_property(zend_ce_exception, ex, "code", 4, true, &rv);
		ZVAL_COPY(&code, raw);
		zval *message = zend_read_property(zend_ce_exception, ex, "message", 7, true, &rv);
		zend_string *text = zval_get_string(message);
		if (new_web_service_exception(&call->envelope_error, &code, text) == FAILURE) {
			note_uncaught(call);
		}
		zend_string_release(text);
		zval_ptr_dtor(&code);
		OBJ_RELEASE(ex);
	} else if (is_instance(ex, "WebServiceException")) {
		ZVAL_OBJ(&call->envelope_error, ex);
	} else if (instanceof_function(ex->ce, zend_ce_exception)) {
		zend_string *message = zend_string_init(INTERNAL_ERROR_MESSAGE,
			sizeof(INTERNAL_ERROR_MESSAGE) - 1, 0);
		ZVAL_STRINGL(&code, INTERNAL_ERROR_CODE, sizeof(INTERNAL_ERROR_CODE) - 1);
		if (new_web_service_exception(&call->envelope_error, &code, message) == FAILURE) {
			note_uncaught(call);
		}
		zval_ptr_dtor(&code);
		zend_string_release(message);
		OBJ_RELEASE(ex);
	} else {
		call->uncaught = ex;
	}
}

/* The try block of webservice.php. False when exit() must propagate. */
static bool run_operation(local_call *call, zval *raw)
{
	zval sanitized, args[2];

	ZVAL_UNDEF(raw);
	if (call_method(&call->manager, "sanitizeOperation", &sanitized, 1, &call->input) == FAILURE) {
		goto caught;
	}
	includes_status includes = require_includes(call);
	if (includes != INCLUDES_DONE) {
		zval_ptr_dtor(&sanitized);
		if (includes == INCLUDES_THREW) {
			goto caught;
		}
		call->body = zend_string_init(RESTRICTED_FILE_BODY, sizeof(RESTRICTED_FILE_BODY) - 1, 0);
		return true;
	}
	ZVAL_COPY_VALUE(&args[0], &sanitized);
	ZVAL_COPY_VALUE(&args[1], call->user);
	zend_result rc = call_method(&call->manager, "runOperation", raw, 2, args);
	zval_ptr_dtor(&sanitized);
	if (rc == SUCCESS) {
		return true;
	}
	ZVAL_UNDEF(raw);
caught:
	if (is_exit()) {
		return false;
	}
	catch_like_webservice(call);
	return true;
}

/* A parameter sent by a method the operation does not read from does not reach it. */
static void keep_input_for(local_call *call, vtws_http_method method)
{
	zval rv;
	zval *type = zend_read_property(Z_OBJCE(call->manager), Z_OBJ(call->manager), "type",
		sizeof("type") - 1, true, &rv);

	if (Z_TYPE_P(type) != IS_STRING) {
		return;
	}
	if ((zend_string_equals_literal_ci(Z_STR_P(type), "GET") && method != VTWS_GET) ||
		(zend_string_equals_literal_ci(Z_STR_P(type), "POST") && method != VTWS_POST)) {
		zend_hash_clean(Z_ARRVAL(call->input));
	}
}

/* ADOdb's FailTrans() on $adb->database: the operation's writes are rolled back where
 * PearDatabase opened a real transaction. */
static zend_result fail_transaction(local_call *call)
{
	zval rv, retval;
	zval *database = zend_read_property(Z_OBJCE(call->adb), Z_OBJ(call->adb), "database",
		sizeof("database") - 1, true, &rv);

	ZVAL_DEREF(database);
	if (Z_TYPE_P(database) != IS_OBJECT) {
		return SUCCESS;
	}
	zend_object *db = Z_OBJ_P(database);
	GC_ADDREF(db);
	zend_string *method = zend_string_init("FailTrans", sizeof("FailTrans") - 1, 0);
	if (zend_call_method_if_exists(db, method, &retval, 0, NULL) == SUCCESS) {
		zval_ptr_dtor(&retval);
	}
	zend_string_release(method);
	OBJ_RELEASE(db);
	return EG(exception) ? FAILURE : SUCCESS;
}

/* The operation in its own $adb transaction, failed (rolled back) when it does not succeed.
 * False when exit() must propagate. */
static bool run_in_transaction(local_call *call, vtws_http_method method, zval *raw)
{
	zval retval;

	ZVAL_UNDEF(raw);
	if (call_method(&call->adb, "startTransaction", &retval, 0, NULL) == FAILURE) {
		return note_uncaught(call);
	}
	zval_ptr_dtor(&retval);
	if (new_operation_manager(call) == FAILURE) {
		if (!note_uncaught(call)) {
			return false;
		}
	} else {
		keep_input_for(call, method);
		if (!run_operation(call, raw)) {
			return false;
		}
	}
	bool failed = call->uncaught || call->body || !Z_ISUNDEF(call->envelope_error);
	if (failed && fail_transaction(call) == FAILURE && !note_uncaught(call)) {
		return false;
	}
	if (call_method(&call->adb, "completeTransaction", &retval, 0, NULL) == FAILURE) {
		return note_uncaught(call);
	}
	zval_ptr_dtor(&retval);
	return true;
}

/* writeOutput()/writeErrorOutput(): a State with success and result or error, encoded by
 * the OperationManager. False when exit() must propagate. */
static bool encode_answer(local_call *call, zval *raw)
{
	zend_class_entry *ce = loaded_class("State");
	zval state, encoded;

	if (new_object(ce ? ce : zend_standard_class_def, &state, 0, NULL) == FAILURE) {
		return note_uncaught(call);
	}
	zend_object *obj = Z_OBJ(state);
	bool success = Z_ISUNDEF(call->envelope_error);
	zend_update_property_bool(obj->ce, obj, "success", sizeof("success") - 1, success);
	if (success) {
		zend_update_property(obj->ce, obj, "result", sizeof("result") - 1, raw);
		zend_unset_property(obj->ce, obj, "error", sizeof("error") - 1);
	} else {
		zend_update_property(obj->ce, obj, "error", sizeof("error") - 1, &call->envelope_error);
		zend_unset_property(obj->ce, obj, "result", sizeof("result") - 1);
	}
	zend_result rc = EG(exception) ? FAILURE
								   : call_method(&call->manager, "encode", &encoded, 1, &state);
	zval_ptr_dtor(&state);
	if (rc == FAILURE) {
		return note_uncaught(call);
	}
	/* echo of a failed encoding prints nothing */
	call->body = Z_TYPE(encoded) == IS_STRING ? zend_string_copy(Z_STR(encoded))
											  : ZSTR_EMPTY_ALLOC();
	zval_ptr_dtor(&encoded);
	return true;
}

static void throw_uncaught(const char *operation, zend_object *uncaught)
{
	vtws_error_context ctx = {.operation = operation, .http_status = 500};
	zend_class_entry *base = instanceof_function(uncaught->ce, zend_ce_exception)
		? zend_ce_exception
		: zend_ce_error;
	zval rv;
	zend_string *message = zval_get_string(
		zend_read_property(base, uncaught, "message", sizeof("message") - 1, true, &rv));

	vtws_throw_transport_error(&ctx, "%s: uncaught %s in Vtiger: %s; over webservice.php this is",
		operation, ZSTR_VAL(uncaught->ce->name), ZSTR_VAL(message));
	zend_string_release(message);
	zend_exception_set_previous(EG(exception), uncaught);
}

static void throw_not_loaded(const char *missing)
{
	vtws_error_context ctx = {.operation = ""};
	vtws_throw_transport_error(&ctx,
		"Vtws\\Client::inProcess(): Vtiger's webservice code is not loaded in this process (%s); "
		"include Vtiger's config.inc.php and include/Webservices/OperationManager.php first, or "
		"use new Vtws\\Client($url)",
		missing);
}

void vtws_local_refuse_session(const char *method)
{
	zend_throw_exception_ex(spl_ce_LogicException, 0,
		"Vtws\\Client::%s(): an in-process client has no session, it runs as the Vtiger user "
		"given to Client::inProcess()",
		method);
}

/* The methods behind the session operations, for the refusal message. */
static const char *session_method(const char *operation)
{
	if (strcmp(operation, "getchallenge") == 0 || strcmp(operation, "login") == 0) {
		return "login";
	}
	if (strcmp(operation, "extendsession") == 0) {
		return "extendSession";
	}
	if (strcmp(operation, "logout") == 0) {
		return "logout";
	}
	return NULL;
}

static void local_call_dtor(local_call *call, zval *raw)
{
	zval_ptr_dtor(raw);
	zval_ptr_dtor(&call->adb);
	zval_ptr_dtor(&call->input);
	zval_ptr_dtor(&call->manager);
	zval_ptr_dtor(&call->envelope_error);
	if (call->operation) {
		zend_string_release(call->operation);
	}
	if (call->uncaught) {
		OBJ_RELEASE(call->uncaught);
	}
	if (call->body) {
		zend_string_release(call->body);
	}
}

vtws_envelope_status vtws_local_exchange(vtws_local *local, const char *operation,
	vtws_http_method method, HashTable *params, zval *result, vtws_api_error *error)
{
	local_call call = {.user = &local->user};
	zval raw, saved_user;
	const char *session = session_method(operation);

	ZVAL_NULL(result);
	ZVAL_UNDEF(&raw);
	if (session) {
		vtws_local_refuse_session(session);
		return VTWS_ENVELOPE_INVALID;
	}
	zval *adb = global_var("adb");
	if (!adb || Z_TYPE_P(adb) != IS_OBJECT) {
		throw_not_loaded("no global $adb");
		return VTWS_ENVELOPE_INVALID;
	}
	ZVAL_COPY(&call.adb, adb);
	if (build_input(&call, operation, params) == FAILURE) {
		local_call_dtor(&call, &raw);
		return VTWS_ENVELOPE_INVALID;
	}
	call.operation = zend_string_tolower(
		Z_STR_P(zend_hash_str_find(Z_ARRVAL(call.input), "operation", sizeof("operation") - 1)));

	swap_global("current_user", call.user, &saved_user);
	bool proceed = run_in_transaction(&call, method, &raw) &&
		(call.uncaught || call.body || encode_answer(&call, &raw));
	restore_global("current_user", &saved_user);

	vtws_envelope_status status = VTWS_ENVELOPE_INVALID;
	if (!proceed) {
		/* exit() in Vtiger code: its unwinding continues in the caller */
	} else if (call.uncaught) {
		throw_uncaught(operation, call.uncaught);
		call.uncaught = NULL;
	} else {
		vtws_error_context ctx = {
			.operation = operation,
			.http_status = 200,
			.body = ZSTR_VAL(call.body),
			.body_len = ZSTR_LEN(call.body),
		};
		status = vtws_unwrap_envelope(&ctx, result, error);
	}
	local_call_dtor(&call, &raw);
	return status;
}

vtws_envelope_status vtws_local_exchange_with_files(vtws_local *local, const char *operation,
	vtws_http_method method, HashTable *params, zval *files, zval *result, vtws_api_error *error)
{
	zval saved;

	/* $_FILES is filled when the script starts; make sure it exists before replacing it. */
	zend_is_auto_global_str(ZEND_STRL("_FILES"));
	swap_global("_FILES", files, &saved);
	vtws_envelope_status status = vtws_local_exchange(local, operation, method, params, result,
		error);
	restore_global("_FILES", &saved);
	return status;
}

void vtws_local_free(vtws_local *local)
{
	if (local) {
		zval_ptr_dtor(&local->user);
		efree(local);
	}
}

/* ---- Client::inProcess() ---- */

static zval *vtiger_adb(void)
{
	zval *adb = global_var("adb");

	if (!loaded_class("OperationManager")) {
		throw_not_loaded("no class OperationManager");
		return NULL;
	}
	if (!adb || Z_TYPE_P(adb) != IS_OBJECT) {
		throw_not_loaded("no global $adb");
		return NULL;
	}
	if (!zend_hash_str_exists(EG(function_table), "vtws_getwebserviceentityid",
			sizeof("vtws_getwebserviceentityid") - 1)) {
		throw_not_loaded("no function vtws_getWebserviceEntityId");
		return NULL;
	}
	return adb;
}

static zend_result current_user(zval *user, zend_long *user_id)
{
	zval *current = global_var("current_user");

	if (!current || Z_TYPE_P(current) != IS_OBJECT) {
		zend_value_error("Vtws\\Client::inProcess(): there is no current user ($current_user is "
						 "not set): pass a user id");
		return FAILURE;
	}
	zval rv;
	zval *id = zend_read_property(Z_OBJCE_P(current), Z_OBJ_P(current), "id", 2, true, &rv);
	*user_id = zval_get_long(id);
	if (*user_id <= 0) {
		zend_value_error("Vtws\\Client::inProcess(): the current user has no id: pass a user id");
		return FAILURE;
	}
	ZVAL_COPY(user, current);
	return SUCCESS;
}

static bool is_active_user(zval *adb, zend_long user_id)
{
	zval args[2], rows, count;
	bool active = false;

	ZVAL_STRING(&args[0],
		"SELECT id FROM vtiger_users WHERE id = ? AND status = 'Active' AND deleted = 0");
	array_init(&args[1]);
	add_next_index_long(&args[1], user_id);
	if (call_method(adb, "pquery", &rows, 2, args) == SUCCESS) {
		if (call_method(adb, "num_rows", &count, 1, &rows) == SUCCESS) {
			active = zval_get_long(&count) > 0;
			zval_ptr_dtor(&count);
		}
		zval_ptr_dtor(&rows);
	}
	zval_ptr_dtor(&args[0]);
	zval_ptr_dtor(&args[1]);
	return active;
}

/* webservice.php's (new Users())->retrieveCurrentUserInfoFromFile($id), for an active user. */
static zend_result load_user(zval *adb, zend_long user_id, zval *user)
{
	if (!is_active_user(adb, user_id)) {
		if (!EG(exception)) {
			zend_argument_value_error(1,
				"must be the id of an active Vtiger user, " ZEND_LONG_FMT " is not", user_id);
		}
		return FAILURE;
	}
	zend_string *name = zend_string_init("Users", sizeof("Users") - 1, 0);
	zend_class_entry *ce = zend_lookup_class(name);
	zend_string_release(name);
	if (!ce) {
		if (!EG(exception)) {
			throw_not_loaded("no class Users");
		}
		return FAILURE;
	}
	zval seed, id;
	if (new_object(ce, &seed, 0, NULL) == FAILURE) {
		return FAILURE;
	}
	ZVAL_LONG(&id, user_id);
	zend_result rc = call_method(&seed, "retrieveCurrentUserInfoFromFile", user, 1, &id);
	zval_ptr_dtor(&seed);
	if (rc == SUCCESS && Z_TYPE_P(user) != IS_OBJECT) {
		zval_ptr_dtor(user);
		zend_throw_error(NULL,
			"Users::retrieveCurrentUserInfoFromFile(" ZEND_LONG_FMT ") did not return a user",
			user_id);
		rc = FAILURE;
	}
	return rc;
}

static zend_string *webservice_user_id(zend_long user_id)
{
	zval args[2], id;

	ZVAL_STRINGL(&args[0], "Users", 5);
	ZVAL_LONG(&args[1], user_id);
	zend_result rc = call_function("vtws_getWebserviceEntityId", &id, 2, args);
	zval_ptr_dtor(&args[0]);
	if (rc == FAILURE) {
		return NULL;
	}
	zend_string *text = zval_try_get_string(&id);
	zval_ptr_dtor(&id);
	return text;
}

ZEND_METHOD(Vtws_Client, inProcess)
{
	zend_long user_id = 0;
	bool no_user_id = true;
	zval user;
	vtws_client_options options;
	HashTable *given = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(user_id, no_user_id)
		Z_PARAM_ARRAY_HT(given)
	ZEND_PARSE_PARAMETERS_END();

	if (!no_user_id && user_id <= 0) {
		zend_argument_value_error(1, "must be greater than 0");
		RETURN_THROWS();
	}
	/* Checked first: a wrong option is the caller's mistake whether Vtiger is loaded or not. */
	if (vtws_client_options_parse_in_process(&options, given) == FAILURE) {
		RETURN_THROWS();
	}
	vtws_http_options_dtor(&options.http);
	zval *adb = vtiger_adb();
	if (!adb) {
		RETURN_THROWS();
	}
	if ((no_user_id ? current_user(&user, &user_id) : load_user(adb, user_id, &user)) == FAILURE) {
		RETURN_THROWS();
	}
	zend_string *webservice_id = webservice_user_id(user_id);
	if (!webservice_id) {
		zval_ptr_dtor(&user);
		RETURN_THROWS();
	}

	object_init_ex(return_value, vtws_ce_client);
	vtws_client *client = Z_VTWS_CLIENT_P(return_value);
	client->local = emalloc(sizeof(vtws_local));
	ZVAL_COPY_VALUE(&client->local->user, &user);
	client->endpoint = zend_string_init(ENDPOINT, sizeof(ENDPOINT) - 1, 0);
	client->user_id = webservice_id;
	client->preserve_description = options.preserve_description;
	client->typed = options.typed;
	client->auto_relogin = false;
	client->constructed = true;
}
