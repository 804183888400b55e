/*
 * Operation definitions: syntax and schema limits, Vtiger's built-in operations, and the
 * handler function's contract with Vtiger 8's named-argument dispatch.
 */
#include "registry_check.h"
#include "registry.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/php_string.h"

/* Registered by a fresh Vtiger 8.0 install: the populator, the Mobile and WSAPP modules and
 * the migrations. Changing one of these breaks clients of that install. */
static const char *const builtin_operations[] = {"login", "retrieve", "create", "update", "delete",
	"sync", "query", "logout", "listtypes", "getchallenge", "describe", "extendsession",
	"convertlead", "revise", "changepassword", "deleteuser", "retrieve_inventory", "relatedtypes",
	"retrieve_related", "query_related", "add_related", "files_retrieve", "mobile.fetchallalerts",
	"mobile.alertdetailswithmessage", "mobile.fetchmodulefilters", "mobile.fetchrecord",
	"mobile.fetchrecordwithgrouping", "mobile.filterdetailswithcount", "mobile.listmodulerecords",
	"mobile.saverecord", "mobile.syncmodulerecords", "mobile.query", "mobile.querywithgrouping",
	"wsapp_register", "wsapp_deregister", "wsapp_get", "wsapp_put", "wsapp_map", NULL};

/* The parameter types OperationManager::handleType() and vtws_addWebserviceOperationParam()
 * accept (compared case-insensitively there; stored lower-case here). */
static const char *const parameter_types[] = {"string", "encoded", "datetime", "double", "boolean",
	NULL};

/* checkFileAccessForInclusion() refuses handler files below these top-level directories. */
static const char *const restricted_directories[] = {"storage", "cache", "test", NULL};

bool vtws_is_builtin_operation(const zend_string *name)
{
	for (const char *const *builtin = builtin_operations; *builtin; builtin++) {
		if (zend_binary_strcasecmp(ZSTR_VAL(name), ZSTR_LEN(name), *builtin, strlen(*builtin)) ==
			0) {
			return true;
		}
	}
	return false;
}

static bool is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [A-Za-z_][A-Za-z0-9_]*: a PHP function or parameter name that Vtiger can pass by name. */
static bool is_identifier(const zend_string *s)
{
	const char *p = ZSTR_VAL(s);
	if (ZSTR_LEN(s) == 0 || !(is_ascii_alpha(p[0]) || p[0] == '_')) {
		return false;
	}
	for (size_t i = 1; i < ZSTR_LEN(s); i++) {
		if (!is_ascii_alpha(p[i]) && !is_ascii_digit(p[i]) && p[i] != '_') {
			return false;
		}
	}
	return true;
}

/* [A-Za-z][A-Za-z0-9_.]*: the shape of every stock name (mobile.fetchrecord, wsapp_get). */
static bool is_operation_name(const zend_string *s)
{
	const char *p = ZSTR_VAL(s);
	if (ZSTR_LEN(s) == 0 || !is_ascii_alpha(p[0])) {
		return false;
	}
	for (size_t i = 1; i < ZSTR_LEN(s); i++) {
		if (!is_ascii_alpha(p[i]) && !is_ascii_digit(p[i]) && p[i] != '_' && p[i] != '.') {
			return false;
		}
	}
	return true;
}

static zend_result check_name(const zend_string *name)
{
	if (!is_operation_name(name)) {
		vtws_registry_throw("name", NULL, NULL,
			"Operation name \"%s\" is invalid: use a letter followed by letters, digits, '_' or "
			"'.'",
			ZSTR_VAL(name));
		return FAILURE;
	}
	if (ZSTR_LEN(name) > VTWS_OPERATION_NAME_MAX) {
		vtws_registry_throw("name", NULL, NULL,
			"Operation name is %zu characters long; vtiger_ws_operation.name holds %d",
			ZSTR_LEN(name), VTWS_OPERATION_NAME_MAX);
		return FAILURE;
	}
	return SUCCESS;
}

static bool is_path_char(char c)
{
	return is_ascii_alpha(c) || is_ascii_digit(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

static bool is_restricted_directory(const char *segment, size_t len)
{
	for (const char *const *dir = restricted_directories; *dir; dir++) {
		if (len == strlen(*dir) && memcmp(segment, *dir, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Why a relative handler path is unusable, or NULL. */
static const char *path_problem(const zend_string *path)
{
	const char *p = ZSTR_VAL(path);
	size_t len = ZSTR_LEN(path);

	if (len == 0) {
		return "is empty";
	}
	if (p[0] == '/') {
		return "must be relative to the Vtiger root";
	}
	for (size_t i = 0; i < len; i++) {
		if (!is_path_char(p[i])) {
			return "may only contain letters, digits, '_', '-', '.' and '/'";
		}
	}
	if (len < 5 || memcmp(p + len - 4, ".php", 4) != 0) {
		return "must name a .php file";
	}
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && p[i] != '/') {
			continue;
		}
		size_t segment = i - start;
		if (segment == 0 || (segment == 1 && p[start] == '.') ||
			(segment == 2 && p[start] == '.' && p[start + 1] == '.')) {
			return "must not contain empty, '.' or '..' segments";
		}
		if (start == 0 && i < len && is_restricted_directory(p, segment)) {
			return "is below storage/, cache/ or test/, where Vtiger refuses to include files";
		}
		start = i + 1;
	}
	return NULL;
}

static zend_result check_handler_path(const zend_string *path)
{
	const char *problem = path_problem(path);
	if (problem) {
		vtws_registry_throw("handlerPath", NULL, NULL, "Handler path \"%s\" %s", ZSTR_VAL(path),
			problem);
		return FAILURE;
	}
	if (ZSTR_LEN(path) > VTWS_HANDLER_PATH_MAX) {
		vtws_registry_throw("handlerPath", NULL, NULL,
			"Handler path is %zu characters long; vtiger_ws_operation.handler_path holds %d",
			ZSTR_LEN(path), VTWS_HANDLER_PATH_MAX);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result check_handler_method(const zend_string *method)
{
	if (!is_identifier(method)) {
		vtws_registry_throw("handlerMethod", NULL, NULL,
			"Handler method \"%s\" is not a PHP function name", ZSTR_VAL(method));
		return FAILURE;
	}
	if (ZSTR_LEN(method) > VTWS_HANDLER_METHOD_MAX) {
		vtws_registry_throw("handlerMethod", NULL, NULL,
			"Handler method is %zu characters long; vtiger_ws_operation.handler_method holds %d",
			ZSTR_LEN(method), VTWS_HANDLER_METHOD_MAX);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_string *request_type(const zend_string *type)
{
	if (zend_string_equals_literal_ci(type, "GET")) {
		return zend_string_init("GET", 3, 0);
	}
	if (zend_string_equals_literal_ci(type, "POST")) {
		return zend_string_init("POST", 4, 0);
	}
	vtws_registry_throw("type", NULL, NULL, "Request type \"%s\" is invalid: use GET or POST",
		ZSTR_VAL(type));
	return NULL;
}

static zend_string *parameter_type(const zend_string *param, const zend_string *type)
{
	for (const char *const *known = parameter_types; *known; known++) {
		if (zend_binary_strcasecmp(ZSTR_VAL(type), ZSTR_LEN(type), *known, strlen(*known)) == 0) {
			return zend_string_init(*known, strlen(*known), 0);
		}
	}
	vtws_registry_throw("params", NULL, NULL,
		"Parameter \"%s\" has the unknown type \"%s\": use string, encoded, datetime, double or "
		"boolean",
		ZSTR_VAL(param), ZSTR_VAL(type));
	return NULL;
}

static zend_result check_parameter_name(const zend_string *name, bool prelogin, HashTable *seen)
{
	if (!is_identifier(name)) {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter name \"%s\" is invalid: Vtiger 8 passes parameters as PHP named "
			"arguments, so it must be a PHP identifier",
			ZSTR_VAL(name));
		return FAILURE;
	}
	if (ZSTR_LEN(name) > VTWS_PARAMETER_NAME_MAX) {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter name is %zu characters long; vtiger_ws_operation_parameters.name holds %d",
			ZSTR_LEN(name), VTWS_PARAMETER_NAME_MAX);
		return FAILURE;
	}
	if (!prelogin && zend_string_equals_literal(name, "user")) {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter name \"user\" is taken: Vtiger passes the calling user under that name");
		return FAILURE;
	}
	/* The primary key (operationid, name) compares names case-insensitively. */
	zend_string *lower = zend_string_tolower((zend_string *) name);
	bool duplicate = !zend_hash_add_empty_element(seen, lower);
	zend_string_release(lower);
	if (duplicate) {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter \"%s\" is declared twice (names are compared case-insensitively)",
			ZSTR_VAL(name));
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result read_parameters(HashTable *params, bool prelogin, zval *out)
{
	HashTable seen;
	zend_string *name;
	zend_ulong index;
	zval *type;
	zend_result status = SUCCESS;

	zend_hash_init(&seen, 8, NULL, NULL, 0);
	array_init(out);
	ZEND_HASH_FOREACH_KEY_VAL(params, index, name, type) {
		if (!name) {
			vtws_registry_throw("params", NULL, NULL,
				"Parameters must map names to types (name => type); got the list key " ZEND_ULONG_FMT,
				index);
			status = FAILURE;
			break;
		}
		ZVAL_DEREF(type);
		if (Z_TYPE_P(type) != IS_STRING) {
			zend_argument_type_error(5,
				"must map parameter names to type names of type string, %s given for \"%s\"",
				zend_zval_type_name(type), ZSTR_VAL(name));
			status = FAILURE;
			break;
		}
		if (check_parameter_name(name, prelogin, &seen) == FAILURE) {
			status = FAILURE;
			break;
		}
		zend_string *canonical = parameter_type(name, Z_STR_P(type));
		if (!canonical) {
			status = FAILURE;
			break;
		}
		add_assoc_str_ex(out, ZSTR_VAL(name), ZSTR_LEN(name), canonical);
	}
	ZEND_HASH_FOREACH_END();
	zend_hash_destroy(&seen);
	if (status == FAILURE) {
		zval_ptr_dtor(out);
		ZVAL_UNDEF(out);
	}
	return status;
}

zend_result vtws_def_init(vtws_operation_def *def, zend_string *name, zend_string *handler_path,
	zend_string *handler_method, zend_string *type, HashTable *params, bool prelogin)
{
	memset(def, 0, sizeof(*def));
	ZVAL_UNDEF(&def->params);
	if (check_name(name) == FAILURE || check_handler_path(handler_path) == FAILURE ||
		check_handler_method(handler_method) == FAILURE) {
		return FAILURE;
	}
	def->type = request_type(type);
	if (!def->type) {
		return FAILURE;
	}
	if (read_parameters(params, prelogin, &def->params) == FAILURE) {
		vtws_def_dtor(def);
		return FAILURE;
	}
	def->name = zend_string_copy(name);
	def->handler_path = zend_string_copy(handler_path);
	def->handler_method = zend_string_copy(handler_method);
	def->prelogin = prelogin;
	return SUCCESS;
}

static void release_string(zend_string **s)
{
	if (*s) {
		zend_string_release(*s);
		*s = NULL;
	}
}

void vtws_def_dtor(vtws_operation_def *def)
{
	release_string(&def->name);
	release_string(&def->handler_path);
	release_string(&def->handler_method);
	release_string(&def->type);
	zval_ptr_dtor(&def->params);
	ZVAL_UNDEF(&def->params);
}

/* The handler file as Vtiger would include it: inside the root, not in a restricted
 * directory once symlinks are resolved, a regular file. Returns its real path. */
static zend_string *resolve_handler_file(const zend_string *root, const zend_string *path)
{
	char resolved[MAXPATHLEN];
	zend_string *joined = zend_strpprintf(0, "%s/%s", ZSTR_VAL(root), ZSTR_VAL(path));
	bool found = VCWD_REALPATH(ZSTR_VAL(joined), resolved) != NULL;
	zend_string_release(joined);

	if (!found) {
		vtws_registry_throw("handlerPath", NULL, NULL,
			"Handler file %s does not exist under the Vtiger root %s", ZSTR_VAL(path),
			ZSTR_VAL(root));
		return NULL;
	}
	size_t root_len = ZSTR_LEN(root);
	const char *relative = resolved + root_len + 1;
	if (strncmp(resolved, ZSTR_VAL(root), root_len) != 0 || resolved[root_len] != '/') {
		vtws_registry_throw("handlerPath", NULL, NULL,
			"Handler file %s resolves to %s, outside the Vtiger root %s", ZSTR_VAL(path), resolved,
			ZSTR_VAL(root));
		return NULL;
	}
	const char *slash = strchr(relative, '/');
	if (slash && is_restricted_directory(relative, (size_t) (slash - relative))) {
		vtws_registry_throw("handlerPath", NULL, NULL,
			"Handler file %s resolves to %s, below a directory Vtiger refuses to include from",
			ZSTR_VAL(path), resolved);
		return NULL;
	}
	zend_stat_t st;
	if (VCWD_STAT(resolved, &st) != 0 || !S_ISREG(st.st_mode)) {
		vtws_registry_throw("handlerPath", NULL, NULL, "Handler path %s is not a regular file",
			ZSTR_VAL(path));
		return NULL;
	}
	return zend_string_init(resolved, strlen(resolved), 0);
}

/* include_once from a scope of its own (a static closure), so the file's top-level
 * variables stay out of the caller's scope and a second registration does not run it again. */
#define VTWS_HANDLER_LOADER "static function (string $file): void { include_once $file; }"

static zend_result load_file_once(const zend_string *file)
{
	zval loader, retval, arg;

	if (zend_eval_stringl(VTWS_HANDLER_LOADER, sizeof(VTWS_HANDLER_LOADER) - 1, &loader,
			"Vtws\\OperationRegistry handler loader") == FAILURE) {
		return FAILURE;
	}
	ZVAL_STR_COPY(&arg, (zend_string *) file);
	ZVAL_UNDEF(&retval);
	call_user_function(NULL, NULL, &loader, &retval, 1, &arg);
	zval_ptr_dtor(&arg);
	zval_ptr_dtor(&retval);
	zval_ptr_dtor(&loader);
	if (EG(exception)) {
		zend_object *cause = EG(exception);
		GC_ADDREF(cause);
		zend_clear_exception();
		zval rv;
		zend_string *message = zval_get_string(
			zend_read_property(cause->ce, cause, "message", sizeof("message") - 1, true, &rv));
		vtws_registry_throw("handlerPath", NULL, cause, "Handler file %s failed to load: %s",
			ZSTR_VAL(file), ZSTR_VAL(message));
		zend_string_release(message);
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result include_handler_file(const zend_string *root, const zend_string *file)
{
	char saved_cwd[MAXPATHLEN];

	/* Vtiger runs with the root as working directory, and handler files include Vtiger's own
	 * files relative to it (require_once 'include/Webservices/Utils.php'). */
	if (!VCWD_GETCWD(saved_cwd, sizeof(saved_cwd)) || VCWD_CHDIR(ZSTR_VAL(root)) != 0) {
		vtws_registry_throw("handlerPath", NULL, NULL,
			"Cannot change into the Vtiger root %s to load the handler file", ZSTR_VAL(root));
		return FAILURE;
	}
	zend_result loaded = load_file_once(file);
	if (VCWD_CHDIR(saved_cwd) != 0 && loaded == SUCCESS) {
		vtws_registry_throw(NULL, NULL, NULL, "Cannot change back into %s", saved_cwd);
		return FAILURE;
	}
	return loaded;
}

static zend_function *find_function(const zend_string *name)
{
	return zend_hash_find_ptr_lc(EG(function_table), (zend_string *) name);
}

/* Includes the handler file unless the function already comes from it. */
static zend_function *load_handler_function(const zend_string *root, const zend_string *file,
	const vtws_operation_def *def)
{
	zend_function *func = find_function(def->handler_method);

	if (!func && include_handler_file(root, file) == FAILURE) {
		return NULL;
	}
	func = func ? func : find_function(def->handler_method);
	if (!func) {
		vtws_registry_throw("handlerMethod", NULL, NULL,
			"Handler file %s does not define the function %s()", ZSTR_VAL(def->handler_path),
			ZSTR_VAL(def->handler_method));
		return NULL;
	}
	if (func->type != ZEND_USER_FUNCTION) {
		vtws_registry_throw("handlerMethod", NULL, NULL,
			"%s() is a function of PHP itself, not a handler in %s", ZSTR_VAL(def->handler_method),
			ZSTR_VAL(def->handler_path));
		return NULL;
	}
	if (!zend_string_equals(func->op_array.filename, file) &&
		!zend_hash_exists(&EG(included_files), (zend_string *) file)) {
		/* Vtiger would require_once the handler file next to it and fail to redeclare. */
		vtws_registry_throw("handlerMethod", NULL, NULL,
			"%s() is already defined in %s, not by the handler file %s",
			ZSTR_VAL(def->handler_method), ZSTR_VAL(func->op_array.filename),
			ZSTR_VAL(def->handler_path));
		return NULL;
	}
	return func;
}

static bool function_has_parameter(const zend_function *func, const char *name, size_t len)
{
	for (uint32_t i = 0; i < func->common.num_args; i++) {
		if (zend_string_equals_cstr(func->op_array.arg_info[i].name, name, len)) {
			return true;
		}
	}
	return false;
}

static bool is_registered(const vtws_operation_def *def, const zend_string *name)
{
	return zend_hash_exists(Z_ARRVAL(def->params), (zend_string *) name);
}

/* "vtws_x($a, $b, $user)" for messages. */
static zend_string *signature_of(const zend_function *func)
{
	smart_str out = {0};
	smart_str_append(&out, func->common.function_name);
	smart_str_appendc(&out, '(');
	for (uint32_t i = 0; i < func->common.num_args; i++) {
		smart_str_appends(&out, i ? ", $" : "$");
		smart_str_append(&out, func->op_array.arg_info[i].name);
	}
	if (func->common.fn_flags & ZEND_ACC_VARIADIC) {
		smart_str_appends(&out, func->common.num_args ? ", ...$" : "...$");
		smart_str_append(&out, func->op_array.arg_info[func->common.num_args].name);
	}
	smart_str_appendc(&out, ')');
	smart_str_0(&out);
	return out.s;
}

/* The handler parameter that no registered name reaches, when there is exactly one:
 * the likely rename target. */
static const zend_string *single_unmatched_parameter(const zend_function *func,
	const vtws_operation_def *def)
{
	const zend_string *candidate = NULL;
	for (uint32_t i = 0; i < func->common.num_args; i++) {
		const zend_string *arg = func->op_array.arg_info[i].name;
		if (is_registered(def, arg) ||
			(!def->prelogin && zend_string_equals_literal(arg, "user"))) {
			continue;
		}
		if (candidate) {
			return NULL;
		}
		candidate = arg;
	}
	return candidate;
}

static void throw_unknown_parameter(const zend_function *func, const vtws_operation_def *def,
	const zend_string *param)
{
	zend_string *signature = signature_of(func);
	const zend_string *target = single_unmatched_parameter(func, def);

	if (target) {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter \"%s\" is not a parameter of %s: Vtiger 8 on PHP 8 passes parameters by "
			"name, so rename \"%s\" to \"%s\" (or rename the handler's $%s to $%s)",
			ZSTR_VAL(param), ZSTR_VAL(signature), ZSTR_VAL(param), ZSTR_VAL(target),
			ZSTR_VAL(target), ZSTR_VAL(param));
	} else {
		vtws_registry_throw("params", NULL, NULL,
			"Parameter \"%s\" is not a parameter of %s: Vtiger 8 on PHP 8 passes parameters by "
			"name, so rename it to one of the handler's parameter names",
			ZSTR_VAL(param), ZSTR_VAL(signature));
	}
	zend_string_release(signature);
}

static zend_result check_signature(const zend_function *func, const vtws_operation_def *def)
{
	bool variadic = (func->common.fn_flags & ZEND_ACC_VARIADIC) != 0;
	zend_string *param; /* cppcheck-suppress variableScope ; used across the loop macro */

	/* A variadic parameter collects unknown named arguments, so every name fits. */
	if (!variadic) {
		ZEND_HASH_FOREACH_STR_KEY(Z_ARRVAL(def->params), param) {
			if (!function_has_parameter(func, ZSTR_VAL(param), ZSTR_LEN(param))) {
				throw_unknown_parameter(func, def, param);
				return FAILURE;
			}
		}
		ZEND_HASH_FOREACH_END();
		if (!def->prelogin && !function_has_parameter(func, "user", 4)) {
			zend_string *signature = signature_of(func);
			vtws_registry_throw("handlerMethod", NULL, NULL,
				"%s has no $user parameter: Vtiger 8 passes the calling user as the named "
				"argument user",
				ZSTR_VAL(signature));
			zend_string_release(signature);
			return FAILURE;
		}
	}
	for (uint32_t i = 0; i < func->common.required_num_args; i++) {
		const zend_string *arg = func->op_array.arg_info[i].name;
		if (is_registered(def, arg) ||
			(!def->prelogin && zend_string_equals_literal(arg, "user"))) {
			continue;
		}
		zend_string *signature = signature_of(func);
		vtws_registry_throw("params", NULL, NULL,
			"%s requires $%s, which Vtiger will not pass: register a parameter \"%s\"%s",
			ZSTR_VAL(signature), ZSTR_VAL(arg), ZSTR_VAL(arg),
			def->prelogin ? " (prelogin operations get no user)" : " or give it a default");
		zend_string_release(signature);
		return FAILURE;
	}
	return SUCCESS;
}

zend_result vtws_check_handler(const zend_string *vtiger_root, const vtws_operation_def *def)
{
	zend_string *file = resolve_handler_file(vtiger_root, def->handler_path);
	if (!file) {
		return FAILURE;
	}
	zend_function *func = load_handler_function(vtiger_root, file, def);
	zend_string_release(file);
	if (!func) {
		return FAILURE;
	}
	return check_signature(func, def);
}
